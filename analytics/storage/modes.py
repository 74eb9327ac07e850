"""Owner-only files: the journal, its write-ahead log and its backups are readable by their owner alone.

New files: DuckDB creates the journal, its `.wal` and backup files itself, with the process
umask, and it deletes and re-creates the `.wal` at every checkpoint, at any time while the
journal is open. A chmod after creation would leave a window (and miss later `.wal`s), so the
process that opens a journal file narrows its umask for good (`keep_new_files_private`: the
umask gains 0o077, it never loosens). The umask is per process, so this also covers every
thread of the in-process Streamlit server; it is only ever made stricter, under a lock, so two
threads cannot undo each other.

Existing files: `tighten_journal` removes group and other permission bits from the journal,
its `.wal`, the backups folder and the files in it, and the app's own data folder with the demo
journal in it, and returns
what it changed so the caller can say so once (`take_notice`). It never touches a folder the
app did not make its own: when `BETWEEN_DB` points into `/tmp` or a home folder, that folder is
left as it is. Files not owned by this user are left alone (chmod would fail anyway), and no
chmod ever goes through a symlink (a link in backups/ could point anywhere).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from analytics import private_files
from analytics.paths import DEMO_FILES
from analytics.storage.backup_files import backups_dir, real_journal_path

PRIVATE_BITS = private_files.PRIVATE_BITS
tighten = private_files.tighten
"""Remove group and other bits from one file or folder, never through a symlink (`private_files`)."""

_UMASK_LOCK = threading.Lock()
_NOTICES_LOCK = threading.Lock()
_NOTICES: dict[str, list[Path]] = {}


def keep_new_files_private() -> None:
    """From now on this process creates files 0600 and folders 0700 (the umask gains 0o077)."""
    with _UMASK_LOCK:
        current = os.umask(PRIVATE_BITS)
        if current | PRIVATE_BITS != PRIVATE_BITS:
            os.umask(current | PRIVATE_BITS)


def tighten_journal(path: str | Path, *, own_folder: Path | None = None) -> list[Path]:
    """Make the journal at `path`, its `.wal`, its backups folder and backups owner-only.

    `own_folder` is the app's own data folder: it is tightened too when the journal lives in
    it. Returns what was changed (recorded for `take_notice` as well).
    """
    given = Path(path)
    path = real_journal_path(given)  # the file DuckDB opened; its backups sit beside it
    candidates = [path, _wal(path)]
    backups = backups_dir(path)
    if backups.is_dir() and not backups.is_symlink():
        candidates.append(backups)
        candidates.extend(
            sorted(p for p in backups.iterdir() if not p.is_symlink() and p.is_file())
        )
    if own_folder is not None and _same_folder(path.parent, own_folder):
        # The demo journal beside the person's journal is theirs too (it may hold their own entries).
        for name in DEMO_FILES:
            demo = path.with_name(name)
            candidates += [demo, _wal(demo)]
        candidates.append(path.parent)
    changed = [candidate for candidate in dict.fromkeys(candidates) if tighten(candidate)]
    if changed:
        with _NOTICES_LOCK:
            _NOTICES.setdefault(_key(given), []).extend(changed)
    return changed


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def take_notice(path: str | Path) -> str | None:
    """One sentence about what opening the journal at `path` made private, said once; else None."""
    with _NOTICES_LOCK:
        changed = _NOTICES.pop(_key(Path(path)), None)
    if not changed:
        return None
    names = ", ".join(_label(Path(path), p) for p in changed[:4])
    more = f" and {len(changed) - 4} more" if len(changed) > 4 else ""
    return (
        f"Other people on this computer could read some of your journal's files ({names}{more}); "
        "they are now private to you (owner-only). Nothing else changed."
    )


def _label(journal: Path, changed: Path) -> str:
    if _same_folder(changed, journal.parent):
        return f"the folder {changed}"
    try:
        return str(changed.relative_to(journal.parent))
    except ValueError:
        return str(changed)


def _key(path: Path) -> str:
    return os.path.realpath(path)


def _same_folder(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)
