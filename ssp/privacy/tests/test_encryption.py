"""CPR numbers at rest: encrypted, found by keyed hash, and re-encrypted by ``ssp keys rotate``."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from ssp.citizens.models import Citizen
from ssp.lib import crypto


def _raw_rows() -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM concerns_citizen")
        return list(cursor.fetchall())


def test_the_raw_table_holds_no_cpr_number_in_plain_text(make_concern: Any) -> None:
    concern = make_concern()
    number = concern.citizen.cpr
    dashed = f"{number[:6]}-{number[6:]}"

    dump = " ".join(str(value) for row in _raw_rows() for value in row)

    assert len(number) == 10
    assert number not in dump
    assert dashed not in dump
    assert number[6:] not in dump.replace(concern.citizen.cpr_lookup, "")


def test_it_finds_a_citizen_by_cpr_in_either_form(make_concern: Any) -> None:
    citizen = make_concern().citizen
    number = citizen.cpr

    assert list(Citizen.objects.by_cpr(number)) == [citizen]
    assert list(Citizen.objects.by_cpr(f"{number[:6]}-{number[6:]}")) == [citizen]
    assert not Citizen.objects.by_cpr("nonsense").exists()


def test_rotation_re_encrypts_with_the_new_key_and_reads_keep_working(make_concern: Any, settings: Any) -> None:
    settings.SSP_FIELD_ENCRYPTION_KEYS = ["old-secret-for-the-test"]
    citizens = [make_concern().citizen for _ in range(3)]
    numbers = [citizen.cpr for citizen in citizens]
    before = dict(Citizen.objects.values_list("pk", "cpr_ciphertext"))

    with override_settings(SSP_FIELD_ENCRYPTION_KEYS=["new-secret-for-the-test", "old-secret-for-the-test"]):
        # Mid-rotation reads: the old ciphertexts still decrypt.
        assert [Citizen.objects.get(pk=c.pk).cpr for c in citizens] == numbers
        call_command("keys", "rotate", "--batch-size", "2", stdout=_Sink())
        after = dict(Citizen.objects.values_list("pk", "cpr_ciphertext"))
        assert all(after[pk] != before[pk] for pk in before)
        assert all(crypto.is_current(token) for token in after.values())

    with override_settings(SSP_FIELD_ENCRYPTION_KEYS=["new-secret-for-the-test"]):
        # The old key can go: everything reads with the new key alone.
        assert [Citizen.objects.get(pk=c.pk).cpr for c in citizens] == numbers


class _Sink:
    def write(self, text: str) -> None:
        self.text = text


def test_a_tampered_ciphertext_is_refused_without_echoing_it() -> None:
    token = crypto.encrypt("0101101234")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    try:
        crypto.decrypt(tampered)
    except crypto.DecryptionError as error:
        assert tampered not in str(error)
    else:
        raise AssertionError("tampered ciphertext decrypted")
