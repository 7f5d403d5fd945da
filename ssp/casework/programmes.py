"""Rules of the pre-entry (PANTHER I) and exit programmes that need no database: dates, screening, the report.

Seed 003 (3.2.1): the police district screens young people at risk of recruitment to gangs in a screening forum
against the concern concept; those taken into a pre-entry course are counted, and one year after the course starts
a status says whether it succeeded (kept out of crime and the gang environment). The Kredsråd gets the count per
municipality and year. Seed 004: an exit programme runs on a contract of measures per department, with a
coordination meeting at least once a month while it runs, and the first municipality keeps its duty when the
citizen moves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _

from ssp.lib.disclosure import primary_label

OUTCOME_AFTER = relativedelta(months=12)
# The coordinator is reminded this long before the 12-month status is due, and again when it is overdue.
OUTCOME_REMINDER_AHEAD = timedelta(days=14)


class ProgrammeKind(models.TextChoices):
    PRE_ENTRY = "pre_entry", _("pre-entry-forløb (PANTHER I)")
    EXIT = "exit", _("exitprogram")


class ProgrammeStatus(models.TextChoices):
    ACTIVE = "active", _("i gang")
    ENDED = "ended", _("afsluttet")


class PreEntryOutcome(models.TextChoices):
    """The status one year after a pre-entry course starts (seed 003, 3.2.1)."""

    KEPT_OUT = "kept_out", _("holdt ude af kriminalitet og bandemiljø")
    REOFFENDED = "reoffended", _("ny kriminalitet eller i bandemiljøet")
    MOVED = "moved", _("fraflyttet")
    UNKNOWN = "unknown", _("ukendt")


class ExitOutcome(models.TextChoices):
    """The status one year after an exit programme starts: has the citizen left the destructive environment and
    taken part in society in new, constructive ways (seed 004), gone back, or left the programme?"""

    LEFT_ENVIRONMENT = "left_environment", _("ude af miljøet og uden ny kriminalitet")
    RETURNED = "returned", _("ny kriminalitet eller tilbage i miljøet")
    WITHDREW = "withdrew", _("har forladt programmet")
    UNKNOWN = "unknown", _("ukendt")


# The model field's choices: both kinds' statuses ("unknown" is shared).
OUTCOME_CHOICES = PreEntryOutcome.choices + [choice for choice in ExitOutcome.choices if choice[0] != "unknown"]


def outcome_choices(kind: str) -> list[tuple[str, str]]:
    """The statuses a programme of ``kind`` can have 12 months after its start."""
    chosen = ExitOutcome if kind == ProgrammeKind.EXIT else PreEntryOutcome
    return [(value, str(label)) for value, label in chosen.choices]


class ScreeningDecision(models.TextChoices):
    ENROL = "enrol", _("tilbydes pre-entry-forløb")
    CONCERN_CONCEPT = "concern_concept", _("følges i bekymringskonceptet")
    NO_ACTION = "no_action", _("ingen indsats")


def outcome_due_on(started_on: date) -> date:
    """The day the 12-month status is due: the same date a year later (29 February → 28 February)."""
    return started_on + OUTCOME_AFTER


def outcome_reminder_state(started_on: date, *, today: date, recorded: bool) -> str:
    """ "" (nothing to do), "ahead" (due within the reminder window) or "overdue" (past due, still not recorded)."""
    if recorded:
        return ""
    due = outcome_due_on(started_on)
    if today > due:
        return "overdue"
    if today >= due - OUTCOME_REMINDER_AHEAD:
        return "ahead"
    return ""


def suggested_decision(ticked: int, *, total: int) -> ScreeningDecision:
    """A suggestion for the screening forum, never a decision: half or more of the risk signs → enrolment,
    any sign → the concern concept, none → no action. The forum records its own decision."""
    if total and ticked * 2 >= total:
        return ScreeningDecision.ENROL
    if ticked:
        return ScreeningDecision.CONCERN_CONCEPT
    return ScreeningDecision.NO_ACTION


@dataclass(frozen=True)
class ReportRow:
    municipality: str
    enrolled: str
    outcomes: tuple[str, ...]  # in the order of ``PreEntryOutcome``, plus "not yet due/recorded" last


@dataclass(frozen=True)
class EnrolmentFact:
    municipality: str
    outcome: str  # a ``PreEntryOutcome`` value, or "" when not recorded


def district_report(municipalities: Sequence[str], facts: Iterable[EnrolmentFact]) -> list[ReportRow]:
    """The Kredsråd's table: per municipality, pre-entry enrolments in the year and their 12-month status.

    Every municipality of the district has a row (a municipality without enrolments shows 0, which reveals
    nobody); counts of 1-4 are shown as "<5". No totals row: it would let a reader recompute a suppressed cell.
    """
    columns = [*PreEntryOutcome.values, ""]
    counts = {name: dict.fromkeys(columns, 0) for name in municipalities}
    for fact in facts:
        counts.setdefault(fact.municipality, dict.fromkeys(columns, 0))[fact.outcome] += 1
    return [
        ReportRow(name, primary_label(sum(row.values())), tuple(primary_label(row[column]) for column in columns))
        for name, row in counts.items()
    ]
