"""Coverage per school year (seed 002: teaching in grades 4 and 8 with parent meetings), counted against a
hand-made case, and the import of classes from CSV (row and column errors; nothing half-written)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ssp.plans import services
from ssp.plans.models import Initiative, InitiativeStatus, PreventionForm, SchoolClass, TriangleLevel
from ssp.plans.selectors import class_coverage
from ssp.plans.tests.conftest import Sydost
from ssp.structure.models import Organisation

pytestmark = pytest.mark.django_db


def _initiative(sydost: Sydost, title: str, grades: list[int], **fields: object) -> Initiative:
    return services.save_initiative(
        Initiative(
            municipality=sydost.horsens,
            title=title,
            triangle_level=TriangleLevel.PREVENTIVE,
            prevention_form=PreventionForm.GENERAL,
            grades=grades,
            has_parent_meeting=True,
            **fields,
        ),
        actor=sydost.consultant,
    )


def test_coverage_counts_a_hand_made_case(sydost: Sydost, horsens_schools: list[Organisation]) -> None:
    lund, oestbirk = horsens_schools
    grade4 = _initiative(sydost, "Kriminalpræventiv undervisning, 4. klasse", [4])
    grade8 = _initiative(sydost, "Kriminalpræventiv undervisning, 8. klasse", [8])
    _initiative(sydost, "Liv online", [6], status=InitiativeStatus.IN_PREPARATION)
    add = services.add_school_class
    l4a, l4b = (add(lund, actor=sydost.consultant, school_year=2025, grade=4, letter=x) for x in "ab")
    o4a = add(oestbirk, actor=sydost.consultant, school_year=2025, grade=4, letter="a")
    l8a = add(lund, actor=sydost.consultant, school_year=2025, grade=8, letter="a")
    add(oestbirk, actor=sydost.consultant, school_year=2025, grade=8, letter="a")
    add(lund, actor=sydost.consultant, school_year=2024, grade=4, letter="a")  # last year's class: not counted
    deliver = services.record_delivery
    deliver(
        grade4,
        actor=sydost.consultant,
        school_class=l4a,
        delivered_on=date(2025, 10, 2),
        delivered_by="SSP og politi",
        participants=24,
        parent_meeting_on=date(2025, 10, 9),
    )
    deliver(
        grade4,
        actor=sydost.consultant,
        school_class=o4a,
        delivered_on=date(2026, 2, 3),
        delivered_by="SSP",
        participants=19,
    )
    deliver(
        grade8,
        actor=sydost.consultant,
        school_class=l8a,
        delivered_on=date(2026, 3, 1),
        delivered_by="SSP",
        participants=22,
        parent_meeting_held=True,
    )

    coverage = class_coverage(sydost.horsens, 2025)

    assert [block.grade for block in coverage.grades] == [4, 8]
    fourth, eighth = coverage.grades
    assert [(i.title, taught, meetings, missing) for i, taught, meetings, missing in fourth.totals] == [
        ("Kriminalpræventiv undervisning, 4. klasse", 2, 1, 1)
    ]
    assert [(i.title, taught, meetings, missing) for i, taught, meetings, missing in eighth.totals] == [
        ("Kriminalpræventiv undervisning, 8. klasse", 1, 1, 1)
    ]
    not_yet = [
        str(row.school_class) + " " + row.school_class.school.name for row in fourth.classes if not row.cells[0].taught
    ]
    assert not_yet == ["4.B Lundskolen"] and l4b.pk in [row.school_class.pk for row in fourth.classes]


def test_a_delivery_must_fit_the_class(sydost: Sydost, horsens_schools: list[Organisation]) -> None:
    grade4 = _initiative(sydost, "Undervisning 4. klasse", [4])
    eighth = services.add_school_class(
        horsens_schools[0], actor=sydost.consultant, school_year=2025, grade=8, letter="A"
    )
    with pytest.raises(ValidationError) as error:
        services.record_delivery(
            grade4,
            actor=sydost.consultant,
            school_class=eighth,
            delivered_on=date(2024, 6, 1),
            delivered_by="SSP",
            participants=3,
        )
    assert set(error.value.message_dict) == {"school_class", "delivered_on"}


def test_import_reads_schools_grades_and_letters(sydost: Sydost, horsens_schools: list[Organisation]) -> None:
    text = "skole;klassetrin;klasse\nLundskolen;4;a\nLundskolen;4;b\nØstbirk Skole;8;A\n"
    assert services.import_school_classes(sydost.horsens, actor=sydost.consultant, school_year=2025, text=text) == 3
    assert services.import_school_classes(sydost.horsens, actor=sydost.consultant, school_year=2025, text=text) == 0
    assert sorted(SchoolClass.objects.values_list("school__name", "grade", "letter")) == [
        ("Lundskolen", 4, "A"),
        ("Lundskolen", 4, "B"),
        ("Østbirk Skole", 8, "A"),
    ]


def test_import_refuses_the_whole_file_with_row_and_column(sydost: Sydost, horsens_schools: list[Organisation]) -> None:
    text = "skole,klassetrin,klasse\nLundskolen,4,a\nUkendt Skole,4,b\nLundskolen,11,c\nLundskolen,8,\n"
    with pytest.raises(services.ClassImportError) as error:
        services.import_school_classes(sydost.horsens, actor=sydost.consultant, school_year=2025, text=text)
    assert [(row.row, row.column) for row in error.value.rows] == [
        (3, "skole"),
        (4, "klassetrin"),
        (5, "klasse"),
    ]
    assert "Række 3, kolonne skole" in error.value.messages[0]
    assert not SchoolClass.objects.exists()


def test_import_names_a_missing_column(sydost: Sydost, horsens_schools: list[Organisation]) -> None:
    with pytest.raises(services.ClassImportError) as error:
        services.import_school_classes(
            sydost.horsens, actor=sydost.consultant, school_year=2025, text="skole;klasse\nLundskolen;a\n"
        )
    assert [(row.row, row.column) for row in error.value.rows] == [(1, "klassetrin")]
