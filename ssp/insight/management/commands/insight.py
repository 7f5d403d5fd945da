"""``ssp insight suppress TABLE.csv [--min 5]``: print a two-way table as it would be published.
``ssp insight subscriptions``: the daily job (cron) that starts the report jobs of the subscriptions due today.

The CSV's first column holds row labels, its first row column labels, the rest counts; totals are computed. An
analyst checks a table here before it leaves the municipality.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssp.insight import services
from ssp.lib.disclosure import PublishedTable, publish_two_way


def read_two_way(path: Path) -> tuple[dict[tuple[str, str], int], list[str], list[str]]:
    """Counts, row labels and column labels of a two-way CSV; a bad cell names its row and column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Kan ikke læse {path}: {error}") from error
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t") if text.strip() else csv.excel
    rows = [row for row in csv.reader(text.splitlines(), dialect) if any(cell.strip() for cell in row)]
    if len(rows) < 2 or len(rows[0]) < 2:
        raise CommandError("Tabellen skal have en overskriftsrække og mindst én række med tal.")
    columns = [label.strip() for label in rows[0][1:]]
    counts: dict[tuple[str, str], int] = {}
    labels = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(columns) + 1:
            raise CommandError(f"Række {line}: {len(row) - 1} tal, men {len(columns)} kolonner.")
        label = row[0].strip()
        labels.append(label)
        for column, cell in zip(columns, row[1:], strict=True):
            try:
                value = int(cell.strip())
            except ValueError:
                raise CommandError(f"Række {line}, kolonne «{column}»: «{cell}» er ikke et helt tal.") from None
            if value < 0:
                raise CommandError(f"Række {line}, kolonne «{column}»: antal kan ikke være negativt.")
            counts[(label, column)] = value
    if len(set(labels)) != len(labels) or len(set(columns)) != len(columns):
        raise CommandError("Række- og kolonneoverskrifter skal være forskellige.")
    return counts, labels, columns


def render(table: PublishedTable) -> str:
    if table.withheld:
        return "Tabellen kan ikke offentliggøres: selv med skjulte totaler kan små tal udledes.\n"
    header = ["", *table.column_labels, "I alt"]
    body = [[row.label, *row.cells, row.total] for row in table.rows]
    body.append(["I alt", *table.totals, table.grand_total])
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.rjust(width) if i else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in [header, *body]
    ]
    note = "<5: færre end 5 besvarelser.  x: skjult, så et lille tal ikke kan regnes ud."
    return "\n".join([*lines, "", note]) + "\n"


class Command(BaseCommand):
    help = "Indsigt: suppress TABLE.csv [--min 5] viser en krydstabel, som den ville blive offentliggjort."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="job", required=True)
        suppress = sub.add_parser("suppress", help="Vis en krydstabel med diskretionering.")
        suppress.add_argument(
            "table", type=Path, help="CSV: rækkeoverskrifter i første kolonne, kolonner i første række."
        )
        suppress.add_argument("--min", type=int, default=5, dest="min_count", help="Mindste antal, der vises (5).")
        due = sub.add_parser(
            "subscriptions", help="Dagligt job: bestil rapporterne for abonnementer, der er forfaldne."
        )
        due.add_argument("--date", type=date.fromisoformat, default=None, help="Dagen (ÅÅÅÅ-MM-DD); i dag, hvis tom.")

    def handle(self, *args: Any, job: str, **options: Any) -> None:
        if job == "subscriptions":
            started = services.run_due_subscriptions(today=options["date"])
            self.stdout.write(f"{started} rapporter bestilt for abonnementer.")
            return
        self.suppress(options["table"], options["min_count"])

    def suppress(self, table: Path, min_count: int) -> None:
        if min_count < 1:
            raise CommandError("--min skal være mindst 1.")
        counts, rows, columns = read_two_way(table)
        self.stdout.write(render(publish_two_way(counts, rows, columns, min_count=min_count)), ending="")
