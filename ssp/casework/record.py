"""The case record for an auditor (Ankestyrelsen): everything done about one citizen, in date order.

For each concern the viewer may see (``ssp.privacy``): the opening and its source, every timeline line that the
detailed rows below do not already tell, notes (§ 115 notes only to the cooperation around the citizen, with a
line saying what was left out and why), case actions from planning to outcome, letters, and the person-sensitive
agenda items in which the concern was discussed. Each entry says when, what, who and on which basis. The number
of queries is fixed whatever the number of entries (one per kind of entry).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from ssp.accounts.models import User
from ssp.casework.models import ActionKind, ActionStatus, CaseAction, Letter, ProgrammeEvent, Screening
from ssp.citizens.models import Citizen
from ssp.concerns import timeline
from ssp.concerns.disclosure import Withheld, disclose_notes
from ssp.concerns.models import Concern, ConcernEvent, ConcernNote, ConcernTeamMember, Track
from ssp.lib.spreadsheet_csv import Cell, cell_text, csv_text
from ssp.meetings.models import AgendaItem
from ssp.privacy.policy import concerns_visible_to

# The legal basis of SSP work per track: the information exchange of retsplejeloven § 115, stk. 1.
TRACK_BASIS: dict[str, str] = {
    Track.SSP: "retsplejeloven § 115, stk. 1, nr. 1 (SSP)",
    Track.SSP_PLUS: "retsplejeloven § 115, stk. 1, nr. 1 (SSP+)",
    Track.PSP: "retsplejeloven § 115, stk. 1, nr. 2 (PSP)",
    Track.KSP: "retsplejeloven § 115, stk. 1, nr. 3 (KSP)",
}
NOTIFICATION_BASIS = "barnets lov §§ 133-134 (underretningspligt)"
# Timeline lines the detailed entries already tell (opening, notes, actions and letters).
TOLD_ELSEWHERE = (ConcernEvent.Kind.OPENED, ConcernEvent.Kind.NOTE_ADDED, ConcernEvent.Kind.ACTION)


@dataclass(frozen=True)
class Entry:
    at: datetime
    concern_id: int
    kind: str
    what: str
    who: str
    basis: str


@dataclass
class CaseRecord:
    citizen: Citizen
    concerns: list[Concern]
    entries: list[Entry]
    withheld: list[Withheld] = field(default_factory=list)


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else "–"


def _at(day: object) -> datetime:
    """A date as the start of that day in Copenhagen, so dates and times sort together."""
    return timezone.make_aware(datetime.combine(day, time()))  # type: ignore[arg-type]


def _opened(concern: Concern) -> Entry:
    what = _("Sag oprettet (kilde: %(source)s, alvor: %(severity)s)") % {
        "source": concern.get_source_display(),
        "severity": concern.get_severity_display(),
    }
    return Entry(
        concern.opened_at, concern.pk, _("Henvendelse"), what, _name(concern.responsible), TRACK_BASIS[concern.track]
    )


def _action_entries(action: CaseAction, basis: str) -> Iterable[Entry]:
    kind = action.get_kind_display()
    if action.kind == ActionKind.NOTIFICATION_TO_SOCIAL_SERVICES:
        basis = NOTIFICATION_BASIS
    planned = _("%(kind)s planlagt til %(due)s") % {"kind": kind, "due": action.due_on.strftime("%d.%m.%Y")}
    yield Entry(action.created_at, action.concern_id, _("Indsats"), planned, _name(action.owner), basis)
    if action.status == ActionStatus.PLANNED:
        return
    parts = [action.outcome]
    if action.phase_measures:
        parts.append(_("Aftalte tiltag: %(text)s") % {"text": action.phase_measures})
    if action.follow_up:
        parts.append(_("Opfølgning: %(text)s") % {"text": action.follow_up})
    label = _("%(kind)s udført") if action.status == ActionStatus.DONE else _("%(kind)s aflyst")
    when = _at(action.done_on) if action.done_on else action.created_at
    participants = ", ".join(_name(person) for person in action.staff.all())
    who = _name(action.owner) + (f" ({participants})" if participants else "")
    yield Entry(when, action.concern_id, _("Indsats"), f"{label % {'kind': kind}}: " + " ".join(parts), who, basis)


def case_record(viewer: User, citizen: Citizen) -> CaseRecord:
    """The record of ``citizen`` as ``viewer`` may see it; the caller has fetched ``citizen`` through the policy."""
    concerns = list(
        concerns_visible_to(viewer).filter(citizen=citizen).select_related("responsible").order_by("opened_at", "pk")
    )
    by_id = {concern.pk: concern for concern in concerns}
    ids = list(by_id)
    entries = [_opened(concern) for concern in concerns]
    basis = {concern.pk: TRACK_BASIS[concern.track] for concern in concerns}

    for event in (
        ConcernEvent.objects.filter(concern_id__in=ids).exclude(kind__in=TOLD_ELSEWHERE).select_related("actor")
    ):
        entries.append(
            Entry(
                event.at,
                event.concern_id,
                _("Sagsforløb"),
                timeline.shown(event.summary),
                _name(event.actor),
                basis[event.concern_id],
            )
        )

    team: dict[int, list[int]] = {}
    for concern_id, user_id in ConcernTeamMember.objects.filter(concern_id__in=ids).values_list(
        "concern_id", "user_id"
    ):
        team.setdefault(concern_id, []).append(user_id)
    notes: dict[int, list[ConcernNote]] = {}
    for note in ConcernNote.objects.filter(concern_id__in=ids).select_related("author").order_by("created_at", "pk"):
        notes.setdefault(note.concern_id, []).append(note)
    withheld: list[Withheld] = []
    for concern_id, concern_notes in notes.items():
        disclosure = disclose_notes(viewer, by_id[concern_id], concern_notes, team_user_ids=team.get(concern_id, []))
        withheld += disclosure.withheld
        for note in disclosure.notes:
            note_basis = _("§ 115-oplysning (må ikke videregives, stk. 2)") if note.section_115 else basis[concern_id]
            entries.append(Entry(note.created_at, concern_id, _("Notat"), note.text, _name(note.author), note_basis))

    actions = CaseAction.objects.filter(concern_id__in=ids).select_related("owner").prefetch_related("staff")
    for action in actions:
        entries += _action_entries(action, basis[action.concern_id])

    for letter in Letter.objects.filter(concern_id__in=ids).select_related("created_by"):
        what = _("Bekymringsbrev dannet til husstand %(number)d (%(count)d modtager(e))") % {
            "number": letter.household,
            "count": letter.recipient_count,
        }
        entries.append(
            Entry(
                letter.created_at,
                letter.concern_id,
                _("Brev"),
                what,
                _name(letter.created_by),
                basis[letter.concern_id],
            )
        )

    items = (
        AgendaItem.concerns.through.objects.filter(concern_id__in=ids)
        .select_related("agendaitem__meeting__forum")
        .order_by("agendaitem__meeting__starts_at")
    )
    for link in items:
        item = link.agendaitem
        forum = item.meeting.forum
        what = _("Drøftet på %(forum)s, punkt %(number)d: %(title)s") % {
            "forum": forum.name,
            "number": item.number,
            "title": item.title,
        }
        if item.minutes:
            what += " – " + item.minutes
        entries.append(
            Entry(
                item.meeting.starts_at,
                link.concern_id,
                _("Mødepunkt"),
                what,
                forum.name,
                forum.legal_basis or basis[link.concern_id],
            )
        )

    for screening in Screening.objects.filter(concern_id__in=ids).select_related("screened_by"):
        what = _("Screenet for pre-entry: %(decision)s – %(reasoning)s") % {
            "decision": screening.get_decision_display(),
            "reasoning": screening.reasoning,
        }
        entries.append(
            Entry(
                _at(screening.screened_on),
                screening.concern_id,
                _("Forløb"),
                what,
                _name(screening.screened_by),
                basis[screening.concern_id],
            )
        )
    programme_events = ProgrammeEvent.objects.filter(programme__concern_id__in=ids).select_related("actor", "programme")
    for history in programme_events:
        label = f"{history.programme.get_kind_display()}: {timeline.shown(history.summary)}"
        entries.append(
            Entry(
                history.at,
                history.programme.concern_id,
                _("Forløb"),
                label,
                _name(history.actor),
                basis[history.programme.concern_id],
            )
        )

    for source in EXTRA_SOURCES:
        entries += source(viewer, concerns)
    entries.sort(key=lambda entry: (entry.at, entry.concern_id))
    return CaseRecord(citizen=citizen, concerns=concerns, entries=entries, withheld=withheld)


# Further entries (daily-report intakes and triage decisions) from the modules that own them (``ssp.intake``).
EXTRA_SOURCES: list[Callable[[User, list[Concern]], list[Entry]]] = []


def _row(entry: Entry) -> list[str]:
    return [cell_text(entry.at), str(entry.concern_id), entry.kind, entry.what, entry.who, entry.basis]


def _header() -> list[str]:
    return [_("Tidspunkt"), _("Sag"), _("Type"), _("Hvad"), _("Hvem"), _("Grundlag")]


def record_csv(record: CaseRecord) -> str:
    """The record for Danish Excel through the shared writer (semicolons, BOM, local dd.mm.yyyy HH:MM, no formulas)."""
    rows: list[list[Cell]] = [
        [entry.at, entry.concern_id, entry.kind, entry.what, entry.who, entry.basis] for entry in record.entries
    ]
    rows += [["", "", _("Udeladt"), f"{withheld.count}: {withheld.reason}", "", ""] for withheld in record.withheld]
    return csv_text(_header(), rows)


CELL_FONT = "Helvetica"
CELL_FONT_SIZE = 8
CELL_PADDING = 12  # reportlab's default cell padding, left and right together (points)


def _wrapped(text: str, width: float) -> str:
    return "\n".join(simpleSplit(text, CELL_FONT, CELL_FONT_SIZE, width - CELL_PADDING))


def record_pdf(record: CaseRecord) -> bytes:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("record", fontSize=8, leading=10)
    out = io.BytesIO()
    title = _("Sagsakt for %(name)s") % {"name": record.citizen.full_name}
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        title=title,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        # Uncompressed, like the letters: the record stays searchable by an auditor's simple tools.
        pageCompression=0,
    )
    story: list[object] = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(
            escape(
                _("Udskrevet %(when)s. Sager: %(ids)s.")
                % {
                    "when": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
                    "ids": ", ".join(str(concern.pk) for concern in record.concerns) or "–",
                }
            ),
            styles["Normal"],
        ),
        Spacer(1, 6),
    ]
    for withheld in record.withheld:
        story.append(
            Paragraph(
                escape(
                    _("%(count)d notat(er) udeladt: %(reason)s") % {"count": withheld.count, "reason": withheld.reason}
                ),
                small,
            )
        )
    widths = [26 * mm, 12 * mm, 22 * mm, 125 * mm, 38 * mm, 48 * mm]
    rows: list[list[object]] = [[Paragraph(escape(text), small) for text in _header()]]
    # Plain cells with their lines broken here (``simpleSplit`` measures the font), not one ``Paragraph`` per cell:
    # a 500-entry record then costs a string split per cell instead of a paragraph layout.
    rows += [
        [_wrapped(text, width) for text, width in zip(_row(entry), widths, strict=True)] for entry in record.entries
    ]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTSIZE", (0, 1), (-1, -1), CELL_FONT_SIZE),
                ("LEADING", (0, 1), (-1, -1), CELL_FONT_SIZE + 2),
            ]
        )
    )
    story.append(table)
    document.build(story)
    return out.getvalue()
