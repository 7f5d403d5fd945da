"""A citizen's access history as CSV and PDF for a subject-access request (GDPR art. 15)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from ssp.lib.spreadsheet_csv import csv_text
from ssp.privacy.models import AuditEvent


def _rows(events: list[AuditEvent]) -> list[list[str]]:
    return [
        [
            timezone.localtime(event.at).strftime("%d.%m.%Y %H:%M"),
            event.actor_username,
            event.action,
            event.relation,
            str(event.concern_id or ""),
        ]
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
        Table([_header(), *_rows(events)], repeatRows=1),
    ]
    doc.build(story)
    return buffer.getvalue()
