"""Retention moves time forward: inactive concerns close, then nothing of the citizen survives but a tombstone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from ssp.accounts.models import StaffRole
from ssp.citizens.models import Citizen, Guardian
from ssp.concerns.models import Concern, ConcernStatus
from ssp.privacy.audit import verify_chain
from ssp.privacy.door import request_emergency_access
from ssp.privacy.models import AuditEvent, RetentionRule
from ssp.privacy.retention import run_retention
from ssp.structure.models import Municipality
from ssp.testing.concerns import open_agenda_window


def _references(model: type[models.Model], pk: int) -> list[str]:
    """Every row in any model (except the audit log) that points at ``model`` row ``pk``."""
    found = []
    for other in apps.get_models():
        if other is AuditEvent:
            continue
        for field in other._meta.get_fields():
            if not isinstance(field, models.ForeignKey) or field.related_model is not model:
                continue
            if other._default_manager.filter(**{field.attname: pk}).exists():
                found.append(f"{other._meta.label}.{field.name}")
    return found


def test_it_closes_then_deletes_everything_but_a_tombstone(make_user: Any, make_concern: Any) -> None:
    member = make_user()
    concern = make_concern(team=[member])
    citizen = concern.citizen
    Guardian.objects.create(citizen=citizen, name="Fiktiv Forælder", relation="mor", phone="12345678")
    now = timezone.now()
    open_agenda_window(member, concern, source_ref="agenda_item:1", hours_before=0)
    request_emergency_access(citizen, actor=make_user(role=StaffRole.MANAGER), reason="Akut")
    name, number = citizen.last_name, citizen.cpr

    assert run_retention(now=now + timedelta(days=364)).closed["concern"] == []
    report = run_retention(now=now + timedelta(days=366))
    concern.refresh_from_db()
    assert report.closed["concern"] == [concern.pk] and report.deleted["citizen"] == []
    assert concern.status == ConcernStatus.CLOSED

    dry = run_retention(now=now + timedelta(days=731), dry_run=True)
    assert dry.deleted["citizen"] == [citizen.pk] and Citizen.objects.filter(pk=citizen.pk).exists()

    report = run_retention(now=now + timedelta(days=731))

    assert report.deleted["citizen"] == [citizen.pk]
    assert not Citizen.objects.filter(pk=citizen.pk).exists()
    assert _references(Citizen, citizen.pk) == []
    assert _references(Concern, concern.pk) == []
    tombstone = AuditEvent.objects.get(action="delete", citizen_id=citizen.pk)
    assert tombstone.detail == f"default:concern concerns:{concern.pk}"
    log = " ".join(f"{e.detail} {e.changed_fields} {e.actor_username}" for e in AuditEvent.objects.all())
    assert name not in log and number not in log
    assert verify_chain()[1] is None


def test_a_municipality_rule_changes_the_periods(make_concern: Any) -> None:
    concern = make_concern()
    RetentionRule.objects.create(
        municipality=Municipality.objects.get(code="161"),
        record_type="concern",
        close_inactive_after_days=30,
        delete_after_days=60,
    )
    now = timezone.now()

    assert run_retention(now=now + timedelta(days=31)).closed["concern"] == [concern.pk]
    assert run_retention(now=now + timedelta(days=61)).deleted["citizen"] == [concern.citizen_id]


def test_an_open_concern_keeps_the_citizen(make_concern: Any) -> None:
    concern = make_concern()
    Concern.objects.filter(pk=concern.pk).update(last_activity_at=timezone.now() - timedelta(days=800))
    fresh = make_concern()
    Concern.objects.filter(pk=fresh.pk).update(citizen=concern.citizen)

    report = run_retention(now=timezone.now() + timedelta(days=1))

    assert report.closed["concern"] == [concern.pk]
    assert report.deleted["citizen"] == []


def test_the_command_has_a_dry_run(make_concern: Any, capsys: Any) -> None:
    concern = make_concern()
    Concern.objects.filter(pk=concern.pk).update(last_activity_at=timezone.now() - timedelta(days=400))

    call_command("retention", "run", "--dry-run")

    assert f"Would close 1 concerns: [{concern.pk}]" in capsys.readouterr().out
    concern.refresh_from_db()
    assert concern.status != ConcernStatus.CLOSED


def test_notes_older_than_the_note_period_go_even_while_the_concern_lives_on(make_concern: Any) -> None:
    from ssp.concerns import services
    from ssp.concerns.models import ConcernNote
    from ssp.privacy.models import RecordType
    from ssp.testing.concerns import responsible_grant

    concern = make_concern()
    grant = responsible_grant(concern)
    old = services.add_note(concern, actor=concern.responsible, grant=grant, text="Gammelt notat")
    fresh = services.add_note(concern, actor=concern.responsible, grant=grant, text="Nyt notat")
    now = timezone.now()
    ConcernNote.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=200))
    RetentionRule.objects.create(
        municipality=concern.municipality,
        record_type=RecordType.NOTE,
        close_inactive_after_days=365,
        delete_after_days=180,
    )

    preview = run_retention(now=now, dry_run=True)
    assert preview.deleted["note"] == [old.pk]
    assert ConcernNote.objects.filter(pk=old.pk).exists()

    report = run_retention(now=now)

    assert report.deleted["note"] == [old.pk]
    assert list(ConcernNote.objects.filter(concern=concern).values_list("pk", flat=True)) == [fresh.pk]
    assert Concern.objects.filter(pk=concern.pk).exists()
    tombstone = AuditEvent.objects.filter(action="delete", concern_id=concern.pk).get()
    assert f"notes:{old.pk}" in tombstone.detail
    assert "Gammelt" not in tombstone.detail
