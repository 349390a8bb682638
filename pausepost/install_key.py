"""The per-install secret that keys the hashes Pause keeps: the journal's draft hash and the
audit cache's index.

A plain SHA-256 of a draft lets anyone holding the database confirm a guess ("did she
write about Tyler?"); an HMAC with a key kept outside the database does not. The key is
32 random bytes, hex, in `<config dir>/install.key` (0600), made on first use. Losing it
only means older entries no longer match a draft checked again (no data is lost).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pausepost.config import config_dir
from pausepost.errors import ConfigError
from pausepost.private_files import FILE_MODE, make_dir, tighten

KEY_FILE = "install.key"
KEY_BYTES = 32


def load_key(folder: Path | None = None) -> bytes:
    """This install's key (created, 0600, in a 0700 config dir, if there is none yet).
    Raises `ConfigError` for a key file that cannot be read or is damaged."""
    return load_secret(
        folder or config_dir(),
        KEY_FILE,
        KEY_BYTES,
        what="the install key",
        if_damaged="delete it and Pause makes a new one (journal entries already made then "
        "no longer match a draft checked again, and the audit cache starts afresh)",
    )


def load_secret(folder: Path, name: str, size: int, *, what: str, if_damaged: str) -> bytes:
    """`size` random bytes kept hex in `folder/name` (0600; folder 0700), made on first use.
    Raises `ConfigError` naming `what` for a file that cannot be read or is damaged."""
    path = folder / name
    try:
        make_dir(folder)
        if not path.exists():
            _create(path, size)
        tighten(folder, path)
        raw = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise ConfigError(f"cannot read {what} {path}: {reason}") from None
    try:
        secret = bytes.fromhex(raw)
    except ValueError:
        secret = b""
    if len(secret) != size:
        raise ConfigError(f"{what} {path} is damaged; {if_damaged}")
    return secret


def _create(path: Path, size: int) -> None:
    # Written whole under a temporary name, then linked into place: a second process
    # starting at the same moment either wins the link or reads the winner's key, and
    # never sees half a file or has its key replaced after using it.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_bytes(size).hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError:  # no hard links here (some network or FAT file systems)
            if not path.exists():
                os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
