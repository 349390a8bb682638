"""Owner-only folders (0700) and files (0600) for everything Pause keeps on disk.

The journal, the consent ledger, the audit cache and the config name clients, colleagues
and the clinician: on a shared machine nobody else may read them. What an older version
(or a umask of 022) left open is tightened on start, never loosened. POSIX only: on
Windows the folders inherit the user profile's ACLs and these calls do nothing.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
_OTHERS = 0o077  # the group and other bits
_SQLITE_SIDECARS = ("-wal", "-shm", "-journal")

_reported: set[str] = set()  # say each fix (or failure) once per process


def enforced() -> bool:
    return os.name == "posix"  # Windows: chmod only flips the read-only flag


def make_dir(path: Path) -> Path:
    """Create `path` 0700 if missing (missing parents get the usual mode); an existing
    folder is left to `tighten`."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)  # umask can only remove bits
    return path


def make_file(path: Path) -> Path:
    """Create `path` empty and 0600 unless it exists; an existing file is left to `tighten`."""
    # There already, or no folder: whoever opens it next reports the latter.
    with contextlib.suppress(FileExistsError, FileNotFoundError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    return path


def sqlite_files(db: Path) -> tuple[Path, ...]:
    """The database and the files SQLite keeps beside it."""
    return (db, *(db.with_name(db.name + suffix) for suffix in _SQLITE_SIDECARS))


def private_sqlite(db: Path, *, own_dir: bool = False) -> Path:
    """A SQLite file that is 0600 before SQLite opens it (and its folder 0700 when it is
    Pause's own). SQLite gives the -wal, -shm and -journal files it creates the database's
    mode, so they are 0600 too; any left by an earlier run are tightened here."""
    folder = [make_dir(db.parent)] if own_dir else []
    make_file(db)
    tighten(*folder, *sqlite_files(db))
    return db


def tighten(*paths: Path) -> list[Path]:
    """Remove group and other access from each existing path (symlinks are not followed
    or changed); say on stderr, once, what was fixed. Returns the paths changed."""
    if not enforced():
        return []
    changed: list[Path] = []
    failed: list[str] = []
    for path in paths:
        try:
            st = os.lstat(path)
        except OSError:
            continue  # absent: nothing to protect
        mode = stat.S_IMODE(st.st_mode)
        if stat.S_ISLNK(st.st_mode) or not mode & _OTHERS:
            continue
        try:
            os.chmod(path, mode & ~_OTHERS)
        except OSError as exc:  # not ours (another owner, read-only mount): say, go on
            failed.append(f"{path} ({exc.strerror or exc})")
            continue
        changed.append(path)
    _say("made private to you (others could read them)", [str(p) for p in changed])
    _say("warning: could not make private; others may read", failed)
    return changed


def _say(what: str, items: list[str]) -> None:
    new = [item for item in items if item not in _reported]
    if new:
        _reported.update(new)
        print(f"pausepost: {what}: {', '.join(new)}", file=sys.stderr)
