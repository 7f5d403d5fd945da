from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.casework import programme_services, record, services
from ssp.casework.models import ActionKind
from ssp.casework.programmes import ProgrammeKind
from ssp.concerns import services as concern_services
from ssp.meetings import services as meeting_services
from ssp.meetings.models import ItemKind
from ssp.privacy.door import request_emergency_access
from ssp.privacy.models import AuditEvent
from ssp.structure.models import ForumKind
from ssp.testing.concerns import responsible_grant


def _full_case(make_concern: Any, make_guardian: Any, make_forum: Any, today: Any) -> Any:
    concern = make_concern(first_name="Malthe", last_name="Fiktivsen")
    owner = concern.responsible
    grant = responsible_grant(concern)
    concern_services.add_note(
        concern, actor=owner, grant=grant, text="Politiet oplyser om færden ved banegården", section_115=True
    )
    concern_services.add_note(concern, actor=owner, grant=grant, text="Mor ringede tilbage")
    make_guardian(concern, "Anna Fiktivsen")
    services.generate_letters(concern, actor=owner)
    visit = services.plan_action(concern, kind=ActionKind.HOME_VISIT, owner=owner, due_on=today, actor=owner)
    services.record_action(visit, actor=owner, done_on=today, outcome="Familien tog godt imod os")
    services.plan_action(
        concern, kind=ActionKind.NOTIFICATION_TO_SOCIAL_SERVICES, owner=owner, due_on=today, actor=owner
    )
    forum = make_forum(
        name="Samordningsmøde",
        kind=ForumKind.CASE_COORDINATION,
        allows_person_sensitive=True,
        legal_basis="Retsplejelovens § 115",
    )
    start = timezone.now() + timedelta(days=2)
    meeting = meeting_services.create_meeting(
        forum, starts_at=start, ends_at=start + timedelta(hours=2), place="", actor=owner
    )
    meeting_services.add_agenda_item(
        meeting, actor=owner, title="Sag om ung", kind=ItemKind.PERSON_SENSITIVE, concern_ids=[concern.pk]
    )
    programme = programme_services.enrol_programme(
        concern, actor=owner, kind=ProgrammeKind.EXIT, coordinator=owner, plan="Kontrakt om job", started_on=today
    )
    programme_services.add_contract_measure(
        programme, actor=owner, department="Jobcenter", measure="Praktik", due_on=today
    )
    concern_services.close_concern(concern, actor=owner, grant=grant, reason="Afsluttet efter samtale")
    return concern


def test_the_record_holds_every_kind_of_event_in_date_order(
    make_concern: Any, make_guardian: Any, make_forum: Any, today: Any
) -> None:
    concern = _full_case(make_concern, make_guardian, make_forum, today)
    built = record.case_record(concern.responsible, concern.citizen)

    kinds = {entry.kind for entry in built.entries}
    assert kinds == {"Henvendelse", "Notat", "Brev", "Indsats", "Mødepunkt", "Sagsforløb", "Forløb"}
    assert [entry.at for entry in built.entries] == sorted(entry.at for entry in built.entries)
    notification = next(entry for entry in built.entries if "underretning" in entry.what)
    assert "barnets lov" in notification.basis
    assert any("§ 115-oplysning" in entry.basis for entry in built.entries)


def test_the_pdf_contains_every_event_kind(
    make_concern: Any, make_guardian: Any, make_forum: Any, today: Any, login: Any
) -> None:
    concern = _full_case(make_concern, make_guardian, make_forum, today)
    response = login(concern.responsible).get(reverse("casework:record_export", args=[concern.citizen_id, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="sagsakt-{concern.citizen_id}.pdf"'
    pdf = response.content
    # ASCII parts of each kind's label: reportlab writes other characters escaped.
    for kind in (
        "Henvendelse",
        "Notat",
        "Brev",
        "Indsats",
        "Sagsforl",
        "hjemmebes",
        "Samordningsm",
        "baneg",
        "Jobcenter",
    ):
        assert kind.encode() in pdf, kind
    assert AuditEvent.objects.filter(citizen_id=concern.citizen_id, action="export").count() == 1


def test_section_115_notes_are_left_out_for_an_emergency_reader_who_is_told_why(
    make_concern: Any, make_guardian: Any, make_forum: Any, make_user: Any, today: Any, login: Any
) -> None:
    concern = _full_case(make_concern, make_guardian, make_forum, today)
    reader = make_user(role=StaffRole.SSP_CONSULTANT)
    request_emergency_access(concern.citizen, actor=reader, reason="Akut henvendelse fra skolen")

    page = login(reader).get(reverse("casework:record", args=[concern.citizen_id])).content.decode()

    assert "banegården" not in page and "Mor ringede tilbage" in page
    assert "1 notat er udeladt" in page and "§115" in page


def test_no_relation_no_record(make_concern: Any, make_user: Any, login: Any) -> None:
    concern = make_concern()
    client = login(make_user())
    assert client.get(reverse("casework:record", args=[concern.citizen_id])).status_code == 404
    assert client.get(reverse("casework:record_export", args=[concern.citizen_id, "csv"])).status_code == 404


def test_the_record_page_spends_the_same_queries_for_more_events(
    make_concern: Any, make_guardian: Any, make_forum: Any, today: Any, login: Any, django_assert_num_queries: Any
) -> None:
    concern = _full_case(make_concern, make_guardian, make_forum, today)
    client = login(concern.responsible)
    url = reverse("casework:record", args=[concern.citizen_id])
    client.get(url)  # warm-up: the first request after log-in also renews the session
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(3):
        visit = services.plan_action(
            concern, kind=ActionKind.SCHOOL_VISIT, owner=concern.responsible, due_on=today, actor=concern.responsible
        )
        services.record_action(visit, actor=concern.responsible, done_on=today, outcome="Talte med lærer")
    # session, user, OTP device, citizen, concerns, audit chain head + event, then one query per kind of event (concern events, team, notes, actions + staff, letters, agenda items, screenings, programme events)
    assert len(before.captured_queries) == 17
    with django_assert_num_queries(17):
        client.get(url)


def test_the_cases_of_a_daily_report_week_are_found_and_disclosed(
    make_concern: Any, make_user: Any, login: Any, django_assert_num_queries: Any
) -> None:
    consultant = make_user()
    inside = [make_concern(responsible=consultant, source="police_daily_report") for _ in range(3)]
    make_concern(responsible=consultant, source="school")
    make_concern(source="police_daily_report")  # another consultant's case
    year, week, _day = timezone.localdate().isocalendar()
    client = login(consultant)
    with django_assert_num_queries(9):
        page = client.get(reverse("casework:daily_report"), {"aar": year, "uge": week}).content.decode()
    assert all(reverse("casework:record", args=[c.citizen_id]) in page for c in inside)
    assert page.count("Åbn sagsakt") == 3
    assert AuditEvent.objects.filter(action="search", detail=f"daily_report_week:{year}-{week}").count() == 3


def test_the_record_csv_opens_in_danish_excel_and_runs_no_formula(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    owner = concern.responsible
    concern_services.add_note(concern, actor=owner, grant=responsible_grant(concern), text='=HYPERLINK("http://x")')

    response = login(owner).get(reverse("casework:record_export", args=[concern.citizen_id, "csv"]))

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffTidspunkt;Sag;Type;Hvad;Hvem;Grundlag\r\n")
    opened = timezone.localtime(concern.opened_at).strftime("%d.%m.%Y %H:%M")
    assert f"\r\n{opened};{concern.pk};" in text
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
