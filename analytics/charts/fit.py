"""Chart titles that fit the screen they are drawn on.

Vega-Lite never wraps a title: a line wider than the chart is cut off at the edge of a phone
(issue 23: "Triggers came most often on … mornings" lost the day). `fit_titles` wraps every
chart title and subtitle of a spec into lines no wider than the room given, by words, measured
with the metrics of the app's own font file (DejaVu Sans, wider than the Source Sans Pro the
browser draws, so a line measured to fit does fit). The widths are read from the font's tables
with fontTools, by fpdf2's own rule (tests/test_fit.py checks they agree with fpdf2's
`get_string_width`): importing fpdf2 for its ruler cost every cold start about half a second of
processor time, and fpdf2 is needed only for the brief. The pages fit their charts to a 390 px
phone (`PHONE_WIDTH`); an exported file to its own width.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from analytics import theme

PHONE_WIDTH = 390 - 2 * 16
"""The width a chart has on a 390 px phone: the page's 1 rem margins either side."""
_NESTED = ("layer", "hconcat", "vconcat", "concat")
_MEASURING = threading.Lock()


FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


@functools.cache
def _advances(bold: bool) -> tuple[dict[int, int], int]:
    """Each character's advance in thousandths of the font size, and the advance of a
    character the font lacks (its .notdef glyph), rounded as fpdf2 rounds them (`TTFFont`)."""
    from fontTools import ttLib  # here: only when a title is first measured

    font = ttLib.TTFont(theme.FONTS / FONT_FILES[bold], lazy=True, recalcTimestamp=False)
    scale = 1000 / font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    advances = {
        char: round(scale * (0 if metrics[glyph][0] == 65535 else metrics[glyph][0]) + 0.001)
        for char, glyph in font.getBestCmap().items()
    }
    return advances, round(scale * metrics[".notdef"][0])


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide `text` is, in pixels, at font size `size` px (DejaVu Sans metrics)."""
    with _MEASURING:
        advances, missing = _advances(bold)
    return sum(advances.get(ord(char), missing) for char in text) * size * 0.001


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines of whole words no wider than `width` (a single longer word keeps a line
    of its own)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return [line for line in lines if line] or [""]


def _lines(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value or []]


def _fitted(title: Any, config: dict[str, Any], width: float) -> Any:
    if isinstance(title, str | list):
        title = {"text": title}
    if not isinstance(title, dict) or "text" not in title:
        return title
    fitted = dict(title)
    for key, size_key, default, bold in (
        ("text", "fontSize", 16, True),
        ("subtitle", "subtitleFontSize", 13, False),
    ):
        if key not in title or not isinstance(title[key], str | list):
            continue
        size = title.get(size_key, config.get(size_key, default))
        fitted[key] = [
            piece for line in _lines(title[key]) for piece in wrap(line, width, size, bold)
        ]
    return fitted


def fit_titles(spec: dict[str, Any], width: float = PHONE_WIDTH) -> dict[str, Any]:
    """A copy of the Vega-Lite `spec` whose chart titles and subtitles (of the chart and of each
    chart inside it) are wrapped into lines no wider than `width` pixels."""
    config = (spec.get("config") or {}).get("title") or {}

    def fit(node: dict[str, Any]) -> dict[str, Any]:
        node = dict(node)
        if "title" in node:
            node["title"] = _fitted(node["title"], config, width)
        for key in _NESTED:
            if isinstance(node.get(key), list):
                node[key] = [fit(part) if isinstance(part, dict) else part for part in node[key]]
        if isinstance(node.get("spec"), dict):  # facet and repeat
            node["spec"] = fit(node["spec"])
        return node

    return fit(spec)
