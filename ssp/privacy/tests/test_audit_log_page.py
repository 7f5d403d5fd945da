"""The administrators' audit search and a citizen's access-history export (CSV, PDF)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.privacy import audit, door
from ssp.privacy.models import AuditAction, AuditEvent


@pytest.fixture
def events(make_user: Any, make_concern: Any) -> dict[str, Any]:
    here = make_concern(municipality="161")
    there = make_concern(municipality="661")
    reader = make_user(username="laeser")
    for _ in range(3):
        audit.record(actor=reader, action=AuditAction.VIEW, concern=here, relation="emergency")
    audit.record(actor=reader, action=AuditAction.VIEW, concern=there, relation="emergency")
    return {"here": here, "there": there, "reader": reader}


def test_a_municipal_administrator_sees_only_their_municipalitys_citizens(
    events: dict[str, Any], make_user: Any, login: Any, django_assert_num_queries: Any
) -> None:
    client = login(make_user(role=StaffRole.MUNICIPAL_ADMIN))

    # session, user, OTP device; the chosen user, one page of events with their actors (no count), the names the
    # reader may see; the session save (savepoint, update, release). No list of staff: the user is typed.
    with django_assert_num_queries(9):
        response = client.get(reverse("privacy:audit_log"), {"user": "laeser", "action": "view"})

    rows = response.context["page"].events
    assert response.status_code == 200
    assert len(rows) == 3 and {event.citizen_id for event in rows} == {events["here"].citizen_id}


def test_a_system_administrator_sees_all_and_filters_by_citizen(
    events: dict[str, Any], make_user: Any, login: Any
) -> None:
    client = login(make_user(role=StaffRole.SYSTEM_ADMIN, municipality=None))

    response = client.get(reverse("privacy:audit_log"), {"citizen": events["there"].citizen_id, "action": "view"})

    assert [event.citizen_id for event in response.context["page"].events] == [events["there"].citizen_id]


def _ids(response: Any) -> list[int]:
    return [event.pk for event in response.context["page"].events]


def test_pages_step_from_a_known_event_newest_first_in_one_query_each(
    make_user: Any, make_concern: Any, login: Any, django_assert_num_queries: Any
) -> None:
    """120 matching events among others: three pages of 50, 50 and 20, older and newer by event id, no count."""
    concern = make_concern(municipality="161")
    reader, other = make_user(username="Laeser"), make_user(username="anden")
    for n in range(150):
        audit.record(actor=reader if n % 5 else other, action=AuditAction.VIEW, concern=concern, relation="team")
    matching = list(AuditEvent.objects.filter(actor=reader).order_by("-pk").values_list("pk", flat=True))
    client = login(make_user(role=StaffRole.SYSTEM_ADMIN, municipality=None))
    url = reverse("privacy:audit_log")
    search = {"user": "Laeser", "action": "view"}

    first = client.get(url, search)
    # session, user, OTP device; the chosen user, one page of events, the names the reader may see: the same for
    # every page, however long the log and however many staff there are.
    with django_assert_num_queries(6):
        second = client.get(url, {**search, "aeldre": first.context["page"].older_than})
    third = client.get(url, {**search, "aeldre": second.context["page"].older_than})
    back = client.get(url, {**search, "nyere": third.context["page"].newer_than})

    assert len(matching) == 120
    assert _ids(first) + _ids(second) + _ids(third) == matching
    assert first.context["page"].newer_than is None and third.context["page"].older_than is None
    assert _ids(back) == _ids(second)
    assert "Side 1 af" not in first.content.decode() and f"aeldre={matching[49]}" in first.content.decode()


def test_a_date_range_includes_both_whole_days(events: dict[str, Any], make_user: Any, login: Any) -> None:
    client = login(make_user(role=StaffRole.SYSTEM_ADMIN, municipality=None))
    today = timezone.localdate()
    url = reverse("privacy:audit_log")

    same_day = client.get(url, {"action": "view", "date_from": today, "date_to": today})
    yesterday = client.get(url, {"action": "view", "date_to": today - timedelta(days=1)})

    assert len(_ids(same_day)) == 4 and _ids(yesterday) == []


def test_a_cursor_that_is_not_a_number_is_a_bad_request(make_user: Any, login: Any) -> None:
    client = login(make_user(role=StaffRole.SYSTEM_ADMIN, municipality=None))
    assert client.get(reverse("privacy:audit_log"), {"aeldre": "x"}).status_code == 400


@pytest.mark.parametrize("role", [StaffRole.SSP_CONSULTANT, StaffRole.MANAGER, StaffRole.CASEWORKER])
def test_other_roles_are_refused(role: str, events: dict[str, Any], make_user: Any, login: Any) -> None:
    client = login(make_user(role=role))
    citizen_id = events["here"].citizen_id

    assert client.get(reverse("privacy:audit_log")).status_code == 403
    assert client.get(reverse("privacy:access_history", args=[citizen_id, "csv"])).status_code == 403


@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_the_access_history_export_is_audited(fmt: str, events: dict[str, Any], make_user: Any, login: Any) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    citizen_id = events["here"].citizen_id

    response = login(admin).get(reverse("privacy:access_history", args=[citizen_id, fmt]))

    assert response.status_code == 200
    if fmt == "csv":
        assert response.content.decode().count("laeser") == 3
    else:
        assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=admin, citizen_id=citizen_id).count() == 1


def test_another_municipalitys_history_is_not_exported(events: dict[str, Any], make_user: Any, login: Any) -> None:
    client = login(make_user(role=StaffRole.MUNICIPAL_ADMIN))
    url = reverse("privacy:access_history", args=[events["there"].citizen_id, "csv"])
    assert client.get(url).status_code == 404


def test_the_log_speaks_danish_and_names_a_citizen_only_to_a_reader_who_may_see_them(
    make_user: Any, make_concern: Any, login: Any
) -> None:
    admin = make_user(role=StaffRole.MUNICIPAL_ADMIN)
    consultant = make_user(role=StaffRole.SSP_CONSULTANT, first_name="Karen", last_name="Konsulent")
    seen = make_concern(first_name="Malthe", last_name="Fiktivsen", responsible=consultant)
    unseen = make_concern(first_name="Liva", last_name="Skjultsen", responsible=consultant)
    door.request_emergency_access(
        seen.citizen, actor=admin, reason="Akut henvendelse fra skolen", hours=2, request=None
    )
    audit.record(actor=consultant, action=AuditAction.REVEAL_CPR, concern=seen, relation="responsible")
    audit.record(actor=consultant, action=AuditAction.VIEW, concern=unseen, relation="responsible")

    response = login(admin).get(reverse("privacy:audit_log"), {"user": consultant.username})

    html = response.content.decode()
    page = html[html.index("<tbody>") : html.index("</tbody>")]
    assert response.status_code == 200
    for label in ("visning af CPR-nummer", "ansvarlig SSP-konsulent", "SSP-konsulent"):
        assert label in page
    assert ">reveal_cpr<" not in page and ">responsible<" not in page
    # The emergency grant makes Malthe the admin's to see; Liva stays an id.
    assert f"Malthe Fiktivsen ({seen.citizen_id})" in page
    assert "Skjultsen" not in page and f"<td>{unseen.citizen_id}</td>" in page
    shown = AuditEvent.objects.filter(actor=admin, action=AuditAction.LIST, detail="audit_log")
    assert list(shown.values_list("citizen_id", flat=True)) == [seen.citizen_id]


def test_actions_and_relations_are_danish_choices_and_the_user_a_user_name(make_user: Any, login: Any) -> None:
    form = login(make_user(role=StaffRole.MUNICIPAL_ADMIN)).get(reverse("privacy:audit_log")).context["form"]

    html = str(form)
    assert '<select name="action"' in html and '<select name="relation"' in html
    assert '<input type="text" name="user"' in html and '<select name="user"' not in html
    assert ">nødadgang<" in html and ">afvist adgang<" in html


def test_the_user_filter_takes_only_staff_whose_actions_the_administrator_may_see(
    events: dict[str, Any], make_user: Any, login: Any
) -> None:
    """A municipal administrator searches their own municipality's staff (any case); another municipality's
    consultant is refused as a field error, exactly as a name that does not exist: the answer does not tell them
    apart, so the filter cannot be used to find out who works where."""
    client = login(make_user(role=StaffRole.MUNICIPAL_ADMIN))
    make_user(username="fremmed.konsulent", role=StaffRole.SSP_CONSULTANT, municipality="661")

    own = client.get(reverse("privacy:audit_log"), {"user": "LAESER"})
    foreign = client.get(reverse("privacy:audit_log"), {"user": "fremmed.konsulent"})
    unknown = client.get(reverse("privacy:audit_log"), {"user": "findes.ikke"})

    assert own.status_code == 200 and {e.actor_username for e in own.context["page"].events} == {"laeser"}
    assert foreign.status_code == unknown.status_code == 400
    assert foreign.context["rows"] == []
    assert foreign.context["form"].errors["user"] == [
        "Ingen medarbejder, hvis handlinger du må se, har brugernavnet fremmed.konsulent."
    ]
    assert unknown.context["form"].errors["user"] == [
        "Ingen medarbejder, hvis handlinger du må se, har brugernavnet findes.ikke."
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"action": "slet_alt"}, "action"),
        ({"relation": "nabo"}, "relation"),
        ({"user": "findes-ikke"}, "user"),
        ({"citizen": "abc"}, "citizen"),
        ({"citizen": str(2**63)}, "citizen"),
        ({"date_from": "99999-01-01"}, "date_from"),
    ],
)
def test_an_invalid_filter_value_is_a_field_error_not_a_500(
    params: dict[str, str], field: str, events: dict[str, Any], make_user: Any, login: Any
) -> None:
    response = login(make_user(role=StaffRole.MUNICIPAL_ADMIN)).get(reverse("privacy:audit_log"), params)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert response.context["rows"] == []
    assert 'class="form-error-message"' in response.content.decode()


def test_the_access_history_csv_names_actions_and_relations_in_danish(
    events: dict[str, Any], make_user: Any, login: Any
) -> None:
    response = login(make_user(role=StaffRole.MUNICIPAL_ADMIN)).get(
        reverse("privacy:access_history", args=[events["here"].citizen_id, "csv"])
    )

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffTidspunkt;Bruger;Handling;Relation;Sag")
    assert text.count(";visning;nødadgang;") == 3
