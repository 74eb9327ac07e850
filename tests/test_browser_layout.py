"""Every chart draws and fits, in a real browser, at a desk's width and a phone's.

A chart that renders at zero height (the practice calendar once did) or that runs past the
edge of a phone (the trigger heatmaps and habit-strength panels once did) passes every
spec-level test; only a browser sees it. Screenshots go to a temporary folder, for a person
to look at when a check fails.
"""

from __future__ import annotations

import pytest

from analytics import clock, storage, theme
from testkit.browser import WAIT_MS, running_app, wait_for_app, wait_for_charts
from tests.measure_data import responses_unless_the_sample_has_them
from tests.test_browser import TOUR, choose_range

pytestmark = pytest.mark.browser

WIDTHS = {"desk": 1400, "phone": 390}
MIN_CHART_HEIGHT = 60
"""Pixels: below this a chart has collapsed."""
MIN_MARKS_HEIGHT = 30
"""Pixels the chart's marks span. A chart can keep its size while its plot collapses (the
calendar did: 112 px of title, piled-up weekday labels and legend around a plot of 0 px)."""
# Pages whose charts change most with a year of data: checked again at "Last year".
YEAR_VIEW = ("practice", "triggers", "progress", "measures", "patterns")
# Pages whose tables must show every column on a phone: the streak table. Tables that hold a
# person's own words (notes, responses) or every field of an entry scroll sideways on a phone,
# as a spreadsheet does.
SUMMARY_PAGES = ("practice",)
# Pages whose tabs must all show on a phone: the six forms of Log (issue 23: "Qu›"). Entries'
# nine lists scroll sideways on a phone, as a spreadsheet's sheets do.
TABS_FIT_PAGES = ("log",)

MEASURE = """() => {
  // The height the chart's marks span (not its title, axes or legend): Vega draws each mark
  // set as a group of role "mark" (SVG), so their boxes together are the drawn plot.
  const marksHeight = svg => {
    const boxes = [...svg.querySelectorAll('.role-mark')].map(g => g.getBoundingClientRect())
      .filter(r => r.width > 0 || r.height > 0);
    if (!boxes.length) return 0;
    return Math.max(...boxes.map(r => r.bottom)) - Math.min(...boxes.map(r => r.top));
  };
  const drawn = sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null);
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, height: r.height}; };
  return {
    charts: drawn('[data-testid="stVegaLiteChart"]').map(chart => {
      const marks = chart.querySelector('canvas, svg.marks');
      return {outer: box(chart), drawn: marks ? box(marks) : null,
              marksHeight: marks && marks.tagName !== 'CANVAS' ? marksHeight(marks) : null};
    }),
    // The grid is drawn on a canvas; its scroller is wider than its window when columns are cut off.
    tables: drawn('[data-testid="stDataFrame"] .dvn-scroller').map(
      scroller => ({scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth})),
    pageWidth: document.documentElement.scrollWidth,
    // A row of tabs wider than its place hides the last ones behind a scroll arrow ("Qu›").
    tabs: drawn('[data-testid="stTabs"] [role="tablist"]').map(
      list => ({scrollWidth: list.scrollWidth, clientWidth: list.clientWidth})),
    // Streamlit draws a caption in the text colour, faded by the container's opacity.
    captions: drawn('[data-testid="stCaptionContainer"]').map(caption => {
      let text = caption;
      while (text.firstElementChild) text = text.firstElementChild;
      return {colour: getComputedStyle(text).color, opacity: +getComputedStyle(caption).opacity,
              sidebar: !!caption.closest('[data-testid="stSidebar"]')};
    }),
  };
}"""


@pytest.fixture(scope="module")
def sample_app(tmp_path_factory):
    from sample_data import load_sample

    folder = tmp_path_factory.mktemp("layout")
    journal = folder / "sample.duckdb"
    con = storage.connect(journal)
    load_sample(con)
    responses_unless_the_sample_has_them(con, clock.today())
    con.close()
    with running_app(journal, folder) as url:
        yield url


def problems_on(
    page,
    width: int,
    where: str,
    check_tables: bool,
    check_tabs: bool = False,
    colours: theme.PageColours = theme.PAGE_THEMES["light"],
) -> list[str]:
    found = page.evaluate(MEASURE)
    problems = []
    if found["pageWidth"] > width:
        problems.append(f"{where}: the page scrolls sideways ({found['pageWidth']} px)")
    for i, chart in enumerate(found["charts"]):
        name = f"{where} chart {i + 1}"
        if chart["drawn"] is None:
            problems.append(f"{name} did not draw")
            continue
        if chart["drawn"]["height"] < MIN_CHART_HEIGHT:
            problems.append(f"{name} is {chart['drawn']['height']:.0f} px tall")
        if chart["marksHeight"] is not None and chart["marksHeight"] < MIN_MARKS_HEIGHT:
            problems.append(f"{name}'s marks take {chart['marksHeight']:.0f} px of its height")
        if chart["drawn"]["right"] > width + 0.5 or chart["drawn"]["left"] < -0.5:
            problems.append(f"{name} runs past the window ({chart['drawn']['right']:.0f} px)")
        if chart["drawn"]["right"] > chart["outer"]["right"] + 1:
            problems.append(f"{name} is wider than its place on the page")
    for caption in found["captions"]:
        red, green, blue = (int(c) for c in caption["colour"][4:-1].split(",")[:3])
        background = colours.sidebar if caption["sidebar"] else colours.background
        seen = theme.blend(f"#{red:02x}{green:02x}{blue:02x}", background, caption["opacity"])
        ratio = theme.contrast_ratio(seen, background)
        if ratio < 4.5:
            problems.append(f"{where}: a caption reads at {ratio:.1f}:1, below 4.5:1")
            break
    for tabs in found["tabs"] if check_tabs else ():
        if tabs["scrollWidth"] > tabs["clientWidth"] + 1:
            problems.append(
                f"{where}: the tabs take {tabs['scrollWidth']} px of {tabs['clientWidth']}"
            )
    for i, table in enumerate(found["tables"] if check_tables else ()):
        if table["scrollWidth"] > table["clientWidth"] + 2:
            problems.append(
                f"{where} table {i + 1} shows {table['clientWidth']} of its "
                f"{table['scrollWidth']} px of columns"
            )
    return problems


def settle(page) -> None:
    """Wait until the script has run and every chart it drew is on the page and drawn."""
    wait_for_app(page)
    wait_for_charts(page)


# Each chart has drawn itself again for the width its element has now (vega-embed redraws a
# moment after a resize): its canvas or SVG is no wider than the element that holds it.
CHARTS_FIT_THEIR_ELEMENTS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
  .every(chart => {
    const drawn = chart.querySelector('canvas, svg.marks');
    return drawn && drawn.getBoundingClientRect().width <= chart.getBoundingClientRect().width + 1;
  })"""


@pytest.mark.parametrize("device", list(WIDTHS))
def test_every_chart_has_height_and_fits_the_window(browser, sample_app, device, tmp_path):
    width = WIDTHS[device]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    visits = [(path, None) for path in TOUR] + [(path, "Last year") for path in YEAR_VIEW]
    try:
        for path, range_label in visits:
            page.goto(f"{sample_app}/{path}")
            page.get_by_role("heading", name=TOUR[path]).first.wait_for(timeout=WAIT_MS)
            settle(page)
            if range_label:
                # The range is chosen in the sidebar at desk width (a phone hides the sidebar),
                # then the same page is narrowed: the charts redraw for the new width.
                page.set_viewport_size({"width": WIDTHS["desk"], "height": 900})
                choose_range(page, range_label)
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_function(CHARTS_FIT_THEIR_ELEMENTS, timeout=WAIT_MS)
            settle(page)
            where = f"/{path}" + (f" ({range_label})" if range_label else "")
            found = problems_on(
                page,
                width,
                where,
                check_tables=path in SUMMARY_PAGES,
                check_tabs=path in TABS_FIT_PAGES,
            )
            if found:
                shot = tmp_path / f"{path or 'home'}-{device}.png"
                page.screenshot(path=str(shot), full_page=True)
                problems += [*found, f"  (screenshot: {shot})"]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


BACKGROUNDS = """() => {
  const colour = sel => { const e = document.querySelector(sel); return e && getComputedStyle(e).backgroundColor; };
  return {page: colour('[data-testid="stApp"]'), sidebar: colour('[data-testid="stSidebar"]')};
}"""


CHOSEN_PILL = """() => {
  const pill = document.querySelector('[data-testid="stButtonGroup"] button[aria-checked="true"]');
  return pill && {fill: getComputedStyle(pill).backgroundColor, text: getComputedStyle(pill).color};
}"""


def rgb(colour: str) -> str:
    """`#rrggbb` as the browser reports a computed colour."""
    return "rgb({}, {}, {})".format(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_system_in_dark_mode_gets_the_dark_theme_with_captions_at_aa(
    browser, sample_app, device, tmp_path
):
    """Issue 23: the theme was forced light; it follows the system's preference now."""
    width, dark = WIDTHS[device], theme.PAGE_THEMES["dark"]
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="dark")
    page = context.new_page()
    problems = []
    try:
        for path in ("", "progress", "quick_log"):
            page.goto(f"{sample_app}/{path}")
            page.get_by_role("heading", name=TOUR[path]).first.wait_for(timeout=WAIT_MS)
            settle(page)
            where = f"/{path} in dark"
            drawn = page.evaluate(BACKGROUNDS)
            found = [
                f"{where}: the {part} is {drawn[part]}, not {rgb(colour)}"
                for part, colour in (("page", dark.background), ("sidebar", dark.sidebar))
                if drawn[part] != rgb(colour)
            ]
            found += problems_on(page, width, where, check_tables=False, colours=dark)
            if path == "quick_log":
                # A chosen pill: the primary fill with white text (4.8:1), in this theme too.
                page.get_by_role("radio", name="Work").first.click()
                wait_for_app(page)
                chosen = page.evaluate(CHOSEN_PILL)
                wanted = {"fill": rgb(dark.primary), "text": rgb(theme.SELECTED_TEXT)}
                if chosen != wanted:
                    found.append(f"{where}: a chosen pill is drawn {chosen}, not {wanted}")
            if found:
                shot = tmp_path / f"{path or 'home'}-{device}-dark.png"
                page.screenshot(path=str(shot), full_page=True)
                problems += [*found, f"  (screenshot: {shot})"]
    finally:
        context.close()
    assert not problems, "\n".join(problems)
