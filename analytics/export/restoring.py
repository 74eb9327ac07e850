"""Restoring a journal from an export zip (`analytics.export.journal_zip`), checked before anything is written.

The zip is opened and checked first (`analytics.export.zip_reader`): a problem is reported with
the file, the row and the field, and the journal is not touched. Then it writes in one
transaction, always merging, so nothing the person made is removed or changed:

- entries whose id is already there are skipped; restoring the same zip twice adds nothing;
- practices and trigger categories go through one merge (`analytics.export.catalog_merge`);
  practices match by id first (an id is the same practice, even renamed since), then by name;
  log rows follow the match. A match under another name is said with both names ("the file's
  'Meditation' is your 'Breathing or grounding' (same id)") and how many done days join it.
  A practice of the person's whose name clashes with the file's but whose settings differ
  (weekly target, description) is left as it is, and the file's practice is added beside it
  under a name free in the journal and in the file, e.g. "Walk (restored)", "Walk (restored 2)";
  the plan says so. `plan_problems` checks every plan against the tables' keys and names before
  the backup is taken, so a restore never stops on a database error;
- trigger categories match by name; new ones are added after the person's;
- a questionnaire (PHQ-9, GAD-7, WHO-5) on a day that already has one of that measure is
  skipped, and the plan says so: one a day counts, and the person's own stays; likewise a
  practice logged on a day the journal already has it, and a session on a date that has one
  (the journal's schema holds these rules, so a restore never stores one twice). The tasks of
  a session left out so join the journal's session of that day, after its own, with their marks
  (a task whose words it holds already is not added twice), and the plan says how many;
- settings (which questionnaires the person uses, their crisis-line region) are added only
  where the journal has none; a setting the person already made stays, and the plan says so
  when the file's differs;
- goals are added by id, each with the status and ratings it has in the file; a rating of a
  goal on a day the journal already rates it is skipped (one a goal a day counts; the
  person's stays) and the plan says how many. A merge that would leave more goals active than
  the app allows (`MAX_ACTIVE`, the journal's and the file's together) is refused before
  anything is written, saying how many: the person ends one on the Goals page, then restores;
- only into a journal with no entries yet, the starter items the app seeded and that were never
  used or edited may change: one the file also holds takes the file's row (so a fresh journal
  restores exactly as exported), one the file lacks is removed. Every such change is
  listed in the plan (`RestorePlan.catalog_changes`); starters that take the file's identical
  versions (only the id differs) are said in one line ("9 starter practices").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from analytics import schedule, sessions
from analytics.entries import EntryKind
from analytics.export.backups import backup_before
from analytics.export.catalog_merge import (
    ADDED,
    CATEGORIES,
    CHANGED,
    KEPT,
    PRACTICES,
    REMOVED,
    RENAMED,
    CatalogChange,
    merge,
)
from analytics.export.journal_zip import TABLE_LABELS
from analytics.export.problems import MAX_PROBLEMS_SHOWN, Problem, RestoreError, shown
from analytics.export.zip_reader import JournalExport, max_unpacked_bytes, read_export
from analytics.gbo import MAX_ACTIVE, GoalStatus
from analytics.measures import MEASURES
from analytics.safety import CRISIS_REGIONS
from analytics.schedule import SCHEDULE_SETTING
from analytics.storage import Connection, insert_rows, transaction
from analytics.storage import export_queries as queries
from analytics.storage.export_queries import EXPORT_TABLES
from analytics.storage.rows import (
    CALENDAR_WITHDRAWN_SETTING,
    PLAN_SETTINGS,
    PLAN_STEPS_SETTING,
    PLAN_WARNING_SIGNS_SETTING,
    PLAN_WHAT_HELPS_SETTING,
    THERAPY_ENDED_SETTING,
)
from analytics.words import phrases
from analytics.words import restore as words

__all__ = [
    "MAX_PROBLEMS_SHOWN",
    "max_unpacked_bytes",
    "ADDED",
    "CHANGED",
    "KEPT",
    "MERGE",
    "REMOVED",
    "RENAMED",
    "REPLACE",
    "CatalogChange",
    "JournalExport",
    "Problem",
    "RestoreError",
    "RestorePlan",
    "TableChange",
    "plan_problems",
    "plan_refusal",
    "plan_restore",
    "read_export",
    "restore",
]

_ENTRY_TABLES = tuple(kind.value for kind in EntryKind)

REPLACE = "replace"
"""The journal has no entries yet: the file is restored as it was, the person's own lists kept."""
MERGE = "merge"


@dataclass(frozen=True)
class TableChange:
    """What a restore does to one table."""

    table: str
    in_file: int
    to_add: int
    already_there: int
    first_day: date | None = None
    last_day: date | None = None

    @property
    def label(self) -> str:
        return TABLE_LABELS[self.table]


_HEADING_WORDS = {
    "practices": "practice list",
    "trigger_categories": "trigger categories",
    "measure_responses": "questionnaires",
    "practice_log": "practice days",
    "sessions": "therapy sessions",
    "settings": "settings",
    "goal_ratings": "goal ratings",
}


@dataclass
class RestorePlan:
    """What `restore` would write, worked out without writing: the preview a person confirms."""

    mode: str
    """`REPLACE`: the journal has no entries, so the file is restored as it was (the person's
    own practices and categories kept). `MERGE`: add what is new, keep what is there."""
    changes: list[TableChange]
    rows: dict[str, list[dict[str, Any]]] = field(repr=False, default_factory=dict)
    catalog_changes: list[CatalogChange] = field(default_factory=list)
    removals: dict[str, list[str]] = field(repr=False, default_factory=dict)
    category_updates: list[dict[str, Any]] = field(repr=False, default_factory=list)

    @property
    def adds_nothing(self) -> bool:
        """True when restoring would write nothing at all (no row added, changed or removed)."""
        return all(change.to_add == 0 for change in self.changes) and not any(
            c.action != KEPT for c in self.catalog_changes
        )

    @property
    def entries_to_add(self) -> int:
        return sum(change.to_add for change in self.changes if change.table in _ENTRY_TABLES)

    def summary(self) -> list[dict[str, Any]]:
        """One plain row per table, for a preview table."""
        return [
            {
                "What": change.label,
                "In the file": change.in_file,
                "Will be added": change.to_add,
                "Already in your journal": change.already_there,
                "From": change.first_day,
                "To": change.last_day,
            }
            for change in self.changes
        ]

    def catalog_summary(self) -> list[dict[str, Any]]:
        """One plain row per practice or trigger category added, changed, renamed, removed or kept."""
        return [
            {"What": c.label, "Name": c.name, "Change": c.action, "Why": c.detail}
            for c in self.catalog_changes
        ]

    def catalog_lines(self) -> list[str]:
        """The same as sentences, for the command line."""
        return [c.line() for c in self.catalog_changes]

    def catalog_heading(self) -> str:
        """What the item-by-item list is about, naming only what it holds: "What happens to your
        practice list, trigger categories and settings:"."""
        named = [
            said
            for table, said in _HEADING_WORDS.items()
            if any(c.table == table for c in self.catalog_changes)
        ]
        return words.catalog_heading(named)


def plan_restore(con: Connection, export: JournalExport) -> RestorePlan:
    """What restoring `export` into this journal would add, change and remove. Writes nothing."""
    mode = REPLACE if queries.entry_count(con) == 0 else MERGE
    rows: dict[str, list[dict[str, Any]]] = {}
    notes: list[CatalogChange] = []
    removals: dict[str, list[str]] = {}

    logged = queries.existing_ids(con, "practice_log")
    new_log = [row for row in export.tables["practice_log"] if row["id"] not in logged]
    done = Counter(row["practice_id"] for row in new_log if row["status"] == "done")
    rest = Counter(row["practice_id"] for row in new_log if row["status"] != "done")
    practices = merge(
        PRACTICES,
        queries.practice_rows(con),
        export.tables["practices"],
        mode == REPLACE,
        {key: (done[key], rest[key]) for key in done.keys() | rest.keys()},
    )
    categories = merge(
        CATEGORIES,
        queries.category_rows(con),
        export.tables["trigger_categories"],
        mode == REPLACE,
    )
    practice_map = practices.mapped
    category_updates = categories.updates
    for table, merged in (("practices", practices), ("trigger_categories", categories)):
        rows[table], removals[table] = merged.rows, merged.removed
        notes.extend(merged.notes)

    rows["settings"] = _plan_settings(con, export.tables["settings"], notes)
    rows["goals"], rows["goal_ratings"] = _plan_goals(con, export, notes)
    changes: list[TableChange] = []
    joined: dict[str, tuple[str, date]] = {}
    for table in EXPORT_TABLES:
        if table == "session_tasks":
            rows[table] = _plan_tasks(
                con, export.tables[table], rows["sessions"], practice_map, joined, notes
            )
        if table in _ENTRY_TABLES:
            present = queries.existing_ids(con, table)
            new_rows = [row for row in export.tables[table] if row["id"] not in present]
            if table == "practice_log":
                new_rows = [
                    {**row, "practice_id": practice_map[row["practice_id"]]} for row in new_rows
                ]
                new_rows = _practice_day_once(con, new_rows, notes)
            if table == "sessions":
                new_rows, joined = _session_day_once(con, new_rows)
            if table == "measure_responses":
                new_rows = _one_a_day(con, new_rows, notes)
            rows[table] = new_rows
        dated = table in _ENTRY_TABLES or table == "goal_ratings"
        days = [_entry_day(row) for row in rows[table]] if dated else []
        changes.append(
            TableChange(
                table,
                in_file=export.count(table),
                to_add=len(rows[table]),
                already_there=export.count(table) - len(rows[table]),
                first_day=min(days) if days else None,
                last_day=max(days) if days else None,
            )
        )
    return RestorePlan(mode, changes, rows, notes, removals, category_updates)


def _plan_goals(
    con: Connection, export: JournalExport, notes: list[CatalogChange]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The file's goals and ratings the journal does not have (by id), but a rating of a goal
    on a day the journal (or the file, earlier) already rates it: said in one note."""
    present = queries.existing_ids(con, "goals")
    goals = [row for row in export.tables.get("goals", []) if row["id"] not in present]
    rated_ids = queries.existing_ids(con, "goal_ratings")
    rated = queries.goal_rating_days(con)
    ratings, skipped = [], 0
    for row in export.tables.get("goal_ratings", []):
        if row["id"] in rated_ids:
            continue
        if (row["goal_id"], row["day"]) in rated:
            skipped += 1
            continue
        rated.add((row["goal_id"], row["day"]))
        ratings.append(row)
    if skipped:
        notes.append(
            CatalogChange(
                "goal_ratings",
                words.goal_ratings(skipped),
                KEPT,
                words.goal_ratings_kept(skipped),
                group=True,
            )
        )
    return goals, ratings


def _goal_problems(con: Connection, plan: RestorePlan) -> list[Problem]:
    """A goal or rating id twice, a goal rated twice on a day, a rating of no goal, and more
    goals active than the app allows (`gbo.MAX_ACTIVE`) with the journal's and the file's."""
    problems = _too_many_active(con, plan)
    goal_ids = queries.existing_ids(con, "goals")
    for row in plan.rows.get("goals", []):
        if row["id"] in goal_ids:
            problems.append(
                Problem(TABLE_LABELS["goals"], words.there_twice(shown(row["id"])), field="id")
            )
        goal_ids.add(row["id"])
    rating_ids = queries.existing_ids(con, "goal_ratings")
    rated = queries.goal_rating_days(con)
    label = TABLE_LABELS["goal_ratings"]
    for row in plan.rows.get("goal_ratings", []):
        if row["id"] in rating_ids:
            problems.append(Problem(label, words.added_twice(shown(row["id"])), field="id"))
        rating_ids.add(row["id"])
        if (row["goal_id"], row["day"]) in rated:
            problems.append(Problem(label, words.goal_rated_twice(row["day"]), field="day"))
        rated.add((row["goal_id"], row["day"]))
        if row["goal_id"] not in goal_ids:
            problems.append(Problem(label, words.no_goal(shown(row["goal_id"])), field="goal_id"))
    return problems


def _too_many_active(con: Connection, plan: RestorePlan) -> list[Problem]:
    """A merge that would leave more goals active than the app allows: the file's checks keep
    its own to `MAX_ACTIVE`, but the journal may be working on some already. Refused with what
    the person can do (ending a goal of theirs), never by choosing which goal to leave out."""
    active = queries.active_goal_ids(con)
    adding = [
        row
        for row in plan.rows.get("goals", [])
        if row["status"] == GoalStatus.ACTIVE and row["id"] not in active
    ]
    total = len(active) + len(adding)
    if not adding or total <= MAX_ACTIVE:
        return []
    return [
        Problem(
            TABLE_LABELS["goals"],
            words.too_many_active(len(adding), len(active), MAX_ACTIVE),
            field="status",
        )
    ]


def _one_a_day(
    con: Connection, responses: list[dict[str, Any]], notes: list[CatalogChange]
) -> list[dict[str, Any]]:
    """The file's new responses but those on a day the journal has one of that measure already
    (each is said in a note: the person's stays)."""
    answered = queries.response_days(con)
    kept = []
    for row in responses:
        if (row["measure"], row["day"]) in answered:
            name = MEASURES[row["measure"]].name
            notes.append(
                CatalogChange(
                    "measure_responses",
                    words.questionnaire_on(name, row["day"]),
                    KEPT,
                    words.questionnaire_kept(name),
                )
            )
        else:
            kept.append(row)
    return kept


def _practice_day_once(
    con: Connection, logs: list[dict[str, Any]], notes: list[CatalogChange]
) -> list[dict[str, Any]]:
    """The file's new practice logs but those of a practice on a day it is already logged (in the
    journal, or earlier in the file): said in one note, the journal's log stays."""
    logged = queries.practice_days(con)
    kept = []
    for row in logs:
        day = (row["practice_id"], row["local_time"].date())
        if day not in logged:
            logged.add(day)
            kept.append(row)
    skipped = len(logs) - len(kept)
    if skipped:
        notes.append(
            CatalogChange(
                "practice_log",
                words.practice_days(skipped),
                KEPT,
                words.practice_days_kept(skipped),
                group=True,
            )
        )
    return kept


def _plan_tasks(
    con: Connection,
    tasks: list[dict[str, Any]],
    new_sessions: list[dict[str, Any]],
    practice_map: Mapping[str, str],
    joined: Mapping[str, tuple[str, date]],
    notes: list[CatalogChange],
) -> list[dict[str, Any]]:
    """The file's tasks the journal does not have, of a session it has or is adding; a task's
    practice is the one the restore maps it to (none when the practice is not there).

    A task of a session left out as a second on its date (`joined`: the file's session id to
    the kept session's id and day) joins the kept session, after its tasks, with its mark and
    note, so nothing agreed in a session is lost; one whose words (ends trimmed, any case) the
    kept session holds already is not added twice. Each such session is said in one note."""
    present = queries.existing_task_ids(con)
    sessions = set(queries.session_ids(con)) | {row["id"] for row in new_sessions}
    held = queries.session_tasks_by_session(con)
    texts = {sid: {text.strip().casefold() for text, _ in rows} for sid, rows in held.items()}
    after = {sid: max(position for _, position in rows) + 1 for sid, rows in held.items()}
    counted: dict[str, list[int]] = {file_id: [0, 0] for file_id in joined}
    planned = []
    for row in sorted(tasks, key=lambda task: task["position"]):  # a joining task keeps its order
        if row["id"] in present:
            continue
        practice_id = practice_map.get(row["practice_id"]) if row["practice_id"] else None
        if row["session_id"] in joined:
            kept_id = joined[row["session_id"]][0]
            task_text = row["text"].strip().casefold()
            known = texts.setdefault(kept_id, set())
            if task_text in known:
                counted[row["session_id"]][1] += 1
                continue
            known.add(task_text)
            position = after.get(kept_id, 0)
            after[kept_id] = position + 1
            counted[row["session_id"]][0] += 1
            planned.append(
                {**row, "session_id": kept_id, "position": position, "practice_id": practice_id}
            )
        elif row["session_id"] in sessions:
            planned.append({**row, "practice_id": practice_id})
    for file_id, (_, day) in joined.items():
        added, held_already = counted[file_id]
        notes.append(
            CatalogChange(
                "sessions", f"{day:%Y-%m-%d}", KEPT, words.session_kept(added, held_already)
            )
        )
    return planned


def _session_day_once(
    con: Connection, sessions: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, tuple[str, date]]]:
    """The file's new sessions but those on a date that already has one (in the journal, or
    earlier in the file), and those left out: their id to the kept session's id and day, for
    their tasks to join it (`_plan_tasks`, which says each in a note)."""
    by_day = {day: session_id for session_id, day in queries.session_ids(con).items()}
    kept = []
    joined: dict[str, tuple[str, date]] = {}
    for row in sessions:
        if row["day"] in by_day:
            joined[row["id"]] = (by_day[row["day"]], row["day"])
        else:
            by_day[row["day"]] = row["id"]
            kept.append(row)
    return kept, joined


_SETTING_NAMES = {
    "measures_in_use": "questionnaires in use",
    "crisis_region": "crisis line region",
    THERAPY_ENDED_SETTING: "therapy ended",
    PLAN_WARNING_SIGNS_SETTING: "my plan: warning signs",
    PLAN_WHAT_HELPS_SETTING: "my plan: what helps",
    PLAN_STEPS_SETTING: "my plan: my steps",
    SCHEDULE_SETTING: "session schedule",
    CALENDAR_WITHDRAWN_SETTING: "calendar: dates no longer booked",
}


def _setting_words(key: str, value: str) -> str:
    """A setting's value as a person chose it: "PHQ-9, WHO-5", "United Kingdom and Ireland"."""
    if key == "measures_in_use":
        return ", ".join(MEASURES[k].name for k in value.split(",") if k in MEASURES) or "none"
    if key == "crisis_region" and value in CRISIS_REGIONS:
        return CRISIS_REGIONS[value].name
    if key in PLAN_SETTINGS:
        # The person's own words: private text, never quoted in a preview.
        return words.own_words(len(value))
    if key == SCHEDULE_SETTING:
        return sessions.schedule_words(schedule.from_text(value)).rstrip(".")
    if key == CALENDAR_WITHDRAWN_SETTING:
        return phrases.count(len([d for d in value.split(",") if d]), "date")
    return value


def _plan_settings(
    con: Connection, settings: list[dict[str, Any]], notes: list[CatalogChange]
) -> list[dict[str, Any]]:
    """The file's settings the journal has not made yet; a different one of the person's stays."""
    mine = queries.setting_values(con)
    to_add = []
    for row in settings:
        key, theirs = row["key"], _setting_words(row["key"], row["value"])
        name = _SETTING_NAMES.get(key, key)
        if key not in mine:
            to_add.append(row)
            notes.append(CatalogChange("settings", name, ADDED, words.setting_added(theirs)))
        elif mine[key] != row["value"]:
            notes.append(
                CatalogChange(
                    "settings",
                    name,
                    KEPT,
                    words.setting_kept(_setting_words(key, mine[key]), theirs),
                )
            )
    return to_add


def restore(con: Connection, export: JournalExport | bytes | str | Path | IO[bytes]) -> RestorePlan:
    """Restore an export into this journal in one transaction; return what was done.

    Raises `RestoreError` (journal untouched) if the zip does not pass every check.
    The plan is worked out again inside the transaction, so an entry added in another tab
    since the preview is not added twice. A restore that would change nothing takes no backup
    and writes nothing.
    """
    if not isinstance(export, JournalExport):
        export = read_export(export, target=con)
    preview = plan_restore(con, export)
    if preview.adds_nothing:
        return preview
    _refuse_if_broken(con, preview)
    backup_before(con, "restore")
    with transaction(con):
        plan = plan_restore(con, export)
        _refuse_if_broken(con, plan)
        for table in queries.CATALOG_TABLES:
            queries.delete_catalog_rows(con, table, plan.removals.get(table, []))
        for update in plan.category_updates:
            queries.set_category_place(con, update["name"], update["position"], update["active"])
        for table in queries.CATALOG_TABLES:
            queries.insert_catalog_rows(con, table, plan.rows[table])
        for kind in EntryKind:
            insert_rows(con, kind, plan.rows[kind.value])
        queries.insert_tasks(con, plan.rows["session_tasks"])
        queries.insert_settings(con, plan.rows["settings"])
        for table in queries.GOAL_TABLES:  # goals first: a rating names its goal
            queries.insert_goal_rows(con, table, plan.rows[table])
    return plan


def plan_problems(con: Connection, plan: RestorePlan) -> list[Problem]:
    """What in `plan` would break a rule of the journal's tables (a key or a name twice, a log row
    pointing at no practice): empty for every plan `plan_restore` makes, but one that would leave
    more goals active than the app allows (the journal's and the file's together). Checked by
    the preview, before the backup is taken and again inside the transaction, so a mistake in
    planning is a calm refusal naming the row, never a database error halfway."""
    problems: list[Problem] = []
    practices = [
        row
        for row in queries.practice_rows(con)
        if row["id"] not in plan.removals.get("practices", [])
    ]
    categories = [
        row
        for row in queries.category_rows(con)
        if row["name"] not in plan.removals.get("trigger_categories", [])
    ]
    settings = [{"key": key} for key in queries.setting_values(con)]
    checks = (
        ("practices", "id", practices, lambda value: value),
        ("practices", "name", practices, str.casefold),
        ("trigger_categories", "name", categories, lambda value: value),
        ("settings", "key", settings, lambda value: value),
    )
    for table, key, present, normal in checks:
        seen = {normal(row[key]) for row in present}
        for row in plan.rows.get(table, []):
            if normal(row[key]) in seen:
                problems.append(
                    Problem(
                        TABLE_LABELS[table],
                        words.there_twice(shown(row[key])),
                        field=key,
                    )
                )
            seen.add(normal(row[key]))
    practice_ids = {row["id"] for row in practices} | {
        row["id"] for row in plan.rows.get("practices", [])
    }
    answered = queries.response_days(con)
    logged = queries.practice_days(con)
    dates = queries.session_dates(con)
    for table in _ENTRY_TABLES:
        seen = set()
        for row in plan.rows.get(table, []):
            if row["id"] in seen:
                problems.append(
                    Problem(TABLE_LABELS[table], words.added_twice(shown(row["id"])), field="id")
                )
            seen.add(row["id"])
            if table == "measure_responses":
                day = (row["measure"], row["day"])
                if day in answered:
                    problems.append(
                        Problem(
                            TABLE_LABELS[table],
                            words.second_questionnaire(MEASURES[row["measure"]].name, row["day"]),
                            field="day",
                        )
                    )
                answered.add(day)
            if table == "practice_log":
                day = (row["practice_id"], row["local_time"].date())
                if day in logged:
                    problems.append(
                        Problem(
                            TABLE_LABELS[table],
                            words.logged_twice(shown(row["practice_id"]), row["local_time"]),
                            field="local_time",
                        )
                    )
                logged.add(day)
            if table == "sessions":
                if row["day"] in dates:
                    problems.append(
                        Problem(
                            TABLE_LABELS[table],
                            words.second_session(row["day"]),
                            field="day",
                        )
                    )
                dates.add(row["day"])
            if table == "practice_log" and row["practice_id"] not in practice_ids:
                problems.append(
                    Problem(
                        TABLE_LABELS[table],
                        words.no_practice(shown(row["practice_id"])),
                        field="practice_id",
                    )
                )
    problems.extend(_goal_problems(con, plan))
    return problems


def plan_refusal(con: Connection, plan: RestorePlan) -> RestoreError | None:
    """The refusal `restore` would raise for `plan` (`plan_problems`), for the preview to show
    before the person clicks Restore; None when the plan can be written."""
    problems = plan_problems(con, plan)
    return RestoreError(problems) if problems else None


def _refuse_if_broken(con: Connection, plan: RestorePlan) -> None:
    refusal = plan_refusal(con, plan)
    if refusal is not None:
        raise refusal


def _entry_day(row: Mapping[str, Any]) -> date:
    return row["day"] if "day" in row else row["local_time"].date()
