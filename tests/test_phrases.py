"""Every phrase about a person, over 0, 1, 2, a tie and a small n (table-driven)."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.words import measures, phrases
from analytics.words import patterns as pattern_words


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (0, "trigger", "0 triggers"),
        (1, "trigger", "1 trigger"),
        (2, "trigger", "2 triggers"),
        (1, "reflection", "1 reflection"),
        (1, "day", "1 day"),
        (1, "item", "1 item"),
        (2, "entry", "2 entries"),
        (1234, "day", "1,234 days"),
    ],
)
def test_count_agrees_with_its_number(n, noun, expected):
    assert phrases.count(n, noun) == expected


@pytest.mark.parametrize(
    ("k", "n", "noun", "expected"),
    [
        (0, 0, None, "0 of 0"),
        (0, 1, "day", "0 of 1 day"),
        (1, 1, "day", "1 of 1 day"),
        (2, 11, "day", "2 of 11 days"),
    ],
)
def test_n_of_names_the_whole(k, n, noun, expected):
    assert phrases.n_of(k, n, noun) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")],
)
def test_join(names, expected):
    assert phrases.join(names) == expected


@pytest.mark.parametrize(
    ("counts", "state", "names", "sentence"),
    [
        ({}, "none", (), "No triggers"),
        (
            {"Work": 1},
            "too_few",
            ("Work",),
            "Only 1 trigger: too few to see a pattern yet (1 of 5 needed)",
        ),
        (
            {"Work": 2},
            "too_few",
            ("Work",),
            "Only 2 triggers: too few to see a pattern yet (2 of 5 needed)",
        ),
        (
            {"Work": 1, "Money": 1},
            "too_few",
            ("Money", "Work"),
            "Only 2 triggers: too few to see a pattern yet (2 of 5 needed)",
        ),
        # five categories with one each: nothing stands out, nothing is "most frequent"
        (
            {c: 1 for c in "ABCDE"},
            "spread",
            tuple("ABCDE"),
            "No category stands out among 5 triggers",
        ),
        (
            {c: 1 for c in "ABCDEF"},
            "spread",
            tuple("ABCDEF"),
            "No category stands out among 6 triggers",
        ),
        ({"Work": 4, "Money": 1}, "leader", ("Work",), "Work triggers came most often (4 of 5)"),
        (
            {"Work": 3, "Money": 3, "Home": 1},
            "leader",
            ("Money", "Work"),
            "Money and Work triggers came most often (3 each, of 7)",
        ),
        (
            {"A": 2, "B": 2, "C": 2},
            "spread",
            ("A", "B", "C"),
            "No category stands out among 6 triggers",
        ),
    ],
)
def test_leaders_name_every_tie_or_none(counts, state, names, sentence):
    found = phrases.leaders(counts)
    assert (found.state, found.names) == (state, names)
    assert phrases.most_often(found, "trigger") == sentence


def test_most_often_says_most_often_not_most():
    found = phrases.leaders({"Work": 21, "Home": 20, "Money": 181 - 0})
    assert "most often" in phrases.most_often(found, "trigger")
    assert "Most triggers" not in phrases.most_often(found, "trigger")


def test_too_few_states_how_many_are_needed():
    assert phrases.too_few(2) == "too few to see a pattern yet (2 of 5 needed)"
    assert phrases.too_few(0, 14).endswith("(0 of 14 needed)")


@pytest.mark.parametrize(
    ("done", "target", "expected"),
    [(0, 3, "0 of 3"), (1, 1, "1 of 1"), (3, 3, "3 of 3"), (4, 3, "4 (target 3)")],
)
def test_days_against_a_target_never_read_4_of_3(done, target, expected):
    assert phrases.against_target(done, target) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("PHQ-9", 0), "PHQ-9: no responses yet"),
        (("PHQ-9", 0), "PHQ-9: no responses yet"),
        ({"name": "GAD-7", "responses": 0, "elsewhere": True}, "GAD-7: none in these dates"),
        (
            ("PHQ-9", 1, 12, 12, None, "", "moderate"),
            "PHQ-9: 12, moderate, from 1 response: not enough yet to see a change",
        ),
        (
            ("PHQ-9", 2, 16, 8, "reliable recovery", "since March"),
            "PHQ-9: reliable recovery, 16 → 8 since March (2 responses)",
        ),
        (  # a tie is no change, said as one
            ("GAD-7", 5, 12, 12, "no reliable change", "since 3 March"),
            "GAD-7: no reliable change, 12 → 12 since 3 March (5 responses)",
        ),
        (
            ("WHO-5", 26, 28, 72, "reliable recovery", "since March 2025"),
            "WHO-5: reliable recovery, 28 → 72 since March 2025 (26 responses)",
        ),
    ],
)
def test_measure_finding_is_true_for_0_1_2_and_ties(args, expected):
    found = (
        measures.measure_finding(**args)
        if isinstance(args, dict)
        else measures.measure_finding(*args)
    )
    assert found == expected


@pytest.mark.parametrize(
    ("first", "latest", "expected"),
    [
        (date(2026, 3, 3), date(2026, 3, 17), "since 3 March"),
        (date(2026, 3, 3), date(2026, 9, 17), "since March"),
        (date(2025, 3, 3), date(2026, 1, 17), "since March 2025"),
    ],
)
def test_since_when_is_as_short_as_is_exact(first, latest, expected):
    assert measures.since_when(first, latest) == expected


# --- patterns -------------------------------------------------------------------------------

FORBIDDEN = ("helps", "helped", "causes", "caused", "because", "improves", "improved")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("practice", "Grounding", 1, "wellbeing", 0.8, 0.3, 1.3, 64, 120, 7.14, 6.46),
            "On days after you practised grounding, your wellbeing was 0.8 points higher "
            "(likely range 0.3 to 1.3), 64 days with, 120 without, allowing for how one day carries into "
            "the next and for any steady rise or fall (plain averages: 7.1 with, 6.5 without); "
            "it works both ways too: good days make practice easier",
        ),
        (
            (
                "practice",
                "Breathing or grounding",
                0,
                "wellbeing",
                0.8,
                0.3,
                1.3,
                64,
                120,
                6.0,
                5.6,
            ),
            "On days you practised breathing or grounding, your wellbeing was 0.8 points higher "
            "(likely range 0.3 to 1.3), 64 days with, 120 without, allowing for how one day carries into "
            "the next and for any steady rise or fall (plain averages: 6.0 with, 5.6 without); "
            "it works both ways too: good days make practice easier",
        ),
        (
            ("trigger", "Work", 0, "anxiety", 1.2, 0.4, 2.0, 30, 210, 5.5, 4.1),
            "On days with a work trigger, your anxiety was 1.2 points higher (likely range 0.4 to 2.0), "
            "30 days with, 210 without, allowing for how one day carries into the next and for any steady rise or fall "
            "(plain averages: 5.5 with, 4.1 without); "
            "a trigger and a harder day often come together, either way round: worth bringing to the next session",
        ),
        (
            ("trigger", "Family", 1, "wellbeing", -0.9, -1.5, -0.3, 12, 1000, 5.0, 5.96),
            "On days after a family trigger, your wellbeing was 0.9 points lower (likely range 0.3 to 1.5), "
            "12 days with, 1,000 without, allowing for how one day carries into the next and for any steady rise or fall "
            "(plain averages: 5.0 with, 6.0 without); "
            "a trigger and a harder day often come together, either way round: worth bringing to the next session",
        ),
        (
            ("new_skill", "", 0, "energy", 1.04, 0.6, 1.5, 10, 10, 6.2, 5.2),
            "On days you met a trigger with a new skill, your energy was 1.0 point higher "
            "(likely range 0.6 to 1.5), 10 days with, 10 without, allowing for how one day carries into "
            "the next and for any steady rise or fall (plain averages: 6.2 with, 5.2 without); "
            "it works both ways too: good days make a new skill easier to reach for",
        ),
        (
            ("sleep", "hours", 0, "anxiety", -0.5, -0.9, -0.04, 11, 40, 3.0, 3.4),
            "After nights you slept 7 hours or more, your anxiety was 0.50 points lower (likely range 0.04 to "
            "0.90), 11 days with, 40 without, allowing for how one day carries into the next and for any steady rise or fall "
            "(plain averages: 3.00 with, 3.40 without); "
            "it works both ways too: harder days can make for harder nights",
        ),
        (
            ("sleep", "quality", 0, "wellbeing", 0.04, 0.01, 0.07, 50, 50, 6.04, 6.0),
            "After nights you rated your sleep 6 or more of 10, your wellbeing was 0.04 points higher (likely range 0.01 to "
            "0.07), 50 days with, 50 without, allowing for how one day carries into the next and for any steady rise or fall "
            "(plain averages: 6.04 with, 6.00 without); "
            "it works both ways too: harder days can make for harder nights",
        ),
    ],
)
def test_pattern_sentence(args, expected):
    sentence = pattern_words.pattern_sentence(*args)
    assert sentence == expected
    assert not any(word in sentence.split() for word in FORBIDDEN)


def test_pattern_sentence_in_the_brief_speaks_as_the_person():
    sentence = pattern_words.pattern_sentence(
        "practice", "Grounding", 1, "wellbeing", 0.8, 0.3, 1.3, 64, 120, 7.1, 6.5, phrases.ME
    )
    assert sentence.startswith("On days after I practised grounding, my wellbeing was")
    assert " you" not in sentence


@pytest.mark.parametrize(
    ("claims", "tried", "first", "expected"),
    [
        (0, 0, "", "Too few days yet to compare wellbeing"),
        (0, 1, "", "No clear pattern yet in wellbeing (1 comparison)"),
        (0, 36, "", "No clear pattern yet in wellbeing (36 comparisons)"),
        (
            1,
            36,
            "Work trigger, same day",
            "1 pattern went with wellbeing: work trigger, same day",
        ),
        (
            2,
            36,
            "Breathing or grounding, day after",
            "2 patterns went with wellbeing; clearest: breathing or grounding, day after",
        ),
    ],
)
def test_patterns_title(claims, tried, first, expected):
    assert pattern_words.patterns_title(claims, "wellbeing", tried, first) == expected


NEED = (
    "Patterns need at least 10 days with and 10 without a practice, a trigger or a good night's "
    "sleep; "
)


@pytest.mark.parametrize(
    ("outcome_days", "nearest", "outcome", "factors", "expected"),
    [
        (0, 0, "wellbeing", 0, NEED + "you have not rated wellbeing in these days yet."),
        (0, 0, "energy", 3, NEED + "you have not rated energy in these days yet."),
        (1, 0, "wellbeing", 1, NEED + "you have rated wellbeing on 1 day so far."),
        (6, 2, "anxiety", 2, NEED + "you have rated anxiety on 6 days so far."),
        (
            40,
            0,
            "wellbeing",
            0,
            NEED + "you have rated wellbeing on 40 days, and no practice, trigger or night's "
            "sleep is logged in these days yet.",
        ),
        (
            40,
            7,
            "wellbeing",
            4,
            NEED + "you have rated wellbeing on 40 days, and none has reached 10 of each yet "
            "(nearest: 7 of 10).",
        ),
    ],
)
def test_patterns_need_says_how_far_along(outcome_days, nearest, outcome, factors, expected):
    said = pattern_words.patterns_need(outcome_days, nearest, outcome=outcome, factors=factors)
    assert said == expected


@pytest.mark.parametrize(
    ("kind", "name", "lag", "expected"),
    [
        ("practice", "Rest without guilt", 0, "Rest without guilt, same day"),
        ("trigger", "Work", 1, "Work trigger, day after"),
        ("new_skill", "", 0, "Trigger met with a new skill, same day"),
        ("sleep", "hours", 0, "Slept 7 hours or more, night before"),
    ],
)
def test_factor_label(kind, name, lag, expected):
    assert pattern_words.factor_label(kind, name, lag) == expected


def test_too_few_to_compare_names_what_was_done_with_its_days():
    said = pattern_words.too_few_to_compare(
        [
            ("Work trigger", 3, 70),
            ("Therapy session", 1, 0),
            ("News and online trigger", 0, 71),
        ]
    )
    assert said == (
        "Too few days yet to compare, counting from the day each was first logged: work "
        "trigger (3 days with it, 70 without) and therapy session (1 day with it, none without "
        "since)."
    )
    assert pattern_words.too_few_to_compare([("Money trigger", 0, 40)]) == ""
    assert pattern_words.too_few_to_compare([]) == ""


@pytest.mark.parametrize(
    ("below", "voice", "expected"),
    [
        (
            2.43,
            phrases.ME,
            "Since 28 Nov my wellbeing has been about 2.4 points below my usual level, still going on.",
        ),
        (
            0.96,
            phrases.YOU,
            "Since 28 Nov your wellbeing has been about 1 point below your usual level, still going on.",
        ),
        (
            0.02,
            phrases.YOU,
            "Since 28 Nov your wellbeing has been a little below your usual level, still going on.",
        ),
    ],
)
def test_an_ongoing_setback_is_said_in_figures_true_for_small_numbers(below, voice, expected):
    assert phrases.ongoing_setback(date(2026, 11, 28), below, voice) == expected


def test_a_trend_decline_is_said_plainly_with_levels_that_add_up():
    assert phrases.trend_decline(date(2026, 11, 9), 6.24, 5.41, phrases.ME) == (
        "My wellbeing trend has gone down 0.8 points since 9 Nov, from 6.2 to 5.4."
    )
    # 6.26 - 5.34 is 0.92, but the levels read 6.3 and 5.3: the fall reads 1.0.
    assert "down 1.0 points since 9 Nov, from 6.3 to 5.3" in phrases.trend_decline(
        date(2026, 11, 9), 6.26, 5.34
    )
