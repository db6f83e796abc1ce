"""Reading what a user types: dates, event times, durations, whole numbers, percentages and
factor numbers.

The one place that turns typed text into values, so the editor, its forms and the command
line accept the same text and refuse it with the same words. Every refusal is a
`TypedValueError` whose `reason` says why; with a `label`, `str(error)` names the field first.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from .limits import MAX_WHOLE_NUMBER
from .model import timeline_sort_key


class TypedValueError(ValueError):
    """Typed text that cannot be read. `reason` says why; `str()` is `<label>: <reason>`."""

    def __init__(self, reason: str, *, label: str = "") -> None:
        super().__init__(f"{label}: {reason}" if label else reason)
        self.reason = reason
        self.label = label


class TimeEntryError(TypedValueError):
    """Text typed as an event time that cannot be read; the message says why."""


# --- dates ---------------------------------------------------------------------------------


def parse_date(text: str, *, label: str = "") -> date:
    """An ISO date as typed (`2026-01-30`; surrounding spaces ignored)."""
    entry = text.strip()
    try:
        return date.fromisoformat(entry)
    except ValueError:
        reason = f"{entry!r} is not a date (expected YYYY-MM-DD)"
        raise TypedValueError(reason, label=label) from None


def parse_optional_date(text: str, *, label: str = "") -> date | None:
    """`parse_date`, with blank text meaning no date."""
    return parse_date(text, label=label) if text.strip() else None


# --- durations and event times ---------------------------------------------------------------

_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$")


def parse_duration(text: str, *, label: str = "") -> timedelta:
    """`5m`, `1h30m`, `2d 4h`, `45s`: days, hours, minutes, seconds in that order, each optional.

    What `timeline.format_duration` writes reads back as the same duration.
    """
    match = _DURATION.match(text)
    if not match or not any(match.groups()):
        raise TypedValueError(f"not a duration: {text.strip()!r} (try 5m or 1h30m)", label=label)
    try:
        days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
        return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    except (OverflowError, ValueError):  # ValueError: more digits than int() reads
        raise TypedValueError(f"too long a duration: {text.strip()!r}", label=label) from None


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")

TIME_ENTRY_HELP = "14:32, 2026-01-30 14:32, 2026-01-30T14:32:00Z or +5m / +1h30m"


def parse_event_time(
    text: str, *, incident_date: date | None, previous: datetime | None
) -> datetime:
    """Read an event time as a user types it.

    `14:32` falls on the previous event's day (or the incident's date), `+1h30m` counts
    from the previous event, and full dates are taken as written. Offsets carry over from
    the previous event so a timeline stays in one zone.
    """
    entry = text.strip()
    if not entry:
        raise TimeEntryError("enter a time such as " + TIME_ENTRY_HELP)
    if entry.startswith("+"):
        return _relative(entry, previous)
    clock = _CLOCK.match(entry)
    if clock:
        day = previous.date() if previous is not None else incident_date
        if day is None:
            raise TimeEntryError("no date to put this time on: type the date too")
        hours, minutes, seconds = (int(g) if g else 0 for g in clock.groups())
        try:
            at = datetime.combine(day, time(hours, minutes, seconds))
        except ValueError as error:
            raise TimeEntryError(f"not a time of day: {entry}") from error
        return at.replace(tzinfo=previous.tzinfo) if previous is not None else at
    try:
        at = datetime.fromisoformat(entry.replace("z", "Z"))
    except ValueError as error:
        raise TimeEntryError(f"not a time: {entry!r} (try {TIME_ENTRY_HELP})") from error
    offset = at.utcoffset()
    if offset is not None and offset.seconds % 60:
        raise TimeEntryError("the offset must be whole minutes")
    try:
        timeline_sort_key(at)
    except OverflowError:
        raise TimeEntryError("the time is outside the years 1 to 9999 in UTC") from None
    return at


def _relative(entry: str, previous: datetime | None) -> datetime:
    try:
        delta = parse_duration(entry[1:])
    except TypedValueError:
        raise TimeEntryError(f"not a relative time: {entry!r} (try +5m or +1h30m)") from None
    if previous is None:
        raise TimeEntryError("a relative time needs an earlier event to count from")
    try:
        return previous + delta
    except OverflowError:
        raise TimeEntryError(f"{entry!r} goes past the last date there is") from None


# --- numbers -------------------------------------------------------------------------------


#: More digits than any count needs, and fewer than int() refuses to read.
_MAX_DIGITS = 100


def _number_text(text: str) -> str:
    """Typed digits with the thousands separators people type (`1,200`, `1_200`) removed."""
    return text.strip().replace(",", "").replace("_", "")


def parse_whole_number(text: str, *, label: str = "") -> int | None:
    """A count of zero or more (`1,200` allowed); blank text means none."""
    entry = _number_text(text)
    if not entry:
        return None
    # isdecimal, not isdigit: `²` is a digit that int() refuses; int() also refuses
    # more than a few thousand digits.
    if entry.isdecimal() and len(entry) <= _MAX_DIGITS:
        number = int(entry)
        if number <= MAX_WHOLE_NUMBER:
            return number
        raise TypedValueError(f"expected a number up to {MAX_WHOLE_NUMBER:,}", label=label)
    raise TypedValueError(f"expected a whole number of zero or more, got {text!r}", label=label)


def parse_percentage(text: str, *, label: str = "") -> float | None:
    """A percentage from 0 to 100, with or without `%`; blank text means none."""
    entry = _number_text(text)
    if not entry:
        return None
    try:
        value = float(entry.rstrip("%"))
    except ValueError:
        raise TypedValueError(f"expected a percentage, got {text!r}", label=label) from None
    if not 0 <= value <= 100:
        raise TypedValueError(f"expected a percentage from 0 to 100, got {text!r}", label=label)
    return value


def parse_factor_numbers(text: str, count: int, *, label: str = "") -> list[int]:
    """Contributing-factor numbers (`1, 3` or `1 3`), each from 1 to `count`."""
    numbers = []
    for part in text.replace(",", " ").split():
        if not part.isdecimal() or len(part) > _MAX_DIGITS:
            raise TypedValueError(f"not a factor number: {part!r}", label=label)
        number = int(part)
        if not 1 <= number <= count:
            limit = f"1 to {count}" if count else "none yet"
            raise TypedValueError(f"no factor {number} (factors are numbered {limit})", label=label)
        numbers.append(number)
    return numbers


__all__ = [
    "TIME_ENTRY_HELP",
    "TimeEntryError",
    "TypedValueError",
    "parse_date",
    "parse_duration",
    "parse_event_time",
    "parse_factor_numbers",
    "parse_optional_date",
    "parse_percentage",
    "parse_whole_number",
]
