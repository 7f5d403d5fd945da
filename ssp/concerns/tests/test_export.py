from __future__ import annotations

import csv
import io
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.concerns import services
from ssp.privacy.models import AuditEvent
from ssp.testing.concerns import responsible_grant


def _with_notes(concern: Any) -> None:
    grant = responsible_grant(concern)
    services.add_note(concern, actor=concern.responsible, grant=grant, text="Åbent notat")
    services.add_note(concern, actor=concern.responsible, grant=grant, text="Politiets oplysning", section_115=True)


def test_the_team_exports_every_note(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    _with_notes(concern)
    response = login(concern.responsible).get(reverse("concerns:export", args=[concern.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Politiets oplysning" in body
    assert AuditEvent.objects.filter(action="export", concern=concern).count() == 1


def test_outside_the_team_the_export_leaves_section_115_out_and_says_why(
    make_concern: Any, make_user: Any, make_school: Any, place_at_school: Any, login: Any
) -> None:
    leader = make_user(role=StaffRole.SCHOOL_LEADER)
    school = make_school()
    place_at_school(leader, school)
    concern = make_concern(school=school, school_context=True)
    _with_notes(concern)

    body = login(leader).get(reverse("concerns:export", args=[concern.pk])).content.decode()

    assert "Åbent notat" in body
    assert "Politiets oplysning" not in body
    assert "Udeladt" in body
    assert "retsplejelovens §115" in body


def test_no_relation_is_refused(make_concern: Any, make_user: Any, login: Any) -> None:
    concern = make_concern()
    response = login(make_user()).get(reverse("concerns:export", args=[concern.pk]))
    assert response.status_code == 404


def test_the_export_opens_in_danish_excel_and_cannot_run_a_formula(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    grant = responsible_grant(concern)
    note = services.add_note(
        concern, actor=concern.responsible, grant=grant, text='=HYPERLINK("http://evil.example";"Klik")'
    )

    raw = login(concern.responsible).get(reverse("concerns:export", args=[concern.pk])).content

    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Type", "Tidspunkt", "Medarbejder", "Tekst", "§115"]
    [note_row] = [row for row in rows if row[0] == "Notat"]
    assert note_row[1] == timezone.localtime(note.created_at).strftime("%d.%m.%Y %H:%M")
    assert note_row[3] == '\'=HYPERLINK("http://evil.example";"Klik")'
