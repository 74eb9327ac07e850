"""One look for every chart: calm, readable, colour-blind safe.

The palette is Okabe and Ito's (2008), distinguishable with every common colour-vision
deficiency. Setbacks are drawn in a soft neutral, never alarm red: a dip is part of the path.

Colour is never the only cue: every colour that means something also has a legend, a label, a
dash pattern or a shape. Text meets WCAG AA (4.5:1) on its background, and marks that carry
meaning (points, lines, band edges, cells) at least 3:1 against the chart's white
(`tests/test_theme.py` computes both with `contrast_ratio`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import altair as alt

if TYPE_CHECKING:  # the theme's type for a time multi-format; altair.theme does not export it
    from altair.vegalite.v6.schema._config import TimeFormatSpecifierKwds

PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",
]
TREND = "#0072B2"
POINTS = "#5784ad"
"""Daily points: 4:1 on white, drawn opaque (a faded point is a point nobody sees)."""
SETBACK_BAND = "#d9d4e8"
"""A setback's soft fill; its edges (`SETBACK_EDGE`) and its label carry the meaning."""
SETBACK_EDGE = "#7f789c"
SETBACK_TEXT = "#4a4560"
SESSION_RULE = "#8a8f98"
NEW_SKILL = "#009E73"
OLD_PATTERN = "#E69F00"
OTHER_RESPONSE = "#b9bec6"
ANXIETY = "#D55E00"
"""Vermillion, drawn dashed, with a legend and a label at the line's end."""
ENERGY = "#009E73"
"""Bluish green, drawn dotted, with a legend and a label at the line's end."""
SEQUENTIAL = "teals"
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"

FONTS = Path(__file__).resolve().parent / "fonts"

DAY_FORMAT = "%a %-d %b %Y"
"""A day in a tooltip or a chart's text: "Mon 30 Nov 2026" (as tables show it)."""
SHORT_DAY_FORMAT = "%-d %b"
"""A day on an axis: "30 Nov"."""
MONTH_FORMAT = "%b %Y"
"""A month: "Nov 2026"."""
DATE_FORMATS = (DAY_FORMAT, SHORT_DAY_FORMAT, MONTH_FORMAT, "%a %-d %b", "%-d %b %Y")
"""Every way a chart writes a date: the app has one style, in these lengths."""
AXIS_DATES: TimeFormatSpecifierKwds = {
    "year": MONTH_FORMAT,
    "quarter": MONTH_FORMAT,
    "month": MONTH_FORMAT,
    "week": SHORT_DAY_FORMAT,
    "date": SHORT_DAY_FORMAT,
    "hours": SHORT_DAY_FORMAT,
    "minutes": SHORT_DAY_FORMAT,
    "seconds": SHORT_DAY_FORMAT,
    "milliseconds": SHORT_DAY_FORMAT,
}
"""A date axis's labels by the unit a tick falls on (Vega's time multi-format): "30 Nov" for a
day or week, "Nov 2026" where a month or year begins; never "Nov 30, 2026" or "Dec 06"."""

CHART_BACKGROUND = "#ffffff"
TITLE_TEXT = "#2b3137"
SUBTITLE_TEXT = "#5b636b"
AXIS_TITLE_TEXT = "#3d444b"
LABEL_TEXT = "#4a5259"
PAGE_TEXT = "#121519"
"""The light page's `textColor` (`[theme.light]` in .streamlit/config.toml). Streamlit draws
captions in it at 60% opacity, so it is dark enough that a caption still reads at 4.5:1 on both
backgrounds."""
PAGE_BACKGROUND = "#fbfaf7"
PRIMARY = "#3b7a8c"
"""The page's `primaryColor`, the same in both themes: buttons, and a chosen pill's fill
(white text on it, 4.8:1; against the light page 4.6:1, the dark one 3.8:1)."""
SELECTED_TEXT = "#ffffff"
SIDEBAR_BACKGROUND = "#eef2f1"

DARK_PAGE_TEXT = "#eceef0"
"""The dark page's `textColor` (`[theme.dark]`): light enough that a caption at 60% still
reads at 4.5:1 on the dark page and sidebar."""
DARK_PAGE_BACKGROUND = "#121417"
DARK_SIDEBAR_BACKGROUND = "#1c2125"


@dataclass(frozen=True)
class PageColours:
    """One of the page's two themes, as .streamlit/config.toml sets it. Charts keep their white
    background (`CHART_BACKGROUND`) in both: they are figures, exported the same."""

    text: str
    background: str
    sidebar: str
    primary: str = PRIMARY


PAGE_THEMES = {
    "light": PageColours(PAGE_TEXT, PAGE_BACKGROUND, SIDEBAR_BACKGROUND),
    "dark": PageColours(DARK_PAGE_TEXT, DARK_PAGE_BACKGROUND, DARK_SIDEBAR_BACKGROUND),
}
"""The app follows the system's light or dark preference (no `base` in config.toml)."""
CAPTION_OPACITY = 0.6
"""How opaque Streamlit draws `st.caption` text (its `fadedText60`) over the background."""


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a `#rrggbb` colour (sRGB, linearised)."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio, (L1 + 0.05) / (L2 + 0.05) with L1 the lighter: from 1 to 21."""
    light, dark = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (light + 0.05) / (dark + 0.05)


def blend(foreground: str, background: str, opacity: float) -> str:
    """The colour `foreground` shows at `opacity` over an opaque `background`."""
    mixed = (
        round(
            opacity * int(foreground[i : i + 2], 16)
            + (1 - opacity) * int(background[i : i + 2], 16)
        )
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{c:02x}" for c in mixed)


@alt.theme.register("between", enable=True)
def between_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "timeFormat": DAY_FORMAT,
            "axisTemporal": {"format": AXIS_DATES},
            "background": CHART_BACKGROUND,
            "view": {"stroke": None, "continuousWidth": 640, "continuousHeight": 300},
            "title": {
                "fontSize": 16,
                "fontWeight": 600,
                "anchor": "start",
                "color": TITLE_TEXT,
                "subtitleColor": SUBTITLE_TEXT,
                "subtitleFontSize": 13,
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleColor": AXIS_TITLE_TEXT,
                "labelColor": LABEL_TEXT,
                "gridColor": "#eceff1",
                "domainColor": "#b9bec6",
                "tickColor": "#b9bec6",
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "orient": "bottom",
                # Three entries a row: a long legend wraps instead of running off a phone.
                "columns": 3,
                "labelLimit": 150,
                "labelColor": LABEL_TEXT,
                "titleColor": AXIS_TITLE_TEXT,
            },
            "range": {"category": PALETTE},
            "header": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": AXIS_TITLE_TEXT},
        }
    }


WHOLE_NUMBERS = alt.Axis(format="d", tickMinStep=1)
"""The axis of a count or a questionnaire score: 0, 1, 2, never 0.5 or "0.0 0.2 … 1.0"."""

DAY_MS = 86_400_000
"""One day in a time scale's units (ms): the least step between date ticks, so a chart of a
few days is labelled by day, never by the hour."""

MEASURE_BANDS = ["#f3f6f4", "#e8efec", "#dde7e6", "#e3e0ee", "#d9d4e8"]
"""Severity bands of a questionnaire, mildest first: soft greens to soft lavender, never red.
Each band also carries its name as a label (`BAND_TEXT`), so colour is never the only cue."""
BAND_TEXT = "#4a4560"
MEASURE_LINE = "#0072B2"
CHANGE_MARK = "#7a4a8c"
"""A reliable change's marker: a diamond (from the previous response) or a ring (from the
first), each in the legend and the tooltip with its outcome word."""
IMPROVEMENT_MARK = "#00704f"
"""A reliable improvement from the previous response: a diamond in a deep bluish green."""
WORSENING_MARK = "#a34a00"
"""A reliable worsening from the previous response: a triangle pointing down in a deep orange
(never red): told from an improvement by its shape as well as its colour."""
CUT_OFF_RULE = "#3d444b"
"""The clinical cut-off line of a questionnaire (dashed, labelled)."""
