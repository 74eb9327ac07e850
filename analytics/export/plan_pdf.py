"""My plan for after therapy as a PDF: the draft from the journal, and the person's own words
only when ticked in (as in the session brief: `BriefChoices.include_private_text`).

Laid out with the brief's page (fonts, shaping, footer, headings, sections), so the plan reads
like the brief beside it. Headings: "Warning signs", "What helps", "What to do if the signs
come back".
"""

from __future__ import annotations

from datetime import date

from fpdf.enums import XPos, YPos

from analytics import clock
from analytics.export.brief import (
    INK,
    MARGIN_MM,
    MUTED,
    PAGE_WIDTH_MM,
    BriefChoices,
    BriefSection,
    _BriefPDF,
    _safe,
    _section,
)
from analytics.plan import (
    IF_SIGNS_COME_BACK,
    PLAN_TITLE,
    WARNING_SIGNS,
    WHAT_HELPS,
    PlanDraft,
    PlanEdits,
    own_lines,
)
from analytics.words import brief_pdf as brief_words
from analytics.words import plan as plan_words

OWN_WORDS_LEFT_OUT = "My own words in this plan are left out of this copy."
NO_STEPS_YET = "I have not written my own steps yet."


def plan_sections(draft: PlanDraft, edits: PlanEdits) -> tuple[BriefSection, ...]:
    """The plan's three parts: the draft's facts as lines, the person's own words as private
    lines (printed only when ticked in)."""
    steps = own_lines(edits.steps)
    return (
        BriefSection(
            WARNING_SIGNS,
            draft.warning_signs,
            (*own_lines(edits.warning_signs), *draft.situations),
        ),
        BriefSection(WHAT_HELPS, draft.what_helps, own_lines(edits.what_helps)),
        BriefSection(
            IF_SIGNS_COME_BACK,
            (() if steps else (NO_STEPS_YET,))
            + ("If I need to talk to someone now:",)
            + draft.crisis_lines,
            steps,
        ),
    )


def plan_pdf(
    draft: PlanDraft,
    edits: PlanEdits,
    include_private_text: bool = False,
    made_on: date | None = None,
) -> bytes:
    """The plan as PDF bytes. The person's own words (their lines and steps, what they wrote
    about the triggers before a setback) are printed only with `include_private_text`."""
    made_on = made_on or clock.today()
    pdf = _BriefPDF(brief_words.footer(made_on))
    pdf.set_title(PLAN_TITLE)
    pdf.alias_nb_pages()
    pdf.add_page()
    width = PAGE_WIDTH_MM - 2 * MARGIN_MM
    pdf.set_font("DejaVu", "B", 18)
    pdf.set_text_color(*INK)
    pdf.cell(0, 10, _safe(PLAN_TITLE), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(*MUTED)
    sections = plan_sections(draft, edits)
    has_own = any(section.private for section in sections)
    intro = plan_words.drafted_from(draft.made_on)
    if has_own and not include_private_text:
        intro += f" {OWN_WORDS_LEFT_OUT}"
    pdf.multi_cell(width, 5, _safe(intro), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    choices = BriefChoices(include_private_text=include_private_text)
    for section in sections:
        _section(pdf, section, choices, width)
    return bytes(pdf.output())
