"""The register's name frequencies and size kept as counts, not counted anew for every report.

The linkage weighs a name by how common it is in the register (``ssp.intake.linkage.NameFrequencies``). Counted
from ``intake_name_part`` for each preview, that reads every index entry of the report's names: for the common
ones (a national register holds a quarter of a million Jensens) nearly the whole table, and the register's size was
a count of every citizen as well: 0.28 s for 300,000 citizens, growing with the register.

``intake_name_count`` holds the counts per folded part (and whether it is a surname), and the citizens themselves
under the empty part (no name yields it). Statement-level triggers on ``intake_name_part`` (insert, delete,
truncate) and on the citizens (insert, delete) keep it, so it follows every write that keeps the parts.

A count is the sum of its part's rows. Each write replaces the rows of the parts it touches with one row of their
new sum, taking only rows no other transaction holds (``SKIP LOCKED``): two transactions registering a Jensen at
once never wait for each other and cannot deadlock; each leaves a row of its own, and the next write folds them
together. So a part has a row or two, however the register was written.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# The part whose count is the number of citizens.
REGISTER = ""

CHANGE = """
CREATE FUNCTION intake_name_count_change(parts text[], surnames boolean[], changes bigint[])
RETURNS void LANGUAGE sql AS $$
    WITH change AS (SELECT * FROM unnest(parts, surnames, changes) AS c(part, is_surname, n)),
    folded AS (
        DELETE FROM intake_name_count WHERE ctid IN (
            SELECT counted.ctid FROM intake_name_count AS counted JOIN change USING (part, is_surname)
            FOR UPDATE OF counted SKIP LOCKED
        )
        RETURNING part, is_surname, n
    )
    INSERT INTO intake_name_count (part, is_surname, n)
    SELECT part, is_surname, SUM(n) FROM (SELECT * FROM folded UNION ALL SELECT * FROM change) AS counted
    GROUP BY part, is_surname HAVING SUM(n) <> 0
$$;
"""

# The counts are filled and their triggers made while no citizen can be written: one written in between would be
# neither counted nor ever count.
TABLE = """
LOCK TABLE intake_name_part, {citizens} IN SHARE ROW EXCLUSIVE MODE;
CREATE TABLE intake_name_count (part text NOT NULL, is_surname boolean NOT NULL, n bigint NOT NULL);
CREATE INDEX intake_name_count_part ON intake_name_count (part, is_surname) INCLUDE (n);
INSERT INTO intake_name_count (part, is_surname, n)
    SELECT part, is_surname, COUNT(*) FROM intake_name_part GROUP BY part, is_surname;
INSERT INTO intake_name_count (part, is_surname, n)
    SELECT '{register}', false, COUNT(*) FROM {citizens} HAVING COUNT(*) > 0;
ANALYZE intake_name_count;
"""

# ``{sign}`` 1 for the rows added, -1 for those removed.
PARTS_COUNTED = """
    PERFORM intake_name_count_change(array_agg(part), array_agg(is_surname), array_agg(n))
    FROM (SELECT part, is_surname, {sign} * COUNT(*) AS n FROM {rows} GROUP BY part, is_surname) AS counted
    HAVING COUNT(*) > 0;
"""
CITIZENS_COUNTED = """
    PERFORM intake_name_count_change(ARRAY['{register}'], ARRAY[false], ARRAY[{sign} * COUNT(*)]) FROM {rows}
    HAVING COUNT(*) > 0;
"""

TRIGGERS = """
CREATE FUNCTION intake_name_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{parts_added}    RETURN NULL;
END;
$$;
CREATE TRIGGER intake_name_counts_added AFTER INSERT ON intake_name_part
    REFERENCING NEW TABLE AS parts_added FOR EACH STATEMENT EXECUTE FUNCTION intake_name_counts_added();

CREATE FUNCTION intake_name_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{parts_removed}    RETURN NULL;
END;
$$;
CREATE TRIGGER intake_name_counts_removed AFTER DELETE ON intake_name_part
    REFERENCING OLD TABLE AS parts_removed FOR EACH STATEMENT EXECUTE FUNCTION intake_name_counts_removed();

CREATE FUNCTION intake_name_counts_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE intake_name_count;
    RETURN NULL;
END;
$$;
CREATE TRIGGER intake_name_counts_emptied AFTER TRUNCATE ON intake_name_part
    FOR EACH STATEMENT EXECUTE FUNCTION intake_name_counts_emptied();

CREATE FUNCTION intake_register_counted_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{citizens_added}    RETURN NULL;
END;
$$;
CREATE TRIGGER intake_register_counted_added AFTER INSERT ON {citizens}
    REFERENCING NEW TABLE AS citizens_added FOR EACH STATEMENT EXECUTE FUNCTION intake_register_counted_added();

CREATE FUNCTION intake_register_counted_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{citizens_removed}    RETURN NULL;
END;
$$;
CREATE TRIGGER intake_register_counted_removed AFTER DELETE ON {citizens}
    REFERENCING OLD TABLE AS citizens_removed FOR EACH STATEMENT EXECUTE FUNCTION intake_register_counted_removed();
"""

DROP = """
DROP TRIGGER IF EXISTS intake_register_counted_added ON {citizens};
DROP TRIGGER IF EXISTS intake_register_counted_removed ON {citizens};
DROP TRIGGER IF EXISTS intake_name_counts_added ON intake_name_part;
DROP TRIGGER IF EXISTS intake_name_counts_removed ON intake_name_part;
DROP TRIGGER IF EXISTS intake_name_counts_emptied ON intake_name_part;
DROP FUNCTION IF EXISTS intake_register_counted_added();
DROP FUNCTION IF EXISTS intake_register_counted_removed();
DROP FUNCTION IF EXISTS intake_name_counts_added();
DROP FUNCTION IF EXISTS intake_name_counts_removed();
DROP FUNCTION IF EXISTS intake_name_counts_emptied();
DROP FUNCTION IF EXISTS intake_name_count_change(text[], boolean[], bigint[]);
DROP TABLE IF EXISTS intake_name_count;
"""


def _citizens(apps: Any, schema_editor: Any) -> str:
    return str(schema_editor.connection.ops.quote_name(apps.get_model("citizens", "Citizen")._meta.db_table))


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    citizens = _citizens(apps, schema_editor)
    sql = (
        TABLE.format(register=REGISTER, citizens=citizens)
        + CHANGE
        + TRIGGERS.format(
            citizens=citizens,
            parts_added=PARTS_COUNTED.format(sign=1, rows="parts_added"),
            parts_removed=PARTS_COUNTED.format(sign=-1, rows="parts_removed"),
            citizens_added=CITIZENS_COUNTED.format(register=REGISTER, sign=1, rows="citizens_added"),
            citizens_removed=CITIZENS_COUNTED.format(register=REGISTER, sign=-1, rows="citizens_removed"),
        )
    )
    schema_editor.execute(sql, params=None)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP.format(citizens=_citizens(apps, schema_editor)), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0014_intake_meeting_index_only_for_intakes_on_a_meeting"),
    ]

    operations = [migrations.RunPython(create, drop)]
