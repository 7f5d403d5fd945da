"""Settings come from the environment, fail loudly on nonsense, and keep secrets out of the repository."""

from pathlib import Path

import pytest

from ssp import settings as ssp_settings


def test_it_reads_booleans_and_refuses_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSP_X", "yes")
    assert ssp_settings.env_bool("SSP_X") is True
    monkeypatch.setenv("SSP_X", "maybe")
    with pytest.raises(ValueError, match="SSP_X must be a boolean"):
        ssp_settings.env_bool("SSP_X")


def test_it_reads_a_secret_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("SSP_Y_FILE", str(secret))
    assert ssp_settings.env_str("SSP_Y") == "from-file"


def test_it_generates_a_secret_once_and_keeps_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ssp_settings, "VAR_DIR", tmp_path)
    monkeypatch.delenv("SSP_Z", raising=False)
    first = ssp_settings.persistent_secret("SSP_Z", "z_secret")
    assert len(first) > 40
    assert ssp_settings.persistent_secret("SSP_Z", "z_secret") == first
    assert (tmp_path / "z_secret").stat().st_mode & 0o777 == 0o600


def test_debug_is_off_unless_asked_for() -> None:
    from django.conf import settings

    assert settings.DEBUG is False
