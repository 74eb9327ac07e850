"""Writing a file the person asked for (a PDF brief, an export zip): whole or not at all, never
over their journal, and never over an existing file unless they said so.

`check_out_path` refuses an output path that resolves (through symlinks, `..`, relative paths,
hard links) to the journal, its write-ahead log, anything in its backups folder, the demo
journal beside it, or a damaged journal kept beside it. `write_whole_file` writes to a hidden
temporary file in the same folder (created owner-only, 0600), fsyncs it, and only then moves it
into place with one atomic rename: a full disk, a killed process or an exception mid-write
leaves no partial or empty file, and an existing file is never truncated.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from analytics.paths import DEMO_FILE
from analytics.storage.backup_files import backups_dir
from analytics.storage.base import JournalError

PARTIAL_SUFFIX = ".partial"


class OutRefused(JournalError):
    """The output path was refused; the message names the file and says what to do. Nothing was written."""


def _protected(journal: Path) -> tuple[Path, list[str]]:
    """The journal's folder and the name prefixes that belong to it there."""
    journal = Path(journal).expanduser().resolve()
    return journal.parent, [journal.name, DEMO_FILE]


def _belongs_to(name: str, journal_name: str) -> bool:
    """The journal file itself, its write-ahead log, or a damaged copy kept beside it."""
    return name in (journal_name, f"{journal_name}.wal") or name.startswith(
        f"{journal_name}.damaged-"
    )


def check_out_path(out: str | Path, journal: str | Path | None, *, force: bool = False) -> Path:
    """Refuse (`OutRefused`) an output path that is, or is inside, what keeps the journal safe,
    or that already exists (unless `force`). Returns `out` unchanged when it may be written."""
    out = Path(out)
    resolved = out.expanduser().resolve()
    if journal is not None and str(journal) != ":memory:":
        folder, names = _protected(Path(journal))
        backups = backups_dir(folder / names[0]).resolve()
        journal_file = folder / names[0]
        what = None
        if resolved.is_relative_to(backups):
            what = f"inside the journal's backups folder ({backups})"
        elif resolved.parent == folder and any(_belongs_to(resolved.name, n) for n in names):
            what = (
                f"the journal at {journal_file} (or its write-ahead log)"
                if _belongs_to(resolved.name, names[0])
                else f"the demo journal beside it ({folder / DEMO_FILE})"
            )
        elif resolved.exists():
            for name in names:
                for candidate in (folder / name, folder / f"{name}.wal"):
                    with contextlib.suppress(OSError):
                        if candidate.exists() and os.path.samefile(resolved, candidate):
                            what = f"the same file as {candidate}"
        if what:
            raise OutRefused(
                f"Refused to write to {out}: that is {what}. Writing there would destroy your "
                "journal or a backup. Nothing was written; choose another --out path, outside "
                "the backups folder."
            )
    if resolved.is_dir():
        raise OutRefused(
            f"{out} is a folder. Nothing was written; give --out a file name, e.g. {out / 'brief.pdf'}."
        )
    if resolved.exists() and not force:
        raise OutRefused(
            f"{out} already exists and was left as it is. Choose another --out path, or add "
            "--force to replace it."
        )
    return out


def write_whole_file(path: str | Path, data: bytes, *, replace: bool = True) -> Path:
    """Write `data` to `path` owner-only (0600): whole or not at all.

    The bytes go to a hidden temporary file beside `path`, are flushed to disk (fsync), and the
    file is then renamed into place (atomic). With `replace=False` an existing file is never
    replaced (`OutRefused`). On any failure the temporary file is removed and an existing file
    at `path` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX
    )
    temporary = Path(temporary)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            _link_without_replacing(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)
    return path


def _link_without_replacing(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)  # fails if `path` exists: no window in which it could be replaced
    except FileExistsError:
        raise OutRefused(
            f"{path} already exists and was left as it is. Choose another path, or add --force to replace it."
        ) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links (e.g. FAT): check, then rename.
        if path.exists():
            raise OutRefused(
                f"{path} already exists and was left as it is. Choose another path, or add --force to replace it."
            ) from None
        os.replace(temporary, path)
        return
    temporary.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform can open a folder)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
