"""One look for every chart: calm, readable, colour-blind safe.

The palette is Okabe and Ito's (2008), distinguishable with every common colour-vision
deficiency. Setbacks are drawn in a soft neutral, never alarm red: a dip is part of the path.
"""

from __future__ import annotations

import altair as alt

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
POINTS = "#7fa7c9"
SETBACK_BAND = "#d9d4e8"
SESSION_RULE = "#8a8f98"
NEW_SKILL = "#009E73"
OLD_PATTERN = "#E69F00"
OTHER_RESPONSE = "#b9bec6"
SEQUENTIAL = "teals"
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"


@alt.theme.register("between", enable=True)
def between_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "#ffffff",
            "view": {"stroke": None, "continuousWidth": 640, "continuousHeight": 300},
            "title": {
                "fontSize": 16,
                "fontWeight": 600,
                "anchor": "start",
                "color": "#2b3137",
                "subtitleColor": "#5b636b",
                "subtitleFontSize": 13,
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleColor": "#3d444b",
                "labelColor": "#4a5259",
                "gridColor": "#eceff1",
                "domainColor": "#b9bec6",
                "tickColor": "#b9bec6",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 13, "orient": "bottom"},
            "range": {"category": PALETTE},
            "header": {"labelFontSize": 13, "titleFontSize": 13},
        }
    }
