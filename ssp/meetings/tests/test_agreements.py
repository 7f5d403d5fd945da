"""Agreements: created at a meeting, on the owner's start page, reminded before the due date, completed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from ssp.core.views import START_SECTIONS
from ssp.meetings.models import Agreement, AgreementStatus
from ssp.meetings.services import add_agreement, complete_agreement, send_agreement_reminders

pytestmark = pytest.mark.django_db


def test_agreement_appears_in_the_owners_start_page_section(glostrup, next_meeting, django_assert_num_queries) -> None:
    today = timezone.localdate()
    for days, what in ((5, "Kontakt natteravnene"), (10, "Plan for skolebesøg"), (20, "Evaluer indsatsen")):
        add_agreement(
            next_meeting,
            actor=glostrup.consultant,
            what=what,
            owner=glostrup.police,
            due_on=today + timedelta(days=days),
        )
    template, selector = next(section for section in START_SECTIONS if section[0].startswith("meetings/"))
    # The next meeting and the open agreements: one query each.
    with django_assert_num_queries(2):
        page = render_to_string(template, import_string(selector)(glostrup.police))
    assert page.index("Næste møde") < page.index("Samordningsmøde Glostrup") < page.index("Mine aftaler")
    assert page.index("Kontakt natteravnene") < page.index("Plan for skolebesøg") < page.index("Evaluer indsatsen")
    assert "Kontakt natteravnene" not in render_to_string(template, import_string(selector)(glostrup.teacher_a))


def test_agreement_text_passes_the_privacy_check_and_owner_must_be_a_member(glostrup, next_meeting, make_pupil) -> None:
    make_pupil(glostrup.school_a, first_name="Mikkel", last_name="Sørensen")
    due = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError):
        add_agreement(
            next_meeting,
            actor=glostrup.consultant,
            what="Ring til Mikkel Sørensens mor",
            owner=glostrup.police,
            due_on=due,
        )
    with pytest.raises(ValidationError) as refused:
        add_agreement(next_meeting, actor=glostrup.consultant, what="Ring", owner=glostrup.outsider, due_on=due)
    assert "owner" in refused.value.message_dict
    assert not Agreement.objects.exists()


def test_reminders_go_once_before_the_due_date(glostrup, next_meeting, smtp_server, commit) -> None:
    today = timezone.localdate()
    soon = add_agreement(
        next_meeting,
        actor=glostrup.consultant,
        what="Kontakt natteravnene",
        owner=glostrup.police,
        due_on=today + timedelta(days=2),
    )
    add_agreement(
        next_meeting, actor=glostrup.consultant, what="Senere", owner=glostrup.police, due_on=today + timedelta(days=30)
    )
    done = add_agreement(
        next_meeting,
        actor=glostrup.consultant,
        what="Klaret",
        owner=glostrup.caseworker,
        due_on=today + timedelta(days=1),
    )
    complete_agreement(done, actor=glostrup.caseworker)
    with commit(execute=True):
        call_command("meetings", "remind")
    assert [m["To"] for m in smtp_server.messages] == [glostrup.police.email]
    assert "Påmindelse" in smtp_server.messages[0]["Subject"]
    soon.refresh_from_db()
    assert soon.reminded_at is not None
    with commit(execute=True):
        assert send_agreement_reminders() == 0
    assert len(smtp_server.messages) == 1


def test_owner_marks_an_agreement_done_and_others_cannot(glostrup, next_meeting, login) -> None:
    agreement = add_agreement(
        next_meeting,
        actor=glostrup.consultant,
        what="Kontakt natteravnene",
        owner=glostrup.police,
        due_on=timezone.localdate(),
    )
    url = reverse("meetings:complete_agreement", args=[agreement.pk])
    assert login(glostrup.teacher_a).post(url).status_code == 404
    login(glostrup.police).post(url)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DONE and agreement.done_at is not None


def test_my_agreements_page_needs_log_in(client) -> None:
    assert client.get(reverse("meetings:agreements")).status_code == 302


def test_the_start_page_names_the_next_planned_meeting_of_the_users_forums(glostrup, next_meeting, login) -> None:
    from ssp.meetings.services import cancel_meeting, create_meeting

    earlier = create_meeting(
        glostrup.forum,
        starts_at=next_meeting.starts_at - timedelta(days=7),
        ends_at=next_meeting.ends_at - timedelta(days=7),
        place="",
        actor=glostrup.consultant,
    )
    cancel_meeting(earlier, actor=glostrup.consultant)

    page = login(glostrup.police).get(reverse("core:start")).content.decode()
    outsider_page = login(glostrup.outsider).get(reverse("core:start")).content.decode()

    assert f'href="{reverse("meetings:meeting", args=[next_meeting.pk])}"' in page
    assert f'href="{reverse("meetings:meeting", args=[earlier.pk])}"' not in page
    assert "Du har ingen planlagte møder." in outsider_page
