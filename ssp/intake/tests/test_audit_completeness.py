"""Every intake route declared as serving citizen data (``ssp.privacy.routes``) records the citizens it touches.

Reading a preview row is a disclosure: its linked citizen and its candidates are named to the reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ssp.api import api
from ssp.intake.models import Deadline, Intake, IntakePreview, TriageItem
from ssp.intake.services import confirm_row, create_preview, reject_row
from ssp.intake.tests.conftest import GULDBORGSUND, Indsatsmoede
from ssp.intake.triage import TriageDecision, TriageDecisionKind, record_triage_decision, schedule_triage
from ssp.privacy.models import AuditEvent
from ssp.privacy.routes import api_declarations, page_declarations
from ssp.structure.models import Municipality

pytestmark = pytest.mark.django_db

DECLARED = sorted(
    [name for name, serves in page_declarations().items() if serves and name.startswith("intake:")]
    + [
        f"api:{operation}"
        for operation, (_, path, serves) in api_declarations(api.get_openapi_schema()).items()
        if serves and path.startswith("/api/v1/intake")
    ]
)

# The routes that work on an uploaded, not yet committed preview; the others work on the committed week's triage.
PREVIEW_ROUTES = {
    "intake:preview",
    "intake:confirm_row",
    "intake:reject_row",
    "intake:commit",
    "api:upload_report",
    "api:get_preview",
    "api:confirm_preview_row",
    "api:reject_preview_row",
    "api:commit_preview",
}
# Scheduling puts the week on the agenda, so it must find it not yet scheduled.
UNSCHEDULED_ROUTES = {"intake:schedule", "api:schedule_triage"}
TRIAGE_ROUTES = UNSCHEDULED_ROUTES | {
    "intake:queue",
    "intake:agenda",
    "intake:decide",
    "intake:deadline_met",
    "intake:intake_list",
    "api:intake_queue",
    "api:decide_triage_item",
}


@dataclass
class Request:
    method: str
    url: str
    data: dict[str, Any]
    expected: set[int]  # the citizens the route must record; none known yet: those it puts on the agenda
    json: bool = False


def _preview_requests(preview: IntakePreview, demo_report: bytes) -> dict[str, Request]:
    """How the consultant who uploaded the preview exercises each preview route (row 10 is the grey zone)."""
    pk = preview.pk
    ten, twenty_three = preview.rows.get(number=10), preview.rows.get(number=23)
    candidate = ten.candidates[0]["citizen"]
    twin = {c["citizen"] for c in twenty_three.candidates}
    base = f"/api/v1/intake/previews/{pk}"
    upload = SimpleUploadedFile("d.csv", demo_report, content_type="text/csv")
    return {
        "intake:preview": Request("get", reverse("intake:preview", args=[pk]), {}, {candidate}),
        "intake:confirm_row": Request(
            "post", reverse("intake:confirm_row", args=[pk, 10]), {"citizen_id": candidate}, {candidate}
        ),
        "intake:reject_row": Request("post", reverse("intake:reject_row", args=[pk, 23]), {}, twin),
        "intake:commit": Request("post", reverse("intake:commit", args=[pk]), {}, {candidate}),
        "api:upload_report": Request(
            "post", "/api/v1/intake/previews", {"file": upload, "municipality": "376"}, {candidate}
        ),
        "api:get_preview": Request("get", base, {}, {candidate}),
        "api:confirm_preview_row": Request(
            "post", f"{base}/rows/10/confirm", {"citizen_id": candidate}, {candidate}, json=True
        ),
        "api:reject_preview_row": Request("post", f"{base}/rows/23/reject", {}, twin, json=True),
        "api:commit_preview": Request("post", f"{base}/commit", {}, {candidate}, json=True),
    }


def _triage_requests(moede: Indsatsmoede, item: TriageItem | None, deadline: Deadline | None) -> dict[str, Request]:
    """How the consultant on the intervention meeting exercises each triage and work-queue route."""
    item_pk = item.pk if item else 0
    citizen = {item.citizen_id} if item else set()
    decision = {
        "present": [moede.consultant.pk],
        "severity": "low",
        "decision": "no_action",
        "no_action_reason": "Forældrene er allerede i gang med hjælp fra skolen.",
    }
    # The intake list's first page: the latest intakes read into the consultant's inbox.
    first_page = set(Intake.objects.order_by("-created_at", "-pk").values_list("citizen_id", flat=True)[:25])
    return {
        "intake:queue": Request("get", reverse("intake:queue"), {}, citizen),
        "intake:schedule": Request("post", reverse("intake:schedule"), {}, set()),
        "intake:agenda": Request("get", reverse("intake:agenda", args=[moede.meeting.pk]), {}, citizen),
        "intake:decide": Request("get", reverse("intake:decide", args=[item_pk]), {}, citizen),
        "intake:deadline_met": Request(
            "post", reverse("intake:deadline_met", args=[deadline.pk if deadline else 0]), {}, citizen
        ),
        "intake:intake_list": Request("get", reverse("intake:intake_list"), {}, first_page),
        "api:intake_queue": Request("get", "/api/v1/intake/queue", {}, citizen),
        "api:schedule_triage": Request("post", "/api/v1/intake/triage", {}, set(), json=True),
        "api:decide_triage_item": Request(
            "post", f"/api/v1/intake/triage/items/{item_pk}/decision", decision, citizen, json=True
        ),
    }


def test_every_declared_route_is_exercised_here() -> None:
    """A route newly declared as serving citizen data needs its request above, or this fails."""
    assert sorted(PREVIEW_ROUTES | TRIAGE_ROUTES) == DECLARED
    assert {"intake:preview", "intake:queue", "api:get_preview", "api:intake_queue"} <= set(DECLARED)


def _scene(route: str, request: pytest.FixtureRequest) -> tuple[Any, Request]:
    """The consultant and the request for ``route``, on the state the route needs."""
    if route in PREVIEW_ROUTES:
        request.getfixturevalue("guldborgsund_children")
        consultant, demo_report = request.getfixturevalue("consultant"), request.getfixturevalue("demo_report")
        preview = create_preview(demo_report, actor=consultant, file_name="d.csv", today=date(2026, 11, 30))
        if route in {"intake:commit", "api:commit_preview"}:
            row = preview.rows.get(number=10)
            confirm_row(row, actor=consultant, citizen_id=row.candidates[0]["citizen"])
            reject_row(preview.rows.get(number=23), actor=consultant)
        requests = _preview_requests(preview, demo_report)
        assert set(requests) == PREVIEW_ROUTES
        return consultant, requests[route]
    request.getfixturevalue("committed_week")
    moede: Indsatsmoede = request.getfixturevalue("indsatsmoede")
    item: TriageItem | None = None
    deadline: Deadline | None = None
    if route not in UNSCHEDULED_ROUTES:
        (item, *_) = schedule_triage(Municipality.objects.get(code=GULDBORGSUND), actor=moede.consultant)
    if route in {"intake:queue", "intake:deadline_met", "api:intake_queue"}:
        assert item is not None
        record_triage_decision(
            item,
            actor=moede.consultant,
            decision=TriageDecision(
                present=[moede.consultant],
                severity="moderate",
                decision=TriageDecisionKind.SSP_TASK,
                first_action="home_visit",
                first_action_owner=moede.consultant,
                first_action_due=timezone.localdate() + timedelta(days=2),
            ),
        )
        deadline = Deadline.objects.get(triage_item=item)
    requests = _triage_requests(moede, item, deadline)
    assert set(requests) == TRIAGE_ROUTES
    return moede.consultant, requests[route]


@pytest.mark.parametrize("route", DECLARED)
def test_route_records_the_citizens_it_touches(route: str, request: pytest.FixtureRequest, login: Any) -> None:
    consultant, call = _scene(route, request)
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client = login(consultant)

    if call.json:
        response = getattr(client, call.method)(call.url, call.data, content_type="application/json")
    else:
        response = getattr(client, call.method)(call.url, call.data)

    assert response.status_code in (200, 201, 302), response.content
    expected = call.expected or set(TriageItem.objects.values_list("citizen_id", flat=True))
    touched = set(
        AuditEvent.objects.filter(pk__gt=before, citizen_id__isnull=False).values_list("citizen_id", flat=True)
    )
    assert expected and expected <= touched
