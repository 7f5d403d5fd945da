"""Key rotation for encrypted citizen fields."""

from __future__ import annotations

from django.db import transaction

from ssp.citizens.models import Citizen
from ssp.lib import crypto


def rotate_citizen_keys(*, batch_size: int = 500) -> int:
    """Re-encrypt every CPR ciphertext with the first configured key; returns how many rows changed.

    Each batch commits on its own and every configured key still decrypts, so reads keep working throughout.
    """
    changed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                Citizen.objects.filter(pk__gt=last_pk)
                .exclude(cpr_ciphertext="")
                .order_by("pk")
                .select_for_update()
                .only("pk", "cpr_ciphertext")[:batch_size]
            )
            if not batch:
                return changed
            stale = [citizen for citizen in batch if not crypto.is_current(citizen.cpr_ciphertext)]
            for citizen in stale:
                citizen.cpr_ciphertext = crypto.rotate(citizen.cpr_ciphertext)
            Citizen.objects.bulk_update(stale, ["cpr_ciphertext"])
            changed += len(stale)
            last_pk = batch[-1].pk
