from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from ssp.accounts.models import StaffRole
from ssp.casework import programme_services as services
from ssp.casework import report
from ssp.casework.models import ActionKind, ScreeningItem
from ssp.casework.programmes import ExitOutcome, PreEntryOutcome, ProgrammeKind, ScreeningDecision
from ssp.casework.tests.conftest import decoded
from ssp.privacy import door, policy
from ssp.privacy.models import AuditEvent
from ssp.privacy.relations import Relation
from ssp.structure.models import ForumKind, Municipality


def _pre_entry(concern: Any, coordinator: Any, *, started_on: date) -> Any:
    district = concern.municipality.police_district
    signs = [
        ScreeningItem.objects.create(police_district=district, text=text)
        for text in ("Ældre kammerater i miljøet", "Pjæk")
    ]
    screening = services.screen_concern(
        concern,
        actor=concern.responsible,
        screened_on=started_on,
        sign_ids=[sign.pk for sign in signs],
        decision=ScreeningDecision.ENROL,
        reasoning="Begge risikotegn til stede",
    )
    return services.enrol_programme(
        concern,
        actor=concern.responsible,
        kind=ProgrammeKind.PRE_ENTRY,
        coordinator=coordinator,
        plan="Mentor og fritidsjob",
        started_on=started_on,
        screening=screening,
    )


def _exit(concern: Any, coordinator: Any, *, started_on: date) -> Any:
    return services.enrol_programme(
        concern,
        actor=concern.responsible,
        kind=ProgrammeKind.EXIT,
        coordinator=coordinator,
        plan="Kontrakt med jobcenter og boligsocialt team",
        started_on=started_on,
    )


def test_the_coordinator_sees_the_citizen_while_the_course_runs(make_concern: Any, make_user: Any, today: Any) -> None:
    concern = make_concern()
    coordinator = make_user(role=StaffRole.SSP_CONSULTANT)
    with pytest.raises(Http404):
        door.access_citizen(coordinator, concern.citizen_id, request=None)

    programme = _pre_entry(concern, coordinator, started_on=today)

    _citizen, grant = door.access_citizen(coordinator, concern.citizen_id, request=None)
    assert grant.relation == Relation.PROGRAMME_COORDINATOR
    services.end_programme(programme, actor=coordinator, ended_on=today, reason="Fuldført")
    with pytest.raises(Http404):
        door.access_citizen(coordinator, concern.citizen_id, request=None)


def test_a_course_started_today_opens_in_the_first_danish_hour_of_the_day(
    make_concern: Any, make_user: Any, today: Any
) -> None:
    """Just after Danish midnight the UTC clock still shows yesterday; the start date is a Danish date."""
    concern = make_concern()
    coordinator = make_user(role=StaffRole.SSP_CONSULTANT)
    _pre_entry(concern, coordinator, started_on=today)
    half_past_midnight = timezone.make_aware(datetime.combine(today, time(0, 30))).astimezone(UTC)
    assert half_past_midnight.date() < today

    assert policy.citizens_visible_to(coordinator, at=half_past_midnight).filter(pk=concern.citizen_id).exists()


def test_pre_entry_needs_a_screening_that_decided_on_it(make_concern: Any, make_user: Any, today: Any) -> None:
    concern = make_concern()
    with pytest.raises(ValidationError) as error:
        services.enrol_programme(
            concern,
            actor=concern.responsible,
            kind=ProgrammeKind.PRE_ENTRY,
            coordinator=concern.responsible,
            plan="x",
            started_on=today,
        )
    assert "screening" in error.value.message_dict


def test_a_coordinator_from_another_municipality_is_refused(make_concern: Any, make_user: Any, today: Any) -> None:
    concern = make_concern()
    outsider = make_user(role=StaffRole.SSP_CONSULTANT, municipality="101")
    with pytest.raises(ValidationError) as error:
        services.enrol_programme(
            concern,
            actor=concern.responsible,
            kind=ProgrammeKind.EXIT,
            coordinator=outsider,
            plan="Kontrakt",
            started_on=today,
        )
    assert "coordinator" in error.value.message_dict


def test_the_twelve_month_status_is_reminded_ahead_and_when_overdue(
    make_concern: Any,
    make_user: Any,
    today: Any,
    smtp_server: Any,
    django_capture_on_commit_callbacks: Any,
    deliver_mail_queue: Any,
) -> None:
    concern = make_concern(first_name="Malthe", last_name="Fiktivsen")
    coordinator = make_user(role=StaffRole.SSP_CONSULTANT, email="koordinator@kommune.invalid")
    start = today - relativedelta(months=12) + timedelta(days=10)
    programme = _pre_entry(concern, coordinator, started_on=start)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_outcome_reminders(today=today - timedelta(days=30)) == 0
        assert services.send_outcome_reminders(today=today) == 1
        assert services.send_outcome_reminders(today=today) == 0
        assert services.send_outcome_reminders(today=today + timedelta(days=11)) == 1
    assert deliver_mail_queue() == 2

    subjects = [str(message["Subject"]).strip() for message in smtp_server.messages]
    assert subjects[0].startswith("Påmindelse") and subjects[1].startswith("Overskredet")
    assert all("Malthe" not in decoded(m) and "Fiktivsen" not in decoded(m) for m in smtp_server.messages)
    assert f"/sagsarbejde/forloeb/{programme.pk}/" in decoded(smtp_server.messages[0])

    services.record_outcome(
        programme, actor=coordinator, outcome=PreEntryOutcome.KEPT_OUT, recorded_on=today + timedelta(days=11)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_outcome_reminders(today=today + timedelta(days=40)) == 0


def test_the_status_cannot_be_recorded_before_the_year(make_concern: Any, make_user: Any, today: Any) -> None:
    concern = make_concern()
    programme = _pre_entry(concern, concern.responsible, started_on=today)
    with pytest.raises(ValidationError):
        services.record_outcome(
            programme, actor=concern.responsible, outcome=PreEntryOutcome.KEPT_OUT, recorded_on=today
        )


def test_transfer_moves_access_and_both_municipalities_are_audited(
    make_concern: Any, make_user: Any, login: Any, today: Any
) -> None:
    concern = make_concern()
    exit_coordinator = make_user(role=StaffRole.SSP_CONSULTANT)
    programme = services.enrol_programme(
        concern,
        actor=concern.responsible,
        kind=ProgrammeKind.EXIT,
        coordinator=exit_coordinator,
        plan="Kontrakt",
        started_on=today,
    )
    receiving = Municipality.objects.get(code="101")
    consultant_there = make_user(role=StaffRole.SSP_CONSULTANT, municipality="101")
    coordinator_there = make_user(role=StaffRole.SSP_CONSULTANT, municipality="101")

    client = login(exit_coordinator)
    asked = client.post(
        reverse("casework:programme", args=[programme.pk]), {"transfer": "1", "to_municipality": receiving.pk}
    )
    assert asked.status_code == 302
    with pytest.raises(Http404):
        door.access_citizen(coordinator_there, concern.citizen_id, request=None)
    pending = login(consultant_there).get(reverse("casework:transfers")).content.decode()
    assert concern.citizen.last_name not in pending

    transfer = programme.transfers.get()
    accepted = login(consultant_there).post(
        reverse("casework:transfers"), {"transfer": transfer.pk, "coordinator": coordinator_there.pk}
    )
    assert accepted.status_code == 302

    _citizen, grant = door.access_citizen(coordinator_there, concern.citizen_id, request=None)
    assert grant.relation == Relation.TRANSFERRED_PROGRAMME
    # The first municipality keeps its duty: its coordinator still sees the citizen.
    assert (
        door.access_citizen(exit_coordinator, concern.citizen_id, request=None)[1].relation
        == Relation.PROGRAMME_COORDINATOR
    )
    requested = AuditEvent.objects.get(
        citizen_id=concern.citizen_id, actor_id=exit_coordinator.pk, detail=f"transfer:{transfer.pk}"
    )
    granted = AuditEvent.objects.get(citizen_id=concern.citizen_id, actor_id=consultant_there.pk, action="grant_access")
    assert requested.relation == Relation.PROGRAMME_COORDINATOR
    assert granted.relation == Relation.TRANSFERRED_PROGRAMME and f"from:{concern.municipality_id}" in granted.detail

    # Each municipality's administrator finds its own side of the transfer in the audit log.
    admin_there = make_user(role=StaffRole.MUNICIPAL_ADMIN, municipality="101")
    log_there = login(admin_there).get(reverse("privacy:audit_log"), {"citizen": concern.citizen_id})
    assert consultant_there.username in log_there.content.decode()
    assert "grant_access" in log_there.content.decode()
    admin_here = make_user(role=StaffRole.MUNICIPAL_ADMIN, municipality=concern.municipality.code)
    log_here = login(admin_here).get(reverse("privacy:audit_log"), {"citizen": concern.citizen_id})
    assert exit_coordinator.username in log_here.content.decode()
    # The receiving administrator does not see the first municipality's other events about the citizen.
    assert concern.responsible.username not in log_there.content.decode()


def _exit_offered_to_101(concern: Any, today: Any) -> Any:
    """An exit programme run by the concern's responsible consultant, offered to municipality 101."""
    programme = services.enrol_programme(
        concern,
        actor=concern.responsible,
        kind=ProgrammeKind.EXIT,
        coordinator=concern.responsible,
        plan="Kontrakt",
        started_on=today,
    )
    return services.request_transfer(
        programme, actor=concern.responsible, to_municipality=Municipality.objects.get(code="101")
    )


def test_only_the_receiving_municipality_accepts(make_concern: Any, make_user: Any, today: Any) -> None:
    concern = make_concern()
    transfer = _exit_offered_to_101(concern, today)
    with pytest.raises(ValidationError):
        services.accept_transfer(transfer, actor=concern.responsible, coordinator=concern.responsible)


def test_a_teacher_of_the_receiving_municipality_cannot_accept_even_through_the_service(
    make_concern: Any, make_user: Any, today: Any
) -> None:
    """Accepting grants the coordinator the citizen: the policy, not the page, keeps the role out."""
    concern = make_concern()
    transfer = _exit_offered_to_101(concern, today)
    teacher_there = make_user(role=StaffRole.SSP_TEACHER, municipality="101")
    consultant_there = make_user(role=StaffRole.SSP_CONSULTANT, municipality="101")

    with pytest.raises(ValidationError):
        services.accept_transfer(transfer, actor=teacher_there, coordinator=consultant_there)
    transfer.refresh_from_db()
    assert transfer.accepted_at is None


def test_exit_contract_meetings_and_infohus(make_concern: Any, make_forum: Any, today: Any) -> None:
    make_forum(name="Exit-enhed", kind=ForumKind.EXIT_UNIT)
    concern = make_concern()
    programme = services.enrol_programme(
        concern,
        actor=concern.responsible,
        kind=ProgrammeKind.EXIT,
        coordinator=concern.responsible,
        plan="Kontrakt",
        started_on=today,
    )
    services.add_contract_measure(
        programme,
        actor=concern.responsible,
        department="Jobcenter",
        measure="Praktikplads",
        due_on=today + timedelta(days=30),
    )
    meetings = services.schedule_coordination_meetings(programme, actor=concern.responsible, months=6)
    again = services.schedule_coordination_meetings(programme, actor=concern.responsible, months=6)
    action = services.refer_to_infohus(
        programme, actor=concern.responsible, reason="Sikkerhedssituationen skal vurderes"
    )

    assert len(meetings) in (5, 6) and again == []  # the current month is skipped when its day has passed
    months = {(m.starts_at.year, m.starts_at.month) for m in meetings}
    assert len(months) == len(meetings)
    assert all(m.starts_at.weekday() < 5 and m.forum.kind == ForumKind.EXIT_UNIT for m in meetings)
    assert action.kind == ActionKind.INFOHUS_REFERRAL
    assert programme.measures.get().department == "Jobcenter"


def test_the_district_report_counts_per_municipality(make_concern: Any, today: Any) -> None:
    for _ in range(2):
        concern = make_concern()
        _pre_entry(concern, concern.responsible, started_on=today)
    district = concern.municipality.police_district
    rows = {row.municipality: row for row in report.pre_entry_report(district, today.year)}
    assert rows[concern.municipality.name].enrolled == "<5"
    assert all(row.enrolled == "0" for name, row in rows.items() if name != concern.municipality.name)


def test_an_exit_programme_gets_its_own_twelve_month_status_with_a_reminder(
    make_concern: Any,
    make_user: Any,
    login: Any,
    today: Any,
    smtp_server: Any,
    django_capture_on_commit_callbacks: Any,
    deliver_mail_queue: Any,
) -> None:
    concern = make_concern()
    coordinator = make_user(role=StaffRole.SSP_CONSULTANT, email="exit@kommune.invalid")
    programme = _exit(concern, coordinator, started_on=today - relativedelta(months=12) + timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_outcome_reminders(today=today) == 1
    assert deliver_mail_queue() == 1
    assert "exitprogram" in decoded(smtp_server.messages[0])

    with pytest.raises(ValidationError) as wrong_kind:
        services.record_outcome(programme, actor=coordinator, outcome=PreEntryOutcome.MOVED, recorded_on=today)
    assert "outcome" in wrong_kind.value.message_dict

    page = login(coordinator).get(reverse("casework:programme", args=[programme.pk])).content.decode()
    assert str(ExitOutcome.LEFT_ENVIRONMENT.label) in page and str(PreEntryOutcome.KEPT_OUT.label) not in page
    response = login(coordinator).post(
        reverse("casework:programme", args=[programme.pk]),
        {"outcome": ExitOutcome.LEFT_ENVIRONMENT, "note": "Fast arbejde", "record_outcome": "1"},
    )
    programme.refresh_from_db()
    assert response.status_code == 302, response.content.decode()[:500]
    assert programme.outcome == ExitOutcome.LEFT_ENVIRONMENT and programme.outcome_recorded_on == today
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_outcome_reminders(today=today + timedelta(days=30)) == 0


def test_the_coordinator_adds_a_contract_line_on_the_page(make_concern: Any, login: Any, today: Any) -> None:
    concern = make_concern()
    programme = _exit(concern, concern.responsible, started_on=today)
    data = {"department": "Jobcenter", "measure": "Praktikplads", "due_on": (today + timedelta(days=30)).isoformat()}
    response = login(concern.responsible).post(
        reverse("casework:programme", args=[programme.pk]), {**data, "add_measure": "1"}
    )
    assert response.status_code == 302
    line = programme.measures.get()
    assert (line.department, line.measure) == ("Jobcenter", "Praktikplads")


def test_the_programme_history_is_stored_in_danish_and_shown_in_english(
    make_concern: Any, make_forum: Any, login: Any, today: Any
) -> None:
    make_forum(name="Exitteam Vestegnen", kind=ForumKind.EXIT_UNIT)
    concern = make_concern()
    coordinator = concern.responsible
    with translation.override("en"):
        programme = _exit(concern, coordinator, started_on=today - relativedelta(months=12) + timedelta(days=5))
        services.add_contract_measure(
            programme, actor=coordinator, department="Boligteam Nord", measure="Praktik", due_on=date(2031, 3, 1)
        )
        services.schedule_coordination_meetings(programme, actor=coordinator, months=2)
        services.record_outcome(programme, actor=coordinator, outcome=ExitOutcome.LEFT_ENVIRONMENT, recorded_on=today)

    stored = list(programme.events.values_list("summary", flat=True))
    name = coordinator.get_full_name()
    assert stored[:2] == [f"Forløbet er startet med koordinator {name}", "Kontrakt: Boligteam Nord, frist 01.03.2031"]
    assert stored[-1] == f"Status efter 12 måneder: {ExitOutcome.LEFT_ENVIRONMENT.label}"

    client = login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("casework:programme", args=[programme.pk])).content.decode()
    with translation.override("en"):
        outcome = str(ExitOutcome.LEFT_ENVIRONMENT.label)
    for line in (
        f"The programme has started with coordinator {name}",
        "Contract: Boligteam Nord, due 01.03.2031",
        "coordination meetings booked in Exitteam Vestegnen",
        f"Status after 12 months: {outcome}",
    ):
        assert line in page, line
    assert "Forløbet er startet" not in page and "Kontrakt: Boligteam" not in page
