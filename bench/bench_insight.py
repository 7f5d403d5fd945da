"""Insight at national scale: survey waves for every municipality, suppression, dashboard and reports.

Scale (environment, defaults the issue's): ``INSIGHT_WAVES`` (10) × ``INSIGHT_MUNICIPALITIES`` (98) ×
``INSIGHT_SCHOOLS`` (60) schools × grades 7-9 × every answer of the shipped survey, loaded with COPY (the import
service is measured by its own tests; here it would only measure inserts). Figures:

* suppression time per table: one question's yes/no cube (60 schools × 3 grades, all margins) for a common and a
  rare behaviour, and the API's school × answer table;
* storing every pattern and figure of the measured municipality's waves (the task after an import's commit);
* computing the shared comparison's patterns over every sharing municipality (that task's last step);
* server time (median, p95) and query count of the municipality dashboard, the wave page, the perceived-vs-actual
  page (60 schools × 3 grades) and one school and grade's printable page, with the stored patterns, next to the
  bare floor;
* report generation time (PDF and XLSX) for the Lokalråd report of that municipality.

Runs against the configured database (``make bench``); the data is kept between runs.
"""

from __future__ import annotations

import io
import os
import statistics
import time

import numpy as np
from django.db import connection

from bench import harness
from ssp.accounts.models import StaffRole, User
from ssp.insight import services
from ssp.insight.catalogue import ensure_youth_profile_survey
from ssp.insight.models import AnswerCount, Question, ReportJob, SharedPattern, SurveyWave
from ssp.insight.selectors import _yes_no_table, comparisons, paired_questions, store_patterns
from ssp.lib.disclosure import hypercube, publish_two_way, suppress
from ssp.structure.models import Municipality, Organisation, OrganisationKind

WAVES = int(os.environ.get("INSIGHT_WAVES", "10"))
MUNICIPALITIES = int(os.environ.get("INSIGHT_MUNICIPALITIES", "98"))
SCHOOLS = int(os.environ.get("INSIGHT_SCHOOLS", "60"))
FIRST_YEAR = 2007
PREFIX = "Benchskole"
# Share answering yes per question code (own questions) and believing most do (perceived ones).
YES_SHARE = {"alkohol": 0.35, "rygning": 0.08, "hash": 0.04, "tyveri": 0.07, "trivsel": 0.8, "online": 0.15}


def _schools(municipality: Municipality) -> list[int]:
    existing = list(
        Organisation.objects.filter(municipality=municipality, name__startswith=PREFIX).values_list("pk", flat=True)
    )
    if len(existing) < SCHOOLS:
        Organisation.objects.bulk_create(
            Organisation(name=f"{PREFIX} {i:02d}", kind=OrganisationKind.SCHOOL, municipality=municipality)
            for i in range(len(existing), SCHOOLS)
        )
    return list(
        Organisation.objects.filter(municipality=municipality, name__startswith=PREFIX)
        .order_by("name")
        .values_list("pk", flat=True)[:SCHOOLS]
    )


def _load(survey_id: int, questions: list[Question]) -> None:
    """Every wave's counts, one COPY per wave. Each school and grade's yes count per question is one binomial draw
    (numpy), the same distribution as a coin per pupil: a coin per pupil in Python cost ~85 ms a wave, 80 s of the
    full scale's load. The rest of the load is the COPY itself (six indexes and three foreign keys per row)."""
    rng = np.random.default_rng(7)
    # Per question: the share answering yes, and its yes and no options (the count of a group goes to its first).
    shapes = []
    for question in questions:
        share = YES_SHARE.get(question.pairs_with.code if question.pairs_with else question.code, 0.5)
        if question.pairs_with:
            share = min(0.95, share + 0.3)  # the social exaggeration
        options = list(question.options.all())
        groups = [[o.pk for o in options if o.counts_as_yes], [o.pk for o in options if not o.counts_as_yes]]
        shapes.append((share, groups))
    shares = np.array([share for share, _groups in shapes])
    municipalities = list(Municipality.objects.order_by("code")[:MUNICIPALITIES])
    for municipality in municipalities:
        schools = _schools(municipality)
        for w in range(WAVES):
            year = FIRST_YEAR + 2 * w
            wave, created = SurveyWave.objects.get_or_create(
                survey_id=survey_id, municipality=municipality, year=year, defaults={"shares_figures": True}
            )
            if not created:
                continue
            pupils = rng.integers(38, 53, size=(len(schools), 3))
            yes = rng.binomial(pupils[:, :, None], shares[None, None, :])
            buffer = io.StringIO()
            for s, school in enumerate(schools):
                for g, grade in enumerate((7, 8, 9)):
                    for q, (_share, groups) in enumerate(shapes):
                        answered = int(yes[s, g, q])
                        for group, total in zip(groups, (answered, int(pupils[s, g]) - answered), strict=True):
                            split = [total // len(group)] * len(group)
                            split[0] += total - sum(split)
                            for option, count in zip(group, split, strict=True):
                                buffer.write(f"{wave.pk}\t{school}\t{grade}\t\t{option}\t{count}\n")
            buffer.seek(0)
            with (
                connection.cursor() as cursor,
                cursor.copy(
                    "COPY insight_answercount (wave_id, school_id, grade, school_class, option_id, count) FROM STDIN"
                ) as copy,
            ):
                copy.write(buffer.read())


def _other_figures(measured: Municipality) -> None:
    """The other municipalities' municipality-level figures (``WaveFigure``), as their imports' tasks store them.

    Their tasks would also store every school's pattern: 14 cubes per wave and ~980 waves, hours of this shared
    machine. The municipality rows of 60 schools are large counts, which the suppression never needs to hide (it
    hides an interior cell before a total), so they are written in one statement from the counts, marked shown; the
    measured municipality's own figures come from its real patterns below.
    """
    shown = '{"ja": "shown", "nej": "shown", "\u03a3": "shown"}'
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO insight_wavefigure (wave_id, question_id, grade, yes, no, total, marks)
            SELECT c.wave_id, o.question_id, COALESCE(c.grade, 0),
                   COALESCE(SUM(c.count) FILTER (WHERE o.counts_as_yes), 0),
                   COALESCE(SUM(c.count) FILTER (WHERE NOT o.counts_as_yes), 0), SUM(c.count), %s::jsonb
            FROM insight_answercount c
            JOIN insight_answeroption o ON o.id = c.option_id
            JOIN insight_surveywave w ON w.id = c.wave_id
            WHERE w.municipality_id <> %s
              AND NOT EXISTS (SELECT 1 FROM insight_wavefigure f WHERE f.wave_id = c.wave_id)
            GROUP BY GROUPING SETS ((c.wave_id, o.question_id, c.grade), (c.wave_id, o.question_id))
            """,
            [shown, measured.pk],
        )


def _timed(action: object, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    harness.prepare_database()
    survey = ensure_youth_profile_survey()
    questions = list(Question.objects.filter(survey=survey).select_related("pairs_with").prefetch_related("options"))
    start = time.perf_counter()
    _load(survey.pk, questions)
    harness.figure("insight.load_counts", time.perf_counter() - start, "s")
    harness.figure("insight.answer_counts", AnswerCount.objects.count(), "rows")

    municipality = Municipality.objects.order_by("code").first()
    assert municipality is not None
    # The waves of the configured scale (a database kept from a larger run may hold more for some municipalities).
    waves = list(SurveyWave.objects.filter(municipality=municipality, year__lt=FIRST_YEAR + 2 * WAVES).order_by("year"))
    latest = waves[-1]
    by_code = {q.code: q for q in questions}
    for code in ("alkohol", "hash"):
        table = _yes_no_table(latest, by_code[code], school_class=False)
        harness.figure(
            f"insight.suppress_yes_no_{code}_{SCHOOLS}_schools", _timed(lambda t=table: suppress(t), 1), "ms"
        )
    counts = {
        (str(school), str(option)): n
        for school, option, n in AnswerCount.objects.filter(
            wave=latest, option__question=by_code["hash-andre"]
        ).values_list("school_id", "option_id", "count")
    }
    schools = sorted({k[0] for k in counts})
    answers = sorted({k[1] for k in counts})
    harness.figure(
        "insight.suppress_two_way_school_x_answer", _timed(lambda: publish_two_way(counts, schools, answers), 1), "ms"
    )
    harness.figure(
        "insight.suppress_grades_only_3x2",
        _timed(lambda: suppress(hypercube({("7", "ja"): 3, ("7", "nej"): 40, ("8", "ja"): 9, ("8", "nej"): 31})), 5),
        "ms",
    )

    start = time.perf_counter()
    _other_figures(municipality)
    harness.figure("insight.other_municipalities_figures", time.perf_counter() - start, "s")
    start = time.perf_counter()
    for wave in waves:
        store_patterns(wave)
    harness.figure(f"insight.store_patterns_{len(waves)}_waves", time.perf_counter() - start, "s")
    paired = paired_questions(latest)
    SharedPattern.objects.filter(survey_id=latest.survey_id, year=latest.year).delete()
    start = time.perf_counter()
    comparisons(latest, paired)
    harness.figure(
        f"insight.shared_patterns_{len(paired)}_questions_{MUNICIPALITIES}_municipalities",
        (time.perf_counter() - start) * 1000,
        "ms",
    )

    user, _ = User.objects.get_or_create(
        username="bench.insight", defaults={"role": StaffRole.SSP_CONSULTANT, "municipality": municipality}
    )
    client = harness.logged_in_client(user)
    bare = harness.floor(user)
    school = Organisation.objects.filter(municipality=municipality, name__startswith=PREFIX).order_by("name").first()
    assert school is not None
    for name, url in (
        ("dashboard", f"/indsigt/kommune/{municipality.slug}/"),
        ("wave", f"/indsigt/runde/{latest.pk}/"),
        ("exaggeration", f"/indsigt/runde/{latest.pk}/overdrivelser/hash/"),
        ("exaggeration_print", f"/indsigt/runde/{latest.pk}/overdrivelser/hash/skole/{school.pk}/7/"),
    ):
        harness.report(f"insight.{name}", harness.measure(client, url, rounds=10), bare)

    for fmt in ("pdf", "xlsx"):
        job = ReportJob.objects.create(kind="local_council", format=fmt, municipality=municipality, requested_by=user)
        start = time.perf_counter()
        services.run_report_job(job.pk)
        harness.figure(f"insight.report_{fmt}", (time.perf_counter() - start) * 1000, "ms")
