"""Reading what a user types: dates, event times, durations, whole numbers, percentages and
factor numbers.

The one place that turns typed text into values, so the editor, its forms and the command
line accept the same text and refuse it with the same words. Every refusal is a
`TypedValueError` whose `reason` says why; with a `label`, `str(error)` names the field first.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from .limits import MAX_WHOLE_NUMBER
from .model import timeline_sort_key
from .timezones import WallTime, fixed_offset, in_zone

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from datetime import tzinfo
    from typing import NoReturn


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


_CLOCK = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_TIME_OF_DAY = re.compile(rf"^{_CLOCK}$")
_MONTH_DAY_TIME = re.compile(rf"^(\d{{1,2}})-(\d{{1,2}})[ Tt]+{_CLOCK}$")

TIME_ENTRY_HELP = "14:32, 01-31 14:32, 2026-01-30 14:32, 2026-01-30T14:32:00Z or +5m / +1h30m"


def parse_event_time(
    text: str,
    *,
    incident_date: date | None,
    previous: datetime | None,
    zone: tzinfo | None = None,
) -> datetime:
    """Read an event time as a user types it, after the event at `previous`.

    `14:32` goes on the day (before, of or after the previous event's) that puts it nearest
    to the previous event, or on the incident's date when there is none; `01-31 14:32` picks
    the day (in the year that puts it nearest); `+1h30m` counts from the previous event; a
    full date is taken as written (without an offset, the first of two equal wall-clock
    times, as a file reads it). Times without an offset are wall-clock times in `zone`
    (the postmortem's, `timezones.zone_of`): a time the clocks skipped is refused, and one
    they passed twice is the one nearest the previous event. The result is local (no offset)
    when the previous event's time is, unless only an offset can say which of two it is;
    it carries an offset when the previous one does. Without `zone`, times are plain
    wall-clock times, or in the previous event's offset.
    """
    entry = text.strip()
    if not entry:
        raise TimeEntryError("enter a time such as " + TIME_ENTRY_HELP)
    if entry.startswith("+"):
        return _relative(entry, previous, zone)
    clock = _TIME_OF_DAY.match(entry)
    if clock:
        day = _reference_day(previous, zone) or incident_date
        if day is None:
            raise TimeEntryError("no date to put this time on: type the date too")
        shifts = (-1, 0, 1) if previous is not None else (0,)
        return _nearest(_on_days(day, shifts, _time_of_day(entry, clock.groups())), previous, zone)
    month_day = _MONTH_DAY_TIME.match(entry)
    if month_day:
        return _month_day_time(entry, month_day.groups(), incident_date, previous, zone)
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
    if at.tzinfo is None and zone is not None and not WallTime(at, zone).exists:
        _refuse_skipped(at, zone)
    return at  # as written: without an offset, the first of two equal wall-clock times


def _time_of_day(entry: str, groups: tuple[str | None, ...]) -> time:
    hours, minutes, seconds = (int(g) if g else 0 for g in groups)
    try:
        return time(hours, minutes, seconds)
    except ValueError:
        raise TimeEntryError(f"not a time of day: {entry}") from None


def _on_days(day: date, shifts: tuple[int, ...], at: time) -> list[datetime]:
    """`at` on `day` moved by each number of days (those within the calendar)."""
    walls = []
    for shift in shifts:
        try:
            walls.append(datetime.combine(day + timedelta(days=shift), at))
        except OverflowError:
            continue
    return walls


def _reference_day(previous: datetime | None, zone: tzinfo | None) -> date | None:
    """The previous event's day on the wall clock of `zone` (or its own)."""
    if previous is None:
        return None
    return (in_zone(previous, zone) if zone is not None else previous).date()


def _month_day_time(
    entry: str,
    groups: tuple[str | None, ...],
    incident_date: date | None,
    previous: datetime | None,
    zone: tzinfo | None,
) -> datetime:
    at = _time_of_day(entry, groups[2:])
    day = _reference_day(previous, zone) or incident_date
    if day is None:
        raise TimeEntryError("no year to put this date in: type the year too (2026-01-30 14:32)")
    month, day_of_month = int(groups[0] or 0), int(groups[1] or 0)
    walls = []
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            walls.append(datetime.combine(date(year, month, day_of_month), at))
        except ValueError:  # 02-29 in most years, or no such day at all
            continue
    if not walls:
        raise TimeEntryError(f"not a date: {entry!r} (MM-DD HH:MM, e.g. 01-31 14:32)")
    reference = previous or datetime.combine(day, time())
    return _nearest(walls, reference, zone, keep_offset=previous is not None)


def _nearest(
    walls: list[datetime],
    previous: datetime | None,
    zone: tzinfo | None,
    *,
    keep_offset: bool = True,
) -> datetime:
    """Of the wall-clock times `walls` (naive), the one nearest `previous` (the later of two
    as near), as an event time: see `parse_event_time`."""
    aware_previous = previous is not None and previous.tzinfo is not None
    if zone is None:
        if previous is None or not aware_previous:  # plain wall-clock times
            return _closest(walls, previous, None)
        return _closest([w.replace(tzinfo=previous.tzinfo) for w in walls], previous, None)
    candidates: list[datetime] = []
    skipped: list[datetime] = []  # wall times the clocks jumped over
    for wall in walls:
        where = WallTime(wall, zone)
        candidates.extend(where.times)
        if not where.exists:
            skipped.extend(where.times)
    chosen = _closest(candidates, previous, zone)
    if any(chosen is gap for gap in skipped):
        _refuse_skipped(chosen, zone)
    if (aware_previous and keep_offset) or chosen.fold:
        return fixed_offset(chosen)  # an offset keeps the second of two equal wall times
    return chosen.replace(tzinfo=None)


def _refuse_skipped(wall: datetime, zone: tzinfo) -> NoReturn:
    raise TimeEntryError(
        f"{wall:%Y-%m-%d %H:%M} does not exist in {zone}: the clocks went forward "
        "(type the time after the change, or give an offset)"
    )


def _closest(
    candidates: list[datetime], previous: datetime | None, zone: tzinfo | None
) -> datetime:
    if previous is None:
        return candidates[0]
    target = timeline_sort_key(previous, zone)[1]

    def distance(at: datetime) -> tuple[timedelta, bool]:
        gap = timeline_sort_key(at, zone)[1] - target
        return (abs(gap), gap < timedelta(0))  # equally near: the later one

    return min(candidates, key=distance)


def _relative(entry: str, previous: datetime | None, zone: tzinfo | None) -> datetime:
    try:
        delta = parse_duration(entry[1:])
    except TypedValueError:
        raise TimeEntryError(f"not a relative time: {entry!r} (try +5m or +1h30m)") from None
    if previous is None:
        raise TimeEntryError("a relative time needs an earlier event to count from")
    try:
        if zone is None:
            return previous + delta
        # Count real time: across a change of the clocks the wall clock jumps.
        later = (in_zone(previous, zone).astimezone(UTC) + delta).astimezone(zone)
    except OverflowError:
        raise TimeEntryError(f"{entry!r} goes past the last date there is") from None
    if previous.tzinfo is not None or later.fold:
        return fixed_offset(later)
    return later.replace(tzinfo=None)


def parse_duration_minutes(text: str, *, label: str = "") -> int | None:
    """A duration in whole minutes as typed: `90` (minutes), `90m`, `24h11m`, `1d 2h`,
    `+1h30m`; thousands separators allowed in a plain number; blank text means none."""
    entry = text.strip()
    if not entry:
        return None
    if _number_text(entry).isdecimal():
        return parse_whole_number(entry, label=label)
    delta = parse_duration(entry.removeprefix("+"), label=label)
    if delta.seconds % 60:
        raise TypedValueError(f"give whole minutes, not seconds: {entry!r}", label=label)
    minutes = int(delta.total_seconds()) // 60
    if minutes > MAX_WHOLE_NUMBER:
        raise TypedValueError(
            f"expected a duration up to {MAX_WHOLE_NUMBER:,} minutes", label=label
        )
    return minutes


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
    "parse_duration_minutes",
    "parse_event_time",
    "parse_factor_numbers",
    "parse_optional_date",
    "parse_percentage",
    "parse_whole_number",
]
