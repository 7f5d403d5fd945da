"""The dashboard's tiles from concerns, intake and case work: suppressed counts, per municipality and district."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ssp.accounts.models import User
from ssp.casework.models import ActionKind, ActionStatus, CaseAction
from ssp.casework.tiles import actions_tiles
from ssp.concerns.models import Concern, ConcernSource
from ssp.insight.providers import concerns_tiles
from ssp.insight.registry import Scope
from ssp.insight.tests.conftest import HOLSTEBRO
from ssp.structure.models import Municipality


def _scope(*codes: str) -> Scope:
    ids = tuple(Municipality.objects.filter(code__in=codes).values_list("pk", flat=True))
    return Scope(name="test", municipality_ids=ids)


def _table(tile: Any) -> dict[str, str]:
    return {label: cells[0] for label, cells in tile.chart.rows}


def _actions(concern: Concern, *, in_time: int, late: int) -> None:
    due = timezone.localdate().replace(month=1, day=10)
    for days_late in [0] * in_time + [3] * late:
        CaseAction.objects.create(
            concern=concern,
            kind=ActionKind.CONCERN_CONVERSATION,
            status=ActionStatus.DONE,
            owner=concern.responsible,
            due_on=due,
            done_on=due + timedelta(days=days_late),
        )


def test_deadlines_met_hides_two_late_actions_and_the_count_that_would_give_them_away(
    make_concern: Callable[..., Concern], consultant: User
) -> None:
    _actions(make_concern(municipality=HOLSTEBRO, responsible=consultant), in_time=7, late=2)

    _kinds, deadlines = actions_tiles(_scope(HOLSTEBRO), consultant)

    # 7 beside a total of 9 would give the 2 away, so the 7 is hidden too ("x"); the total stays.
    assert _table(deadlines) == {"til tiden": "x", "for sent": "<5"}
    assert deadlines.number == "9"
    assert deadlines.chart is not None
    assert "&lt;5" in deadlines.chart.svg and ">7<" not in deadlines.chart.svg


def test_the_district_tile_adds_up_its_municipalities(make_concern: Callable[..., Concern], consultant: User) -> None:
    district = Municipality.objects.get(code=HOLSTEBRO).police_district
    other = Municipality.objects.filter(police_district=district).exclude(code=HOLSTEBRO).first()
    assert other is not None
    _actions(make_concern(municipality=HOLSTEBRO, responsible=consultant), in_time=7, late=2)
    _actions(make_concern(municipality=other.code), in_time=5, late=5)

    _kinds, deadlines = actions_tiles(_scope(HOLSTEBRO, other.code), consultant)

    assert _table(deadlines) == {"til tiden": "12", "for sent": "7"}
    assert deadlines.number == "19"


def test_a_breakdown_that_cannot_be_protected_is_withheld_and_only_the_total_is_shown(
    make_concern: Callable[..., Concern], consultant: User
) -> None:
    for source in [ConcernSource.SCHOOL] * 6 + [ConcernSource.POLICE_DAILY_REPORT] * 2:
        make_concern(municipality=HOLSTEBRO, responsible=consultant, source=source)

    [tile] = concerns_tiles(_scope(HOLSTEBRO), consultant)

    # The five sources with no concern are small cells too; no pattern hides them and the 2 safely.
    assert set(_table(tile).values()) == {"–"}
    assert tile.number == "8"
    assert tile.notes == ["Fordelingen vises ikke: der er for få sager til at skjule de små tal."]


def test_the_dashboard_runs_the_same_queries_for_three_concerns_as_for_six(
    make_concern: Callable[..., Concern], consultant: User, login: Any, django_assert_num_queries: Any
) -> None:
    client = login(consultant)
    url = reverse("insight:municipality", args=["holstebro"])
    for _ in range(3):
        make_concern(municipality=HOLSTEBRO, responsible=consultant)
    client.get(url)
    with django_assert_num_queries(16):
        html = client.get(url).content.decode()
    assert "Bekymringer" in html
    for _ in range(3):
        make_concern(municipality=HOLSTEBRO, responsible=consultant)
    with django_assert_num_queries(16):
        html = client.get(url).content.decode()
    assert '<strong class="font-lead">6</strong> sager oprettet i' in html
    assert "Henvendelser" in html and "Frister overholdt" in html and "Forløb startet" in html
