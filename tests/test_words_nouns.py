"""One table of what each kind of entry is called (`analytics.words.nouns`), read by the
Entries page, search, imports, the sample command and the export alike."""

from __future__ import annotations

from analytics.entries import EntryKind
from analytics.export.journal_zip import TABLE_LABELS
from analytics.words import phrases
from analytics.words.nouns import NOUNS


def test_every_entry_kind_has_each_form():
    for kind in EntryKind:
        noun = NOUNS[kind]
        assert all((noun.one, noun.many, noun.heading, noun.this)), kind


def test_a_session_is_a_therapy_session_wherever_it_is_named():
    # The Entries page said "Delete this session…" while every count said "therapy session".
    noun = NOUNS[EntryKind.SESSION]
    assert noun.one == noun.this == "therapy session"
    assert phrases.count(2, noun.one, noun.many) == "2 therapy sessions"


def test_the_export_names_entry_tables_by_the_same_headings():
    for kind in EntryKind:
        assert TABLE_LABELS[kind.value] == NOUNS[kind].heading
