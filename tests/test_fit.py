"""The chart titles' ruler (analytics.charts.fit) measures as fpdf2 measures: it reads the
same font's widths with fontTools, so the pages need not load fpdf2 to fit a title."""

from __future__ import annotations

import functools

from fpdf import FPDF
from hypothesis import given
from hypothesis import strategies as st

from analytics import theme
from analytics.charts import fit


@functools.cache
def fpdf_ruler() -> FPDF:
    pdf = FPDF(unit="pt")
    for style, bold in (("", False), ("B", True)):
        pdf.add_font("ruler", style, str(theme.FONTS / fit.FONT_FILES[bold]))
    return pdf


def fpdf_width(text: str, size: float, bold: bool) -> float:
    pdf = fpdf_ruler()
    pdf.set_font("ruler", "B" if bold else "", size)
    return pdf.get_string_width(text)


TITLES = [
    "",
    "Triggers came most often on Monday mornings",
    "Wellbeing rose by 1.2 points (31 check-in days)",
    "שלום (עולם) «ציטוט»",  # right to left, with brackets fpdf2 mirrors
    "مرحبا [بالعالم] ١٢٣",
    "Notes on \u2068ملاحظة\u2069 and \u2068Work\u2069",  # closed bidi isolates
    "🌱 emoji, ﬁ ligature, İstanbul, ß, \u200f, \ufffd",  # glyphs the font lacks among them
]


def test_the_ruler_agrees_with_fpdf2_on_titles_in_every_script():
    for text in TITLES:
        for bold in (False, True):
            for size in (11, 13, 16, 12.5):
                assert fit.text_width(text, size, bold) == fpdf_width(text, size, bold), text


@given(st.text(max_size=80), st.booleans(), st.sampled_from([11, 13, 16, 12.5]))
def test_the_ruler_agrees_with_fpdf2_on_any_text(text, bold, size):
    assert fit.text_width(text, size, bold) == fpdf_width(text, size, bold)
