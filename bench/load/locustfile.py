"""The realistic mix of 100 users against a running server (started by ``bench/bench_load.py``).

Consultants work their concerns (list, concern page, a note now and then) and their meetings; teachers read
their start page, meetings and agreements; managers read the start page and the structure of their
municipality (the dashboards of the insight capability are not on main yet). Each simulated user logs in
through the real form and the real second step with a TOTP code from its own device key, which the bench
helper wrote to ``SSP_LOAD_USERS`` (a JSON file) beside the password. The users are ``FastHttpUser``s
(geventhttpclient): locust shares the two cores with the server, and its requests-based client spent several
times the CPU per request that this one does, CPU the server then lacked.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from typing import Any, ClassVar

from django_otp.oath import totp
from locust import FastHttpUser, between, events, task

with open(os.environ["SSP_LOAD_USERS"], encoding="utf-8") as users_file:
    USERS: dict[str, list[dict[str, Any]]] = json.load(users_file)
_pools = {kind: itertools.cycle(users) for kind, users in USERS.items()}
_lock = threading.Lock()
# Seconds between two pages of one user, "low-high" (bench/bench_load.py says why 5-15).
_THINK = tuple(float(bound) for bound in os.environ.get("SSP_LOAD_THINK", "5-15").split("-", 1))
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The working requests, without the log-in (once a day for a real user, and bound by password hashing): the
# figures that count are over these. Log-in failures still count as errors.
LOG_IN_NAMES = {"log-in form", "log-in", "second factor"}
_work_times: list[float] = []
_errors: list[str] = []
# Notes sent, answered or not: a POST cut off when the run ends may still be saved by the server.
_notes_sent: list[int] = []


@events.request.add_listener
def _record(name: str, response_time: float, exception: BaseException | None, **kwargs: Any) -> None:
    if exception is not None:
        _errors.append(name)
    elif name not in LOG_IN_NAMES:
        _work_times.append(response_time)


@events.quitting.add_listener
def _write_summary(**kwargs: Any) -> None:
    times = sorted(_work_times)
    summary = {
        "requests": len(times),
        "errors": len(_errors),
        "median_ms": times[len(times) // 2] if times else 0,
        "p95_ms": times[max(int(len(times) * 0.95) - 1, 0)] if times else 0,
        "notes_sent": len(_notes_sent),
    }
    with open(os.environ["SSP_LOAD_RESULT"], "w", encoding="utf-8") as out:
        json.dump(summary, out)


class Staff(FastHttpUser):
    abstract = True
    kind: ClassVar[str] = ""
    wait_time = between(_THINK[0], _THINK[-1])

    def on_start(self) -> None:
        with _lock:
            self.account = next(_pools[self.kind])
        page = self.client.get("/konto/log-ind/", name="log-in form")
        answer = self.client.post(
            "/konto/log-ind/",
            {"username": self.account["username"], "password": self.account["password"], "csrfmiddlewaretoken": _token(page.text)},
            name="log-in",
        )  # fmt: skip
        code = totp(bytes.fromhex(self.account["totp_key"]), step=30, t0=0, digits=6)
        self.client.post(
            "/konto/totrinsbekraeftelse/",
            {"token": f"{code:06d}", "next": "/", "csrfmiddlewaretoken": _token(answer.text)},
            name="second factor",
        )


def _token(html: str | None) -> str:
    found = _CSRF.search(html or "")
    assert found is not None, "no CSRF token on the page"
    return found.group(1)


class Consultant(Staff):
    kind = "consultants"
    weight = 60

    @task(4)
    def my_concerns(self) -> None:
        self.client.get("/sager/", name="/sager/ (Mine sager)")

    @task(6)
    def concern_page(self) -> None:
        self.client.get(f"/sager/{random.choice(self.account['concerns'])}/", name="/sager/[id]/")

    @task(1)
    def add_note(self) -> None:
        concern = random.choice(self.account["concerns"])
        page = self.client.get(f"/sager/{concern}/", name="/sager/[id]/")
        _notes_sent.append(concern)
        with self.client.post(
            f"/sager/{concern}/notat/",
            {"text": "Samtale med skolen om fremmøde.", "csrfmiddlewaretoken": _token(page.text)},
            name="/sager/[id]/notat/ (write)",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"note not saved: {answer.status_code}")

    @task(2)
    def my_meetings(self) -> None:
        self.client.get("/moeder/", name="/moeder/ (Mine møder)")


class Teacher(Staff):
    kind = "teachers"
    weight = 25

    @task(3)
    def start_page(self) -> None:
        self.client.get("/", name="/ (start)")

    @task(2)
    def my_meetings(self) -> None:
        self.client.get("/moeder/", name="/moeder/ (Mine møder)")

    @task(1)
    def agreements(self) -> None:
        self.client.get("/moeder/aftaler/", name="/moeder/aftaler/")


class Manager(Staff):
    kind = "managers"
    weight = 15

    @task(3)
    def start_page(self) -> None:
        self.client.get("/", name="/ (start)")

    @task(1)
    def overview(self) -> None:
        self.client.get("/struktur/", name="/struktur/")

    @task(2)
    def municipality(self) -> None:
        self.client.get(f"/struktur/kommune/{self.account['municipality']}/", name="/struktur/kommune/[kode]/")
