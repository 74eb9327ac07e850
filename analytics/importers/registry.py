"""The importers, in the one order they are tried: `IMPORTERS = (LOOP, DAYLIO, GENERIC_CSV)`.

Each names its format, how it is recognised (`detect`, the format module's own), how a plan
is built from the loaded files (`build`), and its limits: how many files it reads (Loop a zip
or folder of many, the others one CSV) and whether its rows carry mood labels to place on
the wellbeing scale. `detect_format`, the CLI's `build_plan` and the preview's label table
all ask this registry, so a new format is one entry here and one module beside it.
Every importer shares `MAX_BYTES` (checked when the files are loaded, `load_bytes`/`load_path`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace

from analytics.importers import (
    FORMAT_LABELS,
    ImportFormat,
    ImportRefused,
    Plan,
    SourceFiles,
    daylio,
    generic_csv,
    loop,
)
from analytics.words import import_problems


@dataclass(frozen=True)
class Options:
    """What the person chose: `mood_map` (Daylio labels to the scale), `practices` (None: the
    format's default: every Loop habit, no Daylio activity, no CSV column) and `mapping` (a
    CSV's columns; None: the suggested one)."""

    mood_map: Mapping[str, float] | None = None
    practices: Collection[str] | None = None
    mapping: generic_csv.CsvMapping | None = None


@dataclass(frozen=True)
class Importer:
    format: ImportFormat
    detect: Callable[[SourceFiles], bool]
    read: Callable[[SourceFiles, Options], Plan]
    one_file: bool
    """Reads exactly one CSV (a zip or folder of several is refused)."""
    mood_labels: bool = False
    """Its rows carry mood labels that the preview places on the wellbeing scale."""

    @property
    def label(self) -> str:
        return FORMAT_LABELS[self.format]

    def build(self, files: SourceFiles, options: Options = Options()) -> Plan:
        """The plan for `files` (nothing touches the journal). Raises `ImportRefused`."""
        if self.one_file and len(files) != 1:
            raise ImportRefused(import_problems.one_file_only(self.format.value, len(files)))
        return self.read(files, options)


def _only(files: SourceFiles) -> str:
    return next(iter(files.values()))


def _loop(files: SourceFiles, options: Options) -> Plan:
    return loop.build(files, options.practices)


def _daylio(files: SourceFiles, options: Options) -> Plan:
    return daylio.build(_only(files), options.mood_map, options.practices or ())


def _generic_csv(files: SourceFiles, options: Options) -> Plan:
    table = generic_csv.read_table(_only(files))
    chosen = options.mapping or generic_csv.suggest_mapping(table.columns)
    if options.mapping is None and options.practices:
        chosen = replace(chosen, practices=tuple(options.practices))
    return generic_csv.plan(table, chosen)


LOOP = Importer(ImportFormat.LOOP, loop.detect, _loop, one_file=False)
DAYLIO = Importer(ImportFormat.DAYLIO, daylio.detect, _daylio, one_file=True, mood_labels=True)
GENERIC_CSV = Importer(ImportFormat.CSV, generic_csv.detect, _generic_csv, one_file=True)
IMPORTERS = (LOOP, DAYLIO, GENERIC_CSV)
"""Tried in this order; any CSV (last) claims whatever the others do not."""
_BY_SOURCE = {importer.format.value: importer for importer in IMPORTERS}


def importer_for(fmt: ImportFormat | str) -> Importer:
    """The importer of a format (or of a plan's `source`, which is the format's value)."""
    return _BY_SOURCE[ImportFormat(fmt).value]


def detect(files: SourceFiles) -> Importer:
    """The first importer that claims `files`."""
    return next(importer for importer in IMPORTERS if importer.detect(files))
