"""One view over the containers exports arrive in: zip, tar.gz, a folder, or a single file.

Members are read as streams (never whole), through a counting wrapper that feeds the
progress bar and turns low-level damage (bad CRC, truncated deflate) into a typed error
naming the member.
"""

from __future__ import annotations

import io
import os
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, cast

from pausepost.importers.errors import CorruptArchiveError, FileFormatError, Problem
from pausepost.importers.zipsalvage import MemberReader, SalvagedMember, scan

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_GZIP_MAGIC = b"\x1f\x8b"


class Archive:
    """Base: a set of named files, readable one stream at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bytes_read = 0
        self.problems: list[Problem] = []

    def names(self) -> list[str]:
        raise NotImplementedError

    def size(self, name: str) -> int:
        raise NotImplementedError

    def local_path(self, name: str) -> Path | None:
        """A real path on disk for `name` (folders only), so image checks can open it."""
        return None

    def display(self, name: str) -> str:
        """How a member is named in messages and reports: export name + member path."""
        return f"{self.root.name}/{name}" if name != self.root.name else name

    @property
    def total_bytes(self) -> int:
        return sum(self.size(n) for n in self.names())

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        raw = self._open_raw(name)
        try:
            yield _CountingReader(raw, self, self.display(name))  # type: ignore[misc]
        finally:
            raw.close()

    def _open_raw(self, name: str) -> BinaryIO:
        raise NotImplementedError

    def read_member(self, name: str, limit: int) -> bytes | None:
        """A small member (a photo) whole, or None if larger than `limit` or unreadable.
        Not counted as progress: progress follows the posts files."""
        try:
            if self.size(name) > limit:
                return None
            raw = self._open_raw(name)
            try:
                return raw.read(limit + 1)[:limit]
            finally:
                raw.close()
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, tarfile.TarError,
                zlib.error, FileFormatError):
            return None

    def close(self) -> None:
        return None


class FolderArchive(Archive):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._names: list[str] = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for fn in sorted(filenames):
                full = Path(dirpath, fn)
                if full.is_file():
                    self._names.append(full.relative_to(root).as_posix())

    def names(self) -> list[str]:
        return self._names

    def size(self, name: str) -> int:
        return (self.root / name).stat().st_size

    def local_path(self, name: str) -> Path | None:
        return self.root / name

    def _open_raw(self, name: str) -> BinaryIO:
        return (self.root / name).open("rb")


class SingleFileArchive(FolderArchive):
    """A lone export file (tweets.js, outbox.json, a .car) given directly."""

    def __init__(self, path: Path) -> None:
        Archive.__init__(self, path)
        self._names = [path.name]
        self._path = path

    def size(self, name: str) -> int:
        return self._path.stat().st_size

    def local_path(self, name: str) -> Path | None:
        return self._path

    def _open_raw(self, name: str) -> BinaryIO:
        return self._path.open("rb")


class SalvagedZipArchive(Archive):
    """A zip with no central directory (cut-off download): members up to the damage."""

    def __init__(self, path: Path, members: list[SalvagedMember]) -> None:
        super().__init__(path)
        self._members = {m.name: m for m in members if _safe_name(m.name)}
        lost = "" if members[-1].complete else f"; {members[-1].name} is cut off"
        self.problems.append(
            Problem(
                path.name,
                f"{path.name}: the zip file is incomplete (download cut short?); "
                f"{len(members)} file(s) before the damage were recovered{lost}, anything "
                "after it could not be read",
            )
        )

    def names(self) -> list[str]:
        return list(self._members)

    def size(self, name: str) -> int:
        return self._members[name].file_size

    def _open_raw(self, name: str) -> BinaryIO:
        return cast(BinaryIO, MemberReader(self.root, self._members[name]))


class ZipArchive(Archive):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise CorruptArchiveError(
                path.name,
                f"the zip file is damaged or incomplete ({type(exc).__name__})",
                "a complete .zip as downloaded from the platform (try downloading it again)",
            ) from None
        self._infos = {
            i.filename: i for i in self._zip.infolist() if not i.is_dir() and _safe_name(i.filename)
        }

    def names(self) -> list[str]:
        return list(self._infos)

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def _open_raw(self, name: str) -> BinaryIO:
        try:
            return cast(BinaryIO, self._zip.open(self._infos[name]))
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
            raise FileFormatError(
                self.display(name), f"cannot be opened ({exc})", "an intact member of the zip"
            ) from None

    def close(self) -> None:
        self._zip.close()


class TarArchive(Archive):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._members: dict[str, tarfile.TarInfo] = {}
        try:
            self._tar = tarfile.open(path, "r:*")  # noqa: SIM115 - closed in close()
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise CorruptArchiveError(
                path.name,
                f"the archive is damaged or not a tar.gz ({type(exc).__name__})",
                "a complete .tar.gz as downloaded from the platform",
            ) from None
        try:
            for member in self._tar:
                if member.isfile() and _safe_name(member.name):
                    self._members[_clean(member.name)] = member
        except (tarfile.TarError, OSError, EOFError, zlib.error):
            # Truncated download: keep the members listed before the damage.
            self.problems.append(
                Problem(
                    path.name,
                    f"{path.name}: the archive ends early (incomplete download); "
                    "files after the damage could not be listed",
                )
            )

    def names(self) -> list[str]:
        return list(self._members)

    def size(self, name: str) -> int:
        return self._members[name].size

    def _open_raw(self, name: str) -> BinaryIO:
        try:
            handle = self._tar.extractfile(self._members[name])
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise FileFormatError(
                self.display(name), f"cannot be read ({type(exc).__name__})", "an intact member"
            ) from None
        if handle is None:
            return io.BytesIO(b"")
        return cast(BinaryIO, handle)

    def close(self) -> None:
        self._tar.close()


class MultiArchive(Archive):
    """Several archives read as one: big exports come as part1.zip, part2.zip, … in a folder.
    Members are named `<part file name>/<member>`; photos are found across parts."""

    def __init__(self, root: Path, parts: list[Archive]) -> None:
        super().__init__(root)
        self._parts = {part.root.name: part for part in parts}
        for part in parts:
            self.problems.extend(part.problems)

    def _split(self, name: str) -> tuple[Archive, str]:
        head, _, rest = name.partition("/")
        return self._parts[head], rest

    def names(self) -> list[str]:
        return [f"{key}/{n}" for key, part in self._parts.items() for n in part.names()]

    def size(self, name: str) -> int:
        part, rest = self._split(name)
        return part.size(rest)

    def local_path(self, name: str) -> Path | None:
        part, rest = self._split(name)
        return part.local_path(rest)

    def _open_raw(self, name: str) -> BinaryIO:
        part, rest = self._split(name)
        return part._open_raw(rest)

    def close(self) -> None:
        for part in self._parts.values():
            part.close()


_CONTAINER_SUFFIXES = (".zip", ".tar.gz", ".tgz")


def _folder_of_parts(path: Path) -> Archive:
    """A folder: read it as is, unless it only holds export archives (then read those)."""
    from pausepost.importers.registry import all_sources

    folder = FolderArchive(path)
    names = folder.names()
    inner = [n for n in names if n.lower().endswith(_CONTAINER_SUFFIXES) and "/" not in n]
    if not inner or any(s.matches(n) for n in names for s in all_sources()):
        return folder
    parts: list[Archive] = []
    problems: list[Problem] = []
    for name in inner:
        try:
            parts.append(open_archive(path / name))
        except CorruptArchiveError as exc:
            problems.append(Problem(name, str(exc)))
    if not parts:
        if problems:
            raise CorruptArchiveError(path.name, f"none of its {len(inner)} archive(s) can be "
                                      "opened", "complete .zip or .tar.gz files")
        return folder
    multi = MultiArchive(path, parts)
    multi.problems.extend(problems)
    return multi


def open_archive(path: Path) -> Archive:
    """Pick the container by content (magic bytes), not by extension."""
    if path.is_dir():
        return _folder_of_parts(path)
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)) or path.suffix.lower() == ".zip":
        try:
            return ZipArchive(path)
        except CorruptArchiveError:
            salvaged = scan(path) if head.startswith(_ZIP_MAGIC) else []
            if not salvaged:
                raise
            return SalvagedZipArchive(path, salvaged)
    if head.startswith(_GZIP_MAGIC) or path.name.lower().endswith((".tar.gz", ".tgz", ".tar")):
        return TarArchive(path)
    if tarfile.is_tarfile(path):
        return TarArchive(path)
    return SingleFileArchive(path)


def _clean(name: str) -> str:
    return name[2:] if name.startswith("./") else name


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return ".." not in parts and not name.startswith("/") and "__MACOSX" not in parts


class _CountingReader(io.RawIOBase):
    """Counts bytes for progress; converts container damage into `FileFormatError`."""

    def __init__(self, raw: BinaryIO, archive: Archive, display: str) -> None:
        super().__init__()
        self._raw = raw
        self._archive = archive
        self.display = display

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        return n

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._raw.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError, tarfile.TarError, OSError) as exc:
            raise FileFormatError(
                self.display,
                f"is damaged inside the archive ({type(exc).__name__})",
                "an intact file (try downloading the export again)",
            ) from None
        self._archive.bytes_read += len(data)
        return data
