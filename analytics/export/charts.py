"""Charts as files: PNG and SVG rendered on this machine by vl-convert, with no network.

Every chart builder returns an Altair chart whose data is inline (Altair's default data
transformer embeds the rows in the spec). Rendering passes `allowed_base_urls=[]`, so a spec
that points at a remote URL is refused instead of fetched; fonts come from the machine's own
font files and the app's `fonts/` folder (vl-convert never downloads fonts). The export applies the app's theme, because
`chart.to_dict()` merges the active Altair theme into the spec.
"""

from __future__ import annotations

import functools
import re
import threading
import types
import unicodedata
from pathlib import Path
from typing import Any

import altair as alt

import analytics.theme  # noqa: F401  (registers and enables the one chart theme)
from analytics.charts.fit import fit_titles

EXPORT_WIDTH = 720
"""Width in CSS pixels of an exported chart drawn at the page's width (`width="container"` or unset)."""
EXPORT_HEIGHT = 320
"""Height of an exported chart that takes its height from the page."""
PNG_SCALE = 2
"""PNGs are drawn at twice the chart's size: sharp on high-density screens and in print."""

ALTAIR_GLOBALS = threading.Lock()
"""Held while a chart becomes a spec: Altair's data transformer is one setting for every
thread, and the pages switch it (views.common.drawing) while an export may be made."""

_COMPOSITE_KEYS = ("hconcat", "vconcat", "concat", "facet", "repeat")
FONT_DIR = Path(__file__).parent.parent / "fonts"
"""Fonts shipped with the app (DejaVu Sans), so an export has its glyphs on a machine with few fonts."""


@functools.cache
def _converter() -> types.ModuleType:
    """vl-convert with the app's fonts registered, loaded at the first export: the pages
    import this module for `file_stem` and the lock, and a cold start must not pay for it."""
    import vl_convert as vlc

    if FONT_DIR.is_dir():
        vlc.register_font_directory(str(FONT_DIR))
    return vlc


def export_spec(
    chart: alt.TopLevelMixin | dict[str, Any], height: int = EXPORT_HEIGHT
) -> dict[str, Any]:
    """The Vega-Lite spec of `chart` as it will be exported: a fixed size that includes the axes.

    A single or layered chart without a fixed width gets `EXPORT_WIDTH`, and `autosize` is
    set to fit the whole drawing (axes, legend, title) into the width and height it names,
    so an exported file is exactly `width` x `height` pixels (times the PNG scale).
    Concatenated and faceted charts keep their own layout; Vega-Lite cannot fit those.
    """
    # Not validated against the Vega-Lite schema again here: every chart builder is validated
    # by its tests, and validation took a third of a brief's time.
    if isinstance(chart, dict):
        spec = dict(chart)
    else:
        with ALTAIR_GLOBALS:
            spec = chart.to_dict(validate=False)
    if any(key in spec for key in _COMPOSITE_KEYS):
        # Sized by its builder (two panels across on A4, one on a phone), titles included.
        return spec
    if not isinstance(spec.get("width"), int | float):
        spec["width"] = EXPORT_WIDTH
    spec = fit_titles(spec, spec["width"])
    # A height given as a step (rows of a fixed size, as in the practice calendar) is kept.
    if not isinstance(spec.get("height"), int | float | dict):
        spec["height"] = height
    spec["autosize"] = {"type": "fit", "contains": "padding"}
    return spec


def chart_png(chart: alt.TopLevelMixin | dict[str, Any], scale: float = PNG_SCALE) -> bytes:
    """The chart as PNG bytes, `scale` times its size in pixels (2x by default)."""
    return _converter().vegalite_to_png(export_spec(chart), scale=scale, allowed_base_urls=[])


def chart_svg(chart: alt.TopLevelMixin | dict[str, Any], height: int = EXPORT_HEIGHT) -> str:
    """The chart as an SVG document (vector: text and marks stay sharp at any size); a chart
    that takes its height from the page gets `height`."""
    return _converter().vegalite_to_svg(export_spec(chart, height), allowed_base_urls=[])


def file_stem(name: str) -> str:
    """A safe file name stem from a chart's name: lower case ASCII letters, digits and dashes."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-")
    return stem or "chart"
