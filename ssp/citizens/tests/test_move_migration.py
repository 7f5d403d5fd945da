"""Moving Citizen and Guardian from ``concerns`` to ``citizens`` keeps every row and every ciphertext.

The database is migrated back to the state before the move, filled through the historical models with a citizen
(encrypted CPR number), a guardian, a concern with a note and a team member, and two access grants, then migrated
forward; afterwards the current models read the same rows and decrypt the same number.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ssp.citizens.models import Citizen, Guardian
from ssp.concerns.models import Concern, ConcernNote, ConcernTeamMember
from ssp.lib import crypto
from ssp.privacy.models import AccessGrant

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OLD_NODES = [("concerns", "0001_initial"), ("privacy", "0002_audit_append_only_trigger")]
# Unapplying every citizens migration also unapplies what depends on it (concerns 0002, privacy 0003).
BEFORE: list[tuple[str, str | None]] = [*OLD_NODES, ("citizens", None)]
NUMBER = "0101101234"


def _fill(apps: Any) -> dict[str, int]:
    municipality = apps.get_model("structure", "Municipality").objects.get(code="161")
    school = apps.get_model("structure", "Organisation").objects.create(
        name="Fiktiv Skole", kind="school", municipality=municipality
    )
    user_model = apps.get_model("accounts", "User")
    consultant = user_model.objects.create(username="move.consultant", role="ssp_consultant")
    teacher = user_model.objects.create(username="move.teacher", role="ssp_teacher")
    citizen = apps.get_model("concerns", "Citizen").objects.create(
        first_name="Fiktiv",
        last_name="Borger",
        municipality=municipality,
        school=school,
        cpr_ciphertext=crypto.encrypt(NUMBER),
        cpr_lookup=crypto.lookup_hash(NUMBER),
    )
    apps.get_model("concerns", "Guardian").objects.create(citizen=citizen, name="Fiktiv Forælder", relation="mor")
    concern = apps.get_model("concerns", "Concern").objects.create(
        citizen=citizen, municipality=municipality, source="school", responsible=consultant
    )
    apps.get_model("concerns", "ConcernNote").objects.create(concern=concern, author=consultant, text="Notat")
    apps.get_model("concerns", "ConcernTeamMember").objects.create(concern=concern, user=teacher)
    now = timezone.now()
    grant_model = apps.get_model("privacy", "AccessGrant")
    for concern_ref in (concern, None):
        grant_model.objects.create(
            relation="emergency" if concern_ref is None else "agenda_participant",
            user=teacher,
            citizen=citizen,
            concern=concern_ref,
            valid_from=now,
            valid_until=now + timedelta(hours=1),
        )
    return {"citizen": citizen.pk, "concern": concern.pk, "ciphertext_len": len(citizen.cpr_ciphertext)}


def test_the_move_keeps_citizens_concerns_notes_and_grants(reference_data: None) -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(OLD_NODES).apps
    ids = _fill(old_apps)
    ciphertext = old_apps.get_model("concerns", "Citizen").objects.get(pk=ids["citizen"]).cpr_ciphertext

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    citizen = Citizen.objects.get(pk=ids["citizen"])
    assert citizen.cpr_ciphertext == ciphertext and citizen.cpr == NUMBER
    assert list(Citizen.objects.by_cpr(NUMBER)) == [citizen]
    assert citizen.school is not None and citizen.school.name == "Fiktiv Skole"
    assert list(Guardian.objects.filter(citizen=citizen).values_list("name", flat=True)) == ["Fiktiv Forælder"]
    concern = Concern.objects.get(pk=ids["concern"])
    assert concern.citizen == citizen
    assert ConcernNote.objects.filter(concern=concern).count() == 1
    assert ConcernTeamMember.objects.filter(concern=concern).count() == 1
    assert AccessGrant.objects.filter(citizen=citizen).count() == 2
    # The foreign keys still cascade from the citizen: deleting them removes what hangs on them.
    citizen.delete()
    assert not Concern.objects.filter(pk=ids["concern"]).exists()
    assert not AccessGrant.objects.exists()
