"""My plan for after therapy (analytics/plan.py, analytics/export/plan_pdf.py, `between plan`):
facts on planted journals (6, 1 and 0 setbacks), each with its n and never a cause; the PDF's
headings; the person's own words out unless ticked in."""

from __future__ import annotations

import io
import re
import stat
from datetime import date, timedelta

import pandas as pd
import pypdf
import pytest

from analytics import plan, storage
from analytics.cli import main
from analytics.dates import DateRange
from analytics.entries import InvalidEntry
from analytics.export.plan_pdf import OWN_WORDS_LEFT_OUT, plan_pdf
from analytics.storage import rows
from analytics.words.phrases import YOU

FIRST = date(2026, 1, 1)
LAST = date(2026, 6, 29)  # 180 days
STARTS = [FIRST + timedelta(days=d) for d in (20, 45, 70, 95, 120, 150)]


def _setbacks(starts: list[date], depths: list[float] | None = None) -> pd.DataFrame:
    depths = depths or [2.0 + 0.1 * i for i in range(len(starts))]
    return pd.DataFrame(
        {
            "start": pd.to_datetime(starts),
            "depth": depths,
            "recovery_days": pd.array([5] * len(starts), dtype="Int64"),
        }
    )


def _planted_triggers() -> pd.DataFrame:
    """Work two days before 4 of the 6 setbacks (and nowhere else); Family on the day after
    each setback began (never before one); Money 4 days before each (outside the window)."""
    rows = [(s - timedelta(days=2), "Work") for s in STARTS[:4]]
    rows += [(s + timedelta(days=1), "Family") for s in STARTS]
    rows += [(s - timedelta(days=4), "Money") for s in STARTS]
    return pd.DataFrame(rows, columns=["day", "category"])


def test_a_trigger_category_that_came_before_setbacks_is_named_with_its_n_and_base_rate():
    lines = plan.warning_sign_lines(
        _setbacks(STARTS), _planted_triggers(), pd.Series([], dtype=object), FIRST, LAST
    )
    # Work is logged on 4 days; 3-day stretches holding one: 3 per day, of 178 stretches.
    share = 4 * 3 / 178
    assert lines[0].startswith("6 setbacks in my journal from 1 Jan 2026 to 29 Jun 2026")
    assert (
        f"In the 3 days before 4 of 6 setbacks I logged a Work trigger "
        f"(any 3 days of my journal: {share:.0%})." in lines
    )
    assert not any("Family" in line or "Money" in line for line in lines), "after or too early"
    assert not any("because" in line or "caused" in line for line in lines)
    assert lines[-1] == (
        "At their lowest my setbacks were a median of 2.2 points below my usual level; they "
        "usually eased in about 5 days."
    )


def test_setbacks_with_no_practice_before_them_are_counted():
    # A practice every day except the 3 days before two of the setbacks.
    gaps = pd.Series(
        [FIRST + timedelta(days=d) for d in range(180) if not any(s - 3 <= d < s for s in (20, 45))]
    )
    lines = plan.warning_sign_lines(
        _setbacks(STARTS), _planted_triggers().iloc[:0], gaps, FIRST, LAST
    )
    # Stretches of 3 days holding a day without practice: 5 of 178 per gap (the gap's 3 days).
    assert (
        f"In the 3 days before 2 of 6 setbacks I logged no practice "
        f"(any 3 days of my journal: {10 / 178:.0%})." in lines
    )
    every_day = pd.Series([FIRST + timedelta(days=d) for d in range(180)])
    lines = plan.warning_sign_lines(
        _setbacks(STARTS), _planted_triggers().iloc[:0], every_day, FIRST, LAST
    )
    assert not any("no practice" in line for line in lines)


def test_one_setback_is_said_in_the_singular():
    starts = [FIRST + timedelta(days=30)]
    triggers = pd.DataFrame({"day": [starts[0] - timedelta(days=1)], "category": ["Work"]})
    lines = plan.warning_sign_lines(
        _setbacks(starts, [1.8]), triggers, pd.Series([], dtype=object), FIRST, LAST
    )
    assert lines[0].startswith("1 setback in my journal")
    assert any(
        line.startswith("In the 3 days before 1 of 1 setback I logged a Work trigger")
        for line in lines
    )
    assert lines[-1] == "At its lowest my setback was 1.8 points below my usual level."


@pytest.mark.parametrize("first", [None, FIRST])
def test_no_setback_draws_no_warning_sign(first):
    [line] = plan.warning_sign_lines(
        _setbacks([]), _planted_triggers(), pd.Series([], dtype=object), first, LAST, YOU
    )
    assert line.startswith("No setback is in your journal yet")
    assert "no warning signs to draw from it yet" in line


def test_what_helps_names_kept_practices_claimed_patterns_and_new_skill_triggers():
    looked_at = DateRange(LAST - timedelta(days=89), LAST)
    done = pd.DataFrame(
        {
            "day": [LAST - timedelta(days=d) for d in range(40)] + [LAST, FIRST],
            "practice": ["Breathing"] * 40 + ["Breathing", "Walking"],
        }
    )
    triggers = pd.DataFrame(
        {
            "day": [FIRST, FIRST + timedelta(days=9), LAST],
            "category": ["Work", "Work", "Family"],
            "response_kind": ["new_skill", "old_pattern", "other"],
        }
    )
    lines = plan.what_helps_lines(
        done, triggers, ["On days I practised X, my wellbeing was higher."], looked_at
    )
    assert lines[0] == "Breathing: done on 40 of 90 days to 29 Jun 2026."
    assert not any("Walking" in line for line in lines), "not done in the 90 days"
    assert "On days I practised X, my wellbeing was higher." in lines
    assert (
        "I met 1 of my 2 Work triggers with a new skill (from 1 Jan 2026 to 10 Jan 2026)." in lines
    )
    assert not any("Family" in line for line in lines)


def test_no_claimed_pattern_is_said_so():
    looked_at = DateRange(LAST - timedelta(days=89), LAST)
    lines = plan.what_helps_lines(
        pd.DataFrame(columns=["day", "practice"]), plan._no_triggers(), [], looked_at
    )
    assert lines[0] == "No practice is logged in the 90 days to 29 Jun 2026."
    assert lines[1].startswith("No practice or situation stands out with better days")


# --- the journal and the PDF -------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def test_an_empty_journal_has_an_honest_plan(journal):
    draft = plan.draft_plan(journal, date(2026, 6, 29))
    assert draft.setbacks == 0
    text = pdf_text(plan_pdf(draft, plan.PlanEdits()))
    for heading in ("My plan for after therapy", "Warning signs", "What helps"):
        assert heading in text
    assert "No setback is in my journal yet" in text
    assert "I have not written my own steps yet." in text
    assert "116 123" in text and "988" in text


STEPS = "Phone my sister Ruth before the evening\n- Go back to the breathing practice"


def test_between_plan_writes_the_pdf_with_own_words_only_when_asked(
    sample_journal_path, tmp_path, capsys
):
    con = storage.connect(sample_journal_path)
    storage.set_setting(con, rows.PLAN_STEPS_SETTING, STEPS)
    described = storage.list_entries(con, "triggers", limit=10**6)["what_happened"]
    con.close()
    before = sample_journal_path.read_bytes()
    out = tmp_path / "plan.pdf"

    assert main(["plan", "--db", str(sample_journal_path), "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = pdf_text(out.read_bytes())
    for heading in ("Warning signs", "What helps", "What to do if the signs come back"):
        assert heading in text
    assert re.search(r"In the 3 days before \d+ of \d+ setbacks I logged a \w+", text)
    assert OWN_WORDS_LEFT_OUT in text
    assert "Ruth" not in text
    assert not [t for t in described if len(t) > 15 and t[:40] in text]
    assert "your own words left out" in capsys.readouterr().err

    assert main(["plan", "--db", str(sample_journal_path), "--out", str(out)]) != 0, "exists"
    assert (
        main(
            [
                "plan",
                "--db",
                str(sample_journal_path),
                "--out",
                str(out),
                "--force",
                "--include-private",
            ]
        )
        == 0
    )
    text = pdf_text(out.read_bytes())
    assert "Phone my sister Ruth before the evening" in text
    assert "Go back to the breathing practice" in text
    assert OWN_WORDS_LEFT_OUT not in text
    assert any(t[:40] in text for t in described if len(t) > 15), "what happened before"

    journal_out = ["plan", "--db", str(sample_journal_path), "--out", str(sample_journal_path)]
    assert main([*journal_out, "--force"]) != 0
    assert sample_journal_path.read_bytes() == before


def test_the_plan_settings_hold_long_own_words_and_are_checked(journal):
    plan.save_edits(journal, plan.PlanEdits(steps="x" * 3000, what_helps="Walking\n"))
    assert plan.plan_edits(journal) == plan.PlanEdits("", "Walking", "x" * 3000)
    with pytest.raises(InvalidEntry):
        plan.save_edits(journal, plan.PlanEdits(steps="x" * 5000))
    assert plan.plan_edits(journal).steps == "x" * 3000, "nothing written"
    with pytest.raises(InvalidEntry):
        rows.setting_row({"key": "crisis_region", "value": "x" * 200})


def test_the_plan_and_the_end_of_therapy_round_trip_an_export_and_the_preview_quotes_no_words(
    journal,
):
    from analytics.export.journal_zip import export_journal
    from analytics.export.restoring import plan_restore, read_export, restore
    from tests.test_export_hostile import json_only

    words = '=1+2 call Noor\n- walk, "slowly"\n\tthen rest'
    storage.add_check_in(journal, when=date(2026, 3, 1), wellbeing=5)
    plan.save_edits(journal, plan.PlanEdits("Sleeping late", "Walking", words))
    storage.set_therapy_ended(journal, date(2026, 3, 1))
    data = export_journal(journal)
    for made in (data, json_only(data)):
        other = storage.connect()
        preview = plan_restore(other, read_export(made, target=other))
        details = " ".join(c.detail for c in preview.catalog_changes)
        assert "Noor" not in details and "Sleeping" not in details
        assert "your own words (" in details
        restore(other, made)
        assert plan.plan_edits(other) == plan.PlanEdits("Sleeping late", "Walking", words)
        assert storage.therapy_ended(other) == date(2026, 3, 1)
        other.close()


def test_at_most_five_practices_and_categories_are_named_and_the_rest_counted():
    looked_at = DateRange(LAST - timedelta(days=89), LAST)
    done = pd.DataFrame(
        {
            "day": [LAST - timedelta(days=d) for d in range(7) for _ in range(7)],
            "practice": [f"P{p}" for _ in range(7) for p in range(7)],
        }
    )
    lines = plan.kept_practice_lines(done, looked_at)
    assert len(lines) == 6 and lines[-1] == "2 other practices done in these days too."
    triggers = pd.DataFrame(
        {
            "day": [FIRST] * 6,
            "category": [f"C{c}" for c in range(6)],
            "response_kind": ["new_skill"] * 6,
        }
    )
    lines = plan.new_skill_lines(triggers)
    assert lines[-1] == "1 other trigger category also met with a new skill at least once."
    assert len(lines) == 6


def test_a_category_no_more_common_before_setbacks_than_any_days_is_no_warning_sign():
    """Work on every other day comes before every setback, but it is in every 3 days of the
    journal too: not a sign. Memories, rare, before 2 of 6 setbacks: a sign."""
    every_other = [(FIRST + timedelta(days=d), "Work") for d in range(0, 180, 2)]
    memories = [(s - timedelta(days=1), "Memories") for s in STARTS[:2]]
    triggers = pd.DataFrame(every_other + memories, columns=["day", "category"])
    lines = plan.warning_sign_lines(
        _setbacks(STARTS), triggers, pd.Series([], dtype=object), FIRST, LAST
    )
    assert any("2 of 6 setbacks I logged a Memories trigger" in line for line in lines)
    assert not any("Work trigger" in line for line in lines)
    assert (
        "1 other trigger category was logged before setbacks, but no more often than in any 3 "
        "days of my journal." in lines
    )
    assert lines[0].endswith("(the latest 3 began on 6 Apr 2026, 1 May 2026 and 31 May 2026).")


def test_a_draft_is_kept_until_the_journal_changes(journal):
    from analytics import clock, safety

    today = clock.today()
    first = plan.draft_plan(journal, today)
    assert plan.draft_plan(journal, today) is first
    storage.set_setting(journal, safety.CRISIS_REGION_SETTING, "uk-ie")
    again = plan.draft_plan(journal, today)
    assert again is not first and again.crisis_lines != first.crisis_lines
