"""Time zones: the zone a postmortem's times are in, the system's zone, and how a time in a
zone reads.

A postmortem records an IANA zone name (`timezone = "America/New_York"`); a time stored
without an offset is a wall-clock time in that zone. A file without the key is read in the
system's zone, as it always was, and never rewritten. Zones come from the standard library's
zoneinfo, with the `tzdata` package behind it where the system has no zone database.

Reading the system's zone looks at `TZ` and at `/etc/localtime` the way the C library does;
it is the one place outside storage that looks at the machine, and it only reads.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Iterable

    from .model import Postmortem

__all__ = [
    "UnknownZoneError",
    "WallTime",
    "fixed_offset",
    "in_zone",
    "offset_text",
    "system_zone_name",
    "zone_abbreviation",
    "zone_caption",
    "zone_name_of",
    "zone_named",
    "zone_of",
]

#: Names the zone database holds that are not places: refused as a postmortem's zone.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_NOT_ZONE_PREFIXES = ("posix/", "right/")
#: The database's other names for UTC, shown as plain `UTC` when the system uses one.
_UTC_ALIASES = frozenset(
    {"Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu"}
)


class UnknownZoneError(ValueError):
    """A time zone name that is not in the zone database; the message names it, in one line."""

    def __init__(self, name: str) -> None:
        shown = name.replace("\n", " ")
        super().__init__(
            f"unknown time zone {shown!r} (expected an IANA name such as UTC or America/New_York)"
        )
        self.name = name


@lru_cache(maxsize=64)
def zone_named(name: str) -> tzinfo:
    """The zone with this IANA name (`UTC`, `America/New_York`); raises `UnknownZoneError`."""
    if name == "UTC":
        return UTC  # the same zone, without importing zoneinfo (~1.5 ms) on the way to a screen
    if name in _NOT_ZONES or name.startswith(_NOT_ZONE_PREFIXES) or name != name.strip():
        raise UnknownZoneError(name)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as `America`
        raise UnknownZoneError(name) from None


def _known(name: str) -> bool:
    try:
        zone_named(name)
    except UnknownZoneError:
        return False
    return True


def _name_in_path(path: str) -> str:
    """`America/New_York` from `/usr/share/zoneinfo/America/New_York` ('' without `zoneinfo/`)."""
    marker = "zoneinfo/"
    where = path.rfind(marker)
    if where < 0:
        return ""
    name = path[where + len(marker) :]
    for prefix in _NOT_ZONE_PREFIXES:
        name = name.removeprefix(prefix)
    return name


@lru_cache(maxsize=8)
def _system_zone_name(tz_variable: str | None) -> str:
    candidates = []
    if tz_variable is not None:
        value = tz_variable.removeprefix(":")
        if not value:
            return "UTC"  # the C library reads an empty TZ as UTC
        candidates.append(_name_in_path(value) if value.startswith("/") else value)
    with contextlib.suppress(OSError):
        candidates.append(_name_in_path(os.path.realpath("/etc/localtime")))
    try:  # Debian-style systems also name the zone in a file; /etc/localtime may be a copy
        with open("/etc/timezone", encoding="utf-8") as handle:
            candidates.append(handle.read(200).strip())
    except (OSError, UnicodeDecodeError):
        pass
    for name in candidates:
        if name and _known(name):
            return "UTC" if name in _UTC_ALIASES else name
    return "UTC"


def system_zone_name() -> str:
    """The system's zone as an IANA name: `TZ` when it names one, else the zone
    `/etc/localtime` links to (or `/etc/timezone` names), else `UTC`."""
    return _system_zone_name(os.environ.get("TZ"))


def zone_name_of(pm: Postmortem) -> str:
    """The name of the zone `pm`'s times are in: its own, or the system's when it has none."""
    return pm.timezone or system_zone_name()


def zone_of(pm: Postmortem) -> tzinfo:
    """The zone `pm`'s times are in: its own, or the system's when it records none."""
    return zone_named(zone_name_of(pm))


# --- times in a zone -------------------------------------------------------------------------


def in_zone(at: datetime, zone: tzinfo) -> datetime:
    """`at` as an aware time in `zone`: a local time is a wall-clock time there, a time with an
    offset is converted (or kept as it is at the ends of the calendar)."""
    if at.tzinfo is None:
        return at.replace(tzinfo=zone)
    try:
        return at.astimezone(zone)
    except OverflowError:
        return at


def offset_text(offset: timedelta | None) -> str:
    """`UTC`, `UTC+02:00`, `UTC-03:30` ('' for None)."""
    if offset is None:
        return ""
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def zone_abbreviation(at: datetime) -> str:
    """A short name for an aware time's zone: `EST`, `CET`, `UTC`, or `UTC+05:30` where the
    database has only a number for it."""
    name = at.tzname() or ""
    if name.isalpha() and name.isupper():
        return name
    return offset_text(at.utcoffset())


class WallTime:
    """Where a wall-clock time (naive) falls in a zone: it may be missing (skipped when the
    clocks go forward) or occur twice (when they go back)."""

    __slots__ = ("exists", "times")

    def __init__(self, wall: datetime, zone: tzinfo) -> None:
        first = wall.replace(tzinfo=zone, fold=0)
        second = wall.replace(tzinfo=zone, fold=1)
        # Round trip through UTC: a skipped time comes back as another wall-clock time.
        back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        self.exists = back == wall.replace(fold=0)
        #: Its instants, earliest first: one, or two when the clocks went back over it.
        self.times = (first,) if first.utcoffset() == second.utcoffset() else (first, second)


def zone_caption(name: str, zone: tzinfo, times: Iterable[datetime]) -> str:
    """`America/New_York (UTC-04:00)`: the zone and the offsets the given times have in it, in
    order (`UTC-04:00 → UTC-05:00` across a change of the clocks); just the name for UTC or
    when there are no times."""
    offsets: list[timedelta] = []
    for at in times:
        offset = in_zone(at, zone).utcoffset()
        if offset is not None and (not offsets or offsets[-1] != offset) and offset not in offsets:
            offsets.append(offset)
    if name == "UTC" or not offsets:
        return name
    return f"{name} ({' → '.join(offset_text(o) for o in offsets)})"


def fixed_offset(at: datetime) -> datetime:
    """An aware time with its zone replaced by its fixed offset (`Z` for zero), as a file
    stores it and reads it back."""
    offset = at.utcoffset()
    if offset is None:
        return at
    return at.replace(tzinfo=UTC if offset == timedelta(0) else timezone(offset), fold=0)
