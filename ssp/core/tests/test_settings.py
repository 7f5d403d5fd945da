"""Settings come from the environment, fail loudly on nonsense, and keep secrets out of the repository."""

import os
import subprocess
import sys
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


def _deploy_check(**env: str) -> subprocess.CompletedProcess[str]:
    ssp = Path(sys.executable).with_name("ssp")
    return subprocess.run(  # noqa: S603 - fixed arguments
        [str(ssp), "check", "--deploy", "--fail-level", "WARNING"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_ssp_https_switches_on_secure_cookies_hsts_and_the_redirect() -> None:
    """Django's own deployment check is the judge: with SSP_HTTPS=1 it finds nothing to warn about."""
    production = _deploy_check(SSP_HTTPS="1")
    assert production.returncode == 0, production.stderr

    demo = _deploy_check(SSP_HTTPS="0")
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in demo.stderr
