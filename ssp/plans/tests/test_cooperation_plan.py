"""Drafting, approval and change of the cooperation plan: an approved version is frozen; a change is a new
version whose difference from the approved one is shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from ssp.meetings.models import Decision, Meeting
from ssp.plans import services
from ssp.plans.models import FocusArea, FocusScope, MilestoneKind, PlanSection, PlanVersion, SectionKind, VersionStatus
from ssp.plans.selectors import organisation_of, version_diff
from ssp.plans.tests.conftest import Sydost
from ssp.structure.models import Forum

pytestmark = pytest.mark.django_db


def _draft(sydost: Sydost) -> PlanVersion:
    version = services.start_cooperation_plan(sydost.district, year=2027, actor=sydost.secretariat)
    services.update_plan_text(
        version, actor=sydost.secretariat, introduction="Samarbejdet mellem kommuner og politi.", strategy="Tryghed."
    )
    services.save_focus_area(
        FocusArea(
            version=version,
            key="panther-i",
            scope=FocusScope.LOCAL,
            title="PANTHER I (Pre-entry)",
            goals="Antallet af unge i pre-entry-forløb opgøres",
            indicators="Status et år efter forløbets start",
        ),
        actor=sydost.secretariat,
    )
    return version


def _approve(sydost: Sydost, version: PlanVersion, meeting: Meeting) -> PlanVersion:
    services.submit_plan_for_approval(version, actor=sydost.secretariat, meeting=meeting)
    return services.approve_plan_version(version, actor=sydost.secretariat, decision="Kredsrådet godkender planen.")


def test_approval_records_the_meeting_and_decision(sydost: Sydost, meeting_of: Callable[..., Meeting]) -> None:
    services.generate_cycle(sydost.district, year=2027, actor=sydost.secretariat)
    meeting = meeting_of(sydost.council)
    version = _approve(sydost, _draft(sydost), meeting)

    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    assert version.approved_in == meeting
    assert version.approval_decision == Decision.objects.get(item__meeting=meeting)
    assert version.approval_decision.text == "Kredsrådet godkender planen."
    assert meeting.items.get().title == "Godkendelse af samarbejdsplan 2027 (version 1)"
    milestone = sydost.district.annual_cycles.get(year=2027).milestones.get(kind=MilestoneKind.PLAN_APPROVED)
    assert milestone.done_on == version.approved_on


def test_an_approved_version_is_frozen(sydost: Sydost, meeting_of: Callable[..., Meeting]) -> None:
    version = _approve(sydost, _draft(sydost), meeting_of(sydost.council))
    with pytest.raises(ValidationError, match="godkendt og kan ikke ændres"):
        services.update_plan_text(version, actor=sydost.secretariat, introduction="Ændret", strategy="")
    with pytest.raises(ValidationError, match="godkendt og kan ikke ændres"):
        services.save_focus_area(
            FocusArea(version=version, key="ny", scope=FocusScope.LOCAL, title="Nyt"), actor=sydost.secretariat
        )
    version.refresh_from_db()
    assert version.introduction == "Samarbejdet mellem kommuner og politi."


def test_a_change_makes_a_new_version_with_a_visible_difference(
    sydost: Sydost, meeting_of: Callable[..., Meeting]
) -> None:
    approved = _approve(sydost, _draft(sydost), meeting_of(sydost.council))
    draft = services.start_new_version(approved.plan, actor=sydost.secretariat)
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT
    assert list(draft.focus_areas.values_list("key", flat=True)) == ["panther-i"]
    services.update_plan_text(
        draft,
        actor=sydost.secretariat,
        introduction="Samarbejdet mellem kommuner og politi.",
        strategy="Tryghed og trafik.",
    )

    diff = version_diff(approved, draft)
    assert ("removed", "Tryghed.") in [(line.kind, line.text) for line in diff]
    assert ("added", "Tryghed og trafik.") in [(line.kind, line.text) for line in diff]
    with pytest.raises(ValidationError, match="allerede et udkast"):
        services.start_new_version(approved.plan, actor=sydost.secretariat)

    _approve(sydost, draft, meeting_of(sydost.council, in_days=30))
    approved.refresh_from_db()
    assert approved.status == VersionStatus.REPLACED


def test_approval_needs_the_item_on_the_kredsraads_agenda(sydost: Sydost, meeting_of: Callable[..., Meeting]) -> None:
    version = _draft(sydost)
    with pytest.raises(ValidationError, match="dagsorden"):
        services.approve_plan_version(version, actor=sydost.secretariat, decision="Godkendt")
    with pytest.raises(ValidationError, match="møde i kredsrådet"):
        services.submit_plan_for_approval(version, actor=sydost.secretariat, meeting=meeting_of(sydost.lokalraad))


def test_next_years_plan_starts_from_the_approved_one(sydost: Sydost, meeting_of: Callable[..., Meeting]) -> None:
    _approve(sydost, _draft(sydost), meeting_of(sydost.council))
    next_year = services.start_cooperation_plan(sydost.district, year=2028, actor=sydost.secretariat)
    assert next_year.strategy == "Tryghed." and next_year.focus_areas.get().key == "panther-i"


def test_the_organisation_is_generated_from_the_structure(sydost: Sydost) -> None:
    organisation = organisation_of(sydost.district)
    strategic, operative, _tactical = organisation.levels
    assert [forum.name for forum in strategic.forums] == ["Kredsrådet i Sydøstjyllands Politi"]
    assert len(operative.forums) == 7
    assert sydost.samraad in organisation.cross_sector
    assert Forum.objects.filter(pk__in=[f.pk for f in operative.forums], municipality=sydost.horsens).exists()


def test_a_draft_s_focus_areas_and_sections_are_edited_and_removed(sydost: Sydost) -> None:
    version = _draft(sydost)
    area = version.focus_areas.get()
    area.title = "PANTHER I"
    services.save_focus_area(area, actor=sydost.secretariat)
    section = services.save_plan_section(
        PlanSection(version=version, kind=SectionKind.AUTHORITY, heading="Bevillingsnævn"), actor=sydost.secretariat
    )
    assert version.focus_areas.get().title == "PANTHER I"

    services.remove_focus_area(area, actor=sydost.secretariat)
    services.remove_plan_section(section, actor=sydost.secretariat)

    assert not version.focus_areas.exists() and not version.sections.exists()


def test_an_approved_version_keeps_its_focus_areas_and_sections(
    sydost: Sydost, meeting_of: Callable[..., Meeting]
) -> None:
    version = _draft(sydost)
    services.save_plan_section(
        PlanSection(version=version, kind=SectionKind.AUTHORITY, heading="Bevillingsnævn"), actor=sydost.secretariat
    )
    _approve(sydost, version, meeting_of(sydost.council))
    area, section = version.focus_areas.get(), version.sections.get()
    area.version.refresh_from_db()
    section.version.refresh_from_db()

    area.title, section.heading = "Ændret", "Ændret"
    for refused in (
        lambda: services.save_focus_area(area, actor=sydost.secretariat),
        lambda: services.remove_focus_area(area, actor=sydost.secretariat),
        lambda: services.save_plan_section(section, actor=sydost.secretariat),
        lambda: services.remove_plan_section(section, actor=sydost.secretariat),
    ):
        with pytest.raises(ValidationError, match="godkendt og kan ikke ændres"):
            refused()

    assert version.focus_areas.get().title == "PANTHER I (Pre-entry)"
    assert version.sections.get().heading == "Bevillingsnævn"
