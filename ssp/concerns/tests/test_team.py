from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ssp.concerns import services
from ssp.concerns.models import ConcernTeamMember
from ssp.privacy.models import AuditEvent
from ssp.testing.concerns import responsible_grant


def test_the_responsible_adds_and_removes_a_team_member(make_concern: Any, make_user: Any, login: Any) -> None:
    concern = make_concern()
    colleague = make_user()
    client = login(concern.responsible)

    client.post(reverse("concerns:add_team_member", args=[concern.pk]), {"user": colleague.pk})
    assert ConcernTeamMember.objects.filter(concern=concern, user=colleague).exists()

    client.post(reverse("concerns:remove_team_member", args=[concern.pk, colleague.pk]))
    assert not ConcernTeamMember.objects.filter(concern=concern, user=colleague).exists()
    assert AuditEvent.objects.filter(concern=concern, action="update").count() == 2


def test_staff_of_another_municipality_cannot_join(make_concern: Any, make_user: Any) -> None:
    concern = make_concern()
    with pytest.raises(ValidationError) as error:
        services.add_team_member(
            concern, actor=concern.responsible, user=make_user(municipality="661"), grant=responsible_grant(concern)
        )
    assert "user" in error.value.message_dict


def test_no_relation_is_refused(make_concern: Any, make_user: Any, login: Any) -> None:
    concern = make_concern()
    outsider = make_user()
    response = login(outsider).post(reverse("concerns:add_team_member", args=[concern.pk]), {"user": outsider.pk})
    assert response.status_code == 404
    assert not ConcernTeamMember.objects.exists()
