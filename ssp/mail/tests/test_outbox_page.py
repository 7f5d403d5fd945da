"""The outbox page: an administrator reads their municipality's mail with its state; nobody else reads it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.mail.models import MailState, OutgoingMail
from ssp.mail.services import MailDraft, queue_mail

URL = reverse("mail:outbox")


def _queue(user: Any, subject: str) -> OutgoingMail:
    [row] = queue_mail([MailDraft(recipient=user, subject=subject, body="Se platformen")])
    return row


def test_it_shows_the_administrators_own_municipality_with_state_and_reason(
    make_user: Any, login: Any, django_assert_num_queries: Any
) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    for n in range(3):
        _queue(make_user(email=f"glostrup{n}@glostrup.example"), f"Indkaldelse {n}")
    failed = _queue(make_user(email="skole@glostrup.example"), "Aflyst: Lokalråd")
    OutgoingMail.objects.filter(pk=failed.pk).update(
        state=MailState.FAILED, attempts=5, last_error="ConnectionRefusedError: [Errno 111]"
    )
    _queue(make_user(municipality="661", email="holstebro@holstebro.example"), "Holstebro-møde")

    client = login(admin)
    with django_assert_num_queries(8):  # session, user, device, count, page of mail, session save (3)
        page = client.get(URL).content.decode()

    assert "Indkaldelse 2" in page and "Aflyst: Lokalråd" in page and "ConnectionRefusedError" in page
    assert "Holstebro-møde" not in page
    filtered = client.get(URL, {"state": "failed"}).content.decode()
    assert "Aflyst: Lokalråd" in filtered and "Indkaldelse 2" not in filtered


def test_a_system_administrator_reads_every_municipality(make_user: Any, login: Any) -> None:
    _queue(make_user(municipality="661", email="holstebro@holstebro.example"), "Holstebro-møde")
    page = login(make_user(role=StaffRole.SYSTEM_ADMIN, municipality=None)).get(URL).content.decode()
    assert "Holstebro-møde" in page


def test_staff_who_are_not_administrators_are_refused(make_user: Any, login: Any) -> None:
    assert login(make_user(role=StaffRole.SSP_CONSULTANT)).get(URL).status_code == 403


def test_an_unknown_state_in_the_filter_is_ignored_not_an_error(make_user: Any, login: Any) -> None:
    response = login(make_user(role=StaffRole.MUNICIPAL_ADMIN)).get(
        URL, {"state": "x\x00", "side": "99999999999999999999"}
    )
    assert response.status_code == 200
