from __future__ import annotations

from typing import Any

from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.concerns.models import ConcernStatus, Track
from ssp.privacy.models import AuditEvent


def test_the_responsible_changes_track_and_status_with_one_audit_event(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    client = login(concern.responsible)
    before = AuditEvent.objects.count()

    response = client.post(
        reverse("concerns:update", args=[concern.pk]), {"track": Track.PSP, "status": ConcernStatus.ACTIVE}
    )

    assert response.status_code == 302
    concern.refresh_from_db()
    assert (concern.track, concern.status) == (Track.PSP, ConcernStatus.ACTIVE)
    assert AuditEvent.objects.count() - before == 1
    assert concern.events.filter(kind="status_changed").count() == 2


def test_closing_is_not_a_status_here(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    response = login(concern.responsible).post(
        reverse("concerns:update", args=[concern.pk]), {"track": concern.track, "status": ConcernStatus.CLOSED}
    )
    assert response.status_code == 400
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


def test_a_caseworker_reads_but_does_not_change(make_concern: Any, make_user: Any, login: Any) -> None:
    caseworker = make_user(role=StaffRole.CASEWORKER)
    concern = make_concern(caseworker=caseworker)
    response = login(caseworker).post(
        reverse("concerns:update", args=[concern.pk]), {"track": Track.KSP, "status": "open"}
    )
    assert response.status_code == 403
