"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit log (SQLite relies on the model layer),
and ``privacy_audit_chain_head()`` serialises chain writers: it takes a transaction-level advisory lock and then
reads the last hash. Being VOLATILE plpgsql, its SELECT runs with a snapshot taken after the lock is held, so it
sees the event the previous lock holder committed.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION privacy_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'privacy_auditevent is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION privacy_audit_chain_head() RETURNS text AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(6148914691236517205);
    RETURN (SELECT hash FROM privacy_auditevent ORDER BY id DESC LIMIT 1);
END;
$$ LANGUAGE plpgsql VOLATILE;
CREATE TRIGGER privacy_auditevent_append_only
    BEFORE UPDATE OR DELETE ON privacy_auditevent
    FOR EACH ROW EXECUTE FUNCTION privacy_auditevent_refuse_change();
"""
DROP = """
DROP TRIGGER IF EXISTS privacy_auditevent_append_only ON privacy_auditevent;
DROP FUNCTION IF EXISTS privacy_auditevent_refuse_change();
DROP FUNCTION IF EXISTS privacy_audit_chain_head();
"""


def create_trigger(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
