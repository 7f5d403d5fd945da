"""Django admin for system administrators; municipal administrators edit in the app (``views.py``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ssp.structure.models import (
    Forum,
    Membership,
    Municipality,
    Organisation,
    PoliceDistrict,
    Position,
    Seat,
    StructureActivity,
)


@admin.register(PoliceDistrict)
class PoliceDistrictAdmin(admin.ModelAdmin[PoliceDistrict]):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["name", "code", "police_district", "region"]
    list_filter = ["police_district", "region"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "municipality", "police_district"]
    list_filter = ["kind", "police_district"]
    search_fields = ["name"]
    list_select_related = ["municipality", "police_district"]
    raw_id_fields = ["parent"]


class SeatInline(admin.TabularInline[Seat, Forum]):
    model = Seat
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin[Forum]):
    list_display = ["name", "kind", "level", "municipality", "police_district"]
    list_filter = ["kind", "level", "police_district"]
    search_fields = ["name"]
    list_select_related = ["municipality", "police_district"]
    raw_id_fields = ["reports_to"]
    filter_horizontal = ["member_municipalities"]
    inlines = [SeatInline]


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Shown, never written here: the change would skip the service's rules and its activity log."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """A membership opens citizen data through person-sensitive items, so it is added and ended only in the
    app, through ``ssp.structure.services`` and the privacy policy on who may be a member."""

    list_display = ["user", "forum", "role", "starts_on", "ends_on"]
    list_filter = ["role"]
    search_fields = ["user__username", "forum__name"]
    list_select_related = ["user", "forum"]


@admin.register(StructureActivity)
class StructureActivityAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "subject", "member", "role", "source"]
    list_filter = ["action"]
    search_fields = ["subject", "actor__username", "member__username"]
    list_select_related = ["actor", "member"]


@admin.register(Position)
class PositionAdmin(ReadOnlyAdmin):
    """A position at a school makes its holder the school representative of its pupils, so positions are given
    and ended only in the staff pages, through ``ssp.staff`` and the privacy policy on who administers whom."""

    list_display = ["user", "title", "organisation", "starts_on", "ends_on"]
    list_select_related = ["user", "organisation"]
