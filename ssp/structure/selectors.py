"""Reads of the structure, with the joins each page needs applied once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.shortcuts import get_object_or_404

from ssp.accounts.models import User
from ssp.structure.models import (
    Forum,
    ForumKind,
    Level,
    Membership,
    MembershipRole,
    Municipality,
    Organisation,
    PoliceDistrict,
    Seat,
    StructureActivity,
    current_on_q,
)


def current(queryset: QuerySet[Membership]) -> QuerySet[Membership]:
    return queryset.filter(current_on_q())


def in_forum_scope(forum: Forum) -> Q:
    """Staff (``User``) or organisations that belong to ``forum``'s area; both carry ``municipality`` and
    ``police_district``.

    A municipal forum: the municipality's own, and the police of its district (the police sit in municipal
    forums). A district forum: those of the district's municipalities, and the district's police.
    """
    district_id = forum.police_district_id or (forum.municipality.police_district_id if forum.municipality else None)
    if forum.municipality_id is not None:
        return Q(municipality_id=forum.municipality_id) | Q(police_district_id=district_id)
    return Q(municipality__police_district_id=district_id) | Q(police_district_id=district_id)


def in_area(prefix: str, *, municipality: str = "", police_district: str = "") -> Q:
    """Rows whose ``prefix`` municipality is the one with the slug, or lies in the police district with the slug
    (empty means any): the area filter a dashboard figure's link carries to its list."""
    area = Q()
    if municipality:
        area &= Q(**{f"{prefix}__slug": municipality})
    if police_district:
        area &= Q(**{f"{prefix}__police_district__slug": police_district})
    return area


def forum_activity(forum: Forum, *, limit: int = 10) -> list[StructureActivity]:
    """The latest changes of ``forum`` and its seats and memberships, newest first, for its administrators."""
    return list(forum.activities.select_related("actor", "member")[:limit])


def memberships_of(user: User) -> QuerySet[Membership]:
    """The user's current memberships with forum and scope, for the start page."""
    return current(
        Membership.objects.filter(user=user).select_related(
            "forum", "forum__municipality", "forum__police_district", "organisation"
        )
    ).order_by("forum__name")


def start_memberships(user: User) -> dict[str, object]:
    return {"memberships": memberships_of(user)}


# Pages of the structure. Each selector runs a fixed number of queries, whatever the data size.

# The Kredsråd and the SSP-samråd are the two councils every police district has.
DISTRICT_COUNCIL_KINDS = (ForumKind.DISTRICT_COUNCIL, ForumKind.SSP_DISTRICT_NETWORK)
LEVEL_ORDER = [Level.STRATEGIC, Level.OPERATIVE, Level.TACTICAL, Level.EXECUTIVE]
# The reports-to chain is read in one join of this depth; the seeds' deepest line is
# executive -> tactical -> operative -> strategic -> district council.
CHAIN_DEPTH = 5


def current_members() -> QuerySet[Membership]:
    return current(Membership.objects.select_related("user", "organisation")).order_by("role", "user__first_name")


def overview() -> QuerySet[PoliceDistrict]:
    """Every police district with its municipalities and its district councils: three queries."""
    return PoliceDistrict.objects.prefetch_related(
        "municipalities",
        Prefetch("forums", queryset=Forum.objects.filter(kind__in=DISTRICT_COUNCIL_KINDS), to_attr="councils"),
    )


def district_detail(slug: str) -> PoliceDistrict:
    return get_object_or_404(
        PoliceDistrict.objects.prefetch_related(
            "municipalities",
            Prefetch("forums", queryset=Forum.objects.select_related("reports_to"), to_attr="district_forums"),
        ),
        slug=slug,
    )


@dataclass(frozen=True)
class LevelGroup:
    level: str
    label: str
    forums: list[Forum]


def group_by_level(forums: Sequence[Forum]) -> list[LevelGroup]:
    return [
        LevelGroup(level.value, str(level.label), [f for f in forums if f.level == level.value])
        for level in LEVEL_ORDER
        if any(f.level == level.value for f in forums)
    ]


def municipality_detail(code: str) -> tuple[Municipality, list[LevelGroup], list[Organisation]]:
    """A municipality, its forums by level with their chair and number of current members, and its organisations:
    three queries.

    Each forum carries ``member_count`` and ``chair_name`` (the current chair's name, or None), not its members: a
    municipality has hundreds of them, and rendering them all made the page miss its time goal. The members are
    one request away (:func:`forum_members`), on the forum page or opened in place.
    """
    municipality = get_object_or_404(Municipality.objects.select_related("police_district"), code=code)
    forums = list(
        Forum.objects.filter(municipality=municipality)
        .select_related("reports_to")
        .annotate(member_count=_current_member_count(), chair_name=_current_chair_name())
        .order_by("name")
    )
    organisations = list(Organisation.objects.filter(municipality=municipality).select_related("parent"))
    return municipality, group_by_level(forums), organisations


def _current_member_count() -> Coalesce:
    """The forum's number of current memberships, as a subquery: no GROUP BY over every column of the forums."""
    counted = (
        current(Membership.objects.filter(forum=OuterRef("pk"))).order_by().values("forum").annotate(n=Count("pk"))
    )
    return Coalesce(Subquery(counted.values("n")), 0)


def _current_chair_name() -> Subquery:
    """The name of the forum's current chair (``User.get_full_name``, else the username): the services let a forum
    have one chair at a time."""
    full_name = NullIf(Trim(Concat("user__first_name", Value(" "), "user__last_name")), Value(""))
    chairs = current(Membership.objects.filter(forum=OuterRef("pk"), role=MembershipRole.CHAIR))
    return Subquery(
        chairs.annotate(label=Coalesce(full_name, "user__username")).order_by("starts_on").values("label")[:1]
    )


def forum_members(pk: int) -> Forum:
    """A forum with its municipality and current members (``current_members``): two queries."""
    return get_object_or_404(
        Forum.objects.select_related("municipality").prefetch_related(
            Prefetch("memberships", queryset=current_members(), to_attr="current_members")
        ),
        pk=pk,
    )


def forum_detail(pk: int) -> Forum:
    """A forum with its chain upwards, its reporting forums, seats, member municipalities and members."""
    chain = "__".join(["reports_to"] * CHAIN_DEPTH)
    return get_object_or_404(
        Forum.objects.select_related("municipality", "police_district", chain).prefetch_related(
            Prefetch("reporting_forums", queryset=Forum.objects.order_by("name")),
            Prefetch("seats", queryset=Seat.objects.select_related("organisation", "municipality")),
            "member_municipalities",
            Prefetch("memberships", queryset=current_members(), to_attr="current_members"),
        ),
        pk=pk,
    )


def reporting_chain(forum: Forum) -> list[Forum]:
    """The forums ``forum`` reports to, nearest first, as far as :func:`forum_detail` joined them."""
    chain: list[Forum] = []
    above = forum.reports_to if "reports_to" in forum._state.fields_cache else None
    while above is not None and len(chain) < CHAIN_DEPTH:
        chain.append(above)
        above = above._state.fields_cache.get("reports_to")
    return chain


@dataclass
class ChartNode:
    forum: Forum
    children: list[ChartNode] = field(default_factory=list)


def chart(forums: list[Forum]) -> list[ChartNode]:
    """Reporting lines as a forest: a forum whose superior is outside ``forums`` is a root."""
    nodes = {f.pk: ChartNode(f) for f in forums}
    roots: list[ChartNode] = []
    for node in nodes.values():
        parent = nodes.get(node.forum.reports_to_id) if node.forum.reports_to_id else None
        (parent.children if parent else roots).append(node)
    rank = {level.value: i for i, level in enumerate(LEVEL_ORDER)}

    def order(items: list[ChartNode]) -> None:
        items.sort(key=lambda n: (rank.get(n.forum.level, 9), n.forum.name))
        for item in items:
            order(item.children)

    order(roots)
    return roots


def municipality_chart(code: str) -> tuple[Municipality, list[Forum], list[ChartNode]]:
    """The municipality's forums and the district forums they report to: two queries."""
    municipality = get_object_or_404(Municipality.objects.select_related("police_district"), code=code)
    forums = list(
        Forum.objects.filter(
            Q(municipality=municipality)
            | Q(police_district=municipality.police_district_id, reporting_forums__municipality=municipality)
        )
        .distinct()
        .select_related("reports_to", "municipality", "police_district")
        .order_by("name")
    )
    return municipality, forums, chart(forums)


@dataclass(frozen=True)
class DistrictChart:
    """The district's own forums as a chart, and its municipalities with their number of forums.

    The municipalities' charts are not part of it: a district has hundreds of municipal forums, and each
    municipality's chart is one request away (:func:`municipality_forums_chart`).
    """

    district: PoliceDistrict
    forums: list[Forum]
    roots: list[ChartNode]
    municipalities: Sequence[Municipality]


def district_chart(slug: str) -> DistrictChart:
    """The district's own forums and its municipalities with ``forum_count``: three queries."""
    district = get_object_or_404(PoliceDistrict, slug=slug)
    forums = list(
        Forum.objects.filter(police_district=district).select_related("reports_to", "police_district").order_by("name")
    )
    municipalities = list(district.municipalities.annotate(forum_count=Count("forums")).order_by("name"))
    return DistrictChart(district, forums, chart(forums), municipalities)


def municipality_forums_chart(code: str) -> tuple[Municipality, list[Forum], list[ChartNode]]:
    """Only the municipality's own forums as a chart, for its section of the district chart: two queries."""
    municipality = get_object_or_404(Municipality, code=code)
    forums = list(
        Forum.objects.filter(municipality=municipality).select_related("reports_to", "municipality").order_by("name")
    )
    return municipality, forums, chart(forums)
