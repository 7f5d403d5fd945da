from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.concerns import services
from ssp.concerns.models import ConcernEvent, ConcernStatus
from ssp.privacy.models import AuditEvent
from ssp.testing.concerns import responsible_grant


def test_it_closes_with_a_reason_and_reopens(make_concern: Any) -> None:
    concern = make_concern()
    grant = responsible_grant(concern)
    services.close_concern(concern, actor=concern.responsible, grant=grant, reason="Afklaret")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert concern.closed_reason == "Afklaret"
    assert concern.closed_at is not None

    services.reopen_concern(concern, actor=concern.responsible, grant=grant)
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN
    assert concern.closed_at is None
    kinds = list(concern.events.order_by("pk").values_list("kind", flat=True))
    assert kinds[-2:] == [ConcernEvent.Kind.CLOSED, ConcernEvent.Kind.REOPENED]
    assert AuditEvent.objects.filter(concern=concern, action="update").count() == 2


def test_closing_needs_a_reason(make_concern: Any) -> None:
    concern = make_concern()
    with pytest.raises(ValidationError) as error:
        services.close_concern(concern, actor=concern.responsible, grant=responsible_grant(concern), reason="  ")
    assert "reason" in error.value.message_dict


def test_the_page_shows_the_missing_reason_on_the_field(make_concern: Any, login: Any) -> None:
    concern = make_concern()
    response = login(concern.responsible).post(reverse("concerns:close", args=[concern.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "form-error-message" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


def test_a_caseworker_may_not_close(make_concern: Any, make_user: Any, login: Any) -> None:
    caseworker = make_user(role=StaffRole.CASEWORKER)
    concern = make_concern(caseworker=caseworker)
    response = login(caseworker).post(reverse("concerns:close", args=[concern.pk]), {"reason": "Afklaret"})
    assert response.status_code == 403
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


def test_reopen_is_refused_without_relation(make_concern: Any, make_user: Any, login: Any) -> None:
    concern = make_concern()
    services.close_concern(concern, actor=concern.responsible, grant=responsible_grant(concern), reason="Afklaret")
    response = login(make_user()).post(reverse("concerns:reopen", args=[concern.pk]))
    assert response.status_code == 404
