"""Reads of the insight app: survey figures, always through ``ssp.insight.disclosure``.

A question's figures in a wave form one cube (school × grade × answer, every margin included: the school margin is
the municipality, the grade margin the school). The cube is suppressed once and every page, chart, report and API
response reads its figures from that one pattern, so a figure hidden on one page is never shown on another. For
the social-exaggeration analysis the answers are collapsed to yes/no first (``counts_as_yes``), which is the
table those pages publish. Waves are never summed across years, so waves are separate tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from ssp.insight.disclosure import DEFAULT_MIN_COUNT, TOTAL, Key, LinkedTable, Mark, Suppressed, hypercube, suppress
from ssp.insight.models import AnswerCount, Question, SuppressionPattern, SurveyWave
from ssp.structure.models import Municipality, Organisation

YES, NO = "ja", "nej"


@dataclass(frozen=True)
class Share:
    """A published share: the percentage (None when hidden), its label and the respondents it rests on."""

    percent: float | None
    label: str
    respondents: str


def waves_of(municipality: Municipality) -> QuerySet[SurveyWave]:
    return (
        SurveyWave.objects.filter(municipality=municipality).select_related("survey", "municipality").order_by("-year")
    )


def yes_no_cube(wave: SurveyWave, question: Question, *, school_class: bool = False) -> Suppressed:
    """The question's counts in the wave as (school id, grade, yes/no) — or (school id, grade, class, yes/no) —
    suppressed. The pattern is stored once per wave and question (a committed wave never changes), normally by the
    background task that runs after the import's commit; a reader who comes first computes and stores it."""
    table = _yes_no_table(wave, question, school_class=school_class)
    stored = SuppressionPattern.objects.filter(wave=wave, question=question, by_class=school_class).first()
    if stored is None:
        result = suppress(table)
        SuppressionPattern.objects.get_or_create(
            wave=wave,
            question=question,
            by_class=school_class,
            defaults={
                "primary": sorted(result.primary),
                "secondary": sorted(result.secondary),
                "withheld": result.withheld,
            },
        )
        return result
    return Suppressed(
        table,
        DEFAULT_MIN_COUNT,
        primary=frozenset(tuple(key) for key in stored.primary),
        secondary=frozenset(tuple(key) for key in stored.secondary),
        withheld=stored.withheld,
    )


def _yes_no_table(wave: SurveyWave, question: Question, *, school_class: bool) -> LinkedTable:
    fields = ["school_id", "grade", "option__counts_as_yes"] + (["school_class"] if school_class else [])
    rows = AnswerCount.objects.filter(wave=wave, option__question=question).values(*fields).annotate(n=Sum("count"))
    counts: dict[Key, int] = defaultdict(int)
    for row in rows:
        answer = YES if row["option__counts_as_yes"] else NO
        if school_class:
            counts[(str(row["school_id"]), str(row["grade"]), row["school_class"] or "-", answer)] += row["n"]
        else:
            counts[(str(row["school_id"]), str(row["grade"]), answer)] += row["n"]
    dims = 4 if school_class else 3
    if not counts:
        return hypercube({}, [[]] * (dims - 1) + [[YES, NO]])
    labels = [sorted({key[d] for key in counts}) for d in range(dims - 1)] + [[YES, NO]]
    return hypercube(counts, labels)


def store_patterns(wave: SurveyWave) -> int:
    """Compute and store every cube's pattern of a wave (the task after an import's commit)."""
    questions = Question.objects.filter(survey_id=wave.survey_id)
    has_classes = AnswerCount.objects.filter(wave=wave).exclude(school_class="").exists()
    for question in questions:
        yes_no_cube(wave, question)
        if has_classes:
            yes_no_cube(wave, question, school_class=True)
    return len(questions)


def share(cube: Suppressed, row: Key) -> Share:
    """The yes-share of ``row`` (a key without the answer) as published."""
    yes, total = (*row, YES), (*row, TOTAL)
    respondents = cube.label(total) if total in cube.table.values else "0"
    if yes not in cube.table.values or cube.table.values[total] == 0:
        return Share(None, "–", respondents)
    if cube.mark(yes) != Mark.SHOWN or cube.mark(total) != Mark.SHOWN:
        return Share(None, cube.label(yes) if cube.mark(yes) == Mark.PRIMARY else "x", respondents)
    percent = 100 * cube.table.values[yes] / cube.table.values[total]
    return Share(percent, f"{percent:.0f} %", respondents)


@dataclass(frozen=True)
class ExaggerationRow:
    school_id: int | None  # None: the whole municipality
    school: str
    grade: int | None  # None: all grades
    actual: Share
    perceived: Share

    @property
    def gap(self) -> str:
        if self.actual.percent is None or self.perceived.percent is None:
            return "–"
        gap = self.perceived.percent - self.actual.percent
        return f"{'+' if gap >= 0 else '−'} {abs(gap):.0f} %-point"

    @property
    def gap_points(self) -> float | None:
        if self.actual.percent is None or self.perceived.percent is None:
            return None
        return self.perceived.percent - self.actual.percent


def perceived_vs_actual(wave: SurveyWave, question: Question) -> list[ExaggerationRow]:
    """Per school and grade (and the municipality): the share who do it against the share who believe most do.

    ``question`` is the ``own`` question; its paired ``perceived`` question gives the belief.
    """
    perceived_question = question.perceived
    actual_cube = yes_no_cube(wave, question)
    perceived_cube = yes_no_cube(wave, perceived_question)
    school_ids = sorted({int(k[0]) for k in actual_cube.table.values if k[0] != TOTAL})
    names = dict(Organisation.objects.filter(pk__in=school_ids).values_list("pk", "name"))
    grades = sorted({int(k[1]) for k in actual_cube.table.values if k[1] != TOTAL})
    rows = []
    for school_id in sorted(school_ids, key=lambda pk: names.get(pk, "")):
        for grade in grades:
            key = (str(school_id), str(grade))
            rows.append(
                ExaggerationRow(
                    school_id, names.get(school_id, ""), grade, share(actual_cube, key), share(perceived_cube, key)
                )
            )
    for grade in grades:
        key = (TOTAL, str(grade))
        rows.append(
            ExaggerationRow(None, wave.municipality.name, grade, share(actual_cube, key), share(perceived_cube, key))
        )
    return rows


def class_rows(wave: SurveyWave, question: Question, school_id: int, grade: int) -> list[ExaggerationRow]:
    """The classes of one school and grade, where the response-level file had classes and the numbers allow.

    The class tables are suppressed together with the school's figures: the school-grade row is published on the
    school page, so its shown cells are locked and its hidden cells stay hidden.
    """
    rows: dict[str, list[Share]] = {}
    for which in (question, question.perceived):
        school_cube = yes_no_cube(wave, which)
        full = yes_no_cube(wave, which, school_class=True)
        prefix = (str(school_id), str(grade))
        counts = {(k[2], k[3]): v for k, v in full.table.values.items() if k[:2] == prefix and TOTAL not in k[2:]}
        classes = sorted({k[0] for k in counts if k[0] != "-"})
        if not classes or len({k[0] for k in counts}) != len(classes):
            return []  # no class in the file, or pupils without a class: nothing to split
        cube = hypercube(counts, [classes, [YES, NO]])
        row_keys = [(TOTAL, answer) for answer in (YES, NO, TOTAL)]
        shown = [k for k in row_keys if school_cube.mark((*prefix, k[1])) == Mark.SHOWN]
        hidden = [k for k in row_keys if school_cube.mark((*prefix, k[1])) != Mark.SHOWN]
        result = suppress(cube, locked=shown, hidden_elsewhere=hidden)
        for klass in classes:
            rows.setdefault(klass, []).append(share(result, (klass,)))
    return [
        ExaggerationRow(school_id, f"{grade}.{klass}", grade, shares[0], shares[1])
        for klass, shares in sorted(rows.items())
        if len(shares) == 2
    ]


@dataclass(frozen=True)
class TrendPoint:
    year: int
    share: Share


def trend(
    waves: list[SurveyWave], question: Question, *, school_id: int | None = None, grade: int | None = None
) -> list[TrendPoint]:
    """The yes-share of the municipality (or one school, one grade) in each wave, oldest first."""
    key = (str(school_id) if school_id else TOTAL, str(grade) if grade else TOTAL)
    return [
        TrendPoint(wave.year, share(yes_no_cube(wave, question), key)) for wave in sorted(waves, key=lambda w: w.year)
    ]


@dataclass(frozen=True)
class ComparisonRow:
    name: str
    share: Share


def comparison(wave: SurveyWave, question: Question, *, grade: int | None = None) -> list[ComparisonRow]:
    """The wave's municipality beside the other municipalities that share their figures for the same survey and
    year, and the shared total. Each municipality's figures keep the pattern of its own page (locked when shown,
    hidden when hidden); what else must be hidden is taken from the shared total."""
    waves = list(
        SurveyWave.objects.filter(survey=wave.survey, year=wave.year, shares_figures=True).select_related(
            "municipality"
        )
    )
    grade_key = str(grade) if grade else TOTAL
    counts: dict[Key, int] = {}
    shown: list[Key] = []
    hidden: list[Key] = []
    for other in waves:
        own = yes_no_cube(other, question)
        for answer in (YES, NO):
            cell = (TOTAL, grade_key, answer)
            value = own.table.values.get(cell, 0)
            counts[(other.municipality.name, answer)] = value
            (shown if own.mark(cell) == Mark.SHOWN else hidden).append((other.municipality.name, answer))
        (shown if own.mark((TOTAL, grade_key, TOTAL)) == Mark.SHOWN else hidden).append(
            (other.municipality.name, TOTAL)
        )
    if not counts:
        return []
    names = sorted({k[0] for k in counts})
    result = suppress(
        hypercube(counts, [names, [YES, NO]]),
        locked=shown,
        hidden_elsewhere=hidden,
    )
    return [ComparisonRow(name, share(result, (name,))) for name in names] + [
        ComparisonRow("", share(result, (TOTAL,)))
    ]
