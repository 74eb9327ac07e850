"""What a restore's plan says (`analytics.export.restoring`, `analytics.export.catalog_merge`):
what happens to each practice, trigger category, setting and entry the file holds, and why a
plan would be refused. Each is true for none, one and many.

Names the person typed are quoted as Python quotes them (`!r`): a control character in a
name, a bidi one included, is shown escaped, so it cannot reorder the words after it. A value
a refusal quotes comes already shown (`export.problems.shown`, which this layer cannot import).
"""

from __future__ import annotations

from datetime import date

from analytics.words import phrases

NEW_IN_FILE = "new in the file"
"""Why a practice or category of the file is added: the journal has none of that name (or id)."""

RETIRED = {
    "practices": "a starter practice the app added, never used or edited, and not in the file",
    "trigger_categories": "a starter category the app added, never used, and not in the file",
}
"""Why, per catalog, a starter item is removed by a restore into a journal with no entries."""


def catalog_heading(lists: list[str]) -> str:
    """What the item-by-item list is about, naming only the lists it holds: "What happens to
    your practice list, trigger categories and settings:"."""
    return f"What happens to your {phrases.join(lists)}:"


def gets_a_new_id(why: str, yours: str) -> str:
    """`why` a practice is added, and that its id is already `yours`'s, so it gets another."""
    return f"{why}; the id it has in the file is already your {yours!r}'s, so it gets a new one"


def added_beside(new_name: str, why: str) -> str:
    """The file's practice is added under a free name beside the person's of its name."""
    return f"added as {new_name!r}, so yours stays as it is ({why})"


def taken_already(yours: str) -> str:
    """A second practice of the file met `yours`, which the first one already matched."""
    return f"{NEW_IN_FILE}; your {yours!r} already takes another of its practices"


def starter_practice_takes_file(was: str | None) -> str:
    """A starter practice, never used or edited, takes the file's settings (and name: `was`,
    its old name, when the file's differs)."""
    said = "a starter practice, never used or edited, takes the file's settings"
    return said + (f" (it was {was!r})" if was is not None else "")


def starter_practices(n: int) -> str:
    """How many starter practices take the file's identical versions: "9 starter practices"."""
    return phrases.count(n, "starter practice")


def starter_practices_taken(names: list[str]) -> str:
    """Which starter practices take the file's identical versions, by name."""
    return (
        "never used or edited, they take the file's versions, with the same names and "
        "settings and the file's ids: " + ", ".join(names)
    )


def practice_differences(yours_target: int, file_target: int, descriptions_differ: bool) -> str:
    """How the person's practice and the file's of its name differ: "yours is 3 times a week,
    the file's daily; the descriptions differ" ("" when they do not). The targets as the app
    says them (`phrases.how_often`): never "1 times a week"."""
    parts = []
    if yours_target != file_target:
        yours, theirs = phrases.how_often(yours_target), phrases.how_often(file_target)
        parts.append(f"yours is {yours}, the file's {theirs}")
    if descriptions_differ:
        parts.append("the descriptions differ")
    return "; ".join(parts)


def days_added(done: int, rest: int) -> str:
    """The file's log days that join the person's practice: "its 2 done days and 1 rest day
    are added to it"."""
    said = f"its {done} done {phrases.plural(done, 'day')}"
    if rest:
        said += f" and {rest} rest {phrases.plural(rest, 'day')}"
    # One day in all is "is"; two named counts ("0 done days and 1 rest day") are "are".
    return said + (" is" if (done, rest) == (1, 0) else " are") + " added to it"


def practice_kept(
    theirs: str, yours: str, same_id: bool, differences: str, done: int, rest: int
) -> str:
    """The file's practice is the person's `yours` (by id, or by name but for capitals): the
    person's name and settings stay (`differences`, "" when none), and the log days join it."""
    parts = []
    if theirs != yours:
        how = "(same id)" if same_id else "(same name but for capitals)"
        parts.append(f"the file's {theirs!r} is your {yours!r} {how}, and your name stays")
    if differences:
        parts.append(f"your settings stay ({differences})")
    parts.append(days_added(done, rest))
    return "; ".join(parts)


def starter_category_takes_file(place: int | None, active: bool | None) -> str:
    """A starter category, never used, takes the file's place (`place`, counted from 1) or
    use (`active`); None for what does not change."""
    parts = []
    if place is not None:
        parts.append(f"place {place}")
    if active is not None:
        parts.append("in use" if active else "retired")
    return "a starter category, never used, takes the file's settings: " + ", ".join(parts)


def category_kept(active: bool) -> str:
    """The person's category stays in use (or retired) where the file's is the other way."""
    return "yours stays " + ("in use" if active else "retired") + ", as in your journal"


def goal_ratings(n: int) -> str:
    return phrases.count(n, "goal rating")


def goal_ratings_kept(n: int) -> str:
    """Why `n` ratings of the file are skipped: the journal rates that goal on that day."""
    return (
        "your journal rates that goal on that day already; one a goal a day counts, "
        "so yours stays" + ("" if n == 1 else " each time")
    )


def questionnaire_on(measure: str, day: date) -> str:
    """A questionnaire named by its measure and day: "PHQ-9 on 2026-03-02"."""
    return f"{measure} on {day:%Y-%m-%d}"


def questionnaire_kept(measure: str) -> str:
    """Why the file's questionnaire is skipped: the journal has one of that measure that day."""
    return (
        f"your journal has a {measure} that day already; one a day counts, so yours stays "
        "and the file's is not added"
    )


def practice_days(n: int) -> str:
    return phrases.count(n, "practice day")


def practice_days_kept(n: int) -> str:
    """Why `n` practice days of the file are skipped: the journal logs them already."""
    return "already logged in your journal; a practice day counts once, so " + (
        "yours stays" if n == 1 else "yours stay"
    )


def _is(n: int) -> str:
    return "is" if n == 1 else "are"


def _was(n: int) -> str:
    return "was" if n == 1 else "were"


def session_kept(added: int, held_already: int) -> str:
    """Why the file's session on a date the journal has is not added, and what becomes of its
    tasks: `added` join the person's session, `held_already` were there already."""
    kept = (
        "your journal has a therapy session that day already; a date counts once, so yours "
        "stays and the file's is not added"
    )
    if added and held_already:
        return (
            f"{kept}; of its {phrases.count(added + held_already, 'task')}, "
            f"{added} {_is(added)} added to yours and {held_already} {_was(held_already)} "
            "there already"
        )
    if added:
        return f"{kept}; its {phrases.count(added, 'task')} {_is(added)} added to yours"
    if held_already:
        return (
            f"{kept}; its {phrases.count(held_already, 'task')} {_was(held_already)} "
            "in yours already"
        )
    return kept


def own_words(characters: int) -> str:
    """A setting that holds the person's own words, never quoted in a preview."""
    return f"your own words ({phrases.count(characters, 'character')})"


def setting_added(theirs: str) -> str:
    return f"set to {theirs}"


def setting_kept(yours: str, theirs: str) -> str:
    """The person's setting stays where the file's differs."""
    return f"yours stays ({yours}); the file's is {theirs}"


# Why a plan would be refused (`restoring.plan_problems`): each after the file, row and field.


def there_twice(value: str) -> str:
    return f"{value} would be there twice"


def added_twice(value: str) -> str:
    return f"{value} would be added twice"


def goal_rated_twice(day: date) -> str:
    return f"a goal would be rated twice on {day:%Y-%m-%d}"


def no_goal(value: str) -> str:
    return f"{value} is no goal of the restored journal"


def no_practice(value: str) -> str:
    return f"{value} is no practice of the restored journal"


def second_questionnaire(measure: str, day: date) -> str:
    return f"a second {measure} on {day:%Y-%m-%d} would be added"


def logged_twice(value: str, day: date) -> str:
    return f"{value} would be logged twice on {day:%Y-%m-%d}"


def second_session(day: date) -> str:
    return f"a second session on {day:%Y-%m-%d} would be added"


def too_many_active(adding: int, active: int, most: int) -> str:
    """A merge that would leave more than `most` goals active: how many, and what to do."""
    return (
        f"{phrases.count(adding, 'active goal')} in the file and "
        f"{phrases.count(active, 'active goal')} in your journal would make {adding + active}, "
        f"but at most {most} goals are active at once. Mark one of yours reached, "
        "changed or let go on the Goals page, then restore again"
    )
