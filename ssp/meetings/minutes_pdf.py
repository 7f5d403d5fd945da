"""The general minutes of a meeting as a PDF (reportlab): general items only, never person-sensitive ones."""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ssp.meetings.models import ItemKind, Meeting


def _paragraphs(text: str, style: object) -> list[Paragraph]:
    return [Paragraph(escape(line), style) for line in text.splitlines() if line.strip()]


def general_minutes_pdf(meeting: Meeting) -> bytes:
    """``meeting`` must come from ``selectors.meeting_page`` (items, decisions and agreements prefetched)."""
    styles = getSampleStyleSheet()
    buffer = BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=_("Referat"), author="SSP-platformen")
    story: list[object] = [
        Paragraph(escape(_("Referat: %(forum)s") % {"forum": meeting.forum.name}), styles["Title"]),
        Paragraph(
            escape(
                _("%(day)s kl. %(time)s, %(place)s")
                % {
                    "day": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y"),
                    "time": timezone.localtime(meeting.starts_at).strftime("%H:%M"),
                    "place": meeting.place or "–",
                }
            ),
            styles["Normal"],
        ),
        Spacer(1, 12),
    ]
    for item in meeting.items.all():
        if item.kind != ItemKind.GENERAL:
            story.append(
                Paragraph(
                    escape(
                        _("Punkt %(number)d: personfølsomt punkt (ikke i det generelle referat)")
                        % {"number": item.number}
                    ),
                    styles["Heading3"],
                )
            )
            continue
        story.append(Paragraph(escape(f"{item.number}. {item.title}"), styles["Heading3"]))
        story += _paragraphs(item.minutes, styles["Normal"])
        for decision in item.decisions.all():
            story.append(Paragraph(escape(_("Beslutning: %(text)s") % {"text": decision.text}), styles["Normal"]))
    agreements = list(meeting.agreements.all())
    if agreements:
        story.append(Paragraph(escape(_("Aftaler")), styles["Heading2"]))
        for agreement in agreements:
            story.append(
                Paragraph(
                    escape(
                        _("%(what)s – ansvarlig: %(owner)s, frist %(due)s")
                        % {
                            "what": agreement.what,
                            "owner": agreement.owner,
                            "due": agreement.due_on.strftime("%d.%m.%Y"),
                        }
                    ),
                    styles["Normal"],
                )
            )
    document.build(story)
    return buffer.getvalue()
