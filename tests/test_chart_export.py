"""Charts as PNG and SVG files: valid images of the expected size, rendered with no network."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
import zlib

import altair as alt
import pandas as pd
import pytest

from analytics.export.charts import (
    EXPORT_HEIGHT,
    EXPORT_WIDTH,
    chart_png,
    chart_svg,
    export_spec,
    file_stem,
)

SVG = "{http://www.w3.org/2000/svg}"


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "day": pd.date_range("2026-01-01", periods=30),
            "wellbeing": [4 + (i % 7) / 2 for i in range(30)],
        }
    )


def line(**size) -> alt.Chart:
    chart = (
        alt.Chart(frame())
        .mark_line()
        .encode(x=alt.X("day:T", title="Day"), y=alt.Y("wellbeing:Q", title="Wellbeing"))
        .properties(title="Wellbeing rose this month")
    )
    return chart.properties(**size) if size else chart


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The PNG's chunks (type, body), each checked against its CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        chunks.append((kind, body))
        offset += 12 + length
    return chunks


def png_size(data: bytes) -> tuple[int, int]:
    kind, body = png_chunks(data)[0]
    assert kind == b"IHDR"
    return struct.unpack(">II", body[:8])


def svg_root(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    return root


def test_a_png_is_a_whole_valid_png_at_twice_the_chart_size():
    data = chart_png(line(width=400, height=200))

    chunks = png_chunks(data)
    assert chunks[-1][0] == b"IEND"
    assert any(kind == b"IDAT" for kind, _ in chunks)
    assert png_size(data) == (800, 400)


def test_the_png_scale_can_be_chosen():
    assert png_size(chart_png(line(width=400, height=200), scale=1)) == (400, 200)
    assert png_size(chart_png(line(width=400, height=200), scale=3)) == (1200, 600)


def test_an_svg_parses_as_xml_with_the_chart_width_and_its_text():
    text = chart_svg(line(width=400, height=200))

    root = svg_root(text)
    assert (root.get("width"), root.get("height")) == ("400", "200")
    words = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Wellbeing rose this month" in words
    assert "Day" in words


def test_a_chart_drawn_at_the_page_width_exports_at_a_fixed_width():
    chart = line().properties(width="container")

    assert svg_root(chart_svg(chart)).get("width") == str(EXPORT_WIDTH)
    assert png_size(chart_png(chart)) == (2 * EXPORT_WIDTH, 2 * EXPORT_HEIGHT)


def test_a_layered_chart_keeps_its_size_and_both_layers():
    points = alt.Chart(frame()).mark_point().encode(x="day:T", y="wellbeing:Q")
    rule = (
        alt.Chart(pd.DataFrame({"day": [pd.Timestamp("2026-01-15")]})).mark_rule().encode(x="day:T")
    )
    layered = (points + rule).properties(width=500, height=250)

    root = svg_root(chart_svg(layered))
    assert root.get("width") == "500"
    assert png_size(chart_png(layered)) == (1000, 500)
    assert len(list(root.iter(f"{SVG}path"))) > 30  # 30 points and a rule


def test_a_concatenated_chart_exports_at_its_own_size():
    both = alt.hconcat(line(width=200, height=100), line(width=200, height=100))
    width = int(float(svg_root(chart_svg(both)).get("width")))

    assert width > 400
    assert png_size(chart_png(both))[0] == 2 * width


def test_the_app_theme_is_applied():
    spec = export_spec(line(width=400, height=200))
    assert spec["config"]["background"] == "#ffffff"
    assert "Source Sans Pro" in spec["config"]["font"]


def test_a_chart_pointing_at_remote_data_is_refused_not_fetched():
    remote = alt.Chart("https://example.com/wellbeing.csv").mark_point().encode(x="a:Q", y="b:Q")
    with pytest.raises(ValueError, match="not allowed"):
        chart_png(remote)
    with pytest.raises(ValueError, match="not allowed"):
        chart_svg(remote)


def test_exporting_does_not_change_the_chart():
    chart = line().properties(width="container")
    before = chart.to_dict()
    chart_svg(chart)
    assert chart.to_dict() == before


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Wellbeing, last 30 days", "wellbeing-last-30-days"),
        ("../../etc/passwd", "etc-passwd"),
        ("☺", "chart"),
        ("Übung", "ubung"),
    ],
)
def test_file_stems_are_safe(name, stem):
    assert file_stem(name) == stem


def test_an_svg_refers_to_nothing_outside_itself():
    text = chart_svg(line(width=400, height=200))
    outside = [word for word in text.split() if "http" in word or "url(" in word]
    assert all(
        word.startswith(('xmlns="http://www.w3.org/', 'xmlns:xlink="http://www.w3.org/'))
        for word in outside
    ), outside
