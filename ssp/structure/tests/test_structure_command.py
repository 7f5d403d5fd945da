from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from ssp.structure.models import Forum
from ssp.structure.packs import PACKS_DIR
from ssp.testing.structure import acting_admin


def _run(*args: str) -> list[str]:
    out = StringIO()
    if args[0] == "load":
        args = (*args, "--actor", acting_admin().username)
    call_command("structure", *args, stdout=out)
    return out.getvalue().splitlines()


def test_load_prints_the_changes_and_their_count(db: None) -> None:
    lines = _run("load", str(PACKS_DIR / "glostrup.yaml"))

    assert "+ forum Samordningsmøder" in lines
    assert lines[-1] == "16 changes"
    assert _run("load", str(PACKS_DIR / "glostrup.yaml")) == ["0 changes"]


def test_dry_run_prints_the_changes_and_saves_nothing(db: None) -> None:
    lines = _run("load", str(PACKS_DIR / "glostrup.yaml"), "--dry-run")

    assert lines[-1] == "16 changes"
    assert not Forum.objects.filter(name="Samordningsmøder").exists()


def test_a_bad_pack_fails_with_the_error_lines(db: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('municipality: "999"\n', encoding="utf-8")

    with pytest.raises(CommandError) as exc:
        _run("load", str(bad))

    assert str(exc.value) == f"{bad}:1: municipality: ukendt kommunekode 999"


def test_export_writes_the_pack_of_a_municipality(db: None) -> None:
    _run("load", str(PACKS_DIR / "glostrup.yaml"))

    pack = yaml.safe_load("\n".join(_run("export", "161")))

    assert pack["municipality"] == "161"
    assert "Samordningsmøder" in [forum["name"] for forum in pack["forums"]]


def test_export_refuses_an_unknown_code(db: None) -> None:
    with pytest.raises(CommandError) as exc:
        _run("export", "atlantis")

    assert str(exc.value) == "ukendt kommunekode eller politikreds 'atlantis'"


def test_load_refuses_an_unknown_actor(db: None) -> None:
    with pytest.raises(CommandError) as exc:
        call_command("structure", "load", str(PACKS_DIR / "glostrup.yaml"), "--actor", "nobody")

    assert "nobody" in str(exc.value)
    assert not Forum.objects.filter(name="Samordningsmøder").exists()
