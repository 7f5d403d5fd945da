"""The restore drill: back up a running installation, restore it into a fresh one, prove nothing was lost.

Both installations are real: their own database (SQLite files, or two scratch PostgreSQL databases when the suite
runs on PostgreSQL), their own file folder, and the real ``ssp`` console command in a subprocess each time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from psycopg import sql

from ssp.operations.backup import new_backup_key

SSP = [sys.executable, "-m", "ssp.manage"]

# Run inside each installation: every table's rows in primary-key order, hashed, plus the files' bytes hashed.
FINGERPRINT = """
import hashlib, json
from django.apps import apps
from django.core.files.storage import default_storage
from ssp.operations.backup import stored_files
tables = {}
for model in apps.get_models(include_auto_created=True):
    if model._meta.proxy or not model._meta.managed:
        continue
    rows = list(model._base_manager.order_by("pk").values_list())
    tables[model._meta.db_table] = [len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()]
files = {}
for name in stored_files():
    with default_storage.open(name, "rb") as stored:
        files[name] = hashlib.sha256(stored.read()).hexdigest()
print(json.dumps({"tables": tables, "files": files}))
"""

# Writes through the services' own audit door and user model, so the audit chain has links to verify.
SOURCE_DATA = """
from django.db import transaction
from ssp.accounts.models import StaffRole, User
from ssp.privacy.audit import record
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
with transaction.atomic():
    for n in range(3):
        user = User.objects.create_user(f"drill{n}", password="drill-password-123", role=StaffRole.SSP_CONSULTANT)
        record(actor=user, action="read", detail=f"drill {n}")
for name, body in [("letters/brev.docx", b"PK letter"), ("templates/skabelon.docx", b"PK tpl"),
                   ("imports/doegnrapport.csv", "dato;hændelse\\n".encode())]:
    default_storage.save(name, ContentFile(body))
"""


def _run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([*SSP, *args], env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _postgres_url(name: str) -> str:
    config = settings.DATABASES["default"]
    admin = psycopg.connect(host=config["HOST"] or "127.0.0.1", port=int(config["PORT"] or 5432),
                            user=config["USER"], dbname="postgres", autocommit=True)  # fmt: skip
    with admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgres://{config['USER']}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"


@dataclass(frozen=True)
class Drill:
    source: dict[str, str]
    target: dict[str, str]
    backup: Path


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Drill:
    """A migrated source installation with data, its backup, and a fresh target that shares the keys, as a real
    restore would. Built once for the module: migrating an installation is the drill's slowest step."""
    folder = tmp_path_factory.mktemp("drill")
    shared = {
        **os.environ,
        "SSP_LOG_FORMAT": "json",
        "SECRET_KEY": "drill-secret-key-" + "x" * 40,
        "SSP_FIELD_ENCRYPTION_KEY": "drill-field-key",
        "SSP_LOOKUP_HASH_KEY": "drill-lookup-key",
        "SSP_BACKUP_KEY": new_backup_key(),
    }
    envs = []
    on_postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    for side in ("source", "target"):
        if on_postgres:
            url = _postgres_url(f"{settings.DATABASES['default']['NAME']}_drill_{side}_{worker}")
        else:
            url = f"sqlite:///{folder / side}.sqlite3"
        envs.append({**shared, "DATABASE_URL": url, "SSP_VAR_DIR": str(folder / side)})
    source, target = envs
    _run(source, "migrate", "--noinput", "-v0")
    _run(source, "shell", "-c", SOURCE_DATA)
    backup = folder / "drill.sspbak"
    _run(source, "backup", str(backup))
    return Drill(source, target, backup)


def test_a_restore_into_a_fresh_installation_has_the_same_rows_files_and_a_verifying_audit_chain(drill: Drill) -> None:
    source, target = drill.source, drill.target
    assert b"drill-password" not in drill.backup.read_bytes() and b"PK letter" not in drill.backup.read_bytes()

    report = _run(target, "restore", str(drill.backup))

    assert "3 files" in report and "audit chain intact: 3 events verified" in report
    before = json.loads(_run(source, "shell", "-v0", "-c", FINGERPRINT))
    after = json.loads(_run(target, "shell", "-v0", "-c", FINGERPRINT))
    assert after["tables"] == before["tables"]
    assert after["files"] == before["files"] and len(after["files"]) == 3
    assert before["tables"]["accounts_user"][0] == 3
    assert "Audit chain intact: 3 events verified." in _run(target, "audit", "verify")


def test_restore_refuses_a_database_that_is_not_fresh(drill: Drill, tmp_path: Path) -> None:
    """The source's database is migrated and holds data (its file folder is left out: an empty one is given)."""
    into_used_database = {**drill.source, "SSP_VAR_DIR": str(tmp_path)}
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [*SSP, "restore", str(drill.backup)], env=into_used_database, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Restore only into a fresh, empty database" in result.stderr
    assert json.loads(_run(drill.source, "shell", "-v0", "-c", FINGERPRINT))["tables"]["accounts_user"][0] == 3
