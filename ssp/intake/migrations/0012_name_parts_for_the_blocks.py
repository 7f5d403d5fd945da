"""The folded name parts of every citizen, by birth date, kept by PostgreSQL itself: the linkage's blocks.

A report's rows without a CPR number are compared with the citizens born on their birth date. Read whole, those
blocks are half the register for a 10,000-row report (150,000 citizens), and nearly all of them share no name part
with the row. ``intake_name_part`` holds each citizen's folded given-name and surname parts with the birth date, so
the linkage asks only for the citizens born on a row's date with a part close to one of the row's
(``ssp.intake.registry``), and counts the names' frequencies from the same rows.

The parts are written by statement-level triggers on the citizens (insert, update of a name or birth date, delete,
truncate), so every way a citizen is written keeps them: the ORM, ``COPY``, a migration, a console. The folding
is ``ssp.intake.linkage.fold`` written in SQL: ASCII letters to lower case, and each character of U+00A0-U+024F as
``fold`` turns it when alone (which is what ``fold`` does to it within a name made only of such characters; the
tests hold the two side by side). A name with any other character (a combining mark, Greek, Vietnamese …) has
the part ``*`` only: the linkage then reads the citizen whatever the row's name and folds the name in Python, so
such a citizen is never missed. SQLite has neither the table nor the triggers; the linkage reads whole blocks there.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# The tables of ``fold`` for the characters it handles one by one, as generated from it on 30.11.2026: translated
# to one letter, dropped, or spelled out with two (``test_name_parts``: the tables are still ``fold``'s).
FOLDED_FROM = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ\xa0\xa8\xaa\xaf\xb2\xb3\xb4\xb8\xb9\xba\xc0\xc1\xc2\xc3\xc4\xc7\xc8\xc9"
    "\xca\xcb\xcc\xcd\xce\xcf\xd1\xd2\xd3\xd4\xd5\xd6\xd9\xda\xdb\xdc\xdd\xe0\xe1\xe2\xe3\xe4\xe7\xe8"
    "\xe9\xea\xeb\xec\xed\xee\xef\xf1\xf2\xf3\xf4\xf5\xf6\xf9\xfa\xfb\xfc\xfd\xff\u0100\u0101\u0102"
    "\u0103\u0104\u0105\u0106\u0107\u0108\u0109\u010a\u010b\u010c\u010d\u010e\u010f\u0112\u0113\u0114"
    "\u0115\u0116\u0117\u0118\u0119\u011a\u011b\u011c\u011d\u011e\u011f\u0120\u0121\u0122\u0123\u0124"
    "\u0125\u0128\u0129\u012a\u012b\u012c\u012d\u012e\u012f\u0130\u0134\u0135\u0136\u0137\u0139\u013a"
    "\u013b\u013c\u013d\u013e\u013f\u0140\u0143\u0144\u0145\u0146\u0147\u0148\u0149\u014c\u014d\u014e"
    "\u014f\u0150\u0151\u0154\u0155\u0156\u0157\u0158\u0159\u015a\u015b\u015c\u015d\u015e\u015f\u0160"
    "\u0161\u0162\u0163\u0164\u0165\u0168\u0169\u016a\u016b\u016c\u016d\u016e\u016f\u0170\u0171\u0172"
    "\u0173\u0174\u0175\u0176\u0177\u0178\u0179\u017a\u017b\u017c\u017d\u017e\u017f\u01a0\u01a1\u01af"
    "\u01b0\u01cd\u01ce\u01cf\u01d0\u01d1\u01d2\u01d3\u01d4\u01d5\u01d6\u01d7\u01d8\u01d9\u01da\u01db"
    "\u01dc\u01de\u01df\u01e0\u01e1\u01e6\u01e7\u01e8\u01e9\u01ea\u01eb\u01ec\u01ed\u01f0\u01f4\u01f5"
    "\u01f8\u01f9\u01fa\u01fb\u0200\u0201\u0202\u0203\u0204\u0205\u0206\u0207\u0208\u0209\u020a\u020b"
    "\u020c\u020d\u020e\u020f\u0210\u0211\u0212\u0213\u0214\u0215\u0216\u0217\u0218\u0219\u021a\u021b"
    "\u021e\u021f\u0226\u0227\u0228\u0229\u022a\u022b\u022c\u022d\u022e\u022f\u0230\u0231\u0232\u0233"
)
FOLDED_TO = (
    "abcdefghijklmnopqrstuvwxyz  a 23  1oaaaaaceeeeiiiinooooouuuuyaaaaaceeeeiiiinooooouuuuyyaaaaaaccccc"
    "cccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllllnnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzz"
    "zzsoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyy"
)
DROPPED = (
    "\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa9\xab\xac\xad\xae\xb0\xb1\xb5\xb6\xb7\xbb\xbf\xd0\xd7\xde\xf0\xf7"
    "\xfe\u0110\u0111\u0126\u0127\u0131\u0138\u0141\u0142\u014a\u014b\u0152\u0153\u0166\u0167\u0180"
    "\u0181\u0182\u0183\u0184\u0185\u0186\u0187\u0188\u0189\u018a\u018b\u018c\u018d\u018e\u018f\u0190"
    "\u0191\u0192\u0193\u0194\u0195\u0196\u0197\u0198\u0199\u019a\u019b\u019c\u019d\u019e\u019f\u01a2"
    "\u01a3\u01a4\u01a5\u01a6\u01a7\u01a8\u01a9\u01aa\u01ab\u01ac\u01ad\u01ae\u01b1\u01b2\u01b3\u01b4"
    "\u01b5\u01b6\u01b7\u01b8\u01b9\u01ba\u01bb\u01bc\u01bd\u01be\u01bf\u01c0\u01c1\u01c2\u01c3\u01dd"
    "\u01e2\u01e3\u01e4\u01e5\u01ee\u01ef\u01f6\u01f7\u01fc\u01fd\u01fe\u01ff\u021c\u021d\u0220\u0221"
    "\u0222\u0223\u0224\u0225\u0234\u0235\u0236\u0237\u0238\u0239\u023a\u023b\u023c\u023d\u023e\u023f"
    "\u0240\u0241\u0242\u0243\u0244\u0245\u0246\u0247\u0248\u0249\u024a\u024b\u024c\u024d\u024e\u024f"
)
SPELLED_OUT = {
    "\xbc": "14",
    "\xbd": "12",
    "\xbe": "34",
    "\xc5": "aa",
    "\xc6": "ae",
    "\xd8": "oe",
    "\xdf": "ss",
    "\xe5": "aa",
    "\xe6": "ae",
    "\xf8": "oe",
    "\u0132": "ij",
    "\u0133": "ij",
    "\u01c4": "dz",
    "\u01c5": "dz",
    "\u01c6": "dz",
    "\u01c7": "lj",
    "\u01c8": "lj",
    "\u01c9": "lj",
    "\u01ca": "nj",
    "\u01cb": "nj",
    "\u01cc": "nj",
    "\u01f1": "dz",
    "\u01f2": "dz",
    "\u01f3": "dz",
}


# A name's folded parts, distinct; ``*`` alone where a character outside the tables is left.
FUNCTION = """
CREATE FUNCTION intake_name_parts(name text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN octet_length(folded) <> char_length(folded) THEN ARRAY['*']
        ELSE ARRAY(SELECT DISTINCT part FROM regexp_split_to_table(folded, '[^a-z]+') AS part WHERE part <> '')
    END
    FROM (SELECT {folded} AS folded) AS name_folded
$$;
"""

# The parts of the citizens of a transition table (or of the table itself, to fill it).
PARTS_OF = """
    INSERT INTO intake_name_part (citizen_id, birth_date, part, is_surname)
    SELECT c.id, c.birth_date, p.part, p.is_surname FROM {citizens} AS c
    CROSS JOIN LATERAL (
        SELECT unnest(intake_name_parts(c.first_name)), false
        UNION ALL SELECT unnest(intake_name_parts(c.last_name)), true
    ) AS p(part, is_surname);
"""

TABLE = """
CREATE TABLE intake_name_part (
    citizen_id bigint NOT NULL,
    birth_date date,
    part text NOT NULL,
    is_surname boolean NOT NULL
);
"""
# The blocks (a date and its parts, the citizen read from the index), the names' counts, and a citizen's own rows.
INDEXES = """
CREATE INDEX intake_name_part_block ON intake_name_part (birth_date, part) INCLUDE (citizen_id);
CREATE INDEX intake_name_part_count ON intake_name_part (part, is_surname);
CREATE INDEX intake_name_part_citizen ON intake_name_part (citizen_id);
ANALYZE intake_name_part;
"""

NAME_CHANGED = (
    "(citizens_after.first_name, citizens_after.last_name, citizens_after.birth_date) IS DISTINCT FROM "
    "(citizens_before.first_name, citizens_before.last_name, citizens_before.birth_date)"
)
# The citizens of an update whose name or birth date changed.
RENAMED = (
    "(SELECT citizens_after.* FROM citizens_after JOIN citizens_before ON citizens_before.id = citizens_after.id "  # noqa: S608
    f"WHERE {NAME_CHANGED})"
)
TRIGGERS = """
CREATE FUNCTION intake_name_parts_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN{added}    RETURN NULL;
END;
$$;
CREATE TRIGGER intake_name_parts_added AFTER INSERT ON {citizens}
    REFERENCING NEW TABLE AS citizens_added FOR EACH STATEMENT EXECUTE FUNCTION intake_name_parts_added();

CREATE FUNCTION intake_name_parts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM intake_name_part USING citizens_before JOIN citizens_after ON citizens_after.id = citizens_before.id
        WHERE intake_name_part.citizen_id = citizens_before.id AND {changed};{renamed}    RETURN NULL;
END;
$$;
CREATE TRIGGER intake_name_parts_changed AFTER UPDATE ON {citizens}
    REFERENCING OLD TABLE AS citizens_before NEW TABLE AS citizens_after
    FOR EACH STATEMENT EXECUTE FUNCTION intake_name_parts_changed();

CREATE FUNCTION intake_name_parts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM intake_name_part WHERE citizen_id IN (SELECT id FROM citizens_removed);
    RETURN NULL;
END;
$$;
CREATE TRIGGER intake_name_parts_removed AFTER DELETE ON {citizens}
    REFERENCING OLD TABLE AS citizens_removed FOR EACH STATEMENT EXECUTE FUNCTION intake_name_parts_removed();

CREATE FUNCTION intake_name_parts_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE intake_name_part;
    RETURN NULL;
END;
$$;
CREATE TRIGGER intake_name_parts_emptied AFTER TRUNCATE ON {citizens}
    FOR EACH STATEMENT EXECUTE FUNCTION intake_name_parts_emptied();
"""

DROP = """
DROP TRIGGER IF EXISTS intake_name_parts_added ON {citizens};
DROP TRIGGER IF EXISTS intake_name_parts_changed ON {citizens};
DROP TRIGGER IF EXISTS intake_name_parts_removed ON {citizens};
DROP TRIGGER IF EXISTS intake_name_parts_emptied ON {citizens};
DROP FUNCTION IF EXISTS intake_name_parts_added();
DROP FUNCTION IF EXISTS intake_name_parts_changed();
DROP FUNCTION IF EXISTS intake_name_parts_removed();
DROP FUNCTION IF EXISTS intake_name_parts_emptied();
DROP TABLE IF EXISTS intake_name_part;
DROP FUNCTION IF EXISTS intake_name_parts(text);
"""


def folded(expression: str) -> str:
    """``fold`` in SQL for the characters of the tables: spelled out first, then translated or dropped."""
    for letter, spelling in SPELLED_OUT.items():
        expression = f"replace({expression}, '{letter}', '{spelling}')"
    return f"translate({expression}, '{FOLDED_FROM}{DROPPED}', '{FOLDED_TO}')"


def _citizens(apps: Any, schema_editor: Any) -> str:
    return str(schema_editor.connection.ops.quote_name(apps.get_model("citizens", "Citizen")._meta.db_table))


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    citizens = _citizens(apps, schema_editor)
    renamed = PARTS_OF.format(citizens=RENAMED)
    sql = (
        FUNCTION.format(folded=folded("name"))
        + TABLE
        + PARTS_OF.format(citizens=citizens)
        + INDEXES
        + TRIGGERS.format(
            citizens=citizens,
            added=PARTS_OF.format(citizens="citizens_added"),
            changed=NAME_CHANGED,
            renamed=renamed,
        )
    )
    schema_editor.execute(sql, params=None)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP.format(citizens=_citizens(apps, schema_editor)), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0002_citizen_surname_birth_index"),
        ("intake", "0011_intake_indexes_for_the_import"),
    ]

    operations = [migrations.RunPython(create, drop)]
