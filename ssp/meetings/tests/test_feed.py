"""The per-user iCalendar feed at a secret, renewable address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ssp.meetings.models import CalendarFeed
from ssp.meetings.services import add_agenda_item, create_meeting, hash_feed_token, renew_calendar_feed

pytestmark = pytest.mark.django_db


def test_it_serves_a_valid_calendar_of_my_meetings_without_citizen_data(
    glostrup, next_meeting, make_pupil, client
) -> None:
    concern = make_pupil(glostrup.school_a, first_name="Freja", last_name="Bøgh")
    add_agenda_item(
        next_meeting,
        actor=glostrup.consultant,
        title="Bekymring, 7. klasse",
        kind="person_sensitive",
        concern_ids=[concern.pk],
    )
    token = renew_calendar_feed(glostrup.teacher_a, actor=glostrup.teacher_a)
    response = client.get(reverse("meetings:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(event["uid"]) for event in events] == [f"{next_meeting.uid}@ssp-platformen"]
    assert str(events[0]["summary"]) == "Samordningsmøde Glostrup"
    assert str(events[0]["location"]) == "Glostrup Rådhus, mødelokale 2"
    assert f"/moeder/moede/{next_meeting.pk}/" in str(events[0]["url"])
    text = response.content.decode()
    assert "Freja" not in text and "Bøgh" not in text and "7. klasse" not in text


def test_only_the_hash_is_stored_and_renewing_retires_the_old_address(glostrup, client) -> None:
    old = renew_calendar_feed(glostrup.police, actor=glostrup.police)
    assert CalendarFeed.objects.get(user=glostrup.police).token_hash == hash_feed_token(old)
    new = renew_calendar_feed(glostrup.police, actor=glostrup.police)
    assert client.get(reverse("meetings:feed", args=[old])).status_code == 404
    assert client.get(reverse("meetings:feed", args=[new])).status_code == 200


def test_unknown_token_or_inactive_user_is_refused(glostrup, client) -> None:
    assert client.get(reverse("meetings:feed", args=["not-a-token"])).status_code == 404
    token = renew_calendar_feed(glostrup.police, actor=glostrup.police)
    glostrup.police.is_active = False
    glostrup.police.save()
    assert client.get(reverse("meetings:feed", args=[token])).status_code == 404


def test_feed_leaves_out_forums_i_am_not_in(glostrup, client, make_user) -> None:
    starts = timezone.now() + timedelta(days=3)
    create_meeting(
        glostrup.forum, starts_at=starts, ends_at=starts + timedelta(hours=1), place="", actor=glostrup.consultant
    )
    stranger = make_user()
    token = renew_calendar_feed(stranger, actor=stranger)
    calendar = Calendar.from_ical(client.get(reverse("meetings:feed", args=[token])).content)
    assert calendar.walk("VEVENT") == []


def test_settings_page_shows_the_new_address_once(glostrup, login) -> None:
    client = login(glostrup.teacher_b)
    assert "Opret adresse" in client.get(reverse("meetings:feed_settings")).content.decode()
    response = client.post(reverse("meetings:feed_settings"))
    assert "/moeder/kalender/" in response.content.decode()
    assert "/moeder/kalender/" not in client.get(reverse("meetings:feed_settings")).content.decode()


def test_settings_page_needs_log_in(client) -> None:
    assert client.get(reverse("meetings:feed_settings")).status_code == 302
