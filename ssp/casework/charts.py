"""Server-rendered SVG bar charts for the figures page: no JavaScript, no CDN, readable by a screen reader.

Each chart has a ``<title>`` and ``<desc>`` and sits beside the table with the same numbers, which is what a
screen reader reads; a suppressed cell ("<5") draws no bar and prints "<5" instead of a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 220
MARGIN_LEFT = 36
MARGIN_BOTTOM = 44
BAR_COLOUR = "#0059b3"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: suppressed or not computable
    shown: str  # the printed value ("12", "<5", "–")


def bar_chart(bars: Sequence[Bar], *, title: str) -> SafeString:
    """A vertical bar chart of ``bars``; the scale starts at 0 and ends at the largest shown value."""
    top = max((bar.value or 0 for bar in bars), default=0) or 1
    plot_height = HEIGHT - MARGIN_BOTTOM - 16
    step = (WIDTH - MARGIN_LEFT) / max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="ssp-chart"'
        f' aria-label="{escape(title, {chr(34): "&quot;"})}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{MARGIN_LEFT}" y1="{HEIGHT - MARGIN_BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - MARGIN_BOTTOM}" stroke="#333"/>',
        f'<text x="2" y="20" font-size="11">{escape(_number(top))}</text>',
    ]
    for index, bar in enumerate(bars):
        x = MARGIN_LEFT + index * step + step * 0.15
        width = step * 0.7
        height = (bar.value or 0) / top * plot_height
        y = HEIGHT - MARGIN_BOTTOM - height
        if bar.value:
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{x + width / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">{escape(bar.shown)}</text>'
        )
        if len(bars) <= 16 or index % max(len(bars) // 12, 1) == 0:
            parts.append(
                f'<text x="{x + width / 2:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 14}" font-size="10"'
                f' text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    # Every piece of text above is escaped; the markup is the module's own.
    return mark_safe("".join(parts))  # noqa: S308


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
