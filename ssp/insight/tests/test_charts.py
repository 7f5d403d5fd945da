"""The SVG charts are accessible images with their figures as a table, and never draw a hidden figure."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ssp.lib.charts import bar_chart, grouped_bar_chart, line_chart, value

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])  # noqa: S314 - our own generated markup, not outside input


def test_bar_chart_is_an_image_with_title_and_a_table_of_the_same_figures() -> None:
    chart = bar_chart(
        "Henvendelser", "Antal henvendelser pr. kilde", [("Døgnrapport", value(12)), ("Skole", value(None, "<5"))]
    )
    html = str(chart.html())
    svg = parse_svg(html)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Henvendelser"  # type: ignore[union-attr]
    assert len(svg.findall(f"{SVG}rect")) == 1  # the hidden figure draws no bar
    assert '<td class="text-align-right">&lt;5</td>' in html
    assert '<td class="text-align-right">12</td>' in html


def test_grouped_bar_chart_draws_a_bar_per_series_and_a_legend() -> None:
    chart = grouped_bar_chart(
        "Alkohol",
        "Faktisk og troet andel",
        ["7. a", "7. b"],
        ["Faktisk", "Troet"],
        [[value(10), value(40)], [value(None, "<5"), value(35)]],
        unit=" %",
    )
    svg = parse_svg(str(chart.html()))
    assert len(svg.findall(f"{SVG}rect")) == 2 + 3  # legend swatches + three drawn bars
    assert chart.rows[1] == ("7. b", ["<5 %", "35 %"])


def test_line_chart_breaks_the_line_at_a_hidden_point() -> None:
    chart = line_chart(
        "Trivsel",
        "Andel over bølger",
        ["2021", "2023", "2025"],
        [("Holstebro", [value(80), value(None, "x"), value(82)])],
    )
    svg = parse_svg(str(chart.html()))
    assert svg.findall(f"{SVG}polyline") == []  # two isolated points, no line drawn through the hidden wave
    assert len(svg.findall(f"{SVG}circle")) == 2


def test_text_is_escaped() -> None:
    chart = bar_chart("<script>", "d", [("<b>", value(5))])
    assert "<script>" not in str(chart.html())
