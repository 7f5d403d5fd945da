"""Django admin for system administrators; municipal administrators edit in the app (``views.py``)."""

from __future__ import annotations

from django.contrib import admin

from ssp.structure.models import Forum, Membership, Municipality, Organisation, PoliceDistrict, Position, Seat


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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "forum", "role", "starts_on", "ends_on"]
    list_filter = ["role"]
    search_fields = ["user__username", "forum__name"]
    list_select_related = ["user", "forum"]
    raw_id_fields = ["user", "forum", "organisation", "seat"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin[Position]):
    list_display = ["user", "title", "organisation", "starts_on", "ends_on"]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user", "organisation"]
