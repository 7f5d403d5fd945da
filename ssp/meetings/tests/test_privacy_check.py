"""The privacy check of general texts: what it catches, what it must not flag, measured on the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from ssp.meetings.privacy_check import NameIndex, check_texts, ensure_no_personal_data, find_cpr_numbers, fold

SEEDS = sorted((Path(__file__).parent / "seed_texts").glob("*.txt"))
# A realistic register of demo citizens, including names that are also ordinary Danish words or short.
DEMO_CITIZENS = [
    ("Mark", "Sø"),
    ("Anna", "Jensen"),
    ("Mads", "Holm"),
    ("Ida", "Skov"),
    ("Noah", "Nielsen"),
    ("Freja", "Kristensen"),
    ("Emil", "Hansen"),
    ("Sofie", "Larsen"),
    ("Jens", "Lund"),
    ("Lærke", "Bæk"),
    ("Oliver", "Møller"),
    ("Maja", "Dal"),
    ("Ali", "Hassan"),
    ("Ahmad", "Khan"),
    ("Victor", "Strand"),
    ("Clara", "Berg"),
    ("Karl Frederik", "Holst"),
    ("Ella", "Vest"),
    ("Alma", "Kirk"),
    ("William", "By"),
    ("Ung", "Dom"),
    ("Skole", "Leder"),
    ("Politi", "Kreds"),
    ("Sara", "Andersen-Øberg"),
    ("Jonas", "Ørum"),
]
NAMES = NameIndex(DEMO_CITIZENS)


def test_the_seeds_give_zero_false_positives() -> None:
    assert len(SEEDS) == 5
    findings = check_texts([(path.name, path.read_text(encoding="utf-8")) for path in SEEDS], names=NAMES)
    assert findings == []


@pytest.mark.parametrize(
    "text",
    [
        "Vi talte om Anna Jensen i går.",
        "vi talte om ANNA JENSEN",
        "Sara Andersen-Oeberg",
        "Sara andersen-øberg",
        "Jonas Orum",
        "Karl Frederik\nHolst deltog",
        "Karl   Frederik    Holst",
        "Anna\r\n  Jensen",
    ],
)
def test_it_finds_names_whatever_the_case_diacritics_or_line_breaks(text: str) -> None:
    assert [finding.kind for finding in check_texts([("Referat", text)], names=NAMES)] == ["name"]


@pytest.mark.parametrize(
    "text",
    [
        "An\u00adna Jen\u00adsen kom for sent",  # soft hyphens, invisible on the page
        "Anna Jen\u200bsen",  # zero-width space
        "\u0410nna J\u0435nsen",  # Cyrillic А and е
        "\u039fliver M\u03bfller",  # Greek Ο and ο (ø spelt o)
        "Ａｎｎａ Ｊｅｎｓｅｎ",  # full-width
        "Jensen, Anna",
        "Andersen-Øberg, Sara",
        "Holst,\nKarl Frederik",
        "Anna J. var med",
        "Karl Frederik H.",
        "Jonas Ø.",
    ],
)
def test_it_finds_names_written_to_slip_past_a_plain_comparison(text: str) -> None:
    """Hole 5 of issue 8: each of these went through to general minutes."""
    assert [finding.kind for finding in check_texts([("Referat", text)], names=NAMES)] == ["name"]


@pytest.mark.parametrize(
    "text",
    [
        "Anna J deltog",  # an initial without its full stop is a word of its own
        "Anna Jørgensen",  # another surname with the same initial, written in full
        "Jensen og Anna",  # no comma: not the list form
    ],
)
def test_the_extra_name_forms_need_their_punctuation(text: str) -> None:
    assert check_texts([("Referat", text)], names=NAMES) == []


@pytest.mark.parametrize(
    "text",
    [
        "010203–1234",  # en dash
        "010203—1234",  # em dash
        "010203−1234",  # minus sign
        "010203/1234",
        "010203.1234",
        "010203\u200b1234",  # zero-width space
        "010203 \u00ad1234",  # soft hyphen
        "010203   1234",
        "010203 - 1234",
        "０１０２０３-１２３４",  # full-width digits
    ],
)
def test_it_finds_cpr_numbers_written_with_other_separators(text: str) -> None:
    """Hole 5 of issue 8: these CPR numbers went through to general minutes."""
    assert [finding.kind for finding in check_texts([("Referat", text)], names=NAMES)] == ["cpr"]


def test_a_single_word_that_is_also_a_name_is_not_flagged() -> None:
    text = "Vi mødtes ved søen i Mark. Anna fortalte om Jensen-sagen. Ung og dom. Skolen og lederen."
    assert check_texts([("Referat", text)], names=NAMES) == []


@pytest.mark.parametrize("text", ["010203-1234", "0102031234", "010203 1234", "cpr 311299-4321."])
def test_it_finds_cpr_like_numbers(text: str) -> None:
    assert [finding.kind for finding in find_cpr_numbers(text, field="x")] == ["cpr"]


@pytest.mark.parametrize(
    "text", ["Telefon 4321 5678", "321299-1234", "2017-2020", "991399-1234", "12345678901", "tlf. 43 23 40 00"]
)
def test_numbers_that_cannot_be_cpr_are_ignored(text: str) -> None:
    assert find_cpr_numbers(text, field="x") == []


def test_findings_name_the_line_and_kind_but_not_the_data() -> None:
    findings = check_texts([("Referat", "Punkt 1\nDrengen 010203-1234\nog Anna Jensen")], names=NAMES)
    assert [(f.kind, f.line) for f in findings] == [("cpr", 2), ("name", 3)]
    explanations = " ".join(f.explain() for f in findings)
    assert "linje 2" in explanations and "linje 3" in explanations
    assert "1234" not in explanations and "Jensen" not in explanations


def test_fold_spells_out_the_danish_letters() -> None:
    assert fold("Søren Ærø Åsa Zoë") == "soeren aeroe aasa zoe"


@pytest.mark.django_db
def test_it_refuses_with_the_registered_citizens_of_the_municipality(glostrup, make_pupil) -> None:
    make_pupil(glostrup.school_a, first_name="Mikkel", last_name="Sørensen")
    with pytest.raises(ValidationError) as refused:
        ensure_no_personal_data(
            [("Referat", "Mikkel\nSoerensen har det svært")],
            municipality_ids=[glostrup.municipality.pk],
            actor=glostrup.consultant,
        )
    assert "linje 2" in " ".join(refused.value.messages) or "linje 1" in " ".join(refused.value.messages)
    ensure_no_personal_data(
        [("Referat", "Mikkel Sørensen")],
        municipality_ids=[glostrup.outsider.municipality_id],
        actor=glostrup.consultant,
    )
