"""/api/v1/intake: upload, preview, confirm or reject, commit, the work queue and the triage decisions.

The same services, access rules and audit events as the pages: reading a preview row discloses its citizen and
candidates, a preview outside the caller's inbox is a 404, a file-level problem a 422 on ``file``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile

from ssp.accounts.models import User
from ssp.intake import selectors, services, triage
from ssp.intake.models import IntakePreview, PreviewRow, TriageItem
from ssp.intake.report import ReportSource
from ssp.intake.schemas import (
    CommitOut,
    ConfirmIn,
    DecisionIn,
    PreviewOut,
    PreviewRowOut,
    QueueOut,
    ScheduleOut,
    TriageItemOut,
)
from ssp.lib.tabular import TabularError, read_upload
from ssp.privacy import policy
from ssp.privacy.models import AuditAction
from ssp.privacy.routes import CITIZEN_DATA
from ssp.structure.models import Municipality

router = Router(tags=["døgnrapport og indsatsmøde"])

# The operations that serve or change citizen data (each writes its audit events through the services/selectors).
CITIZEN_DATA_OPERATIONS = frozenset(
    {
        "upload_report",
        "get_preview",
        "confirm_preview_row",
        "reject_preview_row",
        "commit_preview",
        "intake_queue",
        "schedule_triage",
        "decide_triage_item",
    }
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _unprocessable(error: ValidationError, body: str = "body") -> NinjaValidationError:
    items = error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
    return NinjaValidationError(
        [
            {"loc": [body, name], "msg": message, "type": "value_error"}
            for name, messages in items
            for message in messages
        ]
    )


def _preview(user: User, preview_id: UUID) -> IntakePreview:
    preview = IntakePreview.objects.filter(pk=preview_id).first()
    if preview is None or not preview.rows.filter(municipality__in=policy.intake_inbox(user)).exists():
        raise HttpError(404, _("Forhåndsvisningen findes ikke."))
    return preview


def _rows_out(views: list[selectors.PreviewRowView], codes: dict[int, str]) -> list[dict[str, Any]]:
    return [
        {
            "row": v.row.number,
            "state": v.row.state,
            "warning": v.row.has_warning,
            "for_triage": v.row.for_triage,
            "municipality_code": codes.get(v.row.municipality_id or 0, ""),
            "citizen_id": v.row.citizen_id,
            "decision": v.row.decision,
            "committed": v.row.committed,
            "problems": v.row.cells,
            "candidates": [vars(c) | {"weights": c.weights} for c in v.candidates],
        }
        for v in views
    ]


def _preview_out(user: User, preview: IntakePreview, request: HttpRequest) -> dict[str, Any]:
    views = selectors.preview_rows(user, preview, request=request, purpose=AuditAction.API_LIST)
    codes = dict(policy.intake_inbox(user).values_list("pk", "code"))
    return {
        "id": preview.pk,
        "status": preview.status,
        "source": preview.source,
        "file_name": preview.file_name,
        "created_at": preview.created_at,
        "rows": _rows_out(views, codes),
    }


@router.post("/intake/previews", response={201: PreviewOut}, operation_id="upload_report", openapi_extra=CITIZEN_DATA)
def upload_report(
    request: HttpRequest,
    file: File[UploadedFile],
    municipality: Form[str] = "",
    source: Form[str] = ReportSource.DAILY_REPORT,
) -> Status[dict[str, Any]]:
    """Upload a daily report or NEC list (CSV/XLSX, multipart field ``file``); returns the stored preview."""
    user = _user(request)
    if not policy.intake_inbox(user).exists():
        raise HttpError(403, _("Du håndterer ikke døgnrapporten."))
    if source not in ReportSource.values:
        raise NinjaValidationError([{"loc": ["form", "source"], "msg": _("Ukendt kilde."), "type": "value_error"}])
    home = Municipality.objects.filter(code=municipality).first() if municipality else None
    try:
        data = read_upload(file, max_bytes=services.MAX_UPLOAD_BYTES)
        preview = services.create_preview(
            data, actor=user, file_name=file.name or "upload", source=source, municipality=home
        )
    except TabularError as problem:
        raise NinjaValidationError([{"loc": ["form", "file"], "msg": str(problem), "type": "value_error"}]) from None
    except ValidationError as problem:
        raise _unprocessable(problem, "form") from None
    except PermissionDenied:
        raise HttpError(403, _("Du håndterer ikke døgnrapporten for den kommune.")) from None
    return Status(201, _preview_out(user, preview, request))


@router.get(
    "/intake/previews/{preview_id}", response=PreviewOut, operation_id="get_preview", openapi_extra=CITIZEN_DATA
)
def get_preview(request: HttpRequest, preview_id: UUID) -> dict[str, Any]:
    user = _user(request)
    return _preview_out(user, _preview(user, preview_id), request)


def _row(user: User, preview_id: UUID, number: int) -> PreviewRow:
    row = PreviewRow.objects.filter(preview=_preview(user, preview_id), number=number).first()
    if row is None or not policy.may_handle_intake(user, row.municipality_id):
        raise HttpError(404, _("Rækken findes ikke."))
    return row


def _row_out(user: User, row: PreviewRow, request: HttpRequest) -> dict[str, Any]:
    views = selectors.preview_rows(user, row.preview, request=request, purpose=AuditAction.API_VIEW, number=row.number)
    codes = dict(policy.intake_inbox(user).values_list("pk", "code"))
    return _rows_out(views, codes)[0]


@router.post(
    "/intake/previews/{preview_id}/rows/{number}/confirm",
    response=PreviewRowOut,
    operation_id="confirm_preview_row",
    openapi_extra=CITIZEN_DATA,
)
def confirm_preview_row(request: HttpRequest, preview_id: UUID, number: int, payload: ConfirmIn) -> dict[str, Any]:
    user = _user(request)
    row = _row(user, preview_id, number)
    try:
        services.confirm_row(row, actor=user, citizen_id=payload.citizen_id, request=request)
    except ValidationError as problem:
        raise _unprocessable(problem) from None
    return _row_out(user, row, request)


@router.post(
    "/intake/previews/{preview_id}/rows/{number}/reject",
    response=PreviewRowOut,
    operation_id="reject_preview_row",
    openapi_extra=CITIZEN_DATA,
)
def reject_preview_row(request: HttpRequest, preview_id: UUID, number: int) -> dict[str, Any]:
    user = _user(request)
    row = _row(user, preview_id, number)
    try:
        services.reject_row(row, actor=user, request=request)
    except ValidationError as problem:
        raise _unprocessable(problem) from None
    return _row_out(user, row, request)


@router.post(
    "/intake/previews/{preview_id}/commit",
    response=CommitOut,
    operation_id="commit_preview",
    openapi_extra=CITIZEN_DATA,
)
def commit_preview(request: HttpRequest, preview_id: UUID) -> services.CommitResult:
    user = _user(request)
    try:
        return services.commit_preview(_preview(user, preview_id), actor=user, request=request)
    except ValidationError as problem:
        raise _unprocessable(problem) from None


@router.get("/intake/queue", response=QueueOut, operation_id="intake_queue", openapi_extra=CITIZEN_DATA)
def intake_queue(request: HttpRequest) -> dict[str, Any]:
    """The caller's work queue: counts and open deadlines (citizen names only where the caller has a relation)."""
    user = _user(request)
    entries = selectors.work_queue(user, request=request)
    return {
        "counts": vars(selectors.queue_counts(user)),
        "deadlines": [
            {
                "id": e.deadline.pk,
                "kind": e.deadline.kind,
                "due_at": e.deadline.due_at,
                "overdue": e.overdue,
                "citizen_id": e.deadline.citizen_id if e.name else None,
                "citizen_name": e.name,
                "responsible_id": e.deadline.responsible_id,
            }
            for e in entries
        ],
    }


@router.post("/intake/triage", response=ScheduleOut, operation_id="schedule_triage", openapi_extra=CITIZEN_DATA)
def schedule_triage(request: HttpRequest) -> dict[str, Any]:
    """Put the caller's municipality's new intakes on its next intervention meeting."""
    user = _user(request)
    if user.municipality is None or not policy.may_schedule_triage(user):
        raise HttpError(403, _("Du håndterer ikke døgnrapporten."))
    try:
        items = triage.schedule_triage(user.municipality, actor=user)
    except ValidationError as problem:
        raise _unprocessable(problem) from None
    return {"meeting_id": items[0].meeting_id if items else None, "items": len(items)}


@router.post(
    "/intake/triage/items/{item_id}/decision",
    response=TriageItemOut,
    operation_id="decide_triage_item",
    openapi_extra=CITIZEN_DATA,
)
def decide_triage_item(request: HttpRequest, item_id: int, payload: DecisionIn) -> TriageItem:
    user = _user(request)
    item = get_object_or_404(TriageItem.objects.select_related("citizen", "meeting"), pk=item_id)
    staff = {u.pk: u for u in policy.triage_staff(item.municipality)}
    caseworkers = {u.pk: u for u in policy.caseworker_choices(item.municipality)}
    unknown = [pk for pk in payload.present if pk not in staff]
    if unknown or (payload.first_action_owner_id and payload.first_action_owner_id not in staff):
        raise NinjaValidationError(
            [{"loc": ["body", "present"], "msg": _("Ukendt medarbejder."), "type": "value_error"}]
        )
    decision = triage.TriageDecision(
        present=[staff[pk] for pk in payload.present],
        severity=payload.severity,
        decision=payload.decision,
        concern=payload.concern,
        has_caseworker=payload.has_caseworker,
        caseworker=caseworkers.get(payload.caseworker_id or 0),
        first_action=payload.first_action,
        first_action_owner=staff.get(payload.first_action_owner_id or 0),
        first_action_due=payload.first_action_due,
        referral_to=payload.referral_to,
        no_action_reason=payload.no_action_reason,
        serious_crime=payload.serious_crime,
    )
    try:
        return triage.record_triage_decision(item, actor=user, decision=decision, request=request)
    except PermissionDenied:
        raise HttpError(404, _("Punktet findes ikke.")) from None
    except ValidationError as problem:
        raise _unprocessable(problem) from None
