"""The PDF session brief: what it says, what it keeps private, how long it is.

Every PDF is opened with pypdf and its extracted text (all pages, whitespace collapsed) is
checked: the period and the figures are there; private text (check-in notes, trigger
descriptions, reflection answers, the agenda) is absent unless ticked in, then present.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pandas as pd
import pypdf
import pytest

from analytics import review, storage
from analytics.dates import DateRange
from analytics.export.brief import (
    BriefChoices,
    BriefContent,
    BriefSection,
    brief_file_name,
    preview_brief,
    printable_svg,
    render_brief,
)
from analytics.export.session_brief import brief_content, session_brief_pdf
from analytics.storage import goal_queries
from analytics.words.phrases import ME
from tests.conftest import SAMPLE_TODAY
from tests.test_review import AGENDA, PERIOD_NOTES, REFLECTION, TODAY, plant_journal

EVERYTHING = BriefChoices(include_private_text=True, include_agenda=True, include_charts=True)
MIN_PRIVATE_LENGTH = 12
MAX_SAMPLE_PAGES = 5
"""The sample journal (a year of everything, three questionnaires, three goals) in at most five
pages: four before goals (issue 22), whose table pushed the last chart onto a fifth."""
PRIVATE_FIELDS = {
    "check_ins": ("note",),
    "triggers": ("what_happened", "response", "note"),
    "reflections": ("noticing", "tried_new", "hard_learned", "bring_next", "free_text"),
}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF-")
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return squash(" ".join(pdf_pages(pdf)))


def private_texts(
    con: storage.Connection, start: date | None = None, end: date | None = None
) -> list[str]:
    """Every note and reflection text of [start, end] (default: the whole journal) long enough
    to be someone's own words, and every agenda line drawn from the reflections."""
    texts = []
    for kind, fields in PRIVATE_FIELDS.items():
        rows = storage.list_entries(con, kind, start, end, limit=1_000_000)
        for field in fields:
            texts += [t for t in rows[field].dropna() if len(t.strip()) >= MIN_PRIVATE_LENGTH]
        if kind == "reflections":
            texts += [
                item
                for t in rows["bring_next"].dropna()
                for item in review.agenda_items(t)
                if len(item) >= MIN_PRIVATE_LENGTH
            ]
    # Goals are the person's own words too (the Goals section names them "Goal 1"...).
    texts += [t for t in goal_queries.goals(con)["text"] if len(t.strip()) >= MIN_PRIVATE_LENGTH]
    return texts


def leaked(pdf: bytes, texts: list[str]) -> list[str]:
    """The texts found in the PDF's extracted text or in its raw bytes (metadata is not compressed).
    A text is looked for by its first 40 characters, so a shortened quote is still caught."""
    text = pdf_text(pdf)
    metadata = " ".join(str(v) for v in (pypdf.PdfReader(io.BytesIO(pdf)).metadata or {}).values())
    found = []
    for t in texts:
        probe = squash(t)[:40]
        if (
            probe in text
            or probe in metadata
            or probe.encode() in pdf
            or probe.encode("utf-16-be") in pdf
        ):
            found.append(t)
    return found


def _review_of(
    con: storage.Connection, choice: review.ReviewChoice, today: date
) -> review.SessionReview:
    return review.session_review(con, choice, today)


def _last_days(days: int, today: date) -> review.ReviewChoice:
    period = DateRange(today - timedelta(days=days - 1), today)
    return review.ReviewChoice(period, period.previous(), None, None, False)


@pytest.fixture(scope="module")
def planted():
    con = storage.connect()
    plant_journal(con)
    r = _review_of(con, review.choose_period(storage.session_days(con), TODAY), TODAY)
    yield con, r
    con.close()


@pytest.fixture(scope="module")
def sample():
    from sample_data import load_sample

    con = storage.connect()
    load_sample(con, today=SAMPLE_TODAY)
    yield con
    con.close()


class Briefs:
    """The module's briefs, each review built and each PDF rendered once (issue 19: rendering is
    most of this module's time, and several tests read the same brief)."""

    def __init__(self, planted, sample) -> None:
        self.empty = storage.connect()
        self._reviews = {
            "planted": (planted[1], TODAY),
            "empty": (_review_of(self.empty, review.choose_period([], TODAY), TODAY), TODAY),
            **{
                name: (_review_of(sample, choice, SAMPLE_TODAY), SAMPLE_TODAY)
                for name, choice in _sample_choices(sample).items()
            },
        }
        self._pdfs: dict[tuple[str, BriefChoices], bytes] = {}

    def review(self, name: str) -> review.SessionReview:
        return self._reviews[name][0]

    def names(self) -> list[str]:
        return list(self._reviews)

    def pdf(self, name: str, choices: BriefChoices) -> bytes:
        """The brief of review `name` with `choices` (and its own agenda), made on its last day."""
        if (name, choices) not in self._pdfs:
            r, made_on = self._reviews[name]
            self._pdfs[name, choices] = session_brief_pdf(r, choices, made_on=made_on)
        return self._pdfs[name, choices]


@pytest.fixture(scope="module")
def briefs(planted, sample):
    made = Briefs(planted, sample)
    yield made
    made.empty.close()


@pytest.fixture(scope="module")
def planted_pdfs(briefs):
    return {
        "default": briefs.pdf("planted", BriefChoices()),
        "everything": briefs.pdf("planted", EVERYTHING),
    }


# --- the planted journal --------------------------------------------------------------------


def test_brief_holds_the_period_and_the_summary_figures(planted, planted_pdfs):
    _, r = planted
    text = pdf_text(planted_pdfs["default"])
    assert "1 June 2026 to 15 June 2026 (15 days)" in text
    assert "compared with 18 May to 31 May 2026" in text
    assert "7.0 / 10 (+2.0)" in text
    assert "3 of 6" in text
    # calendar days with a practice, out of the period's 15 (not 44 practice-day pairs)
    assert "DAYS WITH A PRACTICE 15 of 15" in text
    assert squash(r.summary_in(ME)) in text
    assert "up 2.0 from 5.0" in text
    assert "fail" not in text.lower()


def test_private_text_is_left_out_by_default(planted, planted_pdfs):
    con, _ = planted
    texts = private_texts(con)
    assert len(texts) >= 20, "the check must cover the planted notes, trigger texts and reflections"
    assert set(PERIOD_NOTES.values()) <= set(texts)
    assert leaked(planted_pdfs["default"], texts) == []


def test_ticked_in_the_notes_of_notable_days_reflections_and_agenda_appear(planted, planted_pdfs):
    con, _ = planted
    pdf = planted_pdfs["everything"]
    text = pdf_text(pdf)
    for shown in (
        PERIOD_NOTES["hardest"],
        PERIOD_NOTES["best"],
        REFLECTION["noticing"],
        REFLECTION["tried_new"],
        REFLECTION["hard_learned"],
        REFLECTION["free_text"],
        *AGENDA,
    ):
        assert squash(shown) in text, shown
    # Every answer, under the prompt it answers, in the brief's voice.
    assert "What I am noticing" in text and "Anything else" in text
    assert "What I want to bring to the session" in text
    never_quoted = [
        t
        for t in private_texts(con)
        if t
        not in (
            PERIOD_NOTES["hardest"],
            PERIOD_NOTES["best"],
            *(REFLECTION.values()),
            *AGENDA,
        )
    ]
    # Trigger descriptions and other days' notes are never quoted.
    assert leaked(pdf, never_quoted) == []


def test_the_agenda_and_the_private_text_are_ticked_in_separately(planted):
    con, r = planted
    agenda_only = pdf_text(session_brief_pdf(r, BriefChoices(include_agenda=True), made_on=TODAY))
    assert all(item in agenda_only for item in AGENDA)
    assert PERIOD_NOTES["hardest"] not in agenda_only and REFLECTION["tried_new"] not in agenda_only
    private_only = pdf_text(
        session_brief_pdf(r, BriefChoices(include_private_text=True), made_on=TODAY)
    )
    assert PERIOD_NOTES["hardest"] in private_only
    assert not any(item in private_only for item in AGENDA)


def test_an_edited_agenda_replaces_the_one_from_reflections(planted):
    _, r = planted
    text = pdf_text(
        session_brief_pdf(
            r,
            BriefChoices(include_agenda=True),
            agenda=("Talk about the new job offer",),
            made_on=TODAY,
        )
    )
    assert "Talk about the new job offer" in text
    assert AGENDA[0] not in text


def test_a_typical_period_fits_on_one_to_three_pages(planted_pdfs):
    for pdf in planted_pdfs.values():
        assert 1 <= len(pdf_pages(pdf)) <= 3


def test_a_brief_without_charts_works_and_keeps_the_words(planted, planted_pdfs, briefs):
    _, r = planted
    pdf = briefs.pdf("planted", BriefChoices(include_charts=False))
    text = pdf_text(pdf)
    assert squash(r.summary_in(ME)) in text and "7.0 / 10 (+2.0)" in text
    assert (
        "Days practised" not in text and "Wellbeing (0-10)" not in text
    )  # axis titles of the charts
    assert "Days practised" in pdf_text(planted_pdfs["default"])
    assert len(pdf) < len(planted_pdfs["default"])


def test_the_file_name_carries_the_dates(planted):
    _, r = planted
    name = brief_file_name(r.choice.period)
    assert name == "between-sessions-brief-2026-06-01-to-2026-06-15.pdf"
    assert re.fullmatch(r"[a-z0-9.-]+", name)


def test_the_preview_lists_what_is_left_out(planted):
    _, r = planted
    content = brief_content(r)
    private = sum(len(s.private) for s in content.sections)
    assert private == 6  # two notable-day notes, noticing, tried_new, hard_learned, free text
    default = preview_brief(content, BriefChoices())
    assert default.left_out == (
        f"{private} excerpts from private notes, reflections and goals",
        "the agenda (3 items)",
    )
    assert default.private_lines == 0 and default.agenda_items == 0
    assert default.sections == ("Wellbeing", "Triggers", "Practice", "From my reflections")
    assert default.charts == (
        "Wellbeing and setbacks, 1 Jun to 15 Jun 2026",
        "Triggers per week, 1 Jun to 15 Jun 2026",
        "Practice against targets, 1 Jun to 15 Jun 2026",
    )
    full = preview_brief(content, EVERYTHING)
    assert full.left_out == () and full.private_lines == private and full.agenda_items == 3
    bare = preview_brief(content, BriefChoices(include_charts=False))
    assert bare.charts == () and "the charts" in bare.left_out


# --- a brief with a password ------------------------------------------------------------------

PASSWORD = "tell-them-by-phone 42"


def test_a_brief_with_a_password_shows_nothing_without_it_and_everything_with_it(
    planted, planted_pdfs
):
    con, r = planted
    locked = session_brief_pdf(r, EVERYTHING, made_on=TODAY, password=PASSWORD)
    assert locked.startswith(b"%PDF-")

    reader = pypdf.PdfReader(io.BytesIO(locked))
    assert reader.is_encrypted
    assert "/AESV3" in str(reader.trailer["/Encrypt"]["/CF"]), "AES-256 (PDF 2.0 crypt filter)"
    with pytest.raises(pypdf.errors.FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert pypdf.PdfReader(io.BytesIO(locked)).decrypt("a wrong guess") == 0

    # Nothing readable in the file itself: not the period, not a figure, not one private word.
    texts = private_texts(con)
    for probe in ("Session brief", "June 2026", "7.0 / 10", *(squash(t)[:40] for t in texts)):
        assert probe.encode() not in locked and probe.encode("utf-16-be") not in locked

    opened = pypdf.PdfReader(io.BytesIO(locked))
    assert opened.decrypt(PASSWORD) != 0
    text = squash(" ".join(page.extract_text() for page in opened.pages))
    assert text == pdf_text(planted_pdfs["everything"])


def test_a_brief_without_a_password_is_not_encrypted_and_an_empty_one_is_refused(planted_pdfs):
    assert not pypdf.PdfReader(io.BytesIO(planted_pdfs["default"])).is_encrypted
    content = BriefContent(period=DateRange(TODAY, TODAY), summary="A calm summary.")
    with pytest.raises(ValueError, match="empty"):
        render_brief(content, made_on=TODAY, password="")


def test_an_empty_journal_gives_a_short_honest_brief(briefs):
    pdf = briefs.pdf("empty", EVERYTHING)
    text = pdf_text(pdf)
    assert "there were no check-ins yet" in text and "no check-ins" in text
    assert "2 June 2026 to 15 June 2026 (14 days)" in text
    assert len(pdf_pages(pdf)) <= 2


HOSTILE = "<script>alert(1)</script> ![x](https://example.com/p.png) **bold** שלום עולם 😀 a\x00b\x07c\x1bd"


def test_hostile_text_is_written_literally():
    content = BriefContent(
        period=DateRange(date(2026, 6, 1), date(2026, 6, 15)),
        summary="A calm summary.",
        sections=(BriefSection("Wellbeing", ("A plain line.",), (HOSTILE,)),),
        agenda=(HOSTILE,),
        name=HOSTILE,
    )
    text = pdf_text(render_brief(content, EVERYTHING, made_on=TODAY))
    assert text.count("<script>alert(1)</script>") == 3
    assert text.count("![x](https://example.com/p.png)") == 3
    assert text.count("**bold**") == 3
    assert "abcd" in text, "control characters are dropped, the letters around them kept"
    assert set("שלוםעולם") <= set(text)


def test_hostile_text_in_the_journal_renders(journal):
    storage.add_session(journal, day=TODAY - timedelta(days=7))
    storage.add_check_in(
        journal,
        when=pd.Timestamp(TODAY - timedelta(days=2)).to_pydatetime(),
        wellbeing=2,
        note=HOSTILE.replace("\x00", ""),
    )
    storage.add_reflection(
        journal,
        day=TODAY - timedelta(days=1),
        tried_new=HOSTILE.replace("\x00", ""),
        bring_next="- <b>not bold</b>",
    )
    r = _review_of(journal, review.choose_period(storage.session_days(journal), TODAY), TODAY)
    text = pdf_text(session_brief_pdf(r, EVERYTHING, made_on=TODAY))
    assert "<script>alert(1)</script>" in text and "<b>not bold</b>" in text


def test_printable_svg_drops_empty_paths_and_gives_lines_their_defaults():
    svg = '<svg><path d=""/><path class="x" d="" /><path d="M0,0L1,1"/><line x2="5"/><line x1="1" y1="2" x2="3" y2="4"/></svg>'
    fixed = printable_svg(svg)
    assert 'd=""' not in fixed and 'd="M0,0L1,1"' in fixed
    assert '<line x1="0" y1="0" y2="0" x2="5"/>' in fixed or re.search(
        r'<line(?=[^>]*x1="0")(?=[^>]*y1="0")(?=[^>]*y2="0")[^>]*x2="5"', fixed
    )
    assert '<line x1="1" y1="2" x2="3" y2="4"/>' in fixed


# --- the sample journal -----------------------------------------------------------------


def _sample_choices(con: storage.Connection) -> dict[str, review.ReviewChoice]:
    return {
        "since the last session": review.choose_period(storage.session_days(con), SAMPLE_TODAY),
        "two months": _last_days(60, SAMPLE_TODAY),
    }


@pytest.mark.parametrize("which", ["since the last session", "two months"])
def test_sample_brief_states_its_period_and_figures_and_keeps_private_text_out(
    sample, briefs, which
):
    r = briefs.review(which)
    choice = r.choice
    pdf = briefs.pdf(which, BriefChoices())
    text = pdf_text(pdf)
    p = choice.period
    assert f"{p.start:%-d %B %Y} to {p.end:%-d %B %Y} ({p.days} days)" in text
    assert f"{r.wellbeing.mean:.1f} / 10" in text
    assert f"{r.trigger_facts.new_skill} of {r.trigger_facts.total}" in text
    assert squash(r.summary_in(ME)) in text
    # Page 1 is the clinician's page (box and session table) with the summary; then up to 3.
    assert 1 <= len(pdf_pages(pdf)) <= MAX_SAMPLE_PAGES
    texts = private_texts(sample, choice.previous.start, p.end)
    assert len(texts) >= 3
    assert leaked(pdf, texts) == []


def test_sample_brief_with_private_text_quotes_the_notable_days_and_reflections(briefs):
    r = briefs.review("two months")
    text = pdf_text(briefs.pdf("two months", EVERYTHING))
    noted = [n for n in r.notable_days["notes"] if n]
    tried = [t for t in r.reflections["tried_new"].dropna() if t]
    # only the lowest and the highest day are named now; in these two months they carry no note
    assert tried
    for quoted in (*noted[:1], tried[0]):
        assert squash(quoted)[:40] in text


def test_a_full_year_of_the_sample_renders(sample):
    r = _review_of(sample, _last_days(365, SAMPLE_TODAY), SAMPLE_TODAY)
    assert r.practices["first_tried"].notna().any(), (
        "the practice chart must cope with first-tried dates"
    )
    pdf = session_brief_pdf(r, BriefChoices(), made_on=SAMPLE_TODAY)
    text = pdf_text(pdf)
    assert f"{r.wellbeing.mean:.1f} / 10" in text
    assert 1 <= len(pdf_pages(pdf)) <= MAX_SAMPLE_PAGES
    assert leaked(pdf, private_texts(sample)) == []


# --- the brief is for a clinician ------------------------------------------------------------

_YOU = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def test_the_brief_speaks_as_the_person_or_neutrally_never_you(briefs):
    for name in briefs.names():
        # private text is the person's own words and may say anything; the rest never says "you"
        choices = BriefChoices(include_agenda=False, include_private_text=False)
        text = pdf_text(briefs.pdf(name, choices))
        assert not _YOU.findall(text), (name, _YOU.findall(text), text[:400])


def test_page_one_holds_period_comparison_figures_and_the_ticked_agenda(planted):
    _, r = planted
    pages = pdf_pages(
        session_brief_pdf(r, BriefChoices(include_agenda=True), ("Bring up the email",), TODAY)
    )
    first = squash(pages[0])
    for expected in (
        "1 June 2026 to 15 June 2026 (15 days)",
        "compared with 18 May to 31 May 2026",
        "Since my session on 1 June",
        "MEAN WELLBEING 7.0 / 10 (+2.0)",
        "(before: 2 of 5)",
        "What I want to bring to the session",
        "Bring up the email",
    ):
        assert expected in first, expected


def test_chart_titles_carry_their_dates(planted):
    _, r = planted
    from analytics.charts import review as review_charts

    for build in (
        review_charts.progress_chart,
        review_charts.trigger_chart,
        review_charts.practice_chart,
    ):
        spec = build(r).to_dict()
        title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
        subtitle = spec["title"].get("subtitle", "") if isinstance(spec["title"], dict) else ""
        assert "Jun" in title + str(subtitle), (title, subtitle)


def _body_lines(page: str) -> list[str]:
    return [
        line
        for line in page.splitlines()
        if line.strip() and "Between Sessions · made on" not in line
    ]


def test_no_page_holds_a_single_line(briefs):
    for name in briefs.names():
        for choices in (EVERYTHING, BriefChoices(), BriefChoices(include_charts=False)):
            pages = pdf_pages(briefs.pdf(name, choices))
            for number, page in enumerate(pages, start=1):
                assert len(_body_lines(page)) >= 3, (name, choices, number, page)


def test_an_empty_journal_brief_has_no_chart_and_no_setback_claim(journal):
    r = _review_of(journal, review.choose_period([], TODAY), TODAY)
    content = brief_content(r)
    assert all(section.chart is None for section in content.sections)
    assert "No setbacks" not in pdf_text(session_brief_pdf(r, EVERYTHING, made_on=TODAY))
    assert not r.has_entries


@pytest.mark.parametrize("days", [7, 14, 30, 60])
def test_days_tied_at_one_end_are_named_in_one_line(sample, days):
    r = _review_of(sample, _last_days(days, SAMPLE_TODAY), SAMPLE_TODAY)
    [wellbeing] = [s for s in brief_content(r).sections if s.heading == "Wellbeing"]
    labels = [line.split(":")[0] for line in wellbeing.lines if "wellbeing" in line.split(":")[0]]
    assert len(labels) == len(set(labels)), labels
    for label, group in r.notable_days.groupby("label"):
        if len(group) > 1:
            [line] = [x for x in wellbeing.lines if x.startswith(label + ":")]
            assert " and " in line


def test_every_chart_of_the_brief_is_valid_vega_lite(planted, sample):
    """The export skips Altair's schema check for speed (analytics.export.charts.export_spec),
    so the brief's own charts are checked here, on the planted and the sample journal."""
    _, planted_review = planted
    sample_review = _review_of(
        sample, review.choose_period(storage.session_days(sample), SAMPLE_TODAY), SAMPLE_TODAY
    )
    checked = 0
    for r in (planted_review, sample_review):
        for section in brief_content(r).sections:
            if section.chart is not None:
                section.chart.built().to_dict(validate=True)  # raises on an invalid spec
                checked += 1
    assert checked >= 6


def test_an_open_right_to_left_override_in_a_name_cannot_reverse_the_brief_sentence(journal):
    """Issue 23: a category or practice typed with an RLO and no PDF ran on past the name when
    the PDF laid the sentence out right to left, reversing the words after it."""
    name = "\u202eשלום"
    storage.add_trigger_category(journal, name)
    storage.add_practice(journal, name, weekly_target=7)
    for back in range(5):
        when = pd.Timestamp(TODAY - timedelta(days=back + 1)).to_pydatetime()
        storage.add_trigger(journal, when=when, category=name, intensity=5, response_kind="other")
        storage.log_practice(journal, practice=name, when=when)
    r = _review_of(journal, _last_days(14, TODAY), TODAY)
    text = pdf_text(session_brief_pdf(r, EVERYTHING, made_on=TODAY))
    # pypdf reads the words in the order they are drawn: reversed, they read backwards.
    assert "triggers came most often (5 of 5); I met 0 of 5 with a new skill" in text
    assert "days (target 14); streak 5 days" in text
    assert "netfo tsom emac sreggirt" not in text and "tegrat(" not in text


def test_the_brief_says_the_days_after_a_session_are_not_clear_yet_with_its_sessions(planted):
    _, r = planted
    line = brief_content(r).first_page.sessions
    assert "The days after a session, " in line
    assert line.endswith(
        "Whether my wellbeing is different in the days after a session is not clear yet "
        "(2 sessions in these days; each day needs 6 sessions with my wellbeing logged)."
    )
