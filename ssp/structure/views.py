"""Pages of the structure: the national overview, districts, municipalities, forums and org charts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from ssp.core.http import AuthedHttpRequest
from ssp.structure import selectors
from ssp.structure.permissions import can_administer_municipality


@login_required
def overview(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "structure/overview.html", {"districts": selectors.overview()})


@login_required
def district(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    return render(request, "structure/district.html", {"district": selectors.district_detail(slug)})


@login_required
def municipality(request: AuthedHttpRequest, code: str) -> HttpResponse:
    place, levels, organisations = selectors.municipality_detail(code)
    context = {
        "municipality": place,
        "levels": levels,
        "organisations": organisations,
        "can_edit": can_administer_municipality(request.user, place),
    }
    return render(request, "structure/municipality.html", context)


@login_required
def forum(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    found = selectors.forum_detail(pk)
    context = {
        "forum": found,
        "chain": selectors.reporting_chain(found),
        "can_edit": found.municipality is not None and can_administer_municipality(request.user, found.municipality),
    }
    return render(request, "structure/forum.html", context)


@login_required
def municipality_chart(request: AuthedHttpRequest, code: str) -> HttpResponse:
    place, forums, roots = selectors.municipality_chart(code)
    context = {"scope": place, "district": place.police_district, "forums": forums, "roots": roots}
    return render(request, "structure/chart.html", context)


@login_required
def district_chart(request: AuthedHttpRequest, slug: str) -> HttpResponse:
    place, forums, roots = selectors.district_chart(slug)
    return render(request, "structure/chart.html", {"scope": place, "forums": forums, "roots": roots})
