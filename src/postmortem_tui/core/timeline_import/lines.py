"""What the line-by-line formats share: a line that starts a record, lines that continue it,
and the ISO 8601 date-time most of them begin with."""

from __future__ import annotations

from datetime import datetime

from ..model import MAX_FIELD_CHARS
from .records import NO_TEXT, TOO_LONG, ImportRecord, LocalTimes, Parsed, clean_text

#: An ISO 8601 date and time as logs and chat tools write it: `T` or a space between date
#: and time, seconds and a fraction (`.` or `,`) optional, then `Z`, an offset or nothing.
ISO_STAMP = (
    r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:[.,]\d{1,9})?)?(?:Z|[+-]\d\d(?::?\d\d)?)?(?![\d:])"
)


def iso_instant(stamp: str, times: LocalTimes) -> datetime | None:
    """The instant an ISO stamp names (without an offset: in the context's zone), or None
    when it is no real date or time (`2018-02-30`, `25:00`)."""
    try:
        at = datetime.fromisoformat(stamp)
        return times.local(at) if at.tzinfo is None else times.aware(at)
    except (ValueError, OverflowError):
        return None


def lines_of(text: str) -> list[str]:
    """The text's lines as an editor numbers them (only `\\n` and `\\r\\n` end a line)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


class RecordBuilder:
    """Collects one file's records: `start` a record at a line, `add` lines to it."""

    __slots__ = ("_at", "_author", "_lines", "_name", "_number", "parsed")

    def __init__(self, name: str) -> None:
        self.parsed = Parsed()
        self._name = name
        self._lines: list[str] = []
        self._at: datetime | None = None
        self._author = ""
        self._number = 0

    def start(self, number: int, at: datetime | None, author: str, text: str) -> None:
        """A new record at line `number` (1-based); `at` None for a time that did not read."""
        self.finish()
        self._number, self._at, self._author, self._lines = number, at, author, [text]

    def add(self, number: int, line: str) -> None:
        """A line without a time: it continues the record before it. Lines before the first
        record form one record without a time (blank ones are passed over)."""
        if not self._lines:
            if not line.strip():
                return
            self.start(number, None, "", line)
            return
        self._lines.append(line)

    def finish(self) -> Parsed:
        """Close the record in progress; returns everything read so far."""
        if not self._lines:
            return self.parsed
        text = clean_text("\n".join(self._lines))
        self._lines = []
        if not text:
            self.parsed.skip(NO_TEXT)
        elif len(text) > MAX_FIELD_CHARS:
            self.parsed.skip(TOO_LONG)
        else:
            source = f"{self._name}:{self._number}"
            self.parsed.records.append(ImportRecord(self._at, self._author, text, source))
        return self.parsed
