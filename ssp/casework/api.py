"""/api/v1/casework/…: case actions, letters, the case record, programmes (screening, contract, transfer) and groups,
with the same policy and audit as the pages.

A concern or citizen the caller has no relation to is a 404 (never a 403, so the API does not reveal that it
exists); a relation that only reads is a 403 on writes. Service errors are a 422 naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ssp.accounts.models import User
from ssp.casework import group_services, programme_services, record, selectors, services
from ssp.casework.models import (
    CaseAction,
    ContractMeasure,
    GroupMember,
    Letter,
    Programme,
    ProgrammeTransfer,
    Screening,
)
from ssp.casework.schemas import (
    AcceptTransferIn,
    ActionIn,
    ActionOut,
    CaseRecordOut,
    GroupOut,
    LetterOut,
    LettersIn,
    MeasureIn,
    MeasureOut,
    MemberIn,
    MemberOut,
    OutcomeIn,
    ProgrammeIn,
    ProgrammeOut,
    RecordActionIn,
    ScreeningIn,
    ScreeningOut,
    TransferIn,
    TransferOut,
)
from ssp.concerns.access import CONTRIBUTING_RELATIONS, MANAGING_RELATIONS, concern_for_change
from ssp.concerns.models import Concern
from ssp.privacy import door
from ssp.privacy.models import AuditAction
from ssp.privacy.policy import (
    Grant,
    citizens_visible_to,
    may_accept_programme_transfers,
    programme_coordinator_choices,
)
from ssp.privacy.routes import CITIZEN_DATA
from ssp.structure.models import Municipality

router = Router(tags=["sagsarbejde"])
T = TypeVar("T")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _call(fn: Callable[[], T]) -> T:
    try:
        with transaction.atomic():
            return fn()
    except PermissionDenied as error:
        raise HttpError(403, _("Din tilknytning til sagen giver ikke adgang til denne handling.")) from error
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        raise NinjaValidationError(
            [
                {"loc": ["body", "payload", name], "msg": message, "type": "value_error"}
                for name, texts in messages.items()
                for message in texts
            ]
        ) from error


def _to_change(request: HttpRequest, concern_id: int, allowed: frozenset[Any]) -> tuple[Concern, Grant]:
    """404 unseen, 403 read-only; the service then writes the change's audit event."""
    user = _user(request)
    return _call(lambda: concern_for_change(user, concern_id, allowed=allowed))


def _concern_of(model: type[CaseAction] | type[Letter] | type[Programme], pk: int) -> int:
    concern_id = model.objects.filter(pk=pk).values_list("concern_id", flat=True).first()
    if concern_id is None:
        raise Http404
    return int(concern_id)


@router.get(
    "/casework/concerns/{concern_id}/actions",
    response=list[ActionOut],
    operation_id="list_case_actions",
    openapi_extra=CITIZEN_DATA,
)
def list_actions(request: HttpRequest, concern_id: int) -> list[CaseAction]:
    concern, _grant = door.access_concern(_user(request), concern_id, request=request, purpose=AuditAction.API_VIEW)
    return list(selectors.concern_actions(concern))


@router.post(
    "/casework/concerns/{concern_id}/actions",
    response={201: ActionOut},
    operation_id="plan_case_action",
    openapi_extra=CITIZEN_DATA,
)
def plan_action(request: HttpRequest, concern_id: int, payload: ActionIn) -> Status[CaseAction]:
    people = {person.pk: person for person in User.objects.filter(pk__in=[payload.owner_id, *payload.staff_ids])}
    owner = people.get(payload.owner_id)
    if owner is None:
        raise NinjaValidationError(
            [{"loc": ["body", "payload", "owner_id"], "msg": _("Ukendt medarbejder."), "type": "value_error"}]
        )
    fields = payload.model_dump(exclude={"owner_id", "staff_ids"})
    staff = [people[pk] for pk in payload.staff_ids if pk in people]
    with transaction.atomic():
        concern, _grant = _to_change(request, concern_id, CONTRIBUTING_RELATIONS)
        action = _call(
            lambda: services.plan_action(
                concern, actor=_user(request), owner=owner, staff=staff, request=request, **fields
            )
        )
    return Status(201, action)


@router.post(
    "/casework/actions/{action_id}/record",
    response=ActionOut,
    operation_id="record_case_action",
    openapi_extra=CITIZEN_DATA,
)
def record_action(request: HttpRequest, action_id: int, payload: RecordActionIn) -> CaseAction:
    with transaction.atomic():
        concern, grant = _to_change(request, _concern_of(CaseAction, action_id), CONTRIBUTING_RELATIONS)
        action = CaseAction.objects.get(pk=action_id)
        action.concern = concern
        if action.owner_id != _user(request).pk and grant.relation not in MANAGING_RELATIONS:
            raise HttpError(403, _("Kun den ansvarlige eller sagens team registrerer indsatsen."))
        return _call(
            lambda: services.record_action(action, actor=_user(request), request=request, **payload.model_dump())
        )


@router.get(
    "/casework/concerns/{concern_id}/letters",
    response=list[LetterOut],
    operation_id="list_letters",
    openapi_extra=CITIZEN_DATA,
)
def list_letters(request: HttpRequest, concern_id: int) -> list[Letter]:
    concern, _grant = door.access_concern(_user(request), concern_id, request=request, purpose=AuditAction.API_VIEW)
    return list(selectors.concern_letters(concern))


@router.post(
    "/casework/concerns/{concern_id}/letters",
    response={201: list[LetterOut]},
    operation_id="generate_letters",
    openapi_extra=CITIZEN_DATA,
)
def generate_letters(request: HttpRequest, concern_id: int, payload: LettersIn) -> Status[list[Letter]]:
    with transaction.atomic():
        concern, _grant = _to_change(request, concern_id, MANAGING_RELATIONS)
        made = _call(
            lambda: services.generate_letters(concern, actor=_user(request), request=request, **payload.model_dump())
        )
    return Status(201, made)


@router.get("/casework/letters/{letter_id}/{fmt}", operation_id="download_letter", openapi_extra=CITIZEN_DATA)
def download_letter(request: HttpRequest, letter_id: int, fmt: Literal["docx", "pdf"]) -> FileResponse:
    concern_id = _concern_of(Letter, letter_id)
    door.access_concern(_user(request), concern_id, request=request, purpose=AuditAction.EXPORT)
    letter = Letter.objects.get(pk=letter_id)
    stored = letter.docx if fmt == "docx" else letter.pdf
    return FileResponse(stored.open("rb"), as_attachment=True, filename=f"brev-{concern_id}-{letter.pk}.{fmt}")


@router.get(
    "/casework/citizens/{citizen_id}/case-record",
    response=CaseRecordOut,
    operation_id="get_case_record",
    openapi_extra=CITIZEN_DATA,
)
def get_case_record(request: HttpRequest, citizen_id: int) -> dict[str, Any]:
    """The auditor's record (§ 115 notes only to the cooperation around the citizen; what was left out is listed)."""
    user = _user(request)
    citizen, _grant = door.access_citizen(user, citizen_id, request=request, purpose=AuditAction.EXPORT)
    built = record.case_record(user, citizen)
    return {
        "citizen_id": citizen.pk,
        "concern_ids": [concern.pk for concern in built.concerns],
        "entries": built.entries,
        "withheld": [{"count": w.count, "reason": w.reason} for w in built.withheld],
    }


PROGRAMME_RELATIONS = programme_services.PROGRAMME_RELATIONS


@router.get(
    "/casework/concerns/{concern_id}/programmes",
    response=list[ProgrammeOut],
    operation_id="list_programmes",
    openapi_extra=CITIZEN_DATA,
)
def list_programmes(request: HttpRequest, concern_id: int) -> list[Programme]:
    concern, _grant = door.access_concern(_user(request), concern_id, request=request, purpose=AuditAction.API_VIEW)
    return list(concern.programmes.order_by("started_on", "pk"))


@router.post(
    "/casework/concerns/{concern_id}/programmes",
    response={201: ProgrammeOut},
    operation_id="enrol_programme",
    openapi_extra=CITIZEN_DATA,
)
def enrol_programme(request: HttpRequest, concern_id: int, payload: ProgrammeIn) -> Status[Programme]:
    """Start a programme; a pre-entry course uses the concern's latest screening (it must have decided on one)."""
    user = _user(request)
    coordinator = User.objects.filter(pk=payload.coordinator_id).first()
    if coordinator is None:
        raise NinjaValidationError(
            [{"loc": ["body", "payload", "coordinator_id"], "msg": _("Ukendt medarbejder."), "type": "value_error"}]
        )
    with transaction.atomic():
        concern, _grant = _to_change(request, concern_id, MANAGING_RELATIONS)
        screening = Screening.objects.filter(concern=concern).order_by("-screened_on", "-pk").first()
        fields = payload.model_dump(exclude={"coordinator_id"})
        programme = _call(
            lambda: programme_services.enrol_programme(
                concern, actor=user, coordinator=coordinator, screening=screening, request=request, **fields
            )
        )
    return Status(201, programme)


@router.post(
    "/casework/programmes/{programme_id}/outcome",
    response=ProgrammeOut,
    operation_id="record_programme_outcome",
    openapi_extra=CITIZEN_DATA,
)
def record_programme_outcome(request: HttpRequest, programme_id: int, payload: OutcomeIn) -> Programme:
    user = _user(request)
    with transaction.atomic():
        concern, _grant = _to_change(request, _concern_of(Programme, programme_id), PROGRAMME_RELATIONS)
        programme = Programme.objects.get(pk=programme_id)
        programme.concern = concern
        return _call(
            lambda: programme_services.record_outcome(programme, actor=user, request=request, **payload.model_dump())
        )


@router.get("/casework/groups", response=list[GroupOut], operation_id="list_groups", openapi_extra=CITIZEN_DATA)
def list_groups(request: HttpRequest) -> list[dict[str, Any]]:
    """Groups the caller sees, members named only where the caller sees them (the rest counted). One audit event
    per citizen named."""
    user = _user(request)
    groups = list(selectors.groups_visible_to(user).order_by("name", "pk")[:100])
    built = selectors.network_for(user, groups)
    door.disclose(user, [node.citizen_id for node in built.nodes], purpose=AuditAction.API_LIST, request=request)
    return [
        {
            "id": group.group_id,
            "name": group.group_name,
            "members": [{"citizen_id": m.citizen_id, "name": m.name} for m in group.named],
            "hidden_count": group.hidden_count,
        }
        for group in built.groups
    ]


def _unknown(field: str, message: str) -> NinjaValidationError:
    return NinjaValidationError([{"loc": ["body", "payload", field], "msg": message, "type": "value_error"}])


@router.post(
    "/casework/concerns/{concern_id}/screenings",
    response={201: ScreeningOut},
    operation_id="screen_concern",
    openapi_extra=CITIZEN_DATA,
)
def screen_concern(request: HttpRequest, concern_id: int, payload: ScreeningIn) -> Status[dict[str, Any]]:
    """The screening forum's assessment against the police district's checklist (the concern's managers)."""
    user = _user(request)
    with transaction.atomic():
        concern, _grant = _to_change(request, concern_id, MANAGING_RELATIONS)
        screening = _call(
            lambda: programme_services.screen_concern(concern, actor=user, request=request, **payload.model_dump())
        )
    return Status(
        201,
        {
            "id": screening.pk,
            "concern_id": concern.pk,
            "screened_on": screening.screened_on,
            "decision": screening.decision,
            "reasoning": screening.reasoning,
            "sign_ids": sorted(payload.sign_ids),
        },
    )


def _programme_to_run(request: HttpRequest, programme_id: int) -> Programme:
    """The programme of a concern the caller runs it for (coordinators and the concern's managers): 404 unseen,
    403 for a relation that only reads; the service writes the audit event."""
    concern, _grant = _to_change(request, _concern_of(Programme, programme_id), PROGRAMME_RELATIONS)
    programme = Programme.objects.get(pk=programme_id)
    programme.concern = concern
    return programme


@router.post(
    "/casework/programmes/{programme_id}/measures",
    response={201: MeasureOut},
    operation_id="add_contract_measure",
    openapi_extra=CITIZEN_DATA,
)
def add_contract_measure(request: HttpRequest, programme_id: int, payload: MeasureIn) -> Status[ContractMeasure]:
    """A line of an exit programme's contract: which department delivers which measure by when."""
    user = _user(request)
    with transaction.atomic():
        programme = _programme_to_run(request, programme_id)
        line = _call(
            lambda: programme_services.add_contract_measure(
                programme, actor=user, request=request, **payload.model_dump()
            )
        )
    return Status(201, line)


@router.post(
    "/casework/programmes/{programme_id}/transfers",
    response={201: TransferOut},
    operation_id="request_programme_transfer",
    openapi_extra=CITIZEN_DATA,
)
def request_transfer(request: HttpRequest, programme_id: int, payload: TransferIn) -> Status[ProgrammeTransfer]:
    """The citizen moves: offer the programme to the receiving municipality (nothing opens before it accepts)."""
    user = _user(request)
    receiving = Municipality.objects.filter(pk=payload.to_municipality_id).first()
    if receiving is None:
        raise _unknown("to_municipality_id", _("Ukendt kommune."))
    with transaction.atomic():
        programme = _programme_to_run(request, programme_id)
        transfer = _call(
            lambda: programme_services.request_transfer(
                programme, actor=user, to_municipality=receiving, request=request
            )
        )
    return Status(201, transfer)


@router.post(
    "/casework/transfers/{transfer_id}/accept",
    response=TransferOut,
    operation_id="accept_programme_transfer",
    openapi_extra=CITIZEN_DATA,
)
def accept_transfer(request: HttpRequest, transfer_id: int, payload: AcceptTransferIn) -> ProgrammeTransfer:
    """The receiving municipality accepts with its own coordinator, as on the page: only an SSP consultant or a
    manager there; a transfer offered to another municipality is a 404."""
    user = _user(request)
    municipality = user.municipality
    if municipality is None or not may_accept_programme_transfers(user):
        raise HttpError(403, _("Kun SSP-konsulenter og ledere i den modtagende kommune accepterer overdragelser."))
    transfer = ProgrammeTransfer.objects.filter(
        pk=transfer_id, to_municipality_id=municipality.pk, accepted_at__isnull=True
    ).first()
    if transfer is None:
        raise Http404
    coordinator = programme_coordinator_choices(municipality).filter(pk=payload.coordinator_id)
    if not coordinator.exists():
        raise _unknown("coordinator_id", _("Koordinatoren skal arbejde i den modtagende kommune."))
    return _call(
        lambda: programme_services.accept_transfer(transfer, actor=user, coordinator=coordinator.get(), request=request)
    )


@router.post(
    "/casework/groups/{group_id}/members",
    response={201: MemberOut},
    operation_id="add_group_member",
    openapi_extra=CITIZEN_DATA,
)
def add_group_member(request: HttpRequest, group_id: int, payload: MemberIn) -> Status[GroupMember]:
    """Add a citizen the caller sees to a group the caller sees (any other citizen is refused as if unknown)."""
    user = _user(request)
    group = selectors.groups_visible_to(user).filter(pk=group_id).first()
    if group is None:
        raise Http404
    citizen = citizens_visible_to(user).filter(pk=payload.citizen_id).first()
    if citizen is None:
        raise _unknown("citizen_id", _("Borgeren findes ikke, eller du har ikke adgang til borgeren."))
    member = _call(lambda: group_services.add_member(group, actor=user, citizen=citizen, request=request))
    return Status(201, member)
