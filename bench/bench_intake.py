"""The daily-report intake at national scale, and the linkage quality against Splink.

``python -m bench intake`` (PostgreSQL, ``make bench``):

1. 300,000 citizens (``BENCH_CITIZENS``; the concerns benchmark's COPY, reused when already there).
2. A report of 10,000 rows (``BENCH_INTAKE_ROWS``) about citizens of one police district, as its SSP
   coordinator uploads it: 60 % with CPR number, 40 % with name and birth date only (a quarter of those in upper
   case, a quarter "Surname, First"), each with the citizen's kommunekode. Timed: ``create_preview`` (read, link,
   route, store) and ``commit_preview`` (all rows, every municipality triaging every row), and next to them a
   raw ``COPY`` of the same 10,000 rows into a table shaped like the intakes, in the same run. Three imports
   (``BENCH_INTAKE_IMPORTS``), each a new file: every run is printed, the figures are their medians (the ratio
   the median of each run's ratio), and the first run's total and the slowest are printed beside them.
3. The work queue and the triage agenda (30 citizens on the meeting) as the district's consultant: server time and
   query count, next to the bare view; the preview page of the consultant's rows (pages 1 and 2, and every row on
   one page as it was before paging).
4. The typo and near-miss search at a real register's variety of names (26,000 distinct parts, 4,000 rows), which
   the fictional register's 60 name parts cannot show.
5. Linkage quality on the labelled set, ours and Splink's (``bench/intake_quality.py``).
"""

from __future__ import annotations

import csv
import io
import random
import statistics
import time
from dataclasses import dataclass
from datetime import timedelta
from unittest import mock

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench import harness, intake_quality
from bench.bench_concerns import _copy_citizens
from bench.report import figure
from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.intake import selectors, triage
from ssp.intake.linkage import Name, NearParts
from ssp.intake.models import Intake, IntakePreview, IntakeSetting, TriageItem
from ssp.intake.services import commit_preview, confirm_row, create_preview, reject_row
from ssp.meetings.models import Meeting
from ssp.settings import env_int
from ssp.structure.models import Forum, ForumKind, Level, Membership, Municipality

CITIZENS = env_int("BENCH_CITIZENS", 300_000)
ROWS = env_int("BENCH_INTAKE_ROWS", 10_000)
# Imports timed one after the other: the figures are their median. One import on a shared 2-core machine varied
# from 1.7 to 2.9 s with the same code, its CPU time alone by 45 %.
IMPORTS = env_int("BENCH_INTAKE_IMPORTS", 3)
AGENDA_ITEMS = 30
HEADER = [
    "Journalnummer",
    "Dato og tid",
    "Hændelse/overtrædelse",
    "CPR-nummer",
    "Navn",
    "Fødselsdato",
    "Rolle",
    "Kommunekode",
]


def _citizens() -> None:
    existing = Citizen.objects.count()
    if existing == 0:
        _copy_citizens(CITIZENS)
    elif existing < CITIZENS:
        # The fictional people come from one seed, so topping up would repeat CPR numbers: use a fresh database.
        raise SystemExit(f"{existing} citizens in the database, {CITIZENS} wanted: run against a fresh database")
    # The tables as a production database's autovacuum keeps them (this server may run without it): fresh
    # statistics, without which the planner scans 300,000 citizens for 6,000 CPR hashes instead of using the index,
    # and a visibility map, without which every index-only look-up (the commit's checks of 10,000 citizens and
    # stored intakes) also reads the table.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _district_and_people() -> tuple[Municipality, list[tuple[int, str, str, str, str, str]]]:
    """The police district with the most citizens, and ROWS of its citizens (pk, first, last, birth, cpr, code)."""
    home = Municipality.objects.get(code="376")
    district = list(Municipality.objects.filter(police_district=home.police_district).values_list("pk", "code"))
    codes = dict(district)
    people = []
    rows = (
        Citizen.objects.filter(municipality_id__in=codes)
        .order_by("pk")
        .values_list("pk", "first_name", "last_name", "birth_date", "cpr_ciphertext", "municipality_id")[:ROWS]
    )
    probe = Citizen()
    for pk, first, last, birth, ciphertext, place in rows:
        probe.cpr_ciphertext = ciphertext
        people.append((pk, first, last, birth.strftime("%d.%m.%Y") if birth else "", probe.cpr, codes[place]))
    return home, people


def _report(people: list[tuple[int, str, str, str, str, str]], run: int) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for i, (_, first, last, birth, cpr, code) in enumerate(people):
        journal = f"0370-80231-{run:03d}{i:06d}-26"
        name = f"{first} {last}"
        if i % 10 < 6:
            writer.writerow([journal, "23.11.2026 14:30", "Butikstyveri", cpr, name, "", "Sigtet", code])
            continue
        if i % 4 == 0:
            name = name.upper()
        elif i % 4 == 1:
            name = f"{last}, {first}"
        writer.writerow([journal, "23.11.2026 14:30", "Butikstyveri", "", name, birth, "Sigtet", code])
    return out.getvalue().encode("cp1252", errors="replace")


def _raw_copy_seconds(people: list[tuple[int, str, str, str, str, str]]) -> float:
    """COPY the same rows into a temporary table shaped like the intakes: the floor of writing them at all."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_intake_copy (citizen_id int, municipality_code text, journal_number text, "
            "occurred_at timestamptz, offence text, role text, name text, birth_date text)"
        )
        started = time.perf_counter()
        with cursor.connection.cursor() as raw, raw.copy("COPY bench_intake_copy FROM STDIN") as copy:
            for i, (pk, first, last, birth, _cpr, code) in enumerate(people):
                copy.write_row(
                    (pk, code, f"J-{i}", timezone.now(), "Butikstyveri", "charged", f"{first} {last}", birth)
                )
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_intake_copy")
    return seconds


def _decide_grey_zone(
    preview: IntakePreview, actor: User, people: list[tuple[int, str, str, str, str, str]]
) -> tuple[int, int]:
    """Confirm each grey-zone row as a consultant would (the true child, or reject), outside the timing.

    Returns (automatic links to the wrong citizen, grey-zone rows). The fictional population draws from 400 names
    per gender, so namesakes born the same day are far more common than in the real register."""
    truth = {i + 2: person[0] for i, person in enumerate(people)}
    wrong = preview.rows.filter(state="linked", citizen__isnull=False)
    wrong_count = sum(1 for number, citizen in wrong.values_list("number", "citizen_id") if truth[number] != citizen)
    grey = list(preview.rows.filter(state="needs_confirmation").select_related("preview"))
    for row in grey:
        if truth[row.number] in {c["citizen"] for c in row.candidates}:
            confirm_row(row, actor=actor, citizen_id=truth[row.number])
        else:
            reject_row(row, actor=actor)
    return wrong_count, len(grey)


def _police(home: Municipality) -> User:
    user, _ = User.objects.get_or_create(
        username="bench.intake.police",
        defaults={"role": StaffRole.POLICE_PREVENTION_OFFICER, "police_district": home.police_district},
    )
    return user


@dataclass(frozen=True)
class _Import:
    preview: float
    commit: float
    copy: float
    preview_cpu: float
    commit_cpu: float
    wrong_links: int
    grey_zone: int
    intakes: int

    @property
    def total(self) -> float:
        return self.preview + self.commit


def _time_import(home: Municipality, people: list[tuple[int, str, str, str, str, str]]) -> None:
    """IMPORTS imports of the report, each its own file (new journal numbers), against the growing intake table."""
    police = _police(home)
    for place in Municipality.objects.filter(police_district=home.police_district):
        IntakeSetting.objects.update_or_create(municipality=place, defaults={"triage_only_suspects_under_18": False})
    imports = [_one_import(police, home, people) for _ in range(IMPORTS)]
    preview = IntakePreview.objects.latest("created_at")
    states = dict(preview.rows.values_list("state").annotate(n=Count("pk")))
    figure("intake.import.rows", len(people), "rows")
    print(f"intake.import.states: {states}", flush=True)
    figure("intake.import.grey_zone_confirmed_by_the_benchmark", max(i.grey_zone for i in imports), "rows")
    figure("intake.import.wrong_automatic_links", max(i.wrong_links for i in imports), "rows")
    figure("intake.import.intakes_added", min(i.intakes for i in imports), "intakes")
    for number, done in enumerate(imports, start=1):
        print(
            f"intake.import.run_{number}: preview {done.preview:.3f} s (CPU {done.preview_cpu:.3f} s), "
            f"commit {done.commit:.3f} s (CPU {done.commit_cpu:.3f} s), total {done.total:.3f} s, "
            f"raw COPY {done.copy:.3f} s",
            flush=True,
        )
    figure("intake.import.runs", len(imports), "imports")
    figure("intake.import.preview_seconds", statistics.median(i.preview for i in imports), "s")
    figure("intake.import.commit_seconds", statistics.median(i.commit for i in imports), "s")
    figure("intake.import.total_seconds", statistics.median(i.total for i in imports), "s")
    figure("intake.import.total_seconds.first", imports[0].total, "s")
    figure("intake.import.total_seconds.max", max(i.total for i in imports), "s")
    figure("intake.import.rows_per_second", len(people) / statistics.median(i.total for i in imports), "rows/s")
    figure("intake.import.raw_copy_seconds", statistics.median(i.copy for i in imports), "s")
    figure("intake.import.ratio_to_copy", statistics.median(i.total / i.copy for i in imports), "x")


def _one_import(police: User, home: Municipality, people: list[tuple[int, str, str, str, str, str]]) -> _Import:
    """One import timed (preview, then commit), its grey zone decided between them; a raw COPY in the same run."""
    data = _report(people, IntakePreview.objects.count() + 1)
    started, cpu = time.perf_counter(), time.process_time()
    preview = create_preview(data, actor=police, file_name="bench.csv", municipality=home)
    previewed, preview_cpu = time.perf_counter() - started, time.process_time() - cpu
    wrong, grey = _decide_grey_zone(preview, police, people)
    started, cpu = time.perf_counter(), time.process_time()
    result = commit_preview(preview, actor=police)
    committed, commit_cpu = time.perf_counter() - started, time.process_time() - cpu
    copied = _raw_copy_seconds(people)
    return _Import(previewed, committed, copied, preview_cpu, commit_cpu, wrong, grey, result.intakes)


def _meeting(home: Municipality, consultant: User) -> Meeting:
    forum, _ = Forum.objects.get_or_create(
        kind=ForumKind.CASE_COORDINATION,
        municipality=home,
        name="Indsatsmøde (benchmark)",
        defaults={"level": Level.OPERATIVE, "allows_person_sensitive": True},
    )
    Membership.objects.get_or_create(user=consultant, forum=forum, defaults={"starts_on": timezone.localdate()})
    start = timezone.now() + timedelta(days=1)
    meeting = Meeting.objects.filter(forum=forum, starts_at__gt=timezone.now()).first()
    return meeting or Meeting.objects.create(forum=forum, starts_at=start, ends_at=start + timedelta(hours=2))


def _time_pages(home: Municipality) -> None:
    consultant, _ = User.objects.get_or_create(
        username="bench.intake.consultant", defaults={"role": StaffRole.SSP_CONSULTANT, "municipality": home}
    )
    meeting = _meeting(home, consultant)
    waiting = Intake.objects.filter(municipality=home, triage_item__isnull=True)
    keep = list(waiting.values_list("citizen_id", flat=True).distinct()[:AGENDA_ITEMS])
    # The agenda holds AGENDA_ITEMS citizens; the rest of the district's intakes wait for a later meeting.
    waiting.exclude(citizen_id__in=keep).update(for_triage=False)
    if not TriageItem.objects.filter(meeting=meeting).exists():
        triage.schedule_triage(home, actor=consultant)
    client = harness.logged_in_client(consultant)
    bare = harness.floor(consultant)
    harness.report("intake.work_queue", harness.measure(client, reverse("intake:queue")), bare)
    harness.report("intake.triage_agenda", harness.measure(client, reverse("intake:agenda", args=[meeting.pk])), bare)
    figure("intake.triage_agenda.items", TriageItem.objects.filter(meeting=meeting).count(), "citizens")
    _time_preview_page(client, home, bare)


def _time_preview_page(client: Client, home: Municipality, bare: harness.Measurement) -> None:
    """The consultant's part of the last benchmark preview: a page of rows, and every row on one page (unpaged)."""
    preview = IntakePreview.objects.latest("created_at")
    url = reverse("intake:preview", args=[preview.pk])
    rows = preview.rows.filter(municipality=home).count()
    figure("intake.preview_page.rows", rows, "rows")
    harness.report("intake.preview_page", harness.measure(client, url), bare)
    harness.report("intake.preview_page.side_2", harness.measure(client, f"{url}?side=2"), bare)
    with mock.patch.object(selectors, "PREVIEW_PAGE_SIZE", max(rows, 1)):
        harness.report("intake.preview_page.every_row", harness.measure(client, url, rounds=3), bare)


def _time_name_variety() -> None:
    """The typo and near-miss search (``NearParts``) at a real register's variety of names.

    The fictional register has 40 first names and 20 surnames, so the search is all but free in the import above;
    the blocks of a report against real names hold some 25,000 distinct name parts. Here: 26,000 made-up parts of
    3-10 letters and 4,000 rows, two parts each (comparing each with every part took 26.5 s)."""
    rng = random.Random(1)

    def part() -> str:
        return "".join(rng.choice("aeiou" if i % 2 else "bcdfghjklmnprstv") for i in range(rng.randint(3, 10)))

    parts = sorted({part() for _ in range(30_000)})
    rows = [Name(first=rng.choice(parts), middle=(), last=(rng.choice(parts),)) for _ in range(4000)]
    started = time.perf_counter()
    near = NearParts(parts, rows)
    close = sum(len(near.of(row)) for row in rows)
    figure("intake.linkage.name_variety.parts", len(parts), "parts")
    figure("intake.linkage.name_variety.close_parts", close, "parts")
    figure("intake.linkage.name_variety.seconds", time.perf_counter() - started, "s")


def main() -> None:
    harness.prepare_database()
    _citizens()
    figure("intake.rows.citizens", Citizen.objects.count(), "rows")
    home, people = _district_and_people()
    _time_import(home, people)
    _time_pages(home)
    _time_name_variety()
    intake_quality.main(
        citizens=env_int("BENCH_INTAKE_LABELLED_CITIZENS", 5000), rows=env_int("BENCH_INTAKE_LABELLED_ROWS", 600)
    )
