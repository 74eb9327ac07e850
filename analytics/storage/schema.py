"""The journal's tables, as a list of migrations applied in order.

A journal file records its `schema_version`. Opening a file runs every migration above that
version, each in its own transaction together with the version bump, so a file is always at
a version it can name. Migrations only ever add: old rows survive every upgrade.

Timestamps are stored as the person's wall-clock time (`local_time`, a naive TIMESTAMP) with
its UTC offset in minutes (`utc_offset_min`): "Monday morning" stays Monday morning after
travel or a daylight-saving change.
"""

from __future__ import annotations

from dataclasses import dataclass


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

# No ART indexes on time columns: DuckDB's zone maps already prune range scans, and an
# index would slow bulk imports and block later ALTERs.
MIGRATIONS: tuple[Migration, ...] = (VERSION_1, VERSION_2, VERSION_3)
LATEST_VERSION = MIGRATIONS[-1].version
ENTRY_TABLES = (*_ENTRY_TABLES, "measure_responses")
"""Every table of entries a person makes (catalogs and settings aside), at the latest version."""
