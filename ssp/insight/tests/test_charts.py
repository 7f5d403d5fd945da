"""The SVG charts are accessible images with their figures as a table, and never draw a hidden figure."""

from __future__ import annotations

import re
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


def test_grouped_bar_chart_draws_the_same_svg_as_before_and_escapes_every_text_from_data() -> None:
    """The SVG as the chart drew it with one ``format_html`` per element (the ids numbered per page aside)."""
    chart = grouped_bar_chart(
        'Alkohol & "venner"',
        "Faktisk <og> troet andel",
        ["7. a <b>", "7. b & c"],
        ['Faktisk "ja"', "Troet <andel>"],
        [[value(10), value(40.5)], [value(None, "<5"), value(35, "35 & mere")]],
        unit=" %",
    )
    svg = re.sub(r"ssp-chart-\d+", "ssp-chart-N", str(chart.svg))
    assert svg == (
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 450 150" width="100%" aria-labelledby="ssp-chart-N-title ssp-chart-N-desc" style="max-width:450px;font-family:inherit">'
        '<title id="ssp-chart-N-title">Alkohol &amp; &quot;venner&quot;</title>'
        '<desc id="ssp-chart-N-desc">Faktisk &lt;og&gt; troet andel</desc>'
        '<rect x="150" y="6" width="14" height="12" fill="#004993"/>'
        '<text x="170" y="17" font-size="14">Faktisk &quot;ja&quot;</text>'
        '<rect x="150" y="24" width="14" height="12" fill="#a14b00"/>'
        '<text x="170" y="35" font-size="14">Troet &lt;andel&gt;</text>'
        '<text x="144" y="59" font-size="14" text-anchor="end">7. a &lt;b&gt;</text>'
        '<rect x="150" y="46" width="59.25925925925926" height="16" fill="#004993"/>'
        '<text x="213" y="58" font-size="13">10 %</text>'
        '<rect x="150" y="65" width="240.0" height="16" fill="#a14b00"/>'
        '<text x="394" y="77" font-size="13">40,5 %</text>'
        '<text x="144" y="111" font-size="14" text-anchor="end">7. b &amp; c</text>'
        '<text x="154" y="110" font-size="13">&lt;5 %</text>'
        '<rect x="150" y="117" width="207.40740740740742" height="16" fill="#a14b00"/>'
        '<text x="361" y="129" font-size="13">35 &amp; mere %</text></svg>'
    )
