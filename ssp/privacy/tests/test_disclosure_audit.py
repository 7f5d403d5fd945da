"""Issue 8, hole 4: every disclosure reaches the citizen's access history, and the chain holds only what it should.

Lists, searches and agendas used to keep citizen ids in free text, so the subject-access export of a citizen
missed them; the emergency-access review list wrote nothing; a client's ``X-Request-Id`` went into the chain as sent.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.urls import reverse

from ssp.accounts.models import StaffRole
from ssp.privacy.audit import verify_chain
from ssp.privacy.door import request_emergency_access
from ssp.privacy.models import AuditAction, AuditEvent


def _history(client: Any, citizen_id: int) -> list[list[str]]:
    """The export's rows: time, user, action, relation, concern."""
    response = client.get(reverse("privacy:access_history", args=[citizen_id, "csv"]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))[1:]


def test_lists_searches_and_api_lists_appear_in_the_citizens_access_history(
    make_user: Any, make_concern: Any, login: Any
) -> None:
    consultant = make_user()
    concerns = [make_concern(responsible=consultant) for _ in range(3)]
    target = concerns[1].citizen
    client = login(consultant)
    client.get(reverse("concerns:mine"))
    client.get("/api/v1/citizens")
    client.get("/api/v1/concerns")
    client.post("/api/v1/citizens/search", {"cpr": target.cpr}, content_type="application/json")

    history = _history(login(make_user(role=StaffRole.MUNICIPAL_ADMIN)), target.pk)

    # The export names each action by its Danish label.
    listed, api_listed, searched = (str(AuditAction(a).label) for a in ("list", "api_list", "search"))
    disclosures = sorted(
        (row[2], row[4])
        for row in history
        if row[1] == consultant.username and row[2] in {listed, api_listed, searched}
    )
    assert disclosures == sorted(
        [(listed, str(concerns[1].pk)), (api_listed, ""), (api_listed, str(concerns[1].pk)), (searched, "")]
    )
    # No other citizen's list row leaks into this citizen's export.
    assert AuditEvent.objects.filter(action="list", citizen_id=target.pk).count() == 1
    assert verify_chain()[1] is None


def test_the_emergency_review_list_is_audited_per_citizen(make_user: Any, make_concern: Any, login: Any) -> None:
    citizens = [make_concern().citizen for _ in range(2)]
    for citizen in citizens:
        request_emergency_access(citizen, actor=make_user(role=StaffRole.MANAGER), reason="Akut")
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)

    assert login(admin).get(reverse("privacy:emergency_review")).status_code == 200

    listed = AuditEvent.objects.filter(action="emergency_list", actor=admin).values_list("citizen_id", flat=True)
    assert sorted(listed) == sorted(citizen.pk for citizen in citizens)


def test_a_malformed_request_id_never_enters_the_chain(make_user: Any, make_concern: Any, login: Any) -> None:
    concern = make_concern()
    client = login(concern.responsible)
    forged = f"{concern.citizen.full_name} {concern.citizen.cpr}"

    response = client.get(reverse("concerns:detail", args=[concern.pk]), HTTP_X_REQUEST_ID=forged)
    client.get(reverse("concerns:detail", args=[concern.pk]), HTTP_X_REQUEST_ID="trace-7f3a9c")

    first, second = AuditEvent.objects.filter(action="view", concern_id=concern.pk).order_by("pk")
    assert re.fullmatch(r"[0-9a-f]{32}", first.request_id) and response["X-Request-Id"] == first.request_id
    assert second.request_id == "trace-7f3a9c"
