"""Restoring a journal from an export zip (`analytics.export.journal_zip`), checked before anything is written.

The zip is opened and checked first (`analytics.export.zip_reader`): a problem is reported with
the file, the row and the field, and the journal is not touched. Then it writes in one
transaction, always merging, so nothing the person made is removed or changed:

- entries whose id is already there are skipped; restoring the same zip twice adds nothing;
- practices match by id first (an id is the same practice, even renamed since), then by name;
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from analytics import schedule, sessions
from analytics.entries import (
    DEFAULT_PRACTICES,
    DEFAULT_TRIGGER_CATEGORIES,
    SHORT_TEXT_MAX,
    EntryKind,
)
from analytics.export.backups import backup_before
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
from analytics.storage.journal import new_id
from analytics.storage.rows import (
    PLAN_SETTINGS,
    PLAN_STEPS_SETTING,
    PLAN_WARNING_SIGNS_SETTING,
    PLAN_WHAT_HELPS_SETTING,
    THERAPY_ENDED_SETTING,
)
from analytics.words import phrases

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

ADDED, CHANGED, RENAMED, REMOVED, KEPT = "added", "changed", "renamed", "removed", "kept yours"
_PRACTICE_SETTINGS = ("description", "weekly_target")
_STARTER_PRACTICES = {
    (name, description, target) for name, description, target in DEFAULT_PRACTICES
}
_STARTER_CATEGORIES = {name: i for i, name in enumerate(DEFAULT_TRIGGER_CATEGORIES)}


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


@dataclass(frozen=True)
class CatalogChange:
    """One thing a restore does to the practice list or the trigger categories, in words."""

    table: str
    name: str
    action: str
    """`ADDED`, `CHANGED` (a starter item takes the file's settings), `RENAMED` (the file's
    practice added under a new name), `REMOVED` (an unused starter item), or `KEPT` (the person's
    item differs from the file's and stays as it is)."""
    detail: str
    group: bool = False
    """`name` says how many items ("9 starter practices"), `detail` names them."""

    @property
    def label(self) -> str:
        return _CHANGE_LABELS.get(self.table, TABLE_LABELS.get(self.table, self.table))

    def line(self) -> str:
        """The change as one sentence, for the command line."""
        if self.group:
            return f"{self.name[:1].upper()}{self.name[1:]}: {self.action} ({self.detail})"
        return f"{self.label} {self.name!r}: {self.action} ({self.detail})"


_CHANGE_LABELS = {
    "practices": "Practice",
    "trigger_categories": "Trigger category",
    "measure_responses": "Questionnaire",
    "practice_log": "Practice day",
    "sessions": "Therapy session",
    "session_tasks": "Task agreed in a session",
    "settings": "Setting",
    "goal_ratings": "Goal rating",
}


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
            words
            for table, words in _HEADING_WORDS.items()
            if any(c.table == table for c in self.catalog_changes)
        ]
        listed = ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
        return f"What happens to your {listed}:"


def _is_starter_practice(row: Mapping[str, Any]) -> bool:
    """Seeded by the app, and since then never used, edited or retired."""
    return (
        (row["name"], row["description"], row["weekly_target"]) in _STARTER_PRACTICES
        and row["active"]
        and not row["used"]
        and not row["edited"]
    )


def _is_starter_category(row: Mapping[str, Any]) -> bool:
    return (
        _STARTER_CATEGORIES.get(row["name"]) == row["position"]
        and row["active"]
        and not row["used"]
    )


_STARTERS: dict[str, tuple[str, Callable[[Mapping[str, Any]], bool], str]] = {
    "practices": (
        "id",
        _is_starter_practice,
        "a starter practice the app added, never used or edited, and not in the file",
    ),
    "trigger_categories": (
        "name",
        _is_starter_category,
        "a starter category the app added, never used, and not in the file",
    ),
}
"""Per catalog: the key a row is removed by, what makes a row a starter, and why it goes."""


def _retire_starters(
    table: str,
    mine: list[dict[str, Any]],
    in_file: set[str],
    matched: set[str],
    removed: list[str],
    notes: list[CatalogChange],
) -> set[str]:
    """The one rule both catalogs follow in a replace: a starter the app seeded and no one has
    used (or edited) since, that no row of the file matched (`matched`, by key) and whose name
    the file does not have (`in_file`, casefolded), is removed (its key into `removed`), and
    the plan says so. Returns the removed rows' names, casefolded."""
    key, is_starter, why = _STARTERS[table]
    gone = set()
    for row in mine:
        if row[key] not in matched and is_starter(row) and row["name"].casefold() not in in_file:
            gone.add(row["name"].casefold())
            removed.append(row[key])
            notes.append(CatalogChange(table, row["name"], REMOVED, why))
    return gone


def _same_settings(mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    return all(mine[key] == theirs[key] for key in _PRACTICE_SETTINGS)


def _differences(mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> str:
    parts = []
    if mine["weekly_target"] != theirs["weekly_target"]:
        parts.append(
            f"yours is {mine['weekly_target']} times a week, the file's {theirs['weekly_target']}"
        )
    if mine["description"] != theirs["description"]:
        parts.append("the descriptions differ")
    return "; ".join(parts)


def _free_name(name: str, taken: set[str]) -> str:
    """`name (restored)`, or `(restored 2)`, ... : a name no practice has, within the length limit."""
    number = 1
    while True:
        suffix = " (restored)" if number == 1 else f" (restored {number})"
        candidate = name[: SHORT_TEXT_MAX - len(suffix)] + suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1


def plan_restore(con: Connection, export: JournalExport) -> RestorePlan:
    """What restoring `export` into this journal would add, change and remove. Writes nothing."""
    mode = REPLACE if queries.entry_count(con) == 0 else MERGE
    rows: dict[str, list[dict[str, Any]]] = {}
    notes: list[CatalogChange] = []
    removals: dict[str, list[str]] = {"practices": [], "trigger_categories": []}

    logged = queries.existing_ids(con, "practice_log")
    new_log = [row for row in export.tables["practice_log"] if row["id"] not in logged]
    done = Counter(row["practice_id"] for row in new_log if row["status"] == "done")
    rest = Counter(row["practice_id"] for row in new_log if row["status"] != "done")
    practice_map, rows["practices"] = _plan_practices(
        con,
        export.tables["practices"],
        mode,
        notes,
        removals["practices"],
        {key: (done[key], rest[key]) for key in done.keys() | rest.keys()},
    )
    rows["trigger_categories"], category_updates = _plan_categories(
        con, export.tables["trigger_categories"], mode, notes, removals["trigger_categories"]
    )

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


def _plan_practices(
    con: Connection,
    practices: list[dict[str, Any]],
    mode: str,
    notes: list[CatalogChange],
    removed: list[str],
    log_days: Mapping[str, tuple[int, int]],
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The file's practice id -> the journal's, and the practice rows to insert.

    Every row to insert has an id and a name no other practice has, in the journal or in the
    file: a clash gets a new id or a free name ("(restored)", "(restored 2)", ...), and says so.
    `log_days`: per file practice id, the (done, rest) log rows the restore would add.
    """
    mine = queries.practice_rows(con)
    by_id = {row["id"]: row for row in mine}
    by_name = {row["name"].casefold(): row for row in mine}
    taken_ids = set(by_id) | {row["id"] for row in practices}
    taken = set(by_name)
    in_file = {row["name"].casefold() for row in practices}
    practice_map: dict[str, str] = {}
    to_add: list[dict[str, Any]] = []
    matched: set[str] = set()
    starters: list[str] = []

    def add(theirs: dict[str, Any], action: str, why: str) -> None:
        """Add the file's practice, under a new id or a free name if its own are taken."""
        row = dict(theirs)
        if row["id"] in by_id and row["id"] not in removed:
            row["id"] = new_id()
            taken_ids.add(row["id"])
            why += f"; the id it has in the file is already your {by_id[theirs['id']]['name']!r}'s, so it gets a new one"
        if row["name"].casefold() in taken:
            row["name"] = _free_name(theirs["name"], taken | in_file)
            action = RENAMED
            why = f"added as {row['name']!r}, so yours stays as it is ({why})"
        taken.add(row["name"].casefold())
        practice_map[theirs["id"]] = row["id"]
        to_add.append(row)
        if why:
            notes.append(CatalogChange("practices", theirs["name"], action, why))

    # Matches by id first, then by name, so the outcome does not hang on the file's order.
    for theirs in sorted(practices, key=lambda row: row["id"] not in by_id):
        found = by_id.get(theirs["id"]) or by_name.get(theirs["name"].casefold())
        if found is None:
            add(theirs, ADDED, "new in the file")
            continue
        same_id = found["id"] == theirs["id"]
        if found["id"] in matched:
            # Two of the file's practices met the same one of the journal: keep them apart.
            add(
                theirs,
                ADDED,
                f"new in the file; your {found['name']!r} already takes another of its practices",
            )
        elif (
            mode == REPLACE
            and _is_starter_practice(found)
            and (
                not same_id or not _same_settings(found, theirs) or found["name"] != theirs["name"]
            )
        ):
            # A starter the app seeded and no one used or edited: take the file's own row.
            matched.add(found["id"])
            removed.append(found["id"])
            taken.discard(found["name"].casefold())
            if not _same_settings(found, theirs) or found["name"] != theirs["name"]:
                add(
                    theirs,
                    CHANGED,
                    "a starter practice, never used or edited, takes the file's settings"
                    + (f" (it was {found['name']!r})" if found["name"] != theirs["name"] else ""),
                )
            else:
                starters.append(theirs["name"])
                add(theirs, CHANGED, "")
        elif _same_settings(found, theirs) and found["name"] == theirs["name"]:
            matched.add(found["id"])
            practice_map[theirs["id"]] = found["id"]
        elif same_id or _same_settings(found, theirs):
            matched.add(found["id"])
            practice_map[theirs["id"]] = found["id"]
            parts = []
            if found["name"] != theirs["name"]:
                parts.append(
                    f"the file's {theirs['name']!r} is your {found['name']!r} "
                    + ("(same id)" if same_id else "(same name but for capitals)")
                    + ", and your name stays"
                )
            if not _same_settings(found, theirs):
                parts.append(f"your settings stay ({_differences(found, theirs)})")
            parts.append(_days_added(log_days.get(theirs["id"], (0, 0))))
            notes.append(CatalogChange("practices", theirs["name"], KEPT, "; ".join(parts)))
        else:
            # Same name, other settings: the person's practice is not touched; the file's goes beside it.
            add(theirs, RENAMED, _differences(found, theirs))
    if starters:
        notes.append(
            CatalogChange(
                "practices",
                phrases.count(len(starters), "starter practice"),
                CHANGED,
                "never used or edited, they take the file's versions, with the same names and "
                "settings and the file's ids: " + ", ".join(starters),
                group=True,
            )
        )
    if mode == REPLACE:
        _retire_starters("practices", mine, in_file, matched, removed, notes)
    return practice_map, to_add


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
                phrases.count(skipped, "goal rating"),
                KEPT,
                "your journal rates that goal on that day already; one a goal a day counts, "
                "so yours stays" + ("" if skipped == 1 else " each time"),
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
                Problem(
                    TABLE_LABELS["goals"], f"{shown(row['id'])} would be there twice", field="id"
                )
            )
        goal_ids.add(row["id"])
    rating_ids = queries.existing_ids(con, "goal_ratings")
    rated = queries.goal_rating_days(con)
    label = TABLE_LABELS["goal_ratings"]
    for row in plan.rows.get("goal_ratings", []):
        if row["id"] in rating_ids:
            problems.append(Problem(label, f"{shown(row['id'])} would be added twice", field="id"))
        rating_ids.add(row["id"])
        if (row["goal_id"], row["day"]) in rated:
            problems.append(
                Problem(label, f"a goal would be rated twice on {row['day']:%Y-%m-%d}", field="day")
            )
        rated.add((row["goal_id"], row["day"]))
        if row["goal_id"] not in goal_ids:
            problems.append(
                Problem(
                    label,
                    f"{shown(row['goal_id'])} is no goal of the restored journal",
                    field="goal_id",
                )
            )
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
            f"{phrases.count(len(adding), 'active goal')} in the file and "
            f"{phrases.count(len(active), 'active goal')} in your journal would make {total}, "
            f"but at most {MAX_ACTIVE} goals are active at once. Mark one of yours reached, "
            "changed or let go on the Goals page, then restore again",
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
                    f"{name} on {row['day']:%Y-%m-%d}",
                    KEPT,
                    f"your journal has a {name} that day already; one a day counts, so yours stays "
                    "and the file's is not added",
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
                phrases.count(skipped, "practice day"),
                KEPT,
                "already logged in your journal; a practice day counts once, so yours stay"
                if skipped != 1
                else "already logged in your journal; a practice day counts once, so yours stays",
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
            words = row["text"].strip().casefold()
            known = texts.setdefault(kept_id, set())
            if words in known:
                counted[row["session_id"]][1] += 1
                continue
            known.add(words)
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
                "sessions", f"{day:%Y-%m-%d}", KEPT, _kept_session_words(added, held_already)
            )
        )
    return planned


def _kept_session_words(added: int, held_already: int) -> str:
    """Why the file's session on a date the journal has is not added, and what becomes of its
    tasks: true for none, one and many."""
    kept = (
        "your journal has a therapy session that day already; a date counts once, so yours "
        "stays and the file's is not added"
    )
    if added and held_already:
        return (
            f"{kept}; of its {phrases.count(added + held_already, 'task')}, "
            f"{added} {'is' if added == 1 else 'are'} added to yours and "
            f"{held_already} {'was' if held_already == 1 else 'were'} there already"
        )
    if added:
        return (
            f"{kept}; its {phrases.count(added, 'task')} {'is' if added == 1 else 'are'} "
            "added to yours"
        )
    if held_already:
        return (
            f"{kept}; its {phrases.count(held_already, 'task')} "
            f"{'was' if held_already == 1 else 'were'} in yours already"
        )
    return kept


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
}


def _setting_words(key: str, value: str) -> str:
    """A setting's value as a person chose it: "PHQ-9, WHO-5", "United Kingdom and Ireland"."""
    if key == "measures_in_use":
        return ", ".join(MEASURES[k].name for k in value.split(",") if k in MEASURES) or "none"
    if key == "crisis_region" and value in CRISIS_REGIONS:
        return CRISIS_REGIONS[value].name
    if key in PLAN_SETTINGS:
        # The person's own words: private text, never quoted in a preview.
        return f"your own words ({phrases.count(len(value), 'character')})"
    if key == SCHEDULE_SETTING:
        return sessions.schedule_words(schedule.from_text(value)).rstrip(".")
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
            notes.append(CatalogChange("settings", name, ADDED, f"set to {theirs}"))
        elif mine[key] != row["value"]:
            notes.append(
                CatalogChange(
                    "settings",
                    name,
                    KEPT,
                    f"yours stays ({_setting_words(key, mine[key])}); the file's is {theirs}",
                )
            )
    return to_add


def _days_added(days: tuple[int, int]) -> str:
    done, rest = days
    said = f"its {done} done {phrases.plural(done, 'day')}"
    if rest:
        said += f" and {rest} rest {phrases.plural(rest, 'day')}"
    return said + (" are" if done + rest != 1 else " is") + " added to it"


def _plan_categories(
    con: Connection,
    categories: list[dict[str, Any]],
    mode: str,
    notes: list[CatalogChange],
    removed: list[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The trigger categories to insert, and the starter ones to move or retire as in the file."""
    mine = queries.category_rows(con)
    by_name = {row["name"].casefold(): row for row in mine}
    in_file = {row["name"].casefold() for row in categories}
    gone: set[str] = set()
    if mode == REPLACE:
        gone = _retire_starters("trigger_categories", mine, in_file, set(), removed, notes)
    updates: list[dict[str, Any]] = []
    positions = {row["position"] for row in mine if row["name"].casefold() not in gone}
    to_add: list[dict[str, Any]] = []
    for theirs in categories:
        found = by_name.get(theirs["name"].casefold())
        if found is None:
            to_add.append(theirs)
            notes.append(
                CatalogChange("trigger_categories", theirs["name"], ADDED, "new in the file")
            )
        elif (found["position"], found["active"]) == (theirs["position"], theirs["active"]):
            continue
        elif mode == REPLACE and _is_starter_category(found):
            positions.discard(found["position"])
            positions.add(theirs["position"])
            updates.append({**theirs, "name": found["name"]})
            notes.append(
                CatalogChange(
                    "trigger_categories",
                    found["name"],
                    CHANGED,
                    "a starter category, never used, takes the file's settings: "
                    + ", ".join(
                        part
                        for part, differs in (
                            (
                                f"place {theirs['position'] + 1}",
                                found["position"] != theirs["position"],
                            ),
                            (
                                "retired" if not theirs["active"] else "in use",
                                found["active"] != theirs["active"],
                            ),
                        )
                        if differs
                    ),
                )
            )
        elif found["active"] != theirs["active"]:
            notes.append(
                CatalogChange(
                    "trigger_categories",
                    found["name"],
                    KEPT,
                    "yours stays "
                    + ("in use" if found["active"] else "retired")
                    + ", as in your journal",
                )
            )
    # New categories keep the file's place when it is free, else go after the others.
    placed = []
    for row in to_add:
        position = row["position"]
        if position in positions:
            position = max(positions) + 1
        positions.add(position)
        placed.append({**row, "position": position})
    return placed, updates


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
                        f"{shown(row[key])} would be there twice",
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
                    Problem(
                        TABLE_LABELS[table], f"{shown(row['id'])} would be added twice", field="id"
                    )
                )
            seen.add(row["id"])
            if table == "measure_responses":
                day = (row["measure"], row["day"])
                if day in answered:
                    problems.append(
                        Problem(
                            TABLE_LABELS[table],
                            f"a second {MEASURES[row['measure']].name} on "
                            f"{row['day']:%Y-%m-%d} would be added",
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
                            f"{shown(row['practice_id'])} would be logged twice on "
                            f"{row['local_time']:%Y-%m-%d}",
                            field="local_time",
                        )
                    )
                logged.add(day)
            if table == "sessions":
                if row["day"] in dates:
                    problems.append(
                        Problem(
                            TABLE_LABELS[table],
                            f"a second session on {row['day']:%Y-%m-%d} would be added",
                            field="day",
                        )
                    )
                dates.add(row["day"])
            if table == "practice_log" and row["practice_id"] not in practice_ids:
                problems.append(
                    Problem(
                        TABLE_LABELS[table],
                        f"{shown(row['practice_id'])} is no practice of the restored journal",
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
