"""Reads of the insight app: survey figures, always through ``ssp.lib.disclosure``.

A question's figures in a wave form one cube (school × grade × answer, every margin included: the school margin is
the municipality, the grade margin the school). The cube is suppressed once and every page, chart, report and API
response reads its figures from that one pattern, so a figure hidden on one page is never shown on another. For
the social-exaggeration analysis the answers are collapsed to yes/no first (``counts_as_yes``), which is the
table those pages publish. Waves are never summed across years, so waves are separate tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet, Sum

from ssp.insight.models import (
    AnswerCount,
    Question,
    QuestionKind,
    SharedPattern,
    SuppressionPattern,
    SurveyWave,
    WaveFigure,
)
from ssp.lib.disclosure import DEFAULT_MIN_COUNT, TOTAL, Key, LinkedTable, Mark, Suppressed, hypercube, suppress
from ssp.structure.models import Municipality, Organisation

YES, NO = "ja", "nej"
ALL_GRADES = 0  # ``WaveFigure.grade`` of the figures over every grade


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
    return _from_pattern(table, stored)


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
    """Compute and store every cube's pattern of a wave and its municipality-level figures, and, when the wave
    shares its figures, the shared comparison's patterns of its survey year (the task after an import's commit)."""
    questions = list(Question.objects.filter(survey_id=wave.survey_id))
    has_classes = AnswerCount.objects.filter(wave=wave).exclude(school_class="").exists()
    for question in questions:
        _store_figures(wave, question, yes_no_cube(wave, question))
        if has_classes:
            yes_no_cube(wave, question, school_class=True)
    if wave.shares_figures:
        comparisons(wave, paired_questions(wave))
    return len(questions)


def paired_questions(wave: SurveyWave) -> list[Question]:
    """The wave's "do you …" questions that have a "how many of your peers …" pair: what its pages compare."""
    return list(
        Question.objects.filter(survey_id=wave.survey_id, kind=QuestionKind.OWN, perceived__isnull=False)
        .select_related("perceived")
        .order_by("order")
    )


def _store_figures(wave: SurveyWave, question: Question, cube: Suppressed) -> list[WaveFigure]:
    """The cube's municipality rows (every grade and all grades) with their marks, replacing any stored before."""
    grades = sorted({key[1] for key in cube.table.values if key[1] != TOTAL}, key=int)
    figures = []
    for grade in [TOTAL, *grades]:
        cells = {answer: (TOTAL, grade, answer) for answer in (YES, NO, TOTAL)}
        figures.append(
            WaveFigure(
                wave=wave,
                question=question,
                grade=ALL_GRADES if grade == TOTAL else int(grade),
                yes=cube.table.values[cells[YES]],
                no=cube.table.values[cells[NO]],
                total=cube.table.values[cells[TOTAL]],
                marks={answer: str(cube.mark(cell)) for answer, cell in cells.items()},
            )
        )
    with transaction.atomic():
        WaveFigure.objects.filter(wave=wave, question=question).delete()
        WaveFigure.objects.bulk_create(figures)
    return figures


def _figure_cube(figure: WaveFigure) -> Suppressed:
    """A stored figure as a one-row cube (yes, no, total) with its marks, so ``share`` reads it like any cube."""
    values: dict[Key, int] = {(YES,): figure.yes, (NO,): figure.no, (TOTAL,): figure.total}
    marks = {(answer,): Mark(figure.marks[answer]) for answer in (YES, NO, TOTAL)}
    return Suppressed(
        LinkedTable(values=values, constraints=[]),
        DEFAULT_MIN_COUNT,
        primary=frozenset(key for key, mark in marks.items() if mark == Mark.PRIMARY),
        secondary=frozenset(key for key, mark in marks.items() if mark == Mark.SECONDARY),
        withheld=Mark.WITHHELD in marks.values(),
    )


def wave_figures(waves: list[SurveyWave], questions: list[Question]) -> dict[tuple[int, int, int], WaveFigure]:
    """(wave id, question id, grade) → the stored figure, in one query. A wave and question whose figures the
    task has not stored yet are computed and stored now (the reader's own municipality only: its staff import)."""
    found = {
        (figure.wave_id, figure.question_id, figure.grade): figure
        for figure in WaveFigure.objects.filter(wave__in=waves, question__in=questions)
    }
    stored = {(wave_id, question_id) for wave_id, question_id, _grade in found}
    for wave in waves:
        for question in questions:
            if (wave.pk, question.pk) not in stored:
                for figure in _store_figures(wave, question, yes_no_cube(wave, question)):
                    found[(wave.pk, question.pk, figure.grade)] = figure
    return found


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


def perceived_vs_actual(
    wave: SurveyWave, question: Question, *, school_id: int | None = None, grade: int | None = None
) -> list[ExaggerationRow]:
    """Per school and grade (and the municipality): the share who do it against the share who believe most do.

    ``question`` is the ``own`` question; its paired ``perceived`` question gives the belief. ``school_id`` and
    ``grade`` keep one school's row of that grade (the printable page). Three queries whatever the number of schools
    once the wave's patterns are stored (``_published_cells``).
    """
    cells = _published_cells(wave, [question, question.perceived])
    actual_cube, names = cells[question.pk]
    perceived_cube, _names = cells[question.perceived.pk]
    school_ids = sorted({int(k[0]) for k in actual_cube.table.values if k[0] != TOTAL})
    grades = sorted({int(k[1]) for k in actual_cube.table.values if k[1] != TOTAL})
    rows = []
    for school in sorted(school_ids, key=lambda pk: names.get(pk, "")):
        for each in grades:
            if (school_id, grade) != (None, None) and (school, each) != (school_id, grade):
                continue
            key = (str(school), str(each))
            rows.append(
                ExaggerationRow(
                    school, names.get(school, ""), each, share(actual_cube, key), share(perceived_cube, key)
                )
            )
    if school_id is None:
        for each in grades:
            key = (TOTAL, str(each))
            rows.append(
                ExaggerationRow(None, wave.municipality.name, each, share(actual_cube, key), share(perceived_cube, key))
            )
    return rows


def _published_cells(wave: SurveyWave, questions: list[Question]) -> dict[int, tuple[Suppressed, dict[int, str]]]:
    """Per question id: the cells of its yes/no cube that the perceived-vs-actual pages read (every school and grade,
    and the municipality per grade: yes, no and respondents) with the stored pattern's marks, and the schools' names.

    One grouped query for the counts of every question, one for their patterns and one for the names. Reading a pattern needs the
    cells only; the cube's other margins and its constraints are what computing one needs, so a question whose
    pattern is not stored yet (a reader before the import's task) is built and suppressed in full by ``yes_no_cube``.
    """
    patterns = {
        pattern.question_id: pattern
        for pattern in SuppressionPattern.objects.filter(wave=wave, question__in=questions, by_class=False)
    }
    counts: dict[int, dict[Key, int]] = {question.pk: defaultdict(int) for question in questions}
    rows = (
        AnswerCount.objects.filter(wave=wave, option__question__in=questions)
        .values_list("option__question_id", "school_id", "grade", "option__counts_as_yes")
        .annotate(n=Sum("count"))
    )
    school_ids = set()
    for question_id, school_id, grade, counts_as_yes, n in rows:
        school_ids.add(school_id)
        counts[question_id][(str(school_id), str(grade), YES if counts_as_yes else NO)] += n
    # The names apart: joined into the grouped query, they cost a hash of every organisation.
    names = dict(Organisation.objects.filter(pk__in=school_ids).values_list("pk", "name"))
    published = {}
    for question in questions:
        pattern = patterns.get(question.pk)
        if pattern is None:
            published[question.pk] = (yes_no_cube(wave, question), names)
            continue
        found = counts[question.pk]
        schools = {key[0] for key in found}
        grades = {key[1] for key in found}
        values: dict[Key, int] = {}
        # Every school and grade of the cube's labels, a combination without answers at 0 (as ``hypercube``).
        for grade in grades:
            for school in [*schools, TOTAL]:
                for answer in (YES, NO):
                    values[(school, grade, answer)] = (
                        found.get((school, grade, answer), 0)
                        if school != TOTAL
                        else sum(values[(other, grade, answer)] for other in schools)
                    )
                values[(school, grade, TOTAL)] = values[(school, grade, YES)] + values[(school, grade, NO)]
        published[question.pk] = (_from_pattern(LinkedTable(values=values, constraints=[]), pattern), names)
    return published


def class_rows(wave: SurveyWave, question: Question, school_id: int, grade: int) -> list[ExaggerationRow]:
    """The classes of one school and grade, where the response-level file had classes and the numbers allow.

    The class tables are suppressed together with the school's figures: the school-grade row is published on the
    school page, so its shown cells are locked and its hidden cells stay hidden.
    """
    if not AnswerCount.objects.filter(wave=wave, school_id=school_id, grade=grade).exclude(school_class="").exists():
        return []  # no class in the file: nothing to split, and no class cube to build
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


def trends(
    waves: list[SurveyWave], questions: list[Question], *, grade: int | None = None
) -> dict[int, list[TrendPoint]]:
    """Per question id: the municipality's yes-share (all grades, or one grade) in each wave, oldest first, read
    from the stored figures in one query whatever the number of waves, questions and schools."""
    figures = wave_figures(waves, questions)
    ordered = sorted(waves, key=lambda w: w.year)
    points: dict[int, list[TrendPoint]] = {}
    for question in questions:
        points[question.pk] = []
        for wave in ordered:
            figure = figures.get((wave.pk, question.pk, grade or ALL_GRADES))
            found = share(_figure_cube(figure), ()) if figure else Share(None, "–", "0")
            points[question.pk].append(TrendPoint(wave.year, found))
    return points


def _from_pattern(table: LinkedTable, stored: SuppressionPattern | SharedPattern) -> Suppressed:
    return Suppressed(
        table,
        DEFAULT_MIN_COUNT,
        primary=frozenset(tuple(key) for key in stored.primary),
        secondary=frozenset(tuple(key) for key in stored.secondary),
        withheld=stored.withheld,
    )


def trend(waves: list[SurveyWave], question: Question, *, grade: int | None = None) -> list[TrendPoint]:
    """The yes-share of the municipality (all grades, or one grade) in each wave, oldest first."""
    return trends(waves, [question], grade=grade)[question.pk]


@dataclass(frozen=True)
class ComparisonRow:
    name: str
    share: Share


def comparisons(wave: SurveyWave, questions: list[Question]) -> dict[int, list[ComparisonRow]]:
    """Per question id: the wave's municipality beside the other municipalities that share their figures for the
    same survey and year, and the shared total (all grades).

    Each municipality's figures keep the pattern of its own pages (locked when shown, hidden when hidden); what else
    must be hidden is decided over the shared total once per set of sharing waves and stored (``SharedPattern``,
    normally by the task of the wave that joined). Two queries, whatever the number of municipalities; a
    municipality whose figures are not stored yet is left out rather than suppressed on a reader's request."""
    rows: dict[int, list[WaveFigure]] = defaultdict(list)
    for figure in WaveFigure.objects.filter(
        wave__survey_id=wave.survey_id,
        wave__year=wave.year,
        wave__shares_figures=True,
        question__in=questions,
        grade=ALL_GRADES,
    ).select_related("wave__municipality"):
        rows[figure.question_id].append(figure)
    for question in questions:
        if wave.shares_figures and not any(figure.wave_id == wave.pk for figure in rows[question.pk]):
            own = wave_figures([wave], [question])[(wave.pk, question.pk, ALL_GRADES)]
            own.wave = wave
            rows[question.pk].append(own)
    patterns = {
        pattern.question_id: pattern
        for pattern in SharedPattern.objects.filter(survey_id=wave.survey_id, year=wave.year, question__in=questions)
    }
    return {
        question.pk: _compare(wave, question, rows[question.pk], patterns.get(question.pk)) if rows[question.pk] else []
        for question in questions
    }


def _compare(
    wave: SurveyWave, question: Question, figures: list[WaveFigure], pattern: SharedPattern | None
) -> list[ComparisonRow]:
    # Keyed by municipality id, not name: a stored pattern must never lose its hold on a cell through a rename.
    names = {str(figure.wave.municipality_id): figure.wave.municipality.name for figure in figures}
    counts: dict[Key, int] = {}
    shown: list[Key] = []
    hidden: list[Key] = []
    for figure in figures:
        municipality = str(figure.wave.municipality_id)
        counts[(municipality, YES)], counts[(municipality, NO)] = figure.yes, figure.no
        for answer in (YES, NO, TOTAL):
            (shown if figure.marks[answer] == Mark.SHOWN else hidden).append((municipality, answer))
    cube = hypercube(counts, [sorted(names), [YES, NO]])
    wave_ids = sorted(figure.wave_id for figure in figures)
    if pattern is not None and pattern.waves == wave_ids:
        result = _from_pattern(cube, pattern)
    else:
        result = suppress(cube, locked=shown, hidden_elsewhere=hidden)
        SharedPattern.objects.update_or_create(
            survey_id=wave.survey_id,
            year=wave.year,
            question=question,
            defaults={
                "waves": wave_ids,
                "primary": sorted(result.primary),
                "secondary": sorted(result.secondary),
                "withheld": result.withheld,
            },
        )
    ordered = sorted(names, key=lambda municipality: names[municipality])
    return [ComparisonRow(names[m], share(result, (m,))) for m in ordered] + [
        ComparisonRow("", share(result, (TOTAL,)))
    ]
