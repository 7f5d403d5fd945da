"""A citizen's access history as CSV and PDF for a subject-access request (GDPR art. 15)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from ssp.lib.spreadsheet_csv import Cell, cell_text, csv_text
from ssp.privacy.models import AuditEvent


def _rows(events: list[AuditEvent]) -> list[list[Cell]]:
    return [
        [event.at, event.actor_username, event.get_action_display(), event.relation_label, event.concern_id]
        for event in events
    ]


def _header() -> list[str]:
    return [_("Tidspunkt"), _("Bruger"), _("Handling"), _("Relation"), _("Sag")]


def history_csv(events: list[AuditEvent]) -> str:
    return csv_text(_header(), _rows(events))


def history_pdf(events: list[AuditEvent], *, citizen_id: int) -> bytes:
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=_("Adgangshistorik"))
    story = [
        Paragraph(_("Adgangshistorik for borger-id %(id)s") % {"id": citizen_id}, styles["Title"]),
        Table([_header(), *([cell_text(value) for value in row] for row in _rows(events))], repeatRows=1),
    ]
    doc.build(story)
    return buffer.getvalue()
