"""Chart titles that fit the screen they are drawn on.

Vega-Lite never wraps a title: a line wider than the chart is cut off at the edge of a phone
(issue 23: "Triggers came most often on … mornings" lost the day). `fit_titles` wraps every
chart title and subtitle of a spec into lines no wider than the room given, by words, measured
with the metrics of the app's own font file (DejaVu Sans, wider than the Source Sans Pro the
browser draws, so a line measured to fit does fit). The pages fit their charts to a 390 px
phone (`PHONE_WIDTH`); an exported file to its own width.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from fpdf import FPDF

from analytics import theme

PHONE_WIDTH = 390 - 2 * 16
"""The width a chart has on a 390 px phone: the page's 1 rem margins either side."""
_NESTED = ("layer", "hconcat", "vconcat", "concat")
_MEASURING = threading.Lock()


@functools.cache
def _ruler() -> FPDF:
    pdf = FPDF(unit="pt")
    pdf.add_font("ruler", "", str(theme.FONTS / "DejaVuSans.ttf"))
    pdf.add_font("ruler", "B", str(theme.FONTS / "DejaVuSans-Bold.ttf"))
    return pdf


def text_width(text: str, size: float, bold: bool = False) -> float:
    """How wide `text` is, in pixels, at font size `size` px (DejaVu Sans metrics)."""
    with _MEASURING:
        ruler = _ruler()
        ruler.set_font("ruler", "B" if bold else "", size)
        return ruler.get_string_width(text)


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
