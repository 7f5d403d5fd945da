"""Structure pages and API at national scale.

Generates ~1,400 organisations, ~2,000 forums and 20,000 staff users with one membership each
across the 98 municipalities (rows named ``bench-…``; a second run reuses them, ``BENCH_RESET=1``
rebuilds them), then measures the pages and API list routes against a bare view.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django.db import transaction

from bench import harness

ORGANISATIONS_PER_MUNICIPALITY = 15
# Per municipality: operative forums report to the Lokalråd, tactical to an operative, executive to a tactical.
FORUMS_PER_LEVEL = {"operative": 4, "tactical": 8, "executive": 8}
USERS = 20_000
PREFIX = "bench-"


def _pack_municipalities() -> set[str]:
    codes = set()
    for path in (Path(__file__).resolve().parent.parent / "structure-packs").glob("*.yaml"):
        code = yaml.safe_load(path.read_text(encoding="utf-8")).get("municipality")
        if code:
            codes.add(str(code))
    return codes


def _reset() -> None:
    from ssp.accounts.models import User
    from ssp.structure.models import Forum, Membership, Organisation

    Membership.objects.filter(user__username__startswith=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()
    Forum.objects.filter(name__startswith=PREFIX, level="executive").delete()
    Forum.objects.filter(name__startswith=PREFIX, level="tactical").delete()
    Forum.objects.filter(name__startswith=PREFIX).delete()
    Organisation.objects.filter(name__startswith=PREFIX).delete()


@transaction.atomic
def generate() -> None:
    from ssp.accounts.models import StaffRole, User
    from ssp.structure.models import (
        Forum,
        ForumKind,
        Membership,
        MembershipRole,
        Municipality,
        Organisation,
        OrganisationKind,
    )

    if os.environ.get("BENCH_RESET") == "1":
        _reset()
    if User.objects.filter(username__startswith=PREFIX).count() == USERS:
        return
    _reset()
    # Municipalities with a structure pack keep the pack's own forums (bench_structure_packs reloads them).
    places = list(Municipality.objects.exclude(code__in=_pack_municipalities()))
    kinds = [OrganisationKind.SCHOOL] * 10 + [
        OrganisationKind.CHILDREN_FAMILY_SERVICES,
        OrganisationKind.CLUB_LEISURE,
        OrganisationKind.YOUTH_SCHOOL,
        OrganisationKind.JOB_CENTRE,
        OrganisationKind.YOUTH_EDUCATION,
    ]
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"{PREFIX}{kind.label} {i}", kind=kind, municipality=place)
        for place in places
        for i, kind in enumerate(kinds[:ORGANISATIONS_PER_MUNICIPALITY])
    )
    tops = {f.municipality_id: f for f in Forum.objects.filter(kind=ForumKind.LOCAL_COUNCIL)}
    above: dict[int, list[Forum]] = {place.pk: [tops[place.pk]] for place in places}
    forums: list[Forum] = []
    kind_by_level = {
        "operative": ForumKind.SSP_STEERING_GROUP,
        "tactical": ForumKind.SSP_LOCAL_NETWORK,
        "executive": ForumKind.WORKING_GROUP,
    }
    for level, count in FORUMS_PER_LEVEL.items():
        created = Forum.objects.bulk_create(
            Forum(
                name=f"{PREFIX}{level} {i}",
                kind=kind_by_level[level],
                level=level,
                municipality=place,
                purpose="Koordinerer **forebyggelsen** i området.",
                chair_rule="SSP-konsulenten",
                meetings_per_year_min=4,
                meetings_per_year_max=6,
                reports_to=above[place.pk][i % len(above[place.pk])],
            )
            for place in places
            for i in range(count)
        )
        above = {place.pk: [f for f in created if f.municipality_id == place.pk] for place in places}
        forums.extend(created)
    password = make_password("bench-password-123")
    users = User.objects.bulk_create(
        User(
            username=f"{PREFIX}{n}",
            password=password,
            first_name="Medarbejder",
            last_name=str(n),
            role=StaffRole.SSP_CONSULTANT,
            municipality=places[n % len(places)],
        )
        for n in range(USERS)
    )
    forums_by_place = {place.pk: [f for f in forums if f.municipality_id == place.pk] for place in places}
    orgs_by_place = {place.pk: [o for o in organisations if o.municipality_id == place.pk] for place in places}
    chaired: set[int] = set()
    memberships = []
    for n, user in enumerate(users):
        assert user.municipality_id is not None
        forum = forums_by_place[user.municipality_id][(n // len(places)) % len(forums_by_place[user.municipality_id])]
        role = MembershipRole.MEMBER if forum.pk in chaired else MembershipRole.CHAIR
        chaired.add(forum.pk)
        orgs = orgs_by_place[user.municipality_id]
        memberships.append(
            Membership(user=user, forum=forum, role=role, organisation=orgs[n % len(orgs)], starts_on=date(2025, 1, 1))
        )
    Membership.objects.bulk_create(memberships, batch_size=5000)


def main() -> None:
    from ssp.accounts.models import StaffRole, User
    from ssp.structure.models import Forum, Municipality

    harness.prepare_database()
    generate()
    viewer, _ = User.objects.get_or_create(
        username="bench-viewer", defaults={"role": StaffRole.SYSTEM_ADMIN, "first_name": "Bench"}
    )
    client = harness.logged_in_client(viewer)
    place = Municipality.objects.select_related("police_district").get(
        code="657"
    )  # Herning: no structure pack, so only generated forums
    forum = Forum.objects.filter(municipality=place, name__startswith=PREFIX, level="tactical").first()
    assert forum is not None
    from ssp.structure.models import Membership, Organisation

    harness.figure("structure.rows.organisations", Organisation.objects.count(), "rows")
    harness.figure("structure.rows.forums", Forum.objects.count(), "rows")
    harness.figure("structure.rows.users", User.objects.count(), "rows")
    harness.figure("structure.rows.memberships", Membership.objects.count(), "rows")
    bare = harness.floor(viewer)
    harness.figure("bare_view.median", bare.median_ms, "ms")
    harness.figure("bare_view.p95", bare.p95_ms, "ms")
    routes = {
        "structure.overview": "/struktur/",
        "structure.district": f"/struktur/politikreds/{place.police_district.slug}/",
        "structure.municipality": f"/struktur/kommune/{place.code}/",
        "structure.forum": f"/struktur/forum/{forum.pk}/",
        # What the municipality page and the district org chart load when a reader opens a forum's members or a
        # municipality's section.
        "structure.forum_members": f"/struktur/forum/{forum.pk}/medlemmer/",
        "structure.municipality_forums_chart": f"/struktur/kommune/{place.code}/organisationsdiagram/fora/",
        "structure.municipality_chart": f"/struktur/kommune/{place.code}/organisationsdiagram/",
        "structure.district_chart": f"/struktur/politikreds/{place.police_district.slug}/organisationsdiagram/",
        "api.police_districts": "/api/v1/police-districts",
        "api.municipalities": "/api/v1/municipalities",
        "api.organisations": "/api/v1/organisations",
        "api.forums": "/api/v1/forums",
        "api.forum": f"/api/v1/forums/{forum.pk}",
    }
    for name, url in routes.items():
        harness.report(name, harness.measure(client, url), bare)
