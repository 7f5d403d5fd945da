"""Day one in a municipality: an SSP consultant, a teacher and the municipality's administrator walk their day.

Each logs in with password and one-time code (TOTP) and opens the pages their day covers, at desktop width and at
390 px: the page must not scroll sideways, the menu button must open the navigation on a phone, and axe-core must
find no serious or critical violation. The error pages (403, 404) are part of the walk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.concerns import services as concern_services
from ssp.mail.services import MailDraft, queue_mail
from ssp.meetings import services as meeting_services
from ssp.meetings.models import ItemKind
from ssp.structure import services as structure_services
from ssp.structure.models import MembershipRole
from ssp.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    screenshot,
)
from ssp.testing.concerns import responsible_grant
from ssp.testing.structure import acting_admin

# The opened menu's links that are hidden, folded away or outside the window (a row of links clipped at the edge).
OFF_SCREEN_LINKS = """() => [...document.querySelectorAll("#ssp-main-menu .mainmenu > li > a.nav-link")]
  .filter(a => { const r = a.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > innerWidth; })
  .map(a => a.textContent.trim())"""
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@dataclass
class Day:
    consultant: User
    teacher: User
    admin: User
    concern: Any
    meeting: Any
    general_item: Any


@pytest.fixture
def day(
    make_user: Callable[..., User],
    make_concern: Callable[..., Any],
    build_forums: Callable[..., list[Any]],
    place_at_school: Callable[..., Any],
) -> Day:
    consultant = make_user(role=StaffRole.SSP_CONSULTANT, first_name="Karen", last_name="Konsulent")
    teacher = make_user(role=StaffRole.SSP_TEACHER, first_name="Lise", last_name="Lærer")
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN, first_name="Anders", last_name="Administrator")
    forum = build_forums(1)[0]
    forum.allows_person_sensitive, forum.legal_basis = True, "Retsplejelovens § 115"
    structure_services.save_forum(forum, actor=acting_admin())
    school = forum.memberships.first().organisation
    place_at_school(teacher, school)
    structure_services.add_membership(
        forum=forum,
        user=teacher,
        role=MembershipRole.MEMBER,
        starts_on=date(2024, 1, 1),
        organisation=school,
        actor=acting_admin(),
    )
    concern = make_concern(responsible=consultant, school=school, school_context=True)
    concern_services.add_note(
        concern, actor=consultant, grant=responsible_grant(concern), text="Mor er orienteret om bekymringen"
    )
    starts = (timezone.localtime() + timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    meeting = meeting_services.create_meeting(
        forum, starts_at=starts, ends_at=starts + timedelta(hours=2), place="Skolens mødelokale", actor=consultant
    )
    general = meeting_services.add_agenda_item(meeting, actor=consultant, title="Tryghed i skolegården")
    meeting_services.add_agenda_item(
        meeting, actor=consultant, title="Bekymring for elev", kind=ItemKind.PERSON_SENSITIVE, concern_ids=[concern.pk]
    )
    meeting_services.publish_agenda(meeting, actor=consultant)
    meeting_services.record_item_minutes(
        general, actor=consultant, text="Gårdvagterne er fordelt.", decision="Skolen følger op i december."
    )
    queue_mail([MailDraft(recipient=teacher, subject="Indkaldelse: SSP-netværk", body="Se dagsordenen")])
    return Day(consultant, teacher, admin, concern, meeting, general)


def _walk(page: Any, live_server: Any, viewport: dict[str, int], who: str, pages: list[tuple[str, str, int]]) -> None:
    for name, path, status in pages:
        response = page.goto(live_server.url + path)
        assert response.status == status, f"{who} {path}: {response.status}"
        assert page.locator("h1").count() == 1, f"{who} {path}: one heading names the page"
        assert_no_sideways_scroll(page)
        if viewport is PHONE:
            menu = page.locator("#ssp-main-menu")
            assert not menu.is_visible(), f"{path}: the menu is folded at phone width"
            page.get_by_role("button", name="Menu").click()
            assert menu.locator(".mainmenu > li > a.nav-link").count() >= 2
            assert page.evaluate(OFF_SCREEN_LINKS) == [], f"{path}: the opened menu does not show every link"
            assert_no_sideways_scroll(page)
        assert_no_serious_axe_violations(page)
        screenshot(page, f"walk_{who}_{name}_{viewport['width']}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_day_of_a_consultant_a_teacher_and_an_administrator(
    browser: Any, live_server: Any, browser_login: Callable[..., None], day: Day, viewport: dict[str, int]
) -> None:
    concern = reverse("concerns:detail", args=[day.concern.pk])
    agenda = reverse("meetings:meeting", args=[day.meeting.pk])
    minutes = reverse("meetings:item_minutes", args=[day.meeting.pk, day.general_item.pk])
    walks = {
        "consultant": (
            day.consultant,
            [
                ("start", reverse("core:start"), 200),
                ("mine", reverse("concerns:mine"), 200),
                ("concern", concern, 200),
                ("calendar", reverse("meetings:calendar"), 200),
                ("agenda", agenda, 200),
                ("minutes", minutes, 200),
                ("agreements", reverse("meetings:agreements"), 200),
                ("forbidden", reverse("privacy:audit_log"), 403),
                ("not_found", "/findes-ikke/", 404),
            ],
        ),
        "teacher": (
            day.teacher,
            [
                ("start", reverse("core:start"), 200),
                ("mine", reverse("concerns:mine"), 200),
                ("concern", concern, 200),
                ("calendar", reverse("meetings:calendar"), 200),
                ("agenda", agenda, 200),
                ("forbidden", reverse("staff:list"), 403),
            ],
        ),
        "admin": (
            day.admin,
            [
                ("start", reverse("core:start"), 200),
                ("staff", reverse("staff:list"), 200),
                ("staff_detail", reverse("staff:detail", args=[day.teacher.pk]), 200),
                ("staff_create", reverse("staff:create"), 200),
                ("outbox", reverse("mail:outbox"), 200),
                ("access_log", reverse("privacy:audit_log"), 200),
                ("emergency_review", reverse("privacy:emergency_review"), 200),
                ("retention", reverse("privacy:retention_rules"), 200),
                ("calendar", reverse("meetings:calendar"), 200),
                ("not_found", "/findes-ikke/", 404),
            ],
        ),
    }
    for who, (user, pages) in walks.items():
        context = browser.new_context(locale="da-DK", viewport=viewport, bypass_csp=True)
        page = context.new_page()
        browser_login(page, live_server, user)
        _walk(page, live_server, viewport, who, pages)
        context.close()
