"""/api/v1/citizens and /api/v1/concerns: the same policy and the same audit events as the pages.

A citizen or concern the caller has no relation to is a 404, never a 403, so the API does not reveal that it
exists. A relation that only reads (agenda participant, emergency grant) is a 403 on writes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ssp.accounts.api_auth import reads_only
from ssp.accounts.models import User
from ssp.citizens.models import Citizen
from ssp.concerns import selectors, services
from ssp.concerns.access import (
    CONTRIBUTING_RELATIONS,
    MANAGING_RELATIONS,
    citizen_for_action,
    concern_for_change,
    may_open_concerns,
)
from ssp.concerns.models import Concern
from ssp.concerns.schemas import (
    CitizenDetailOut,
    CitizenOut,
    CloseIn,
    ConcernDetailOut,
    ConcernIn,
    ConcernOut,
    NoteIn,
    NoteOut,
)
from ssp.lib import errors
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import Grant, concerns_visible_to
from ssp.privacy.routes import CITIZEN_DATA

router = Router(tags=["borgere og sager"])
T = TypeVar("T")
MAX_LIMIT = 100

# The API operations that serve or change citizen data (operation ids); the audit-completeness test fails when an
# operation under /citizens or /concerns is missing here.


class ListParams(Schema):
    limit: int = 50
    offset: int = 0


class CitizenSearchIn(Schema):
    """Search terms travel in the body: a CPR number or a name must never stand in a URL or an access log."""

    cpr: str = ""
    name: str = ""
    birth_date: date | None = None


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _call(body_name: str, fn: Callable[[], T]) -> T:
    """Run a service; its ``ValidationError`` becomes a 422 naming the field, its refusal a 403."""
    try:
        return fn()
    except PermissionDenied as error:
        raise HttpError(403, _("Din tilknytning til sagen giver kun læseadgang.")) from error
    except ValidationError as error:
        raise NinjaValidationError(errors.api_detail(error, body_name=body_name)) from error


def _window(params: ListParams) -> slice:
    limit = max(1, min(params.limit, MAX_LIMIT))
    return slice(max(0, params.offset), max(0, params.offset) + limit)


def _citizen_out(citizen: Citizen) -> dict[str, Any]:
    return {
        "id": citizen.pk,
        "first_name": citizen.first_name,
        "last_name": citizen.last_name,
        "birth_date": citizen.birth_date,
        "gender": citizen.gender,
        "municipality.code": citizen.municipality.code,
        "identified": bool(citizen.cpr_lookup),
    }


def _grant_out(grant: Grant) -> dict[str, Any]:
    return {"relation": str(grant.relation), "until": grant.until}


@router.get("/citizens", response=list[CitizenOut], operation_id="list_citizens", openapi_extra=CITIZEN_DATA)
def list_citizens(request: HttpRequest, params: Query[ListParams]) -> list[dict[str, Any]]:
    """Citizens the caller may see. One audit event per citizen listed (two queries for the page)."""
    user = _user(request)
    citizens = list(selectors.visible_citizens(user)[_window(params)])
    door.disclose(user, [c.pk for c in citizens], purpose=AuditAction.API_LIST, request=request)
    return [_citizen_out(c) for c in citizens]


@router.post(
    "/citizens/search",
    response=list[CitizenOut],
    operation_id="search_citizens",
    url_name=reads_only("search_citizens"),
    openapi_extra=CITIZEN_DATA,  # a read: the CPR number travels in the body, never in the URL
)
def search_citizens(request: HttpRequest, payload: CitizenSearchIn) -> list[dict[str, Any]]:
    """Exact CPR number, or name and birth date together; only citizens the caller may see. One audit event."""
    if not payload.cpr and not (payload.name and payload.birth_date):
        raise HttpError(422, _("Søg på CPR-nummer, eller på navn og fødselsdato."))
    result = door.search_citizens(
        _user(request), request=request, cpr=payload.cpr, name=payload.name, birth_date=payload.birth_date
    )
    return [_citizen_out(c) for c in result.citizens]


@router.get("/citizens/{citizen_id}", response=CitizenDetailOut, operation_id="get_citizen", openapi_extra=CITIZEN_DATA)
def get_citizen(request: HttpRequest, citizen_id: int) -> dict[str, Any]:
    user = _user(request)
    citizen, grant = door.access_citizen(user, citizen_id, request=request, purpose=AuditAction.API_VIEW)
    concern_ids = list(selectors.concerns_of_citizen(user, citizen).values_list("pk", flat=True))
    return {**_citizen_out(citizen), "access": _grant_out(grant), "concern_ids": concern_ids}


@router.get("/concerns", response=list[ConcernOut], operation_id="list_concerns", openapi_extra=CITIZEN_DATA)
def list_concerns(request: HttpRequest, params: Query[ListParams]) -> list[Concern]:
    user = _user(request)
    queryset = concerns_visible_to(user).select_related("municipality").order_by("-last_activity_at", "-pk")
    concerns = list(queryset[_window(params)])
    door.disclose(user, [(c.citizen_id, c.pk) for c in concerns], purpose=AuditAction.API_LIST, request=request)
    return concerns


def _concern_detail(user: User, concern: Concern, grant: Grant) -> dict[str, Any]:
    page = selectors.concern_page(user, concern)
    return {
        **ConcernOut.from_orm(concern).model_dump(by_alias=True),
        "access": _grant_out(grant),
        "notes": page.disclosure.notes,
        "withheld": [{"count": w.count, "reason": w.reason} for w in page.disclosure.withheld],
        "timeline": page.events,
    }


@router.get("/concerns/{concern_id}", response=ConcernDetailOut, operation_id="get_concern", openapi_extra=CITIZEN_DATA)
def get_concern(request: HttpRequest, concern_id: int) -> dict[str, Any]:
    """The concern with notes (minus §115 notes outside the team, listed under ``withheld``) and timeline."""
    user = _user(request)
    concern, grant = door.access_concern(user, concern_id, request=request, purpose=AuditAction.API_VIEW)
    return _concern_detail(user, concern, grant)


@router.post("/concerns", response={201: ConcernOut}, operation_id="create_concern", openapi_extra=CITIZEN_DATA)
def create_concern(request: HttpRequest, payload: ConcernIn) -> Status[Concern]:
    user = _user(request)
    if not may_open_concerns(user):
        raise HttpError(403, _("Kun SSP-konsulenter opretter sager."))
    fields = payload.model_dump(exclude={"citizen_id", "citizen"})
    fields["track"] = fields["track"] or ""
    if (payload.citizen_id is None) == (payload.citizen is None):
        raise NinjaValidationError(
            [
                {
                    "loc": ["body", "payload", "citizen_id"],
                    "msg": _("Angiv enten citizen_id eller citizen."),
                    "type": "value_error",
                }
            ]
        )
    if payload.citizen is not None:
        new = payload.citizen.model_dump()
        concern = _call(
            "payload", lambda: services.open_concern_for_new_citizen(actor=user, request=request, **new, **fields)
        )
        return Status(201, concern)
    citizen_id = payload.citizen_id
    assert citizen_id is not None
    citizen, _grant = _call("payload", lambda: citizen_for_action(user, citizen_id))
    return Status(201, _call("payload", lambda: services.open_concern(citizen, actor=user, request=request, **fields)))


@router.post(
    "/concerns/{concern_id}/notes", response={201: NoteOut}, operation_id="add_note", openapi_extra=CITIZEN_DATA
)
def add_note(request: HttpRequest, concern_id: int, payload: NoteIn) -> Status[Any]:
    user = _user(request)
    concern, grant = _call("payload", lambda: concern_for_change(user, concern_id, allowed=CONTRIBUTING_RELATIONS))
    note = _call(
        "payload", lambda: services.add_note(concern, actor=user, grant=grant, request=request, **payload.model_dump())
    )
    return Status(201, note)


@router.post(
    "/concerns/{concern_id}/close", response=ConcernOut, operation_id="close_concern", openapi_extra=CITIZEN_DATA
)
def close_concern(request: HttpRequest, concern_id: int, payload: CloseIn) -> Concern:
    user = _user(request)
    concern, grant = _call("payload", lambda: concern_for_change(user, concern_id, allowed=MANAGING_RELATIONS))
    return _call(
        "payload",
        lambda: services.close_concern(concern, actor=user, grant=grant, request=request, reason=payload.reason),
    )
