"""What can be checked of the container image and the compose file without a container engine here.

There is no Docker on the build machine, so the image is not built in the tests; what is checked is what breaks
silently: the compose file parses and names the three services, every command the image and the compose file
run exists in this project, and the image installs the same pinned packages as ``make setup``.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(settings.BASE_DIR)


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _compose() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8"))


def test_the_compose_file_runs_web_worker_and_postgresql_for_one_municipality() -> None:
    services = _compose()["services"]
    assert {"web", "worker", "db", "migrate"} <= set(services)
    assert services["db"]["image"].startswith("postgres:15")
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    environment = services["web"]["environment"]
    # Secrets come from files, never inline values.
    assert {"SECRET_KEY_FILE", "SSP_FIELD_ENCRYPTION_KEY_FILE", "SSP_LOOKUP_HASH_KEY_FILE"} <= set(environment)
    assert not {"SECRET_KEY", "SSP_FIELD_ENCRYPTION_KEY", "SSP_BACKUP_KEY"} & set(environment)


def test_every_ssp_command_in_the_image_and_compose_file_exists() -> None:
    commands = [service.get("command", []) for service in _compose()["services"].values()]
    subcommands = {command[1] for command in commands if command and command[0] == "ssp"}
    subcommands |= set(re.findall(r"(?<![\w/.-])ssp ([a-z_]+)", _dockerfile()))
    assert subcommands == {"migrate", "db_worker", "compilemessages", "collectstatic"}
    assert subcommands <= set(get_commands())


def test_gunicorn_serves_the_projects_wsgi_application_and_the_health_check_exists() -> None:
    from django.urls import resolve

    web = _compose()["services"]["web"]["command"]
    assert web[:2] == ["gunicorn", "ssp.wsgi:application"]
    assert "gunicorn" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "/health/live" in _dockerfile()
    assert resolve("/health/live").view_name == "operations:live"


def test_the_image_is_multi_stage_runs_as_non_root_and_installs_the_pinned_packages() -> None:
    dockerfile = _dockerfile()
    stages = re.findall(r"^FROM \S+(?: AS (\w+))?", dockerfile, flags=re.MULTILINE)
    assert len(stages) == 3
    user = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert user and user[-1] not in {"root", "0"}
    assert "npm ci" in dockerfile and "package-lock.json" in dockerfile
    assert "pip install --no-cache-dir -e ." in dockerfile and "COPY pyproject.toml" in dockerfile
