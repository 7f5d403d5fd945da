"""Read API of the structure: districts, municipalities, organisations and forums."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from ssp.lib.params import BoundedPageNumberPagination
from ssp.structure import selectors
from ssp.structure.models import Forum, Municipality, Organisation, PoliceDistrict
from ssp.structure.schemas import (
    ForumDetailOut,
    ForumOut,
    MunicipalityOut,
    OrganisationOut,
    PoliceDistrictDetailOut,
    PoliceDistrictOut,
)

router = Router(tags=["structure"])


@router.get("/police-districts", response=list[PoliceDistrictOut])
def list_police_districts(request: HttpRequest) -> QuerySet[PoliceDistrict]:
    return PoliceDistrict.objects.all()


@router.get("/police-districts/{slug}", response=PoliceDistrictDetailOut)
def get_police_district(request: HttpRequest, slug: str) -> PoliceDistrict:
    return get_object_or_404(PoliceDistrict.objects.prefetch_related("municipalities"), slug=slug)


@router.get("/municipalities", response=list[MunicipalityOut])
def list_municipalities(request: HttpRequest, police_district: str | None = None) -> QuerySet[Municipality]:
    found = Municipality.objects.select_related("police_district")
    return found.filter(police_district__slug=police_district) if police_district else found


@router.get("/municipalities/{code}", response=MunicipalityOut)
def get_municipality(request: HttpRequest, code: str) -> Municipality:
    return get_object_or_404(Municipality.objects.select_related("police_district"), code=code)


def _scope_codes(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.annotate(
        municipality_code=F("municipality__code"), police_district_slug=F("police_district__slug")
    ).order_by("name", "id")


@router.get("/organisations", response=list[OrganisationOut])
@paginate(BoundedPageNumberPagination, page_size=100)
def list_organisations(
    request: HttpRequest, municipality: str | None = None, kind: str | None = None
) -> QuerySet[Organisation]:
    found = Organisation.objects.all()
    if municipality:
        found = found.filter(municipality__code=municipality)
    if kind:
        found = found.filter(kind=kind)
    return _scope_codes(found)


@router.get("/forums", response=list[ForumOut])
@paginate(BoundedPageNumberPagination, page_size=100)
def list_forums(
    request: HttpRequest,
    municipality: str | None = None,
    police_district: str | None = None,
    kind: str | None = None,
    level: str | None = None,
) -> QuerySet[Forum]:
    found = Forum.objects.all()
    if municipality:
        found = found.filter(municipality__code=municipality)
    if police_district:
        found = found.filter(police_district__slug=police_district)
    if kind:
        found = found.filter(kind=kind)
    if level:
        found = found.filter(level=level)
    return _scope_codes(found)


@router.get("/forums/{forum_id}", response=ForumDetailOut)
def get_forum(request: HttpRequest, forum_id: int) -> dict[str, Any]:
    forum = selectors.forum_detail(forum_id)
    return {
        **{name: getattr(forum, name) for name in ForumDetailOut.model_fields if hasattr(forum, name)},
        "municipality_code": forum.municipality.code if forum.municipality else None,
        "police_district_slug": forum.police_district.slug if forum.police_district else None,
        "member_municipality_codes": [m.code for m in forum.member_municipalities.all()],
        "seats": list(forum.seats.all()),
        "members": [
            {
                "user_id": m.user_id,
                "name": m.user.get_full_name() or m.user.get_username(),
                "role": m.role,
                "organisation_id": m.organisation_id,
                "starts_on": m.starts_on,
                "ends_on": m.ends_on,
            }
            for m in forum.current_members  # type: ignore[attr-defined]
        ],
    }
