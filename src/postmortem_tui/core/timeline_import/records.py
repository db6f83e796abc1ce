"""What every import format shares: the record a parser reads, what it needs to know about the
incident, and how times written without an offset become instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from ..model import normalise_newlines, strip_control_chars
from ..record import FrozenRecord, set_field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from datetime import tzinfo

# Why a record did not become an event, in the order a report lists them.
NOT_A_MESSAGE = "not a message"
NO_TEXT = "no text"
NO_TIME = "no time"
DUPLICATE = "duplicate"
OUTSIDE_WINDOW = "outside the window"
TOO_LONG = "too long"
REASONS = (DUPLICATE, OUTSIDE_WINDOW, NO_TIME, NO_TEXT, NOT_A_MESSAGE, TOO_LONG)

#: A bare clock time more than this before the previous message is on the next day.
ROLLOVER = timedelta(hours=1)


class ImportFormatError(ValueError):
    """Input that cannot be read as the format asked for (or as any, for `auto`)."""


class InputFile(FrozenRecord):
    """One file to import: the name it is reported under, and its text."""

    __slots__ = ("name", "text")
    name: str
    text: str

    def __init__(self, name: str, text: str) -> None:
        set_field(self, "name", name)
        set_field(self, "text", text)


class ParseContext(FrozenRecord):
    """What a parser needs from the postmortem: the zone of times written without an offset,
    and the incident's date (for bare clock times and the year syslog leaves out)."""

    __slots__ = ("zone", "incident_date")  # noqa: RUF023 (field order)
    zone: tzinfo
    incident_date: date

    def __init__(self, zone: tzinfo, incident_date: date) -> None:
        set_field(self, "zone", zone)
        set_field(self, "incident_date", incident_date)


class ImportRecord(FrozenRecord):
    """One message, command or log line: when (aware, or None when it has no time), who wrote
    it ("" when the source does not say), what it says, and where it came from (`file:line`)."""

    __slots__ = ("at", "author", "text", "source")  # noqa: RUF023 (field order)
    at: datetime | None
    author: str
    text: str
    source: str

    def __init__(self, at: datetime | None, author: str, text: str, source: str) -> None:
        set_field(self, "at", at)
        set_field(self, "author", author)
        set_field(self, "text", text)
        set_field(self, "source", source)


class Parsed:
    """What a parser read: records in file order, and what it passed over, by reason."""

    __slots__ = ("records", "skipped")

    def __init__(self) -> None:
        self.records: list[ImportRecord] = []
        self.skipped: dict[str, int] = {}

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + count

    def extend(self, other: Parsed) -> None:
        self.records.extend(other.records)
        for reason, count in other.skipped.items():
            self.skip(reason, count)


def clean_text(text: str) -> str:
    """Text as an event holds it: `\\n` line breaks, no control characters, no outer blanks."""
    return strip_control_chars(normalise_newlines(text)).strip()


def clean_line(text: str) -> str:
    """`clean_text` on one line: for names (an author, a file name)."""
    return " ".join(clean_text(text).split("\n"))


class LocalTimes:
    """Turns one file's times into instants, in file order.

    A time without an offset is in the context's zone; in the hour a clock change repeats, it
    takes the reading that does not go back before the previous record. A bare clock time
    (`14:32`) is on the previous record's day (the incident's date at first) and on the next
    day when it would go back by more than `ROLLOVER`: chat logs cross midnight.
    """

    def __init__(self, context: ParseContext) -> None:
        self.zone = context.zone
        self.day = context.incident_date
        self.previous: datetime | None = None  # in UTC

    def aware(self, at: datetime) -> datetime:
        """An instant read with its offset; it becomes the previous record's time."""
        self._remember(at.astimezone(UTC), at.astimezone(self.zone).date())
        return at

    def local(self, wall: datetime) -> datetime:
        """A date and time read without an offset."""
        at, utc = self._in_zone(wall)
        self._remember(utc, wall.date())
        return at

    def clock(self, clock: time) -> datetime:
        """A bare time of day."""
        wall = datetime.combine(self.day, clock)
        at, utc = self._in_zone(wall)
        if self.previous is not None and utc < self.previous - ROLLOVER:
            wall = datetime.combine(self.day + timedelta(days=1), clock)
            at, utc = self._in_zone(wall)
        self._remember(utc, wall.date())
        return at

    def _remember(self, utc: datetime, day: date) -> None:
        self.previous, self.day = utc, day

    def _in_zone(self, wall: datetime) -> tuple[datetime, datetime]:
        """`wall` in the zone, and the same in UTC."""
        at = wall.replace(tzinfo=self.zone)
        utc = at.astimezone(UTC)
        if self.previous is not None and utc < self.previous:
            # Going back: in the hour a clock change repeats, the second reading may not be.
            later = at.replace(fold=1)
            later_utc = later.astimezone(UTC)
            if later_utc >= self.previous:
                return later, later_utc
        return at, utc
