"""Typed text made safe to show: bidi controls closed within each piece (issue 23, item 15)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.text import POP_EMBEDDING, POP_ISOLATE, closed_bidi, plain, shorten

RLO, LRE, RLI, FSI = "\u202e", "\u202a", "\u2067", "\u2068"
OPENERS = {"\u202a": POP_EMBEDDING, "\u202b": POP_EMBEDDING, "\u202d": POP_EMBEDDING}
OPENERS |= {RLO: POP_EMBEDDING, "\u2066": POP_ISOLATE, RLI: POP_ISOLATE, FSI: POP_ISOLATE}
CONTROLS = "".join(OPENERS) + POP_EMBEDDING + POP_ISOLATE


def open_at_end(text: str) -> list[str]:
    """The closers still owed at the end of `text`, by UAX #9's matching (a closer with nothing
    to close in its isolate, or across a paragraph end, counts as unmatched: returned too)."""
    owed: list[str] = []
    for c in text:
        if c in OPENERS:
            owed.append(OPENERS[c])
        elif c == POP_EMBEDDING:
            if not owed or owed[-1] != POP_EMBEDDING:
                return ["stray PDF"]
            owed.pop()
        elif c == POP_ISOLATE:
            if not owed or owed[-1] != POP_ISOLATE:
                return ["stray or crossing PDI"]
            owed.pop()
        elif c == "\n" and owed:
            return ["open across a paragraph"]
    return owed


@st.composite
def nested(draw, depth: int = 0) -> str:
    """Text with well-nested controls, as right-to-left writing is typed."""
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        if depth < 3 and draw(st.booleans()):
            opener = draw(st.sampled_from(sorted(OPENERS)))
            parts.append(opener + draw(nested(depth + 1)) + OPENERS[opener])
        else:
            parts.append(draw(st.text(alphabet="ab שלוםمر.", max_size=4)))
    return "".join(parts)


@given(st.text(alphabet=CONTROLS + "ab שם\n", max_size=40))
def test_closed_text_never_leaves_a_control_open_or_a_closer_stray(text):
    closed = closed_bidi(text)
    assert open_at_end(closed) == []
    # Only bidi controls are added or taken away, and the text's order is kept.
    assert [c for c in closed if c not in CONTROLS] == [c for c in text if c not in CONTROLS]


@given(nested())
def test_paired_controls_come_out_as_typed(text):
    assert closed_bidi(text) == text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (f"{RLO}Work", f"{RLO}Work{POP_EMBEDDING}"),
        (f"{RLI}{LRE}Work", f"{RLI}{LRE}Work{POP_EMBEDDING}{POP_ISOLATE}"),
        (f"{FSI}a{LRE}b{POP_ISOLATE}c", f"{FSI}a{LRE}b{POP_EMBEDDING}{POP_ISOLATE}c"),
        (f"Work{POP_EMBEDDING}{POP_ISOLATE}", "Work"),
        (f"{RLI}a{POP_EMBEDDING}b{POP_ISOLATE}", f"{RLI}ab{POP_ISOLATE}"),
        (f"{RLO}line one\nline two", f"{RLO}line one{POP_EMBEDDING}\nline two"),
        (f"{RLO}evil{POP_EMBEDDING}", f"{RLO}evil{POP_EMBEDDING}"),
        ("Plain words", "Plain words"),
    ],
)
def test_an_open_control_is_closed_and_a_stray_closer_dropped(typed, shown):
    assert closed_bidi(typed) == shown


def test_plain_and_shorten_close_the_piece_they_show():
    assert plain(f"{RLO}Work") == f"{RLO}Work{POP_EMBEDDING}"
    assert shorten(f"{RLO}" + "w" * 200, 20).endswith("…" + POP_EMBEDDING)


def test_a_trigger_chart_closes_each_category_name_it_draws():
    import pandas as pd

    from analytics.charts.triggers import frequency_chart

    day = pd.Timestamp("2026-06-01")
    frame = pd.DataFrame(
        {
            "period": [day, day],
            "period_end": [day + pd.Timedelta(days=7)] * 2,
            "category": [f"{RLO}Work", "Family"],
            "triggers": [3, 2],
        }
    )
    chart = frequency_chart(frame, categories=[f"{RLO}Work", "Family"])
    assert list(chart.data["category"]) == [f"{RLO}Work{POP_EMBEDDING}", "Family"]
    assert chart.to_dict()["encoding"]["color"]["scale"]["domain"][0] == f"{RLO}Work{POP_EMBEDDING}"
    assert chart.title.text.startswith(f"{RLO}Work{POP_EMBEDDING} triggers came most often")
