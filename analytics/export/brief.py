"""The PDF session brief: a few calm pages a person can hand their therapist.

`render_brief(content, choices)` lays out a `BriefContent` with fpdf2. Charts are embedded as
vector graphics (vl-convert's SVG, drawn by fpdf2's SVG renderer), so they stay sharp when
printed. Private free text (notes, reflections, the agenda drawn from them) is carried in the
content apart from everything else and is written only when the person ticks it in.

The fonts are DejaVu Sans, shipped in `analytics/fonts/` (Bitstream Vera licence), so the brief
looks the same on every machine and can show any language a person writes in; text is shaped
with HarfBuzz (uharfbuzz), so right-to-left scripts read in their own direction.

With a password the whole file is encrypted with AES-256 (fpdf2's `set_encryption`, which uses
`cryptography`), for a brief sent by e-mail: without the password a reader shows nothing, and
the person tells their therapist the password another way.
"""

from __future__ import annotations

import io
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import altair as alt
from fpdf import FPDF
from fpdf.enums import EncryptionMethod, XPos, YPos
from fpdf.fonts import FontFace

from analytics import clock
from analytics.dates import DateRange
from analytics.export.charts import chart_svg
from analytics.text import closed_bidi
from analytics.words import brief_pdf as brief_words

FONT_DIR = Path(__file__).parent.parent / "fonts"
INK = (43, 49, 55)
MUTED = (91, 99, 107)
ACCENT = (59, 122, 140)
RULE = (214, 220, 222)
PAGE_WIDTH_MM = 210
MARGIN_MM = 16


@dataclass(frozen=True)
class BriefChart:
    """A chart of the brief; `chart` may be a function that builds it, called only when the PDF
    is made (a page showing the brief's preview on every rerun never pays for it)."""

    title: str
    chart: alt.TopLevelMixin | Callable[[], alt.TopLevelMixin]

    def built(self) -> alt.TopLevelMixin:
        return self.chart() if callable(self.chart) else self.chart


@dataclass(frozen=True)
class BriefSection:
    """One part of the brief. `private` lines are quoted from the person's own notes and reflections."""

    heading: str
    lines: tuple[str, ...] = ()
    private: tuple[str, ...] = ()
    chart: BriefChart | None = None
    safety: tuple[str, ...] = ()
    """Safety-relevant answers (PHQ-9 item 9): in unless the person takes them out, and then
    the brief says so (`SAFETY_TAKEN_OUT`)."""
    table: tuple[tuple[str, ...], ...] = ()
    """A heading row, then rows (the goals session by session), printed after the lines."""
    table_note: str = ""
    """Said under the table: how its cells were chosen."""


@dataclass(frozen=True)
class FirstPage:
    """The box page 1 opens with, for a clinician reading in two minutes, and the session-by-
    session table under it (`analytics.export.first_page` builds it from a review)."""

    scores: tuple[str, ...]
    """The latest PHQ-9, GAD-7 and WHO-5, each with its band and date."""
    change: tuple[str, ...]
    """Change since the course of therapy began, the paired outcome first."""
    safety: tuple[str, ...]
    """PHQ-9 item 9 over the period: in unless the person takes it out (`SAFETY_TAKEN_OUT`)."""
    ongoing_setback: str | None
    """The slot for "an ongoing setback" (one sentence, None: none to say)."""
    sessions: str
    practices: str
    goals: tuple[str, ...] = ()
    """One line per goal (named "Goal 1"..., never in the person's words): where it stands and
    its change since the first rating; empty when there are no goals."""
    table_heading: str = ""
    table: tuple[tuple[str, ...], ...] = ()
    """A heading row, then one row per session; the column named `ITEM_9_COLUMN` is safety-
    relevant and printed only with item 9."""
    table_note: str = ""
    table_note_item_9: str = ""
    """Said under the table when its item 9 column is in."""


ITEM_9_COLUMN = "Item 9, highest"


@dataclass(frozen=True)
class BriefContent:
    period: DateRange
    summary: str
    figures: tuple[tuple[str, str], ...] = ()
    sections: tuple[BriefSection, ...] = ()
    agenda: tuple[str, ...] = ()
    compared_with: DateRange | None = None
    name: str = ""
    patterns: tuple[str, ...] = ()
    """Claimed patterns (analytics.patterns), one sentence each: in only when ticked in."""
    patterns_heading: str = "Patterns"
    patterns_note: str = ""
    """Said under the patterns, when they are in (what they are, and are not)."""
    first_page: FirstPage | None = None
    """The box page 1 opens with, and the session-by-session table."""


@dataclass(frozen=True)
class BriefChoices:
    """What the person chose to put in. Everything private is out unless ticked in."""

    include_private_text: bool = False
    include_agenda: bool = False
    include_charts: bool = True
    include_item_9: bool = True
    """PHQ-9 item 9 is safety-relevant, so it is in unless the person takes it out."""
    include_patterns: bool = False


SAFETY_TAKEN_OUT = "My answer to PHQ-9 item 9 was taken out of this brief by me."


@dataclass(frozen=True)
class BriefPreview:
    """What the PDF will hold, listed before it is made."""

    sections: tuple[str, ...]
    charts: tuple[str, ...]
    private_lines: int
    agenda_items: int
    left_out: tuple[str, ...] = field(default_factory=tuple)
    patterns: int = 0


def preview_lines(preview: BriefPreview) -> tuple[tuple[str, ...], str | None]:
    """What the page says the brief will hold: lines, and a "Left out: ..." line (or None)."""
    return brief_words.preview_lines(
        preview.sections,
        preview.charts,
        preview.private_lines,
        preview.agenda_items,
        preview.patterns,
        preview.left_out,
    )


def agenda_choice_label(items: int) -> str:
    """The label of the "include the agenda" tick box."""
    return brief_words.agenda_choice_label(items)


def patterns_choice_label(patterns: int) -> str:
    """The label of the "include the patterns" tick box."""
    return brief_words.patterns_choice_label(patterns)


def brief_file_name(period: DateRange) -> str:
    return f"between-sessions-brief-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.pdf"


def preview_brief(content: BriefContent, choices: BriefChoices) -> BriefPreview:
    private = sum(len(s.private) for s in content.sections)
    safety = sum(len(s.safety) for s in content.sections)
    safety += len(content.first_page.safety) if content.first_page else 0
    left_out = brief_words.left_out(
        private=0 if choices.include_private_text else private,
        item_9=bool(safety) and not choices.include_item_9,
        agenda=0 if choices.include_agenda else len(content.agenda),
        charts=not choices.include_charts,
        patterns=0 if choices.include_patterns else len(content.patterns),
    )
    charts = (
        tuple(s.chart.title for s in content.sections if s.chart) if choices.include_charts else ()
    )
    return BriefPreview(
        sections=tuple(s.heading for s in content.sections),
        charts=charts,
        private_lines=private if choices.include_private_text else 0,
        agenda_items=len(content.agenda) if choices.include_agenda else 0,
        left_out=left_out,
        patterns=len(content.patterns) if choices.include_patterns else 0,
    )


class _BriefPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4", unit="mm")
        self.footer_text = footer_text
        self.end_y = 0.0
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM + 4)
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        # HarfBuzz shaping: Hebrew and Arabic come out right to left, with Arabic letters joined.
        # It costs most of the time of laying out text, so it is on only for text that needs it.
        self._shaping = False
        self.set_creator("Between Sessions")
        self.set_title("Session brief")

    def _shape_for(self, text: str) -> None:
        wanted = needs_shaping(text)
        if wanted != self._shaping:
            self.set_text_shaping(wanted)
            self._shaping = wanted

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        self._shape_for(text)
        return super().multi_cell(w, h, text, *args, **kwargs)

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        self._shape_for(text)
        return super().cell(w, h, text, *args, **kwargs)

    def footer(self) -> None:
        self.set_y(-MARGIN_MM)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.footer_text}  ·  page {self.page_no()} of {{nb}}", align="C")


LONELY_MM = 30
"""A last page whose content ends this close to its top holds a line or two: the brief is
laid out again a little tighter so that it does not."""


def render_brief(
    content: BriefContent,
    choices: BriefChoices = BriefChoices(),
    *,
    made_on: date | None = None,
    password: str | None = None,
) -> bytes:
    """The brief as PDF bytes; with a `password`, encrypted with AES-256 so it opens only with it.

    An empty password is refused (ValueError): "no password" is None, never a blank one. No page
    holds a lonely line or two: blocks are kept together, and a brief whose last page would hold
    only a little is set again a little tighter.
    """
    if password is not None and not password:
        raise ValueError("a brief's password cannot be empty")
    made_on = made_on or clock.today()
    # Each chart is drawn once, whichever of the tighter layouts below is kept.
    charts = (
        [
            printable_svg(chart_svg(section.chart.built(), height=CHART_HEIGHT))
            for section in sorted(content.sections, key=_chart_place)
            if section.chart is not None
        ]
        if choices.include_charts
        else []
    )
    for k in (1.0, 0.9, 0.82):
        pdf = _render(content, choices, made_on, k, charts)
        if pdf.page == 1 or pdf.end_y > pdf.t_margin + LONELY_MM:
            break
    if password is not None:
        # The owner password (which lifts every restriction) is random and thrown away: the
        # person's password opens the brief with every permission, and nobody needs more.
        pdf.set_encryption(
            owner_password=secrets.token_urlsafe(32),
            user_password=password,
            encryption_method=EncryptionMethod.AES_256,
            encrypt_metadata=True,
        )
    return bytes(pdf.output())


def _render(
    content: BriefContent, choices: BriefChoices, made_on: date, k: float, charts: list[str]
) -> _BriefPDF:
    """Lay out the brief with body text scaled by `k`, and the charts (SVG) after the words."""
    pdf = _BriefPDF(brief_words.footer(made_on))
    pdf.alias_nb_pages()
    pdf.add_page()
    width = PAGE_WIDTH_MM - 2 * MARGIN_MM

    pdf.set_font("DejaVu", "B", 18)
    pdf.set_text_color(*INK)
    title = "Session brief" + (f" · {content.name}" if content.name else "")
    pdf.cell(0, 10, _safe(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 11)
    pdf.set_text_color(*MUTED)
    period = brief_words.period_line(content.period, content.compared_with)
    pdf.multi_cell(width, 6, period, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    if content.first_page is not None:
        _first_page(pdf, content.first_page, choices, width)

    pdf.set_font("DejaVu", "", 12 * k)
    pdf.set_text_color(*INK)
    # Kept whole: after page 1's box and table, a summary split by a page break reads badly.
    _keep_together(pdf, _measured_height(pdf, width, 6.5 * k, _safe(content.summary)), 6.5 * k)
    pdf.multi_cell(
        width, 6.5 * k, _safe(content.summary), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(2)
    if content.figures:
        _figures(pdf, content.figures, width)

    # Page 1 holds what a clinician reads first: the period, the comparison, the figures and,
    # when ticked in, the agenda the person brings; the sections follow.
    if choices.include_agenda and content.agenda:
        _heading(pdf, "What I want to bring to the session", width)
        pdf.set_font("DejaVu", "", 11)
        for item in content.agenda:
            pdf.multi_cell(
                width, 6, _safe(f"☐  {item}"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
            pdf.ln(1)

    # The words of every section first, so page 1 carries as much of them as fits; then the
    # charts, each titled with its finding and dates. Each block is kept on one page.
    for section in content.sections:
        _section(pdf, section, choices, width, k)
    if choices.include_patterns and content.patterns:
        lines = (
            (*content.patterns, content.patterns_note)
            if content.patterns_note
            else content.patterns
        )
        _section(pdf, BriefSection(content.patterns_heading, lines), choices, width, k)
    for i, svg in enumerate(charts):  # one image each: _chart starts a page when it does not fit
        _chart(pdf, svg, width * min(1.0, k + 0.1), heading=CHARTS_HEADING if i == 0 else None)

    pdf.end_y = pdf.get_y()
    return pdf


TABLE_COLUMNS = (19, 21, 15, 13, 17, 15)
"""Relative widths of the session table's columns (session, PHQ-9, GAD-7, WHO-5, item 9,
wellbeing): a band name such as "moderately severe" fits on one line."""
BOX_PADDING_MM = 3.0
BOX_TEXT_PT = 9.5


def _box_lines(page: FirstPage, choices: BriefChoices) -> list[tuple[str, str]]:
    """The box's lines in order, each with its style ("B" for a label, "" for text)."""
    lines: list[tuple[str, str]] = [("B", "Latest questionnaires")]
    lines += [("", line) for line in page.scores]
    lines += [("B", "Change since the course of therapy began")]
    lines += [("", line) for line in page.change]
    lines += [("B", "PHQ-9 item 9 in the period")]
    lines += [
        ("", line) for line in (page.safety if choices.include_item_9 else (SAFETY_TAKEN_OUT,))
    ]
    if page.ongoing_setback:
        lines += [("B", "Wellbeing now"), ("", page.ongoing_setback)]
    lines += [("B", "Sessions and practice"), ("", page.sessions), ("", page.practices)]
    if page.goals:
        lines += [("B", "My goals (0-10: how close I am)")] + [("", line) for line in page.goals]
    return lines


def _first_page(pdf: FPDF, page: FirstPage, choices: BriefChoices, width: float) -> None:
    """A ruled box of the facts a clinician reads first, then the session-by-session table."""
    inner = width - 2 * BOX_PADDING_MM
    top = pdf.get_y()
    pdf.set_y(top + BOX_PADDING_MM)
    pdf.set_text_color(*INK)
    for style, text in _box_lines(page, choices):
        pdf.set_font("DejaVu", style, BOX_TEXT_PT)
        if style:
            pdf.ln(0.8)
        pdf.set_x(pdf.l_margin + BOX_PADDING_MM)
        pdf.multi_cell(inner, 4.6, _safe(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    bottom = pdf.get_y() + BOX_PADDING_MM
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.4)
    pdf.rect(pdf.l_margin, top, width, bottom - top)
    pdf.set_line_width(0.2)
    pdf.set_y(bottom + 3)
    if not page.table_heading:
        return
    pdf.set_font("DejaVu", "B", 10.5)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(
        width, 6, _safe(page.table_heading), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_text_color(*INK)
    rows = page.table
    if rows and not choices.include_item_9 and ITEM_9_COLUMN in rows[0]:
        drop = rows[0].index(ITEM_9_COLUMN)
        rows = tuple(row[:drop] + row[drop + 1 :] for row in rows)
    if len(rows) > 1:
        _ruled_table(pdf, rows, width, TABLE_COLUMNS[: len(rows[0])])
    note = page.table_note
    if choices.include_item_9 and page.table_note_item_9:
        note = f"{note} {page.table_note_item_9}".strip()
    _table_note(pdf, note, width)
    pdf.ln(2)


FIGURE_ROW_MM = 22
"""What a row of figures takes (label, value of up to two lines): kept on one page."""


def _figures(pdf: FPDF, figures: tuple[tuple[str, str], ...], width: float) -> None:
    per_row = 4
    cell = width / per_row
    for start in range(0, len(figures), per_row):
        if pdf.get_y() + FIGURE_ROW_MM > pdf.h - pdf.b_margin:
            pdf.add_page()  # each cell of a row placed by hand: a break inside one scatters it
        row = figures[start : start + per_row]
        y = pdf.get_y()
        bottom = y
        for i, (label, value) in enumerate(row):
            x = pdf.l_margin + i * cell
            pdf.set_xy(x, y)
            pdf.set_font("DejaVu", "", 8.5)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(cell - 3, 4.5, _safe(label.upper()), align="L")
            pdf.set_xy(x, y + 9.5)
            pdf.set_font("DejaVu", "B", 13)
            pdf.set_text_color(*INK)
            # Left-aligned (a justified "16 of 24" spreads over the cell), and the row is as
            # tall as its tallest value, so a value of two lines never runs into what follows.
            pdf.multi_cell(cell - 3, 6, _safe(value), align="L")
            bottom = max(bottom, pdf.get_y())
        pdf.set_xy(pdf.l_margin, max(y + 18, bottom + 2))
    pdf.ln(1)


def _keep_together(pdf: FPDF, height: float, line: float) -> None:
    """Start a block of `height` mm (lines of `line` mm) on a fresh page when it would cross the
    foot of this one and either it is short enough to keep whole (`KEEP_WHOLE_MM`), or
    splitting it would leave its heading and less than two lines at the foot, or less than two
    lines at the top of the next page. A longer block is split, so page 1 carries as much as fits.

    The height is measured (fpdf2's dry runs), not found by drawing the block on a copy of the
    document: that copy cost most of a brief's time, growing with every page already laid.
    """
    bottom = pdf.h - pdf.b_margin
    room = bottom - pdf.get_y()
    if height <= room or pdf.get_y() <= pdf.t_margin + 1:
        return
    fits_a_page = height <= bottom - pdf.t_margin
    lonely_at_foot = room < HEADING_MM + 2 * line
    lonely_at_top = height - room < 2 * line
    if lonely_at_foot or (fits_a_page and (height <= KEEP_WHOLE_MM or lonely_at_top)):
        pdf.add_page()


def _measured_height(pdf: FPDF, width: float, line: float, text: str) -> float:
    """The height in mm of `text` set left-aligned in `width` with lines of `line` mm, as the
    current font sets it, measured by a dry run that draws nothing."""
    height = pdf.multi_cell(width, line, text, align="L", dry_run=True, output="HEIGHT")
    # fpdf2 types the result as any `output`'s; "HEIGHT" alone gives the number.
    assert isinstance(height, int | float)
    return height


KEEP_WHOLE_MM = 60
"""A section up to this tall is never split across pages (about a third of a page)."""


HEADING_MM = 12.5
"""What `_heading` takes: the space above, the rule and its space, and the line of the heading."""


def _heading(pdf: FPDF, text: str, width: float) -> None:
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
    pdf.ln(2.5)
    pdf.set_font("DejaVu", "B", 13)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 7, _safe(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)


def _section_lines(section: BriefSection, choices: BriefChoices) -> list[tuple[tuple, str]]:
    """A section's lines as they are printed, each with its colour."""
    lines = [(INK, line) for line in section.lines]
    if section.safety:
        shown = section.safety if choices.include_item_9 else (SAFETY_TAKEN_OUT,)
        lines += [(INK, line) for line in shown]
    if choices.include_private_text and section.private:
        lines += [(MUTED, f"“{line}”") for line in section.private]
    return lines


def _section(
    pdf: FPDF, section: BriefSection, choices: BriefChoices, width: float, k: float = 1.0
) -> None:
    lines = _section_lines(section, choices)
    pdf.set_font("DejaVu", "", 10.5 * k)
    # Measured only until it is taller than a page: such a section breaks wherever it falls.
    page = pdf.h - pdf.b_margin - pdf.t_margin
    height = HEADING_MM
    for _, text in lines:
        if height > page:
            break
        height += _measured_height(pdf, width, 5.5 * k, _safe(text))
    _keep_together(pdf, height, 5.5 * k)
    _heading(pdf, section.heading, width)
    pdf.set_font("DejaVu", "", 10.5 * k)
    for colour, text in lines:
        pdf.set_text_color(*colour)
        pdf.multi_cell(width, 5.5 * k, _safe(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    if len(section.table) > 1:
        _section_table(pdf, section, width)


def _section_table(pdf: FPDF, section: BriefSection, width: float) -> None:
    """A section's table (the goals session by session), ruled like page 1's, and its note."""
    pdf.ln(1.5)
    _ruled_table(pdf, section.table, width)
    _table_note(pdf, section.table_note, width)


def _ruled_table(
    pdf: FPDF, rows: Sequence[Sequence[str]], width: float, columns: Sequence[float] | None = None
) -> None:
    """A table ruled between rows, its first row the headings (page 1's and a section's)."""
    pdf.set_font("DejaVu", "", 9)
    with pdf.table(
        width=width,
        line_height=5,
        text_align="LEFT",
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", color=MUTED),
        first_row_as_headings=True,
        **({"col_widths": tuple(columns)} if columns else {}),
    ) as table:
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(_safe(value))


def _table_note(pdf: FPDF, note: str | None, width: float) -> None:
    """The small muted note under a table, when there is one."""
    if note:
        pdf.ln(1)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(width, 4.2, _safe(note), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*INK)


CHART_HEIGHT = 240
"""Pixels high of a brief's chart that takes its height from the page (720 wide): lower than
an exported file's, so the charts of a fortnight share pages instead of each taking one."""
CHARTS_HEADING = "Charts"
"""The charts' own heading (issue 23: they followed "From my reflections" as if part of it)."""
CHART_ORDER = ("Wellbeing", "Triggers", "Practice", "Questionnaires")
"""The charts in the order of the sections they belong to; the questionnaires' panels, the
tallest, last, so the smaller charts share a page."""


def _chart_place(section: BriefSection) -> int:
    return (
        CHART_ORDER.index(section.heading) if section.heading in CHART_ORDER else len(CHART_ORDER)
    )


def _chart(pdf: FPDF, svg: str, width: float, heading: str | None = None) -> None:
    match = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    aspect = float(match.group(2)) / float(match.group(1)) if match else 0.45
    height = width * aspect
    # A tall chart is made narrower rather than run past the footer.
    room = pdf.h - pdf.t_margin - pdf.b_margin - 4 - (HEADING_MM if heading else 0)
    if height > room:
        height, width = room, room / aspect
    # A heading stays with the chart under it.
    if pdf.get_y() + height + (HEADING_MM if heading else 0) > pdf.h - pdf.b_margin:
        pdf.add_page()
    if heading:
        _heading(pdf, heading, pdf.w - pdf.l_margin - pdf.r_margin)
    pdf.ln(1)
    pdf.image(io.BytesIO(svg.encode("utf-8")), x=pdf.l_margin, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 2)


def printable_svg(svg: str) -> str:
    """vl-convert's SVG made digestible for fpdf2's renderer.

    fpdf2 rejects two things vl-convert writes: hidden `<path d="">` placeholders (it demands
    every path start with a move) and `<line>` elements that leave x1/y1/x2/y2 at their SVG
    default of 0. Both are fixed here without changing what is drawn. Font sizes lose their
    "px", so text keeps its size against the chart (see below). Text is set in the
    brief's own DejaVu font: fpdf2 maps the chart's "Helvetica, Arial, sans-serif" to a core
    PDF font that knows only Latin-1, so a Hebrew category name or a label Vega shortened
    with "…" would stop the whole brief.
    """
    svg = re.sub(r"<path\b[^>]*\sd=\"\"[^>]*/>", "", svg)
    svg = re.sub(r'\bfont-family="[^"]*"', 'font-family="DejaVu"', svg)
    # Text as large, against the chart, as on screen: fpdf2 draws a user unit (an SVG px) as
    # 1 pt but a font size in px at 0.75 pt, so "11px" printed a quarter smaller than the
    # marks around it. A plain number is in user units, like every coordinate.
    svg = re.sub(r'\bfont-size="([\d.]+)px"', r'font-size="\1"', svg)

    def with_line_defaults(match: re.Match[str]) -> str:
        tag = match.group(0)
        for attribute in ("x1", "y1", "x2", "y2"):
            if not re.search(rf"\s{attribute}=", tag):
                tag = tag.replace("<line", f'<line {attribute}="0"', 1)
        return tag

    return re.sub(r"<line\b[^>]*>", with_line_defaults, svg)


def needs_shaping(text: str) -> bool:
    """True when `text` holds letters that are laid out only with shaping: Hebrew, Arabic and
    the other scripts from U+0590 on (right to left, joined or reordered). Latin, Greek and
    Cyrillic, and punctuation and symbols (U+2000-U+2BFF: quotes, dashes, the agenda's box),
    come out the same without it."""
    return any(ord(c) >= 0x0590 and not 0x2000 <= ord(c) <= 0x2BFF for c in text)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _safe(text: str) -> str:
    """`text` as the PDF prints it: control characters dropped, and every bidi control closed
    within this piece (`closed_bidi`), so an open one cannot reorder what is printed after it."""
    return closed_bidi(_CONTROL.sub("", text))
