from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from ssp.accounts.models import ApiToken
from ssp.accounts.services import issue_api_token, revoke_api_token

pytestmark = pytest.mark.django_db


def test_it_keeps_the_first_revocation_time(make_user):
    user = make_user()
    issue_api_token(user, actor=user, name="Skolesystem")
    token = ApiToken.objects.get()
    revoke_api_token(token, actor=user)
    first = token.revoked_at

    revoke_api_token(token, actor=user)

    token.refresh_from_db()
    assert token.revoked_at == first


def test_it_refuses_anyone_but_the_owner(make_user):
    owner, admin = make_user(), make_user(role="system_admin")
    issue_api_token(owner, actor=owner, name="Skolesystem")
    token = ApiToken.objects.get()

    with pytest.raises(PermissionDenied):
        revoke_api_token(token, actor=admin)

    token.refresh_from_db()
    assert token.revoked_at is None
