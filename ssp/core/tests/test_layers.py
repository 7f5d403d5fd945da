"""The platform shell (``ssp.core``: layout, start page, demo command) sits on top; the layers below never import it.

``ssp.core`` imports ``ssp.accounts`` (the demo command creates staff); an import back made the two a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SSP = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("app", ["lib", "structure", "accounts"])
def test_lower_layers_do_not_import_the_platform_shell(app: str) -> None:
    offenders = [
        f"{path.relative_to(SSP)}: {module}"
        for path in sorted((SSP / app).rglob("*.py"))
        for module in sorted(_imported_modules(path))
        if module == "ssp.core" or module.startswith("ssp.core.")
    ]
    assert offenders == []
