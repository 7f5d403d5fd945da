"""Dates read dd.mm.yyyy in both languages, in Europe/Copenhagen time."""

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.utils import translation


def test_dates_render_as_day_month_year_in_danish_and_english() -> None:
    template = Template("{{ d|date:'SHORT_DATE_FORMAT' }} {{ t|date:'SHORT_DATETIME_FORMAT' }} {{ d }}")
    # 23:30 UTC on 31 December is already 1 January in Copenhagen.
    context = Context({"d": date(2026, 1, 9), "t": datetime(2026, 12, 31, 23, 30, tzinfo=UTC)})
    for language in ("da", "en"):
        with translation.override(language):
            assert template.render(context) == "09.01.2026 01.01.2027 00:30 09.01.2026"
