"""The journal's tables, as a list of migrations applied in order.

A journal file records its `schema_version`. Opening a file runs every migration above that
version, each in its own transaction together with the version bump, so a file is always at
a version it can name, and `storage.connect` backs the file up before any of them runs.
Migrations add, with one exception: VERSION_4 folds the duplicates two tabs saving at once
could store before what counts once was a rule of the schema (each removed row is in that
backup; how the kept row is chosen is said there).

Timestamps are stored as the person's wall-clock time (`local_time`, a naive TIMESTAMP) with
its UTC offset in minutes (`utc_offset_min`): "Monday morning" stays Monday morning after
travel or a daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.entries import LONG_TEXT_MAX, SHORT_TEXT_MAX


@dataclass(frozen=True)
class Migration:
    version: int
    purpose: str
    statements: tuple[str, ...]


_AUDIT = """
    created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
"""

VERSION_1 = Migration(
    1,
    "the first journal: check-ins, triggers, practices, reflections, sessions",
    (
        f"""CREATE TABLE check_ins (
            id VARCHAR PRIMARY KEY,
            local_time TIMESTAMP NOT NULL,
            utc_offset_min SMALLINT NOT NULL,
            wellbeing DOUBLE NOT NULL CHECK (wellbeing BETWEEN 0 AND 10),
            anxiety DOUBLE CHECK (anxiety BETWEEN 0 AND 10),
            energy DOUBLE CHECK (energy BETWEEN 0 AND 10),
            emotions VARCHAR NOT NULL DEFAULT '',
            note VARCHAR NOT NULL DEFAULT '',
            {_AUDIT})""",
        """CREATE TABLE trigger_categories (
            name VARCHAR PRIMARY KEY,
            position INTEGER NOT NULL,
            active BOOLEAN NOT NULL DEFAULT true)""",
        f"""CREATE TABLE triggers (
            id VARCHAR PRIMARY KEY,
            local_time TIMESTAMP NOT NULL,
            utc_offset_min SMALLINT NOT NULL,
            category VARCHAR NOT NULL,
            what_happened VARCHAR NOT NULL DEFAULT '',
            intensity DOUBLE NOT NULL CHECK (intensity BETWEEN 0 AND 10),
            response VARCHAR NOT NULL DEFAULT '',
            response_kind VARCHAR NOT NULL CHECK (response_kind IN ('new_skill', 'old_pattern', 'other')),
            helped DOUBLE CHECK (helped BETWEEN 0 AND 10),
            note VARCHAR NOT NULL DEFAULT '',
            {_AUDIT})""",
        f"""CREATE TABLE practices (
            id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL UNIQUE,
            description VARCHAR NOT NULL DEFAULT '',
            weekly_target SMALLINT NOT NULL CHECK (weekly_target BETWEEN 1 AND 7),
            active BOOLEAN NOT NULL DEFAULT true,
            {_AUDIT})""",
        f"""CREATE TABLE practice_log (
            id VARCHAR PRIMARY KEY,
            local_time TIMESTAMP NOT NULL,
            utc_offset_min SMALLINT NOT NULL,
            practice_id VARCHAR NOT NULL,
            minutes SMALLINT,
            note VARCHAR NOT NULL DEFAULT '',
            first_time BOOLEAN NOT NULL DEFAULT false,
            {_AUDIT})""",
        f"""CREATE TABLE reflections (
            id VARCHAR PRIMARY KEY,
            day DATE NOT NULL,
            noticing VARCHAR NOT NULL DEFAULT '',
            tried_new VARCHAR NOT NULL DEFAULT '',
            hard_learned VARCHAR NOT NULL DEFAULT '',
            bring_next VARCHAR NOT NULL DEFAULT '',
            free_text VARCHAR NOT NULL DEFAULT '',
            {_AUDIT})""",
        f"""CREATE TABLE sessions (
            id VARCHAR PRIMARY KEY,
            day DATE NOT NULL,
            note VARCHAR NOT NULL DEFAULT '',
            {_AUDIT})""",
    ),
)

_ENTRY_TABLES = ("check_ins", "triggers", "practice_log", "reflections", "sessions")

VERSION_2 = Migration(
    2,
    "where an entry came from (for imports that never duplicate), rest days and practice amounts",
    tuple(
        statement
        for table in _ENTRY_TABLES
        for statement in (
            f"ALTER TABLE {table} ADD COLUMN source VARCHAR NOT NULL DEFAULT 'journal'",
            f"ALTER TABLE {table} ADD COLUMN source_key VARCHAR",
        )
    )
    + (
        "ALTER TABLE practice_log ADD COLUMN status VARCHAR NOT NULL DEFAULT 'done'",
        "ALTER TABLE practice_log ADD COLUMN amount DOUBLE",
    ),
)

_ITEM_COLUMNS = ",\n            ".join(
    f"item_{i} SMALLINT CHECK (item_{i} BETWEEN 0 AND 5)" for i in range(1, 10)
)

VERSION_3 = Migration(
    3,
    "questionnaire responses (PHQ-9, GAD-7, WHO-5) and the person's settings",
    (
        # One column per item (PHQ-9 has the most, 9); the unused ones stay NULL. Columns,
        # not a list, so an export is a plain table a spreadsheet reads.
        f"""CREATE TABLE measure_responses (
            id VARCHAR PRIMARY KEY,
            day DATE NOT NULL,
            measure VARCHAR NOT NULL CHECK (measure IN ('phq9', 'gad7', 'who5')),
            {_ITEM_COLUMNS},
            total SMALLINT NOT NULL CHECK (total BETWEEN 0 AND 100),
            source VARCHAR NOT NULL DEFAULT 'journal',
            source_key VARCHAR,
            {_AUDIT})""",
        """CREATE TABLE settings (
            key VARCHAR PRIMARY KEY,
            value VARCHAR NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)""",
    ),
)


def _fold_duplicates(table: str, key: str, order: str) -> tuple[str, ...]:
    """Statements that leave one row of `table` per `key` (an SQL expression): the first in
    `order`. The notes of the rows removed (`note`, where the table has one) are added to the
    kept row's, each distinct one once, in `order`, separated by a blank line, when they fit the
    note's limit (`LONG_TEXT_MAX`); otherwise the kept row's note stays as it was, and the
    others are in the backup taken before this migration."""
    with_note = table != "measure_responses"
    ranked = f"""SELECT id, {"note, " if with_note else ""}{key} AS k,
                   row_number() OVER (PARTITION BY {key} ORDER BY {order}) AS r
               FROM {table}"""
    statements = []
    if with_note:
        statements.append(
            f"""UPDATE {table} SET note = merged.note, updated_at = current_timestamp
            FROM (
                SELECT k, string_agg(note, chr(10) || chr(10) ORDER BY r) AS note
                FROM (SELECT k, note, min(r) AS r FROM ({ranked}) WHERE note <> '' GROUP BY k, note)
                GROUP BY k HAVING count(*) > 1
            ) AS merged, ({ranked}) AS keeper
            WHERE {table}.id = keeper.id AND keeper.r = 1 AND keeper.k = merged.k
              AND length(merged.note) <= {LONG_TEXT_MAX}"""
        )
    statements.append(f"DELETE FROM {table} WHERE id IN (SELECT id FROM ({ranked}) WHERE r > 1)")
    return tuple(statements)


_MOST_COMPLETE_LOG = """status = 'done' DESC,
    (minutes IS NOT NULL)::INT + (amount IS NOT NULL)::INT + (note <> '')::INT + first_time::INT DESC,
    created_at, id"""

VERSION_4 = Migration(
    4,
    "no duplicates of what counts once: one log per practice a day, one session a day, one "
    "response per questionnaire a day, practice and trigger category names whatever their case",
    (
        # Duplicates a race stored before this version (two tabs saving at the same moment):
        # practices whose names differ only in case keep the earliest name, the later ones get
        # " (2)", " (3)"... (cut to fit the name's limit), so no log changes practice;
        f"""UPDATE practices SET name = left(practices.name, {SHORT_TEXT_MAX - 6}) || ' (' || clash.r || ')',
                updated_at = current_timestamp
            FROM (SELECT id, row_number() OVER (PARTITION BY lower(name) ORDER BY created_at, id) AS r
                  FROM practices) AS clash
            WHERE practices.id = clash.id AND clash.r > 1""",
        # trigger categories of one name in another case are one category: the first in the
        # list stays, and its triggers keep their category under that name;
        """UPDATE triggers SET category = c.kept, updated_at = current_timestamp
            FROM (SELECT name, first_value(name) OVER (PARTITION BY lower(name) ORDER BY position, name) AS kept
                  FROM trigger_categories) AS c
            WHERE triggers.category = c.name AND c.name <> c.kept""",
        """DELETE FROM trigger_categories WHERE name IN (
            SELECT name FROM (SELECT name, row_number() OVER (PARTITION BY lower(name) ORDER BY position, name) AS r
                              FROM trigger_categories) WHERE r > 1)""",
        # a practice day logged twice keeps the most complete log (done before rest, then the
        # one with the most of minutes, amount, note, first time), the earliest of equals;
        *_fold_duplicates(
            "practice_log", "(practice_id, CAST(local_time AS DATE))", _MOST_COMPLETE_LOG
        ),
        # a session date twice keeps the earliest one with a note (else the earliest);
        *_fold_duplicates("sessions", "day", "note = '', created_at, id"),
        # a questionnaire answered twice on one day keeps the earliest response, whole.
        *_fold_duplicates("measure_responses", "(measure, day)", "created_at, id"),
    ),
)

VERSION_5 = Migration(
    5,
    "the rules of what counts once, now that no duplicates are left (VERSION_4): DuckDB builds "
    "a unique index only over committed deletions, so they come in a transaction of their own",
    (
        # Two tabs saving at once: one transaction commits, the other's INSERT or COMMIT fails
        # and writes nothing (`storage.journal` says why in words). Later migrations that ALTER
        # these tables may need to drop an index first and create it again.
        "CREATE UNIQUE INDEX one_log_a_practice_day ON practice_log (practice_id, CAST(local_time AS DATE))",
        "CREATE UNIQUE INDEX one_session_a_day ON sessions (day)",
        "CREATE UNIQUE INDEX one_response_a_measure_day ON measure_responses (measure, day)",
        "CREATE UNIQUE INDEX practice_names_unique ON practices (lower(name))",
        "CREATE UNIQUE INDEX trigger_category_names_unique ON trigger_categories (lower(name))",
    ),
)

VERSION_6 = Migration(
    6,
    "the optional difficulty question asked with PHQ-9 and GAD-7 (not scored)",
    (
        # 0 not difficult at all ... 3 extremely difficult; NULL: not answered (or WHO-5).
        # DuckDB cannot add a column with a CHECK: `rows.measure_response_row` checks it.
        "ALTER TABLE measure_responses ADD COLUMN difficulty SMALLINT",
    ),
)

VERSION_7 = Migration(
    7,
    "goals in the person's own words and their 0-10 ratings (the Goal-Based Outcomes tool)",
    (
        # A goal is never deleted when it ends: it is marked reached, changed or let go on a
        # day, and a changed goal's new wording is a goal of its own that names the one it
        # `replaces`, so every rating keeps the words it was given for.
        f"""CREATE TABLE goals (
            id VARCHAR PRIMARY KEY,
            text VARCHAR NOT NULL,
            created DATE NOT NULL,
            status VARCHAR NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'reached', 'changed', 'let_go')),
            status_day DATE,
            replaces VARCHAR,
            source VARCHAR NOT NULL DEFAULT 'journal',
            source_key VARCHAR,
            {_AUDIT})""",
        f"""CREATE TABLE goal_ratings (
            id VARCHAR PRIMARY KEY,
            goal_id VARCHAR NOT NULL,
            day DATE NOT NULL,
            rating SMALLINT NOT NULL CHECK (rating BETWEEN 0 AND 10),
            source VARCHAR NOT NULL DEFAULT 'journal',
            source_key VARCHAR,
            {_AUDIT})""",
        # One rating a goal a day: rating it again that day changes the day's rating.
        "CREATE UNIQUE INDEX one_rating_a_goal_day ON goal_ratings (goal_id, day)",
    ),
)

VERSION_8 = Migration(
    8,
    "sessions as the person lives them (attended, cancelled or missed) and the tasks agreed in one",
    (
        # DuckDB refuses an ALTER of a table a unique index depends on (VERSION_5's note): the
        # index is dropped and made again in this same transaction. Every session stored before
        # this version was one the person logged as held, so it becomes attended.
        "DROP INDEX one_session_a_day",
        "ALTER TABLE sessions ADD COLUMN status VARCHAR NOT NULL DEFAULT 'attended'",
        "CREATE UNIQUE INDEX one_session_a_day ON sessions (day)",
        # `rows.session_task_row` checks the text and the status; a task belongs to one session
        # (deleted with it) and may have become a practice (`practice_id`).
        f"""CREATE TABLE session_tasks (
            id VARCHAR PRIMARY KEY,
            session_id VARCHAR NOT NULL,
            position SMALLINT NOT NULL DEFAULT 0,
            text VARCHAR NOT NULL,
            status VARCHAR NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'done', 'partly', 'not_done')),
            what_got_in_the_way VARCHAR NOT NULL DEFAULT '',
            practice_id VARCHAR,
            {_AUDIT})""",
    ),
)

VERSION_9 = Migration(
    9,
    "an optional night's sleep with a check-in: hours and quality (0-10)",
    (
        # About the night before the check-in's day; NULL: not given (never 0). DuckDB cannot
        # add a column with a CHECK: `rows.sleep_columns` checks them (hours 0-24, quality 0-10).
        "ALTER TABLE check_ins ADD COLUMN sleep_hours DOUBLE",
        "ALTER TABLE check_ins ADD COLUMN sleep_quality DOUBLE",
    ),
)

VERSION_10 = Migration(
    10,
    "the optional 'What got stirred up?' answer of a reflection on the day after a session",
    # reflections has no unique index, so the column is added as it is.
    ("ALTER TABLE reflections ADD COLUMN stirred_up VARCHAR NOT NULL DEFAULT ''",),
)

# No ART indexes on time columns for speed: DuckDB's zone maps already prune range scans,
# and an index would slow bulk imports. The unique indexes of VERSION_5 are rules, not speed.
MIGRATIONS: tuple[Migration, ...] = (
    VERSION_1,
    VERSION_2,
    VERSION_3,
    VERSION_4,
    VERSION_5,
    VERSION_6,
    VERSION_7,
    VERSION_8,
    VERSION_9,
    VERSION_10,
)
LATEST_VERSION = MIGRATIONS[-1].version
ENTRY_TABLES = (*_ENTRY_TABLES, "measure_responses")
"""Every table of entries a person makes (catalogs and settings aside), at the latest version."""
