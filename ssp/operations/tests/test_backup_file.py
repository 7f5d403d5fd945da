"""The backup file format: encrypted, and refused whole when the key is wrong or the file was cut or altered."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssp.operations.backup import CHUNK, BackupError, backup_key, decrypt_file, encrypt_file, new_backup_key


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    path = tmp_path / "plain.tar"
    # Two and a half chunks, so order and truncation across chunks are exercised.
    path.write_bytes(b"0102031234 Fiktivsen " * (CHUNK // 8))
    return path


def _key() -> bytes:
    import base64

    return base64.urlsafe_b64decode(new_backup_key())


def test_it_round_trips_and_hides_the_content(plain: Path, tmp_path: Path) -> None:
    key = _key()
    encrypt_file(plain, tmp_path / "b", key)
    assert b"Fiktivsen" not in (tmp_path / "b").read_bytes()
    decrypt_file(tmp_path / "b", tmp_path / "out", key)
    assert (tmp_path / "out").read_bytes() == plain.read_bytes()


def test_it_refuses_the_wrong_key(plain: Path, tmp_path: Path) -> None:
    encrypt_file(plain, tmp_path / "b", _key())
    with pytest.raises(BackupError, match="wrong key, or the file was altered"):
        decrypt_file(tmp_path / "b", tmp_path / "out", _key())


def test_it_refuses_a_truncated_file_even_at_a_chunk_boundary(plain: Path, tmp_path: Path) -> None:
    key = _key()
    encrypt_file(plain, tmp_path / "b", key)
    data = (tmp_path / "b").read_bytes()
    first_chunk_end = len(b"SSPBACKUP1\n") + 4 + 12 + CHUNK + 16
    (tmp_path / "cut").write_bytes(data[:first_chunk_end])
    with pytest.raises(BackupError):
        decrypt_file(tmp_path / "cut", tmp_path / "out", key)


def test_it_refuses_an_altered_byte(plain: Path, tmp_path: Path) -> None:
    key = _key()
    encrypt_file(plain, tmp_path / "b", key)
    data = bytearray((tmp_path / "b").read_bytes())
    data[5000] ^= 1
    (tmp_path / "bad").write_bytes(bytes(data))
    with pytest.raises(BackupError, match="altered"):
        decrypt_file(tmp_path / "bad", tmp_path / "out", key)


def test_the_key_is_required_and_must_differ_from_the_field_encryption_key(settings) -> None:
    settings.SSP_BACKUP_KEY = ""
    with pytest.raises(BackupError, match="SSP_BACKUP_KEY"):
        backup_key()
    same = new_backup_key()
    settings.SSP_BACKUP_KEY = same
    settings.SSP_FIELD_ENCRYPTION_KEYS = [same]
    with pytest.raises(BackupError, match="differ from the field-encryption keys"):
        backup_key()
    settings.SSP_BACKUP_KEY = "c2hvcnQ="
    with pytest.raises(BackupError, match="32 bytes"):
        backup_key()
