"""Encrypted backups of the database and the stored files, and their restore.

A backup is one file: a tar archive (``manifest.json``, the database dump, ``files/…``: every file of the default
storage, letters, Word templates, imports, read through the storage API so a folder and an object store alike) encrypted with AES-256-GCM in chunks of 1 MiB. Each chunk's nonce is
random and its associated data holds the chunk's number and whether it is the last, so a truncated, reordered or
altered file fails to decrypt instead of restoring half. The key (``SSP_BACKUP_KEY`` or ``SSP_BACKUP_KEY_FILE``,
32 bytes in URL-safe base64) is kept apart from the data and must differ from the field-encryption keys: whoever
steals the backups must not also hold what opens them, and losing one key must not lose both.

The database dump:
- SQLite: SQLite's online backup API copies a consistent snapshot while the platform runs.
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore``, only when the client's major version is at least
  the server's (``pg_dump`` refuses newer servers, and a mismatch is better refused here with the fix named).
  Chosen over Django's ``dumpdata``/``loaddata`` because it is consistent (one snapshot), keeps sequences,
  functions and the audit log's append-only trigger, and is fast at 10 million audit events; ``loaddata`` would
  need the trigger dropped and re-created around it and holds a whole table in memory.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import shutil
import sqlite3
import struct
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.utils import timezone

MAGIC = b"SSPBACKUP1\n"
CHUNK = 1024 * 1024
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int
    audit_events: int


def backup_key() -> bytes:
    raw = settings.SSP_BACKUP_KEY
    if not raw:
        raise BackupError("No backup key: set SSP_BACKUP_KEY or SSP_BACKUP_KEY_FILE (see docs/operations.md).")
    try:
        key = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError) as exc:
        raise BackupError("SSP_BACKUP_KEY is not URL-safe base64.") from exc
    if len(key) != 32:
        raise BackupError("SSP_BACKUP_KEY must be 32 bytes (e.g. `python -c 'import secrets,base64;…'`).")
    if raw in settings.SSP_FIELD_ENCRYPTION_KEYS:
        raise BackupError("SSP_BACKUP_KEY must differ from the field-encryption keys.")
    return key


def new_backup_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


# -- encryption: a stream of (length, nonce, ciphertext) chunks -----------------------------------------------


def _aad(index: int, last: bool) -> bytes:
    return MAGIC + struct.pack(">Q?", index, last)


def encrypt_file(source: Path, target: Path, key: bytes) -> None:
    aead = AESGCM(key)
    size = source.stat().st_size
    with source.open("rb") as plain, target.open("wb") as out:
        out.write(MAGIC)
        index, done = 0, 0
        while True:
            block = plain.read(CHUNK)
            done += len(block)
            last = done >= size
            nonce = secrets.token_bytes(12)
            sealed = aead.encrypt(nonce, block, _aad(index, last))
            out.write(struct.pack(">I", len(sealed)) + nonce + sealed)
            index += 1
            if last:
                return


def decrypt_file(source: Path, target: Path, key: bytes) -> None:
    aead = AESGCM(key)
    with source.open("rb") as sealed_file, target.open("wb") as out:
        if sealed_file.read(len(MAGIC)) != MAGIC:
            raise BackupError("Not an SSP backup file (or a newer format).")
        for index, (nonce, sealed, last) in enumerate(_chunks(sealed_file)):
            try:
                out.write(aead.decrypt(nonce, sealed, _aad(index, last)))
            except InvalidTag as exc:
                raise BackupError("The backup cannot be decrypted: wrong key, or the file was altered.") from exc
            if last:
                return
    raise BackupError("The backup file is truncated.")


def _chunks(stream: IO[bytes]) -> Iterator[tuple[bytes, bytes, bool]]:
    header = stream.read(4)
    while len(header) == 4:
        (length,) = struct.unpack(">I", header)
        nonce, sealed = stream.read(12), stream.read(length)
        header = stream.read(4)
        # The last chunk is the one nothing follows; its associated data says so, so a cut file fails.
        yield nonce, sealed, len(header) < 4


# -- database dump and restore ---------------------------------------------------------------------------------


def _pg_major(text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", text)
    if match is None:
        raise BackupError(f"Cannot read a PostgreSQL version from {text!r}.")
    return int(match.group(1))


def _pg_env() -> dict[str, str]:
    config = connection.settings_dict
    env = {**os.environ, "PGHOST": config["HOST"] or "127.0.0.1", "PGPORT": str(config["PORT"] or 5432)}
    env["PGUSER"] = config["USER"] or ""
    if config["PASSWORD"]:
        env["PGPASSWORD"] = config["PASSWORD"]
    return env


def check_pg_client(tool: str) -> str:
    """Path of ``pg_dump``/``pg_restore`` whose major version is at least the server's, else a clear refusal."""
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"{tool} is missing: install the PostgreSQL client (Debian: postgresql-client).")
    # The binaries are found on PATH and called with an argument list, never through a shell.
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=True)  # noqa: S603
    client = _pg_major(version.stdout)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server = int(cursor.fetchone()[0]) // 10000
    if client < server:
        raise BackupError(f"{tool} {client} is older than the PostgreSQL server {server}: install client {server}.")
    return path


def _dump_database(target: Path) -> str:
    if connection.vendor == "sqlite":
        with sqlite3.connect(target) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        copy.close()
        return "sqlite"
    if connection.vendor == "postgresql":
        pg_dump = check_pg_client("pg_dump")
        name = connection.settings_dict["NAME"]
        subprocess.run(  # noqa: S603
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", name],
            env=_pg_env(),
            check=True,
            capture_output=True,
        )
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _restore_database(dump: Path, engine: str) -> None:
    if engine != connection.vendor:
        raise BackupError(f"The backup holds a {engine} database; this installation runs {connection.vendor}.")
    if not _database_is_empty():
        raise BackupError("Restore only into a fresh, empty database (create it, do not migrate it).")
    if engine == "sqlite":
        connection.close()
        with sqlite3.connect(dump) as source, sqlite3.connect(connection.settings_dict["NAME"]) as target:
            source.backup(target)
        return
    pg_restore = check_pg_client("pg_restore")
    result = subprocess.run(  # noqa: S603
        [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={connection.settings_dict['NAME']}", str(dump)],
        env=_pg_env(),
        capture_output=True,
        text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[:500]}")


def table_counts() -> dict[str, int]:
    """Rows per table of every installed model (the manifest's promise, checked after a restore)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.db_table] = model._base_manager.using("default").count()
    return dict(sorted(counts.items()))


# -- stored files ----------------------------------------------------------------------------------------------


def stored_files() -> list[str]:
    """Every file name in the default storage, through the storage API only (a folder or an object store)."""
    from django.core.files.storage import default_storage

    names: list[str] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = default_storage.listdir(folder)
        except FileNotFoundError:  # a file-system storage whose folder nothing has been stored in yet
            continue
        names += [f"{folder}{name}" for name in files]
        folders += [f"{folder}{name}/" for name in subfolders]
    return sorted(names)


# -- the two commands ------------------------------------------------------------------------------------------


def create_backup(target: Path) -> dict[str, Any]:
    """Write the encrypted backup of the database and the stored files to ``target``; returns the manifest."""
    key = backup_key()
    with tempfile.TemporaryDirectory(prefix="ssp-backup-") as work:
        workdir = Path(work)
        dump = workdir / "database.dump"
        engine = _dump_database(dump)
        files = stored_files()
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "tables": table_counts(),
            "files": files,
        }
        (workdir / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        archive = workdir / "backup.tar"
        with tarfile.open(archive, "w") as tar:
            tar.add(workdir / "manifest.json", arcname="manifest.json")
            tar.add(dump, arcname="database.dump")
            for name in files:
                info = tarfile.TarInfo(f"files/{name}")
                info.size = default_storage.size(name)
                with default_storage.open(name, "rb") as stored:
                    tar.addfile(info, stored)
        partial = target.with_name(target.name + ".partial")
        encrypt_file(archive, partial, key)
        # Only a complete backup carries the final name: a crash leaves a .partial, never a short backup.
        partial.replace(target)
    return manifest


def restore_backup(source: Path) -> RestoreReport:
    """Restore ``source`` into this installation's fresh database and file folder, then prove it.

    1. Decrypt (wrong key or altered file: refused before anything is written).
    2. Restore the database (fresh database only), then the stored files (refused if one already exists).
    3. Check every table's row count against the manifest and verify the audit chain.
    """
    from ssp.privacy.audit import verify_chain

    key = backup_key()
    with tempfile.TemporaryDirectory(prefix="ssp-restore-") as work:
        workdir = Path(work)
        archive = workdir / "backup.tar"
        decrypt_file(source, archive, key)
        with tarfile.open(archive) as tar:
            tar.extractall(workdir / "content", filter="data")
        content = workdir / "content"
        manifest = json.loads((content / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Backup format {manifest.get('format')} is not supported by this version.")
        clashes = [name for name in manifest["files"] if default_storage.exists(name)]
        if clashes:
            raise BackupError(f"{len(clashes)} stored files already exist: restore into an empty storage.")
        _restore_database(content / "database.dump", manifest["engine"])
        for name in manifest["files"]:
            with (content / "files" / name).open("rb") as source_file:
                saved = default_storage.save(name, File(source_file))
            if saved != name:
                raise BackupError(f"The storage stored {name} as {saved}.")
    for alias in connections:
        connections[alias].close()
    counts = table_counts()
    differing = sorted(t for t, n in manifest["tables"].items() if counts.get(t) != n)
    if differing:
        raise BackupError(f"Row counts differ after restore in: {', '.join(differing)}")
    checked, broken = verify_chain()
    if broken is not None:
        raise BackupError(f"The restored audit chain is broken at event {broken.event_id}: {broken.reason}")
    return RestoreReport(len(counts), sum(counts.values()), len(manifest["files"]), checked)
