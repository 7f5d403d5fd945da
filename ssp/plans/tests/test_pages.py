"""Every page and form of the plans capability: who may read it, who is refused (403, nothing written), exports
that open, and fixed query counts on the list pages (with at least three rows)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ssp.accounts.models import User
from ssp.meetings.models import Meeting
from ssp.plans import services
from ssp.plans.models import (
    ActionPlan,
    ActionPlanKind,
    Milestone,
    SchoolClass,
    StatutoryPlan,
)
from ssp.plans.tests.conftest import World
from ssp.structure.models import Forum, Municipality

pytestmark = pytest.mark.django_db
YEAR = 2027


def _gets(w: World) -> list[tuple[str, list[Any]]]:
    slug, m = w.sydost.district.slug, w.sydost.horsens.slug
    return [
        ("plans:cycle", [slug, YEAR]),
        ("plans:overview", [slug, YEAR]),
        ("plans:cooperation_plan", [slug, YEAR]),
        ("plans:cooperation_plan_export", [slug, YEAR, "pdf"]),
        ("plans:cooperation_plan_export", [slug, YEAR, "docx"]),
        ("plans:action_plans", [m]),
        ("plans:action_plan", [w.plan.pk]),
        ("plans:action_plan_export", [w.plan.pk, "pdf"]),
        ("plans:action_plan_export", [w.plan.pk, "docx"]),
        ("plans:catalogue", [m]),
        ("plans:catalogue_xlsx", [m]),
        ("plans:initiative_edit", [w.initiative.pk]),
        ("plans:coverage", [m]),
        ("plans:coverage_xlsx", [m]),
        ("plans:statutory", [m]),
        ("plans:statutory_export", [w.statutory.pk, "pdf"]),
        ("plans:statutory_export", [w.statutory.pk, "docx"]),
        ("plans:trends", [slug]),
        ("plans:project", [w.project.pk]),
    ]


def _posts(w: World) -> list[tuple[str, list[Any], dict[str, Any]]]:
    slug, m, v = w.sydost.district.slug, w.sydost.horsens.slug, w.version.pk
    return [
        ("plans:generate_cycle", [slug, YEAR + 1], {}),
        ("plans:complete_milestone", [w.milestone.pk], {"done_on": "2026-10-01"}),
        ("plans:assign_milestone_owner", [w.milestone.pk], {"owner": w.sydost.consultant.pk}),
        ("plans:start_plan", [slug, YEAR + 1], {}),
        ("plans:edit_plan_text", [v], {"introduction": "x", "strategy": "y"}),
        ("plans:add_focus_area", [v], {"scope": "local", "key": "ny", "title": "Ny", "order": 0}),
        ("plans:add_section", [v], {"kind": "authority", "heading": "Bevillingsnævn", "order": 0}),
        ("plans:comment", [v], {"text": "En kommentar"}),
        (
            "plans:edit_version_part",
            ["fokusomraade", w.version.focus_areas.first().pk],  # type: ignore[union-attr]
            {"scope": "local", "key": "tryghed", "title": "Omdøbt", "order": 0},
        ),
        ("plans:remove_from_version", ["fokusomraade", w.version.focus_areas.first().pk], {}),  # type: ignore[union-attr]
        ("plans:submit_plan", [v], {}),
        ("plans:approve_plan", [v], {"decision": "Godkendt"}),
        ("plans:new_version", [v], {}),
        (
            "plans:action_plans",
            [m],
            {"year": YEAR, "kind": "ssp", "title": "SSP-handleplan", "owner_forum": w.sydost.lokalraad.pk},
        ),
        ("plans:action_plan_edit", [w.plan.pk, "priority"], {"title": "Indbrud", "why": "Mange"}),
        ("plans:action_plan_edit", [w.plan.pk, "copy"], {}),
        ("plans:adopt_action_plan", [w.plan.pk], {"decision": "Vedtaget"}),
        ("plans:evaluate_action_plan", [w.plan.pk], {"evaluation": "God"}),
        ("plans:planned_status", [w.planned.pk], {"status": "running"}),
        (
            "plans:catalogue",
            [m],
            {"title": "Ny indsats", "status": "active", "triangle_level": "building", "prevention_form": "general"},
        ),
        (
            "plans:initiative_edit",
            [w.initiative.pk],
            {"title": "Omdøbt", "status": "retired", "triangle_level": "building", "prevention_form": "general"},
        ),
        ("plans:import_classes", [m], {}),
        ("plans:add_class", [m], {"school": w.school_class.school_id, "grade": 8, "letter": "C"}),
        (
            "plans:record_delivery",
            [m],
            {
                "initiative": w.initiative.pk,
                "school_class": w.school_class.pk,
                "delivered_on": "2025-10-01",
                "delivered_by": "SSP",
                "participants": 20,
            },
        ),
        (
            "plans:statutory",
            [m],
            {
                "kind": "radicalisation",
                "title": "Beredskab",
                "legal_basis": "Barnets Lov",
                "review_interval_years": 4,
                "warn_days": 180,
                "last_reviewed_on": "2024-01-01",
            },
        ),
        ("plans:review_statutory", [w.statutory.pk], {"reviewed_on": "2026-01-01"}),
        ("plans:trends", [slug], {"what": "Ny tendens", "where": "Vejle", "since": "2026-01-01", "source": "police"}),
        ("plans:project_step", [w.project.pk, "answers"], {"what_we_can": "Noget"}),
    ]


def _snapshot() -> tuple[object, ...]:
    from ssp.plans import models

    return (
        tuple(
            model.objects.count()
            for model in (
                models.AnnualCycle,
                models.Milestone,
                models.CooperationPlan,
                models.PlanVersion,
                models.FocusArea,
                models.PlanSection,
                models.PlanComment,
                models.ActionPlan,
                models.CaseAreaPriority,
                models.Initiative,
                models.SchoolClass,
                models.InitiativeDelivery,
                models.StatutoryPlan,
                models.Trend,
                models.ProjectStep,
            )
        )
        + tuple(Milestone.objects.filter(done_on__isnull=False).values_list("pk", flat=True))
        + tuple(Milestone.objects.order_by("pk").values_list("owner_id", flat=True))
        + tuple(models.Initiative.objects.order_by("pk").values_list("title", flat=True))
        + tuple(models.FocusArea.objects.order_by("pk").values_list("title", flat=True))
    )


def test_every_page_opens_for_staff_of_the_district(world: World, login: Callable[[User], Any]) -> None:
    client = login(world.sydost.consultant)
    for name, args in _gets(world):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name


def test_every_page_refuses_staff_of_another_district(world: World, login: Callable[[User], Any]) -> None:
    client = login(world.sydost.outsider)
    for name, args in _gets(world):
        assert client.get(reverse(name, args=args)).status_code == 403, name


def test_every_form_refuses_a_reader_and_writes_nothing(world: World, login: Callable[[User], Any]) -> None:
    client = login(world.reader)
    before = _snapshot()
    for name, args, data in _posts(world):
        assert client.post(reverse(name, args=args), data).status_code == 403, name
    assert _snapshot() == before


def test_every_form_refuses_staff_of_another_district(world: World, login: Callable[[User], Any]) -> None:
    client = login(world.sydost.outsider)
    before = _snapshot()
    for name, args, data in _posts(world):
        assert client.post(reverse(name, args=args), data).status_code == 403, name
    assert _snapshot() == before


def test_exports_open_as_pdf_word_and_spreadsheet(world: World, login: Callable[[User], Any]) -> None:
    client = login(world.sydost.consultant)
    slug, m = world.sydost.district.slug, world.sydost.horsens.slug
    pdf = client.get(reverse("plans:action_plan_export", args=[world.plan.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("plans:cooperation_plan_export", args=[slug, YEAR, "docx"]))
    document = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "Samarbejdsplan 2027" in document and "Lokalrådet i Horsens" in document
    sheet = load_workbook(io.BytesIO(client.get(reverse("plans:coverage_xlsx", args=[m]) + "?skoleaar=2025").content))
    rows = list(sheet["4. klasse"].values)
    assert rows[0][:3] == ("Skole", "Klasse", "Undervisning 4. klasse")
    assert [row[2] for row in rows[1:]] == ["03.09.2025", "mangler", "mangler", "mangler"]


def test_the_secretariat_drafts_and_the_manager_adopts(
    world: World, login: Callable[[User], Any], meeting_of: Callable[..., Meeting]
) -> None:
    client = login(world.sydost.secretariat)
    response = client.post(reverse("plans:comment", args=[world.version.pk]), {"text": "Husk PANTHER II"})
    assert response.status_code == 302 and world.version.comments.get().text == "Husk PANTHER II"
    meeting = meeting_of(world.sydost.lokalraad)
    client = login(world.sydost.manager)
    client.post(
        reverse("plans:adopt_action_plan", args=[world.plan.pk]), {"meeting": meeting.pk, "decision": "Vedtaget"}
    )
    world.plan.refresh_from_db()
    assert world.plan.adopted_in == meeting


def test_a_bad_import_is_answered_with_row_and_column(world: World, login: Callable[[User], Any]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(world.sydost.consultant)
    upload = SimpleUploadedFile("klasser.csv", b"skole;klassetrin;klasse\nLundskolen;x;A\n")
    response = client.post(
        reverse("plans:import_classes", args=[world.sydost.horsens.slug]) + "?skoleaar=2025",
        {"file": upload},
        follow=True,
    )
    assert "Række 2, kolonne klassetrin" in response.content.decode()
    assert SchoolClass.objects.count() == 4


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("plans:cycle", 8),
        ("plans:overview", 13),
        ("plans:coverage", 12),
        ("plans:catalogue", 6),
        ("plans:action_plans", 7),
        ("plans:trends", 7),
        ("plans:statutory", 6),
    ],
)
def test_list_pages_have_a_fixed_query_count(
    world: World, login: Callable[[User], Any], django_assert_num_queries: Any, name: str, queries: int
) -> None:
    client = login(world.sydost.consultant)
    by_name: dict[str, list[Any]] = {
        "plans:cycle": [world.sydost.district.slug, YEAR],
        "plans:overview": [world.sydost.district.slug, YEAR],
        "plans:trends": [world.sydost.district.slug],
    }
    args = by_name.get(name, [world.sydost.horsens.slug])
    url = reverse(name, args=args) + ("?skoleaar=2025" if name == "plans:coverage" else "")
    client.get(url)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_annual_cycle_opens_in_a_calendar(world: World, login: Callable[[User], Any]) -> None:
    client = login(world.sydost.consultant)
    response = client.get(reverse("plans:cycle_ical", args=[world.sydost.district.slug, YEAR]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "DTSTART;VALUE=DATE:20261210" in text
    assert "SUMMARY:Kredsrådet godkender samarbejdsplanen (Sydøstjyllands Politi)" in text
    assert text.count("BEGIN:VEVENT") == 4 + 7 * 3


def test_the_consultant_edits_an_initiative(world: World, login: Callable[[User], Any]) -> None:
    client = login(world.sydost.consultant)
    data = {
        "title": "Undervisning 4. klasse",
        "status": "retired",
        "triangle_level": "preventive",
        "prevention_form": "general",
        "grades": "4",
    }
    response = client.post(reverse("plans:initiative_edit", args=[world.initiative.pk]), data)
    assert response.status_code == 302
    world.initiative.refresh_from_db()
    assert world.initiative.status == "retired" and world.initiative.grades == [4]


def test_the_consultant_removes_a_priority_from_a_draft_but_not_from_an_adopted_plan(
    world: World, login: Callable[[User], Any], meeting_of: Callable[..., Meeting]
) -> None:
    draft = services.add_priority(world.plan, actor=world.sydost.consultant, title="Indbrud", why="Mange")
    kept = services.add_priority(world.plan, actor=world.sydost.consultant, title="Knive", why="Flere")
    client = login(world.sydost.consultant)
    page = client.get(reverse("plans:action_plan", args=[world.plan.pk])).content.decode()
    assert reverse("plans:remove_from_action_plan", args=["sagsomraade", draft.pk]) in page
    client.post(reverse("plans:remove_from_action_plan", args=["sagsomraade", draft.pk]))
    assert list(world.plan.priorities.values_list("title", flat=True)) == ["Knive"]

    services.adopt_action_plan(
        world.plan, actor=world.sydost.manager, meeting=meeting_of(world.sydost.lokalraad), decision="Vedtaget"
    )
    response = client.post(reverse("plans:remove_from_action_plan", args=["sagsomraade", kept.pk]), follow=True)
    assert "vedtaget" in response.content.decode()
    assert world.plan.priorities.filter(pk=kept.pk).exists()


def test_the_consultant_edits_a_statutory_plan_and_a_reader_cannot(world: World, login: Callable[[User], Any]) -> None:
    url = reverse("plans:statutory", args=[world.sydost.horsens.slug]) + f"?ret={world.statutory.pk}"
    data = {
        "kind": world.statutory.kind,
        "title": "Beredskabsplan ved æresrelaterede konflikter",
        "legal_basis": "Barnets Lov § 15, stk. 3",
        "review_interval_years": 4,
        "warn_days": 180,
        "last_reviewed_on": "2023-01-05",
    }
    assert login(world.reader).post(url, data).status_code == 403
    client = login(world.sydost.consultant)
    assert "Beredskabsplan" in client.get(url).content.decode()

    assert client.post(url, data).status_code == 302

    world.statutory.refresh_from_db()
    assert world.statutory.title == "Beredskabsplan ved æresrelaterede konflikter"
    assert StatutoryPlan.objects.count() == 1
    other = reverse("plans:statutory", args=[Municipality.objects.get(code="766").slug]) + f"?ret={world.statutory.pk}"
    assert login(world.reader).get(other).status_code == 404


def _action_plan(municipality: Municipality, kind: str, year: int = YEAR) -> ActionPlan:
    forum = Forum.objects.filter(municipality=municipality).first() or Forum.objects.filter(municipality=None).first()
    assert forum is not None
    return ActionPlan.objects.create(
        municipality=municipality, year=year, kind=kind, title=f"{kind} {municipality}", owner_forum=forum
    )


def _plan_links(body: str) -> int:
    return body.count('href="/planer/handlingsplan/')


def test_the_plans_of_one_year_in_the_municipality_and_the_district_at_a_fixed_query_count(
    world: World, login: Callable[[User], Any], django_assert_num_queries: Any
) -> None:
    """What a dashboard's plan figure links to: one year's action plans, of the municipality or of the district's
    municipalities (``?aar=`` carries a year, which names no one)."""
    horsens = world.sydost.horsens
    other = Municipality.objects.filter(police_district=world.sydost.district).exclude(pk=horsens.pk).first()
    assert other is not None
    _action_plan(horsens, ActionPlanKind.SSP)
    _action_plan(horsens, ActionPlanKind.KPI)
    _action_plan(horsens, ActionPlanKind.SSP, year=YEAR - 1)
    client = login(world.sydost.consultant)
    of_year = f"{reverse('plans:action_plans', args=[horsens.slug])}?aar={YEAR}"
    overview = reverse("plans:overview", args=[world.sydost.district.slug, YEAR])
    client.get(of_year)

    with django_assert_num_queries(7):
        assert _plan_links(client.get(of_year).content.decode()) == 3
    with django_assert_num_queries(13):
        assert _plan_links(client.get(overview).content.decode()) == 3
    _action_plan(horsens, ActionPlanKind.COHERENT)
    for kind in (ActionPlanKind.SSP, ActionPlanKind.KPI, ActionPlanKind.COORDINATED):
        _action_plan(other, kind)
    with django_assert_num_queries(7):
        assert _plan_links(client.get(of_year).content.decode()) == 4
    with django_assert_num_queries(13):
        assert _plan_links(client.get(overview).content.decode()) == 7
    assert _plan_links(client.get(reverse("plans:action_plans", args=[horsens.slug])).content.decode()) == 5
