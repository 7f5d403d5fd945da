from __future__ import annotations

from datetime import datetime

from ninja import Schema


class WaveOut(Schema):
    id: int
    survey: str
    municipality: str
    year: int
    shares_figures: bool


class ShareOut(Schema):
    label: str  # "43 %", "<5", "x" or "–"
    percent: float | None  # None when hidden
    respondents: str  # the number of respondents as published ("30", "<5", "x")


class ExaggerationRowOut(Schema):
    school_id: int | None  # None: the whole municipality
    school: str
    grade: int | None
    actual: ShareOut
    perceived: ShareOut
    gap_points: float | None


class TableOut(Schema):
    """A two-way table as published: every cell a label ("12", "<5", "x")."""

    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    grand_total: str
    withheld: bool


class ReportIn(Schema):
    kind: str
    format: str = "pdf"


class ReportJobOut(Schema):
    id: int
    kind: str
    format: str
    state: str
    progress: int
    created_at: datetime
    download_url: str | None
