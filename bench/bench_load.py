"""Load: 100 simulated users in the realistic mix against the production set-up (gunicorn, PostgreSQL).

Runs after ``bench_concerns`` (which fills the database to national scale) in ``make bench``: it gives 100 load
users a password and a confirmed TOTP device (the way the tests complete the second factor), starts gunicorn
with 3 workers on 127.0.0.1:8108, runs locust headless (``bench/load/locustfile.py``) for
``BENCH_LOAD_SECONDS`` (60 in ``make bench``; 300 for the full run), stops the server and then checks that the
audit chain still verifies over every event written during the run and that every note the server confirmed
to a client is in the database (and no note that no client sent). Figures: requests, failures, median and p95
over all requests and per route, and the CPU seconds the server and locust used (per request, the steadier
figure on a shared machine).

Each simulated user waits ``BENCH_LOAD_THINK`` seconds between two pages (``5-15``, drawn evenly): a person
reads a case, a meeting or a dashboard before the next click, and 10 seconds on average is at the short end of
that. ``BENCH_LOAD_THINK=1-3`` is the stress mix: every user clicking every two seconds, about five times the
requests a real user makes; docs/performance.md reports both.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.report import figure
from ssp.accounts.models import StaffRole, User
from ssp.concerns.models import Concern, ConcernNote, ConcernStatus
from ssp.privacy.audit import compute_hash
from ssp.privacy.models import AuditEvent
from ssp.structure.models import Municipality

PORT = 8108
USERS = int(os.environ.get("BENCH_LOAD_USERS", "100"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
THINK = os.environ.get("BENCH_LOAD_THINK", "5-15")
THINK_LOW, THINK_HIGH = (float(bound) for bound in THINK.split("-", 1))
PASSWORD = "load-test-password-2026"
CONSULTANTS, TEACHERS, MANAGERS = 60, 25, 15
NOTE_TEXT = "Samtale med skolen om fremmøde."


def _with_device(users: list[User]) -> list[dict[str, Any]]:
    """Each user's password and confirmed TOTP device, as ``complete_second_factor`` gives test users one."""
    hashed = make_password(PASSWORD)
    User.objects.filter(pk__in=[u.pk for u in users]).update(password=hashed, is_active=True)
    accounts = []
    for user in users:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="load", defaults={"confirmed": True})
        accounts.append({"username": user.username, "password": PASSWORD, "totp_key": device.key})
    return accounts


def _staff(prefix: str, role: str, count: int) -> list[User]:
    places = list(Municipality.objects.order_by("code"))
    for i in range(count):
        User.objects.get_or_create(
            username=f"{prefix}{i}", defaults={"role": role, "municipality": places[i % len(places)]}
        )
    return list(User.objects.filter(username__startswith=prefix).select_related("municipality").order_by("pk"))


def prepare_users() -> dict[str, list[dict[str, Any]]] | None:
    """Consultants are the concerns benchmark's (each responsible for hundreds of concerns); teachers and managers
    are made here. Returns None when the concerns benchmark has not filled the database."""
    consultants = list(User.objects.filter(username__startswith="bench.c", role=StaffRole.SSP_CONSULTANT)[:CONSULTANTS])
    if len(consultants) < CONSULTANTS:
        return None
    open_concerns: dict[int, list[int]] = {u.pk: [] for u in consultants}
    rows = (
        Concern.objects.filter(responsible__in=consultants)
        .exclude(status=ConcernStatus.CLOSED)
        .values_list("responsible_id", "pk")
        .order_by("responsible_id", "pk")
    )
    for responsible, pk in rows.iterator(chunk_size=5000):
        if len(open_concerns[responsible]) < 20:
            open_concerns[responsible].append(pk)
    accounts = {"consultants": _with_device(consultants)}
    for account, user in zip(accounts["consultants"], consultants, strict=True):
        account["concerns"] = open_concerns[user.pk]
    accounts["teachers"] = _with_device(_staff("bench.load.t", StaffRole.SSP_TEACHER, TEACHERS))
    managers = _staff("bench.load.m", StaffRole.MANAGER, MANAGERS)
    accounts["managers"] = _with_device(managers)
    for account, user in zip(accounts["managers"], managers, strict=True):
        account["municipality"] = user.municipality.code if user.municipality else "161"
    return accounts


def _wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not become ready at {url}")


def _serve(env: dict[str, str]) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [
        gunicorn,
        "ssp.wsgi:application",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        "3",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its living children (gunicorn's master and workers)."""
    root = psutil.Process(pid)
    return sum(sum(p.cpu_times()[:2]) for p in [root, *root.children(recursive=True)])


def _children_cpu() -> float:
    """CPU seconds of the child processes this process has waited for (locust, once it has ended)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_locust(env: dict[str, str], prefix: str) -> None:
    locust = str(Path(sys.executable).with_name("locust"))
    locustfile = Path(__file__).with_name("load") / "locustfile.py"
    subprocess.run(
        [locust, "-f", str(locustfile), "--headless", "--users", str(USERS), "--spawn-rate", "5",
         "--run-time", f"{SECONDS}s", "--host", f"http://127.0.0.1:{PORT}", "--csv", prefix, "--only-summary",
         "--stop-timeout", "10", "--loglevel", "WARNING"],
        env=env, check=False, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def _verify_since(last_id: int) -> tuple[int, bool]:
    """Verify the chain from the last event before the run to the head: every link written under load."""
    previous = AuditEvent.objects.filter(pk=last_id).values_list("hash", flat=True).first() or ""
    checked = 0
    for event in AuditEvent.objects.filter(pk__gt=last_id).order_by("pk").iterator(chunk_size=5000):
        if event.prev_hash != previous or compute_hash(event) != event.hash:
            return checked, False
        previous = event.hash
        checked += 1
    return checked, True


def _report(prefix: str) -> int:
    """Print the locust figures; returns the number of notes the clients saved (successful writes)."""
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats_file:
        rows = list(csv.DictReader(stats_file))
    written = 0
    for row in rows:
        name = "all" if row["Name"] == "Aggregated" else row["Name"]
        failures = int(row["Failure Count"])
        if name == "all":
            figure("load.requests", int(row["Request Count"]), "requests")
            figure("load.failures", failures, "failures")
            figure("load.requests_per_second", float(row["Requests/s"]), "req/s")
        figure(f"load.{name}.median", float(row["Median Response Time"] or 0), "ms")
        figure(f"load.{name}.p95", float(row["95%"] or 0), "ms")
        if "(write)" in name:
            written = int(row["Request Count"]) - failures
    return written


def main() -> None:
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        print("load: skipped, the load test runs against PostgreSQL (make bench)")
        return
    call_command("migrate", verbosity=0)
    accounts = prepare_users()
    if accounts is None:
        print("load: skipped, run the concerns benchmark first (python -m bench concerns load)")
        return
    # In a process of its own: earlier benchmarks in this process switch static storage to the plain one, which
    # writes no manifest, and gunicorn serves with the manifest storage of the real settings.
    # Production collects static files once at build time; here only when no manifest exists yet.
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        subprocess.run([str(Path(sys.executable).with_name("ssp")), "collectstatic", "--noinput", "-v0"], check=True)
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    consultant_names = [a["username"] for a in accounts["consultants"]]
    notes_before = ConcernNote.objects.filter(author__username__in=consultant_names, text=NOTE_TEXT).count()
    with tempfile.TemporaryDirectory(prefix="ssp-load-") as work:
        users_file = Path(work) / "users.json"
        users_file.write_text(json.dumps(accounts), encoding="utf-8")
        env = {**os.environ, "SSP_LOAD_USERS": str(users_file), "SSP_LOAD_RESULT": f"{work}/summary.json"}
        env |= {"LOG_LEVEL": "WARNING", "SSP_LOGIN_THROTTLE": "false", "SSP_LOAD_THINK": THINK}
        server = _serve(env)
        try:
            _wait_ready(f"http://127.0.0.1:{PORT}/health/ready")
            server_before, locust_before = _tree_cpu(server.pid), _children_cpu()
            _run_locust(env, f"{work}/locust")
            locust_cpu = _children_cpu() - locust_before
            server_cpu = _tree_cpu(server.pid) - server_before
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        written = _report(f"{work}/locust")
        summary = json.loads(Path(f"{work}/summary.json").read_text(encoding="utf-8"))
    figure("load.think_time.low", THINK_LOW, "s")
    figure("load.think_time.high", THINK_HIGH, "s")
    figure("load.cpu.server", server_cpu, "s (gunicorn's workers during the run, log-ins included)")
    figure("load.cpu.locust", locust_cpu, "s")
    figure("load.cpu.server_per_request", server_cpu * 1000 / max(summary["requests"], 1), "ms")
    figure("load.work_requests", summary["requests"], "requests (without log-in)")
    figure("load.errors", summary["errors"], "errors (log-in included)")
    figure("load.work.median", float(summary["median_ms"]), "ms")
    figure("load.work.p95", float(summary["p95_ms"]), "ms")
    saved = ConcernNote.objects.filter(author__username__in=consultant_names, text=NOTE_TEXT).count() - notes_before
    figure("load.notes_sent_by_clients", summary["notes_sent"], "notes")
    figure("load.notes_written_by_clients", written, "notes (the server answered: saved)")
    figure("load.notes_in_database", saved, "notes")
    checked, intact = _verify_since(last_event)
    figure("load.audit_events_written", checked, "events")
    figure("load.audit_chain_verifies", int(intact), "(1 = yes)")
    # Every note the server confirmed is there, and nothing that was not sent; a note whose answer the end of the
    # run cut off may be either.
    if not written <= saved <= summary["notes_sent"] or not intact:
        raise SystemExit("load: data lost or audit chain broken under load")
