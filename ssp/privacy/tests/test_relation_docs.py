"""docs/privacy.md lists every relation source: who registers it and why the law allows it."""

from __future__ import annotations

import re
from pathlib import Path

from ssp.privacy import relations

DOC = Path(__file__).resolve().parents[3] / "docs" / "privacy.md"


def _documented() -> dict[str, str]:
    """Relation value -> the "Registered by" cell of the sources table."""
    rows = re.findall(r"^\| `(\w+)` \| (\w+)[^|]*\|", DOC.read_text(encoding="utf-8"), flags=re.M)
    return dict(rows)


def test_every_registered_relation_is_documented_with_its_app() -> None:
    documented = _documented()
    registered = {source.relation.value: source.app_label for source in relations.sources()}
    registered |= {relation.value: window.app_label for relation, window in relations.window_relations().items()}

    assert registered, "no relation source registered"
    missing = sorted(set(registered) - set(documented))
    assert missing == [], f"document these relation sources in docs/privacy.md: {missing}"
    assert {value: documented[value] for value in registered} == registered


def test_the_documented_relations_are_the_enum() -> None:
    assert set(_documented()) == set(relations.Relation.values)
