"""``ssp insight suppress TABLE.csv``: an analyst checks a table before it leaves the municipality."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("insight", "suppress", str(path), *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_table_as_published_with_totals(tmp_path: Path) -> None:
    table = tmp_path / "alkohol.csv"
    table.write_text("Klasse;ja;nej\n7. klasse;3;47\n8. klasse;12;38\n9. klasse;20;30\n", encoding="utf-8")
    lines = run(table).splitlines()
    assert lines[0].split() == ["ja", "nej", "I", "alt"]
    assert lines[1].split() == ["7.", "klasse", "<5", "x", "50"]
    assert lines[2].split() == ["8.", "klasse", "x", "x", "50"]
    assert lines[3].split() == ["9.", "klasse", "20", "30", "50"]
    assert lines[4].split() == ["I", "alt", "35", "115", "150"]


def test_a_higher_minimum_hides_more(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("k,ja,nej\na,8,40\nb,30,30\n", encoding="utf-8")
    assert "<10" in run(table, "--min", "10")
    assert "<" not in run(table).split("\n\n")[0]


def test_a_bad_cell_names_its_row_and_column(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("k,ja,nej\na,8,fem\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Række 2, kolonne «nej»"):
        run(table)
