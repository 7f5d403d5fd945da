"""The intake pages as their users meet them: upload, preview, confirm, commit, queue, agenda and decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole, User
from ssp.citizens.models import Citizen
from ssp.intake import selectors
from ssp.intake.models import Intake, IntakePreview, TriageItem
from ssp.intake.tests.conftest import Indsatsmoede
from ssp.intake.triage import schedule_triage
from ssp.privacy.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _upload(client: Any, data: bytes, municipality: int | None) -> Any:
    upload = SimpleUploadedFile("døgnrapport.csv", data, content_type="text/csv")
    return client.post(
        reverse("intake:upload"), {"file": upload, "source": "daily_report", "municipality": municipality}
    )


def test_upload_preview_confirm_and_commit(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User, login: Callable[[User], Any]
) -> None:
    client = login(consultant)

    response = _upload(client, demo_report, consultant.municipality_id)
    preview = IntakePreview.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("intake:preview", args=[preview.pk])

    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bekræft: samme barn" in body and "Lolland" not in body
    # Reading the preview discloses every linked citizen and candidate, once each.
    assert AuditEvent.objects.filter(action=AuditAction.LIST, detail=f"intake_preview:{preview.pk}").exists()

    row = preview.rows.get(number=10)
    confirmed = client.post(
        reverse("intake:confirm_row", args=[preview.pk, 10]),
        {"citizen_id": row.candidates[0]["citizen"]},
        HTTP_HX_REQUEST="true",
    )
    assert confirmed.status_code == 200 and 'id="raekke-10"' in confirmed.content.decode()
    client.post(reverse("intake:reject_row", args=[preview.pk, 23]), HTTP_HX_REQUEST="true")

    committed = client.post(reverse("intake:commit", args=[preview.pk]))
    assert committed.status_code == 302 and committed["Location"] == reverse("intake:queue")
    assert Intake.objects.count() == 16


def test_a_broken_file_is_answered_with_the_problem_and_nothing_stored(
    consultant: User, login: Callable[[User], Any]
) -> None:
    client = login(consultant)

    response = _upload(client, b"Journalnummer;Navn\r\nJ-1;Mia\r\n", consultant.municipality_id)

    assert response.status_code == 400
    assert "Filen mangler disse kolonner" in response.content.decode()
    assert not IntakePreview.objects.exists()


def test_commit_with_undecided_rows_returns_to_the_preview_with_the_rows_named(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User, login: Callable[[User], Any]
) -> None:
    client = login(consultant)
    _upload(client, demo_report, consultant.municipality_id)
    preview = IntakePreview.objects.get()

    response = client.post(reverse("intake:commit", args=[preview.pk]), follow=True)

    assert "Bekræft eller afvis række 10, 23." in response.content.decode()
    assert not Intake.objects.exists()


def test_a_teacher_cannot_upload_and_another_municipality_cannot_see_the_preview(
    demo_report: bytes,
    guldborgsund_children: list[Citizen],
    consultant: User,
    make_user: Callable[..., User],
    login: Callable[[User], Any],
) -> None:
    client = login(consultant)
    _upload(client, demo_report, consultant.municipality_id)
    preview = IntakePreview.objects.get()

    teacher = make_user(role=StaffRole.SSP_TEACHER, municipality="376")
    assert login(teacher).get(reverse("intake:upload")).status_code == 403
    glostrup = make_user(role=StaffRole.SSP_CONSULTANT, municipality="161")
    assert login(glostrup).get(reverse("intake:preview", args=[preview.pk])).status_code == 404


@pytest.mark.parametrize(("lines", "side"), [(4, "1"), (26, "2")])
def test_the_preview_page_has_a_fixed_number_of_queries(
    lines: int,
    side: str,
    demo_report: bytes,
    guldborgsund_children: list[Citizen],
    consultant: User,
    login: Callable[[User], Any],
    django_assert_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Pages of five rows, so the demo week's 20 rows make four pages and a file of 3 rows one.
    monkeypatch.setattr(selectors, "PREVIEW_PAGE_SIZE", 5)
    client = login(consultant)
    _upload(client, b"\r\n".join(demo_report.split(b"\r\n")[:lines]), consultant.municipality_id)
    preview = IntakePreview.objects.get()
    url = f"{reverse('intake:preview', args=[preview.pk])}?side={side}"
    client.get(url)

    with django_assert_num_queries(QUERIES_PREVIEW):
        page = client.get(url)

    assert page.context["page"].number == int(side)


# The same for a file of 3 rows as for page 2 of the demo week: session, user, two-factor device, inbox check,
# preview, the caller's rows exist, the counts per filter (one query), the page's row count and its rows, visible
# citizens, the person data of the page's municipalities (one token each, one query), the disclosure (chain hash,
# insert); nothing per row and no session write (saved at most once a minute).
QUERIES_PREVIEW = 13


def _page_rows(page: Any) -> list[int]:
    return [view.row.number for view in page.context["views"]]


def test_the_preview_pages_its_rows_and_discloses_only_the_page_shown(
    demo_report: bytes,
    guldborgsund_children: list[Citizen],
    consultant: User,
    login: Callable[[User], Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "PREVIEW_PAGE_SIZE", 5)
    client = login(consultant)
    _upload(client, demo_report, consultant.municipality_id)
    preview = IntakePreview.objects.get()
    url = reverse("intake:preview", args=[preview.pk])
    mine = list(preview.rows.filter(municipality=consultant.municipality_id).order_by("number"))

    second = client.get(url, {"side": "2"})

    assert _page_rows(second) == [row.number for row in mine[5:10]]
    shown = {c["citizen"] for row in mine[5:10] for c in row.candidates} | {
        row.citizen_id for row in mine[5:10] if row.citizen_id
    }
    disclosed = AuditEvent.objects.filter(action=AuditAction.LIST, detail=f"intake_preview:{preview.pk}")
    assert shown and set(disclosed.values_list("citizen", flat=True)) == shown
    # A page number past the end shows the last page, one that is not a number the first: never an error.
    assert _page_rows(client.get(url, {"side": "999"})) == [row.number for row in mine[15:]]
    assert _page_rows(client.get(url, {"side": "to"})) == [row.number for row in mine[:5]]
    assert client.get(url, {"vis": "alt"}).status_code == 400


def test_the_rows_needing_a_decision_are_one_filter_away_and_a_decision_returns_to_it(
    demo_report: bytes, guldborgsund_children: list[Citizen], consultant: User, login: Callable[[User], Any]
) -> None:
    client = login(consultant)
    _upload(client, demo_report, consultant.municipality_id)
    preview = IntakePreview.objects.get()
    url = reverse("intake:preview", args=[preview.pk])

    page = client.get(url, {"vis": "attention"})

    assert _page_rows(page) == [10, 23]
    assert "Kræver stillingtagen (2)" in page.content.decode()
    assert page.context["counts"]["all"] == len(_page_rows(client.get(url)))

    # Without HTMX the browser posts the form and comes back to the filter and page it was on.
    rejected = client.post(f"{reverse('intake:reject_row', args=[preview.pk, 23])}?vis=attention&side=1")
    assert rejected.status_code == 302 and rejected["Location"] == f"{url}?vis=attention&side=1#raekke-23"
    assert _page_rows(client.get(url, {"vis": "attention"})) == [10]


def test_queue_agenda_and_decision_pages(
    committed_week: IntakePreview, indsatsmoede: Indsatsmoede, login: Callable[[User], Any]
) -> None:
    client = login(indsatsmoede.consultant)
    queue = client.get(reverse("intake:queue"))
    assert "16 henvendelser venter på indsatsmødet" in queue.content.decode()

    scheduled = client.post(reverse("intake:schedule"))
    assert scheduled["Location"] == reverse("intake:agenda", args=[indsatsmoede.meeting.pk])
    agenda = client.get(scheduled["Location"])
    assert agenda.status_code == 200
    item = TriageItem.objects.get(meeting=indsatsmoede.meeting, number=1)
    prefix = f"item{item.pk}-"
    decided = client.post(
        reverse("intake:decide", args=[item.pk]),
        {
            prefix + "present": [indsatsmoede.consultant.pk, indsatsmoede.police.pk],
            prefix + "concern": "new",
            prefix + "severity": "moderate",
            prefix + "decision": "ssp_task",
            prefix + "first_action": "concern_letter",
            prefix + "first_action_owner": indsatsmoede.police.pk,
            prefix + "first_action_due": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    assert decided.status_code == 302
    item.refresh_from_db()
    assert item.decided_at is not None and item.concern is not None
    timeline = client.get(reverse("concerns:detail", args=[item.concern_id]))
    assert "Indsatsmøde" in timeline.content.decode()


def test_an_outsider_sees_no_agenda(
    committed_week: IntakePreview,
    indsatsmoede: Indsatsmoede,
    login: Callable[[User], Any],
    make_user: Callable[..., User],
) -> None:
    assert indsatsmoede.forum.municipality is not None
    schedule_triage(indsatsmoede.forum.municipality, actor=indsatsmoede.consultant)
    teacher = make_user(role=StaffRole.SSP_TEACHER, municipality="376")

    assert login(teacher).get(reverse("intake:agenda", args=[indsatsmoede.meeting.pk])).status_code == 404
