// A form sent back with errors (templates/includes/error_summary.html): the summary takes the
// focus, so a screen reader reads it first and Tab goes on to its links. A link moves the focus to
// its control and brings the control's label into view with it (for a radio or a checkbox, the
// legend of its group: a roster's row names its person there), which a fragment alone does not.
const summary = document.querySelector("[data-error-summary]");
if (summary) {
    summary.focus();
    summary.addEventListener("click", (event) => {
        const link = event.target.closest("a[href^='#']");
        const control = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!control) return;
        event.preventDefault();
        const group = ["radio", "checkbox"].includes(control.type) && control.closest("fieldset");
        const label = group ? group.querySelector("legend") : document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
        (label || control).scrollIntoView();
        control.focus({ preventScroll: true });
    });
}
