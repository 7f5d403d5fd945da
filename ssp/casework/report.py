"""The Kredsråd's report on pre-entry courses (seed 003, 3.2.1): per police district and year, the number of
young people taken into a course per municipality, and their status one year after the start. Two queries."""

from __future__ import annotations

from ssp.casework.models import Programme
from ssp.casework.programmes import EnrolmentFact, ProgrammeKind, ReportRow, district_report
from ssp.structure.models import Municipality, PoliceDistrict

# Aggregates without citizen data: police prevention staff and management, and the municipalities' SSP
# consultants and managers of the district.
REPORT_ROLES = frozenset({"police_prevention_officer", "police_management", "ssp_consultant", "manager"})


def pre_entry_report(district: PoliceDistrict, year: int) -> list[ReportRow]:
    names = list(Municipality.objects.filter(police_district=district).order_by("name").values_list("name", flat=True))
    facts = [
        EnrolmentFact(name, outcome)
        for name, outcome in Programme.objects.filter(
            kind=ProgrammeKind.PRE_ENTRY, municipality__police_district=district, started_on__year=year
        ).values_list("municipality__name", "outcome")
    ]
    return district_report(names, facts)
