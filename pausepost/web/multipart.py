"""What the two multipart readers share: python-multipart's callbacks for each part's
headers, gathered within a size limit.

The pictures reader (`pictures.py`, in memory) and the export upload (`upload.py`, to disk)
each subclass PartReader and say what to do once a part's headers are known, with its data,
and at its end.
"""

from __future__ import annotations

from fastapi import HTTPException
from python_multipart.multipart import parse_options_header

MAX_HEADER_BYTES = 8192  # one part's header: a long file name fits, a flood does not


class PartReader:
    """Collects each part's headers (names lower-cased, values as bytes: any octet is
    safe); a header over MAX_HEADER_BYTES is a 400 naming `what` ("form", "upload")."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._headers: dict[str, bytes] = {}
        self._field = bytearray()
        self._value = bytearray()

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self._begin,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def disposition(self) -> dict[bytes, bytes]:
        """The parameters of this part's content-disposition (name, filename)."""
        _kind, params = parse_options_header(self._headers.get("content-disposition", b""))
        return params

    def _begin(self) -> None:
        self._headers = {}
        self._begin_part()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]
        self._check_header()

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]
        self._check_header()

    def _check_header(self) -> None:
        if len(self._field) + len(self._value) > MAX_HEADER_BYTES:
            raise HTTPException(400, f"a part header of the {self._what} is too long")

    def _header_end(self) -> None:
        self._headers[self._field.decode("latin-1").strip().lower()] = bytes(self._value)
        self._field.clear()
        self._value.clear()

    # What each reader does with a part: override these.
    def _begin_part(self) -> None:
        """A new part starts (its headers not yet read)."""

    def _headers_finished(self) -> None:
        """The part's headers are all read (see `disposition`)."""

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        """A piece of the part's data: copy it, the parser reuses its buffer."""

    def _part_end(self) -> None:
        """The part is complete."""
