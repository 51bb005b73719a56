"""The load `make loadtest` puts on the site: visitors browsing, participants enrolling and
cancelling, trainers marking attendance, all at once. Accounts and courses come from
bench/loadtest.py, which passes them in LOADTEST_PLAN (JSON)."""

import itertools
import json
import os
import random
import re

import urllib3
from locust import HttpUser, between, task

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
PLAN = json.loads(os.environ["LOADTEST_PLAN"])
PASSWORD = PLAN["password"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Each simulated person logs in with an account of their own.
participants = itertools.cycle(PLAN["participants"])
trainers = itertools.cycle(PLAN["trainers"])


def referer(user, path: str) -> dict:
    """Browsers send the page's address with a form; Django's CSRF check demands it over HTTPS."""
    return {"Referer": user.host + path}


def csrf_token(response) -> str:
    match = CSRF.search(response.text)
    if match is None:
        response.failure("no CSRF token on the page")
        return ""
    return match.group(1)


class LoggedInUser(HttpUser):
    abstract = True
    email = ""

    def on_start(self):
        self.client.verify = False  # the run's own self-signed certificate (bench/loadtest.py)
        with self.client.get("/fi/accounts/login/", name="log in (form)", catch_response=True) as page:
            token = csrf_token(page)
        with self.client.post(
            "/fi/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": self.email, "password": PASSWORD},
            headers=referer(self, "/fi/accounts/login/"),
            name="log in",
            catch_response=True,
        ) as response:
            if "/my/trainings/" not in response.url:
                response.failure(f"log-in of {self.email} did not reach My trainings: {response.url}")


class Visitor(HttpUser):
    weight = 6
    wait_time = between(0.5, 2)

    def on_start(self):
        self.client.verify = False

    @task(3)
    def catalogue(self):
        kind = random.choice(["", "?kind=mindme", "?region=satakunta", "?kind=basic&when=past", "?q=systeeminen"])
        self.client.get(f"/fi/koulutukset/{kind}", name="catalogue")

    @task(3)
    def offering(self):
        self.client.get(
            f"/{random.choice(['fi', 'sv'])}/koulutukset/{random.choice(PLAN['offerings'])}/", name="offering"
        )

    @task(1)
    def home(self):
        self.client.get("/fi/", name="home")


class Participant(LoggedInUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self):
        self.email = next(participants)
        super().on_start()

    @task
    def enrol_and_cancel(self):
        offering = PLAN["open_offering"]
        enrol_url = f"/fi/enrol/{offering['id']}/"
        page = self.client.get(f"/fi/koulutukset/{offering['slug']}/", name="offering")
        # A request that timed out may still have enrolled the person: the page then offers no
        # button, and they cancel from My trainings as anyone would.
        if f'action="{enrol_url}"' in page.text:
            token = CSRF.search(page.text).group(1)
            with self.client.post(
                enrol_url,
                {"csrfmiddlewaretoken": token},
                headers=referer(self, f"/fi/koulutukset/{offering['slug']}/"),
                name="enrol",
                catch_response=True,
            ) as response:
                if "/my/trainings/" not in response.url:
                    response.failure(f"enrolment did not reach My trainings: {response.url}")
                    return
        page = self.client.get("/fi/my/trainings/", name="my trainings")
        cancel = re.search(r'href="(/fi/my/enrolments/(\d+)/cancel/)"', page.text)
        if cancel is None:
            return
        with self.client.get(cancel.group(1), name="cancel (form)", catch_response=True) as form:
            token = csrf_token(form)
        self.client.post(
            cancel.group(1),
            {"csrfmiddlewaretoken": token},
            headers=referer(self, cancel.group(1)),
            name="cancel",
        )


class Trainer(LoggedInUser):
    weight = 1
    wait_time = between(2, 4)

    def on_start(self):
        self.email = next(trainers)
        super().on_start()

    @task
    def mark_attendance(self):
        self.client.get("/fi/trainer/", name="trainer dashboard")
        roster_url = f"/fi/trainer/sessions/{PLAN['session']}/"
        with self.client.get(roster_url, name="roster", catch_response=True) as page:
            token = csrf_token(page)
            rows = re.findall(r'name="row" value="(\d+)"', page.text)
        data = {"csrfmiddlewaretoken": token, "row": rows, "action": "save"}
        for row in rows:
            data[f"status-{row}"] = random.choice(["present", "present", "present", "late", "absent", "excused"])
            data[f"remark-{row}"] = ""
        with self.client.post(
            roster_url, data, headers=referer(self, roster_url), name="roster save", catch_response=True
        ) as response:
            if response.status_code != 200 or response.url.rstrip("/") != (self.host + roster_url).rstrip("/"):
                response.failure(f"roster save answered {response.status_code} at {response.url}")
