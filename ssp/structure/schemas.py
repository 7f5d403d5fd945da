"""API schemas of the structure."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class PoliceDistrictOut(Schema):
    slug: str
    name: str


class MunicipalityRefOut(Schema):
    code: str
    name: str


class MunicipalityOut(Schema):
    code: str
    name: str
    slug: str
    region: str
    police_district: PoliceDistrictOut


class PoliceDistrictDetailOut(PoliceDistrictOut):
    municipalities: list[MunicipalityRefOut]


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    municipality_code: str | None
    police_district_slug: str | None
    parent_id: int | None


class ForumOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    municipality_code: str | None
    police_district_slug: str | None
    school_district: str
    pro_area: str
    legal_basis: str
    allows_person_sensitive: bool
    reports_to_id: int | None


class SeatOut(Schema):
    role: str
    title: str
    organisation_kind: str
    organisation_id: int | None
    count: int
    per_organisation: bool


class MemberOut(Schema):
    user_id: int
    name: str
    role: str
    organisation_id: int | None
    starts_on: date
    ends_on: date | None


class ForumDetailOut(ForumOut):
    purpose: str
    chair_rule: str
    meetings_per_year_min: int | None
    meetings_per_year_max: int | None
    recurrence_rule: str
    anchor_months: list[int]
    cadence_note: str
    has_decision_power: bool
    member_municipality_codes: list[str]
    seats: list[SeatOut]
    members: list[MemberOut]
