"""Account API: who the caller is, so a machine client can check its token."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from ssp.accounts.models import User
from ssp.accounts.schemas import MeOut

router = Router(tags=["accounts"])


@router.get("/me", response=MeOut, summary="Den bruger, nøglen eller sessionen tilhører")
def me(request: HttpRequest) -> MeOut:
    user: User = request.auth  # type: ignore[attr-defined]
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        role=user.role,
        municipality_code=user.municipality.code if user.municipality_id else None,  # type: ignore[union-attr]
    )
