"""Server-rendered SVG charts: bar, grouped bar (perceived against actual) and line (trends).

No JavaScript and no CDN: a chart is an inline ``<svg role="img">`` with a ``<title>`` and a ``<desc>``, followed by
the same figures as an HTML table in a ``<details>`` element, so screen readers, printouts and readers who want the
numbers get them. Figures arrive already published (``ssp.lib.disclosure``): a value is a number or ``None``
with the label the reader sees instead ("<5", "x"); a hidden value draws no bar and says so in the table.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext as _

# DKFDS palette colours with at least 4.5:1 contrast against white, so bars and lines read in greyscale too.
COLOURS = ("#004993", "#a14b00", "#2b6b36", "#6c2c8c", "#3d3d3d")
_ids = itertools.count(1)


@dataclass(frozen=True)
class Value:
    """A figure as published: ``number`` to draw (None when hidden) and ``label`` to print."""

    number: float | None
    label: str


def value(number: float | None, label: str | None = None) -> Value:
    return Value(number=number, label=label if label is not None else _format(number))


def _format(number: float | None) -> str:
    if number is None:
        return "–"
    if float(number).is_integer():
        return f"{int(number)}"
    return f"{number:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    svg: SafeString
    columns: Sequence[str]
    rows: Sequence[tuple[str, Sequence[str]]]

    def html(self, *, table_summary: str = "Se tallene som tabel") -> SafeString:
        header = format_html_join("", '<th scope="col">{}</th>', ((column,) for column in self.columns))
        body = format_html_join(
            "",
            '<tr><th scope="row">{}</th>{}</tr>',
            (
                (label, format_html_join("", '<td class="text-align-right">{}</td>', ((cell,) for cell in cells)))
                for label, cells in self.rows
            ),
        )
        return format_html(
            '<figure class="ssp-chart">{}<figcaption class="form-hint">{}</figcaption>'
            '<details class="mt-3"><summary>{}</summary><div class="table--responsive-scroll">'
            '<table class="table table--compact"><caption class="sr-only">{}</caption>'
            "<thead><tr><td></td>{}</tr></thead><tbody>{}</tbody></table></div></details></figure>",
            self.svg,
            self.description,
            table_summary,
            self.title,
            header,
            body,
        )


def _svg(title: str, description: str, width: int, height: int, body: str) -> SafeString:
    if not body:
        body = format_html('<text x="8" y="24" font-size="14">{}</text>', _("Ingen tal at vise endnu."))
        height = max(height, 36)
    ident = f"ssp-chart-{next(_ids)}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" width="100%" '
        'aria-labelledby="{}-title {}-desc" style="max-width:{}px;font-family:inherit">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        ident,
        ident,
        width,
        ident,
        title,
        ident,
        description,
        mark_safe(body),  # noqa: S308 - built by the charts below, every text in it escaped there
    )


LABEL_WIDTH = 150
BAR_AREA = 240
ROW = 28


def bar_chart(title: str, description: str, bars: Sequence[tuple[str, Value]], *, unit: str = "") -> Chart:
    """Horizontal bars, one per label (horizontal reads on a 390 px phone, long labels fit)."""
    top = max((bar.number or 0 for _, bar in bars), default=0) or 1
    parts = []
    for i, (label, bar) in enumerate(bars):
        y = 8 + i * ROW
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="14" text-anchor="end">{}</text>', LABEL_WIDTH - 6, y + 14, label
            )
        )
        if bar.number is not None:
            width = max(1.0, BAR_AREA * bar.number / top)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="18" fill="{}"/>', LABEL_WIDTH, y + 1, width, COLOURS[0]
                )
            )
            x = LABEL_WIDTH + width + 4
        else:
            x = LABEL_WIDTH + 4
        parts.append(format_html('<text x="{}" y="{}" font-size="14">{}{}</text>', f"{x:.1f}", y + 14, bar.label, unit))
    height = 16 + len(bars) * ROW
    svg = _svg(title, description, LABEL_WIDTH + BAR_AREA + 60, height, "".join(parts))
    return Chart(title, description, svg, [title], [(label, [f"{bar.label}{unit}"]) for label, bar in bars])


def grouped_bar_chart(
    title: str,
    description: str,
    groups: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[Value]],
    *,
    unit: str = "",
    maximum: float | None = None,
) -> Chart:
    """Horizontal bars in groups: ``values[g][s]`` is series ``s`` of group ``g`` (e.g. actual and perceived).

    A page of a school's pattern draws a thousand elements or more, so the SVG is written with f-strings rather than
    a ``format_html`` per element: every text that can come from data (the groups, the series, the labels and the
    unit) is escaped once, by ``conditional_escape`` as ``format_html`` would; the rest are numbers and the palette.
    """
    top = maximum or max((v.number or 0 for row in values for v in row), default=0) or 1
    parts = []
    bar_height = 16
    group_height = len(series) * (bar_height + 3) + 14
    legend_height = 10 + 18 * len(series)
    unit_text = conditional_escape(unit)
    labels: dict[tuple[str, bool], str] = {}  # a label's escaped text with the unit: "<5", "x" and the shares repeat
    for s, name in enumerate(series):
        y = 6 + s * 18
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="14" height="12" fill="{COLOURS[s % len(COLOURS)]}"/>')
        parts.append(f'<text x="{LABEL_WIDTH + 20}" y="{y + 11}" font-size="14">{conditional_escape(name)}</text>')
    for g, group in enumerate(groups):
        y0 = legend_height + g * group_height
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y0 + 13}" font-size="14" text-anchor="end">{conditional_escape(group)}</text>'
        )
        for s in range(len(series)):
            bar = values[g][s]
            y = y0 + s * (bar_height + 3)
            x = LABEL_WIDTH + 4
            if bar.number is not None:
                width = max(1.0, BAR_AREA * bar.number / top)
                fill = COLOURS[s % len(COLOURS)]
                parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{bar_height}" fill="{fill}"/>')
                x = int(LABEL_WIDTH + width + 4)
            key = (bar.label, isinstance(bar.label, SafeData))  # a safe "<b>" must not stand in for a data "<b>"
            text = labels.get(key)
            if text is None:
                text = labels[key] = f"{conditional_escape(bar.label)}{unit_text}"
            parts.append(f'<text x="{x}" y="{y + 12}" font-size="13">{text}</text>')
    height = legend_height + len(groups) * group_height
    svg = _svg(title, description, LABEL_WIDTH + BAR_AREA + 60, height, "".join(parts))
    rows = [(group, [f"{values[g][s].label}{unit}" for s in range(len(series))]) for g, group in enumerate(groups)]
    return Chart(title, description, svg, list(series), rows)


def line_chart(
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Value]]],
    *,
    unit: str = "",
    maximum: float | None = None,
) -> Chart:
    """One line per series across ``x_labels`` (waves); a hidden point breaks the line rather than guessing it."""
    width, height, left, right, top_margin, bottom = 520, 240, 44, 16, 16, 64
    numbers = [v.number for _name, points in series for v in points if v.number is not None]
    top = maximum or max(numbers, default=0) or 1
    plot_w, plot_h = width - left - right, height - top_margin - bottom
    step = plot_w / max(1, len(x_labels) - 1)

    def xy(i: int, number: float) -> tuple[float, float]:
        return left + i * step, top_margin + plot_h * (1 - number / top)

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#747474"/>',
            left,
            top_margin + plot_h,
            width - right,
            top_margin + plot_h,
        ),
        format_html(
            '<text x="{}" y="{}" font-size="13" text-anchor="end">{}{}</text>',
            left - 4,
            top_margin + 4,
            _format(top),
            unit,
        ),
        format_html('<text x="{}" y="{}" font-size="13" text-anchor="end">0</text>', left - 4, top_margin + plot_h + 4),
    ]
    for i, label in enumerate(x_labels):
        x, _ = xy(i, 0)
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" text-anchor="middle">{}</text>',
                x,
                top_margin + plot_h + 16,
                label,
            )
        )
    for s, (name, points) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        segment: list[str] = []
        for i, point in enumerate([*points, Value(None, "")]):
            if point.number is None:
                if len(segment) > 1:
                    parts.append(
                        format_html(
                            '<polyline fill="none" stroke="{}" stroke-width="2.5" points="{}"/>',
                            colour,
                            " ".join(segment),
                        )
                    )
                segment = []
                continue
            x, y = xy(i, point.number)
            segment.append(f"{x:.1f},{y:.1f}")
            parts.append(format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', f"{x:.1f}", f"{y:.1f}", colour))
        legend_y = top_margin + plot_h + 32 + (s // 2) * 16
        legend_x = left + (s % 2) * 230
        parts.append(
            format_html('<rect x="{}" y="{}" width="14" height="4" fill="{}"/>', legend_x, legend_y - 4, colour)
        )
        parts.append(format_html('<text x="{}" y="{}" font-size="14">{}</text>', legend_x + 20, legend_y, name))
    svg = _svg(title, description, width, height + 16 * max(0, (len(series) - 1) // 2), "".join(parts))
    rows = [(name, [f"{point.label}{unit}" for point in points]) for name, points in series]
    return Chart(title, description, svg, list(x_labels), rows)
