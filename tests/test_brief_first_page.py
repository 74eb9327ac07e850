"""Page 1 of the brief, for a clinician (analytics.export.first_page): the box, the
session-by-session table, item 9 in full, and questionnaire charts that print legibly, on a
constructed client who is getting worse (tests.measure_data.deteriorating_client)."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdf
import pytest

from analytics import clock, review, storage
from analytics.charts import measures as measure_charts
from analytics.charts.review import questionnaire_chart
from analytics.export.brief import SAFETY_TAKEN_OUT, BriefChoices, render_brief
from analytics.export.first_page import first_page
from analytics.export.session_brief import brief_content, session_brief_pdf
from tests.measure_data import deteriorating_client

MIN_PRINTED_PT = 7.0


@pytest.fixture(scope="module")
def client():
    con = storage.connect()
    today = clock.today()
    deteriorating_client(con, today)
    r = review.session_review(con, review.choose_period(storage.session_days(con), today), today)
    yield today, r
    con.close()


def page_texts(pdf: bytes) -> list[str]:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return [" ".join(page.extract_text().split()) for page in pages]


def printed_sizes(pdf: bytes) -> list[tuple[float, str]]:
    """Every run of text with its printed size in pt: the font size through the text matrix
    and the current transformation (charts are scaled SVG)."""
    found = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:

        def visit(text, cm, tm, font, size):
            if text.strip():
                a = tm[0] * cm[0] + tm[1] * cm[2]
                b = tm[0] * cm[1] + tm[1] * cm[3]
                c = tm[2] * cm[0] + tm[3] * cm[2]
                d = tm[2] * cm[1] + tm[3] * cm[3]
                found.append((size * abs(a * d - b * c) ** 0.5, text.strip()))

        page.extract_text(visitor_text=visit)
    return found


def test_page_1_opens_with_the_box_a_clinician_reads_first(client):
    today, r = client
    [first, *_] = page_texts(session_brief_pdf(r, BriefChoices(), made_on=today))
    latest = today - timedelta(days=4)
    for line in (
        f"PHQ-9: 19 of 27, moderately severe ({latest:%-d %b %Y})",
        f"GAD-7: 14 of 21, moderate ({latest:%-d %b %Y})",
        f"WHO-5: 24 of 100, very low ({latest:%-d %b %Y})",
        "PHQ-9 and GAD-7 together: reliable deterioration since",
        "PHQ-9 9 → 19, GAD-7 7 → 14.",
        "WHO-5 since",
        "a meaningful worsening (10 points or more), 56 → 24",
        f"1 therapy session in this period ({today - timedelta(days=14):%-d %b}).",
        "Practices, days done against the days agreed by their weekly targets: Breathing 2 days "
        "(6 agreed); 0 of 1 met the target.",
    ):
        assert line in first, line
    # Every item 9 answer above 0 of the period, and the highest: "nearly every day" is not
    # hidden behind the later "several days".
    worst, later = today - timedelta(days=11), today - timedelta(days=4)
    assert f"in the period: nearly every day ({worst:%-d %b %Y})" in first
    assert f"{worst:%-d %b %Y} nearly every day; {later:%-d %b %Y} several days" in first
    # The box comes before the summary.
    assert first.index("Latest questionnaires") < first.index("Since my session on")


def test_then_a_session_by_session_table(client):
    today, r = client
    [first, *_] = page_texts(session_brief_pdf(r, BriefChoices(), made_on=today))
    assert "Session by session since the course began" in first
    assert "Session PHQ-9 GAD-7 WHO-5 Item 9, highest Wellbeing (7 days)" in first
    before = today - timedelta(days=14)
    # The last session: its questionnaires of the 14 days up to it, its week's wellbeing.
    assert f"{before:%-d %b %Y} 17 moderately severe 12 moderate 32 low not at all" in first
    end = r.choice.period.end
    assert (
        f"{end:%-d %b %Y} (end) 19 moderately severe 14 moderate 24 very low nearly every day"
        in first
    )
    rows = r.session_table
    assert list(rows["session"]) == [True] * (len(rows) - 1) + [False]
    assert rows["wellbeing"].iloc[-1] == pytest.approx(3.8, abs=0.1)


def test_item_9_taken_out_is_said_and_shown_nowhere(client):
    today, r = client
    pdf = session_brief_pdf(r, BriefChoices(include_item_9=False), made_on=today)
    text = " ".join(page_texts(pdf))
    assert SAFETY_TAKEN_OUT in text
    assert "nearly every day" not in text and "several days" not in text
    assert "Item 9" not in text


def test_the_ongoing_setback_slot_is_printed_when_given(client):
    today, r = client
    line = (
        "Since 28 Nov my wellbeing has been about 2.4 points below my usual level, still going on."
    )
    content = brief_content(r)
    with_line = type(content)(
        **{**content.__dict__, "first_page": first_page(r, ongoing_setback=line)}
    )
    [first, *_] = page_texts(render_brief(with_line, BriefChoices(), made_on=today))
    assert line in first
    without_line = type(content)(**{**content.__dict__, "first_page": first_page(r)})
    [without, *_] = page_texts(render_brief(without_line, BriefChoices(), made_on=today))
    assert "Wellbeing now" not in without


def test_no_text_in_the_brief_prints_under_7_pt(client):
    today, r = client
    sizes = printed_sizes(session_brief_pdf(r, BriefChoices(), made_on=today))
    assert any("cut-off 10" in text for _, text in sizes)  # the questionnaire chart is in
    small = [(round(size, 2), text) for size, text in sizes if size < MIN_PRINTED_PT]
    assert small == []


def test_questionnaire_charts_draw_the_cut_offs_and_tell_better_from_worse_by_shape_and_colour(
    client,
):
    _, r = client
    spec = questionnaire_chart(r).to_dict()
    layers = [layer for panel in spec["vconcat"] for layer in panel["layer"]]
    rules = [layer for layer in layers if _mark(layer) == "rule"]
    cuts = sorted(
        value
        for layer in rules
        for value in spec["datasets"][layer["data"]["name"]]
        for value in [value["cut"]]
    )
    assert cuts == [8, 10, 50]
    markers = next(layer for layer in layers if _mark(layer) == "point")
    kinds = markers["encoding"]["shape"]["scale"]["domain"]
    shapes = dict(zip(kinds, markers["encoding"]["shape"]["scale"]["range"], strict=True))
    assert markers["encoding"]["color"] == {"field": "colour", "type": "nominal", "scale": None}
    better, worse = measure_charts.MARKERS["previous"], measure_charts.MARKERS["worse"]
    assert shapes[better[0]] != shapes[worse[0]] and better[3] != worse[3]
    # Each marker drawn carries its kind's colour.
    drawn = spec["datasets"][markers["data"]["name"]] if "data" in markers else []
    marked = measure_charts._markers(r.measure_stories[0].responses, "phq9")
    for row in marked.itertuples():
        assert row.colour == next(
            c for label, _, _, c in measure_charts.MARKERS.values() if label == row.kind
        )
    del drawn


def _mark(layer: dict) -> str:
    mark = layer.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark
