"""One importer registry: each format's detect, build and limits, tried in one order."""

from __future__ import annotations

import pytest

from analytics.importers import ImportFormat, ImportRefused, daylio, generic_csv, loop, registry


def test_every_format_has_one_importer_tried_loop_daylio_then_any_csv():
    assert [i.format for i in registry.IMPORTERS] == [
        ImportFormat.LOOP,
        ImportFormat.DAYLIO,
        ImportFormat.CSV,
    ]
    for module in (loop, daylio, generic_csv):
        # A plan's source names its importer, so the preview asks the registry, not the name.
        assert registry.importer_for(module.SOURCE).detect is module.detect
    assert registry.detect({"sleep.csv": "day,hours\n2026-01-01,7\n"}) is registry.GENERIC_CSV
    assert registry.detect({"Habits.csv": "", "Walk/Checkmarks.csv": ""}) is registry.LOOP


@pytest.mark.parametrize("importer", [registry.DAYLIO, registry.GENERIC_CSV])
def test_a_one_file_importer_refuses_several(importer):
    with pytest.raises(ImportRefused, match="reads one CSV file; this holds 2"):
        importer.build({"a.csv": "x\n", "b.csv": "y\n"})


def test_only_daylio_places_mood_labels():
    assert [i.mood_labels for i in registry.IMPORTERS] == [False, True, False]
