// The trainer's check-in code changes every 30 seconds (attendance/services.py). When the next code
// is due, fetch this page again and swap in its code, so the screen always shows one that works
// without reloading the page. A failed fetch keeps the code shown, which works for another half
// minute, and tries again soon.
(() => {
  const RETRY_MS = 3000;
  let current = document.querySelector("[data-check-in-code]");
  if (!current) return;
  let timer;

  const schedule = (ms) => {
    clearTimeout(timer);
    timer = setTimeout(refresh, ms);
  };

  async function refresh() {
    try {
      const response = await fetch(window.location.href, { cache: "no-store", credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const next = response.ok && page.querySelector("[data-check-in-code]");
      if (!next) throw new Error("no check-in code in the page");
      current.replaceWith(next);
      current = next;
      schedule(Number(next.dataset.nextCodeInMs));
    } catch {
      schedule(RETRY_MS);
    }
  }

  // A page brought back to the front may have missed its turns.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") refresh();
  });
  schedule(Number(current.dataset.nextCodeInMs));
})();
