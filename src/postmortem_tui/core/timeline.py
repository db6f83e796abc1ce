"""How event times and durations are shown, and the durations a postmortem derives from its
milestones. Typed times and durations are read by `typed_values`; zones are `timezones`."""

from __future__ import annotations

from datetime import datetime, timedelta

from .model import Postmortem, TimelineEvent, timeline_sort_key
from .record import FrozenRecord, set_field
from .timezones import in_zone, zone_abbreviation, zone_caption, zone_name_of, zone_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from datetime import tzinfo


def event_time_in_list(at: datetime | None, pm: Postmortem) -> str:
    """An event's time as the timeline lists it, on the postmortem's clock: `09:48` on the
    incident's day, otherwise `03-13 09:48` (the year is the incident's)."""
    if at is None:
        return ""
    zone = zone_of(pm)
    same_day = in_zone(at, zone).date() == pm.date
    text = format_local_time(at, zone, with_date=not same_day)
    return text if same_day else text[5:]


def format_event_time(at: datetime | None, *, with_date: bool = True) -> str:
    """How an event time is shown and pre-filled for editing."""
    if at is None:
        return ""
    text = at.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
    if at.second:
        text += f":{at.second:02d}"
    if at.tzinfo is not None:
        offset = at.utcoffset() or timedelta(0)
        if offset == timedelta(0):
            text += "Z"
        else:
            total = int(offset.total_seconds()) // 60
            sign = "+" if total >= 0 else "-"
            text += f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
    return text


def format_local_time(
    at: datetime, zone: tzinfo, *, with_date: bool = True, weekday: bool = False
) -> str:
    """An event time as a wall-clock time in `zone`: `14:32`, `2026-01-30 14:32`, or with
    `weekday`, `Fri 2026-01-30 14:32 EST` (the zone's short name added)."""
    local = in_zone(at, zone)
    text = local.strftime("%H:%M:%S" if local.second else "%H:%M")
    if with_date or weekday:
        text = f"{local.date().isoformat()} {text}"
    if weekday:
        day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[local.weekday()]
        text = f"{day} {text} {zone_abbreviation(local)}"
    return text


def format_zoned_time(at: datetime | None, zone: tzinfo) -> str:
    """An event time for a line of its own (the command line's output): `2026-03-12 23:50 UTC`,
    on the postmortem's clock and naming its zone."""
    if at is None:
        return "(no time)"
    return f"{format_local_time(at, zone)} {zone_abbreviation(in_zone(at, zone))}"


def times_caption(pm: Postmortem) -> str:
    """Which zone `pm`'s times are shown in: `Times in America/New_York (UTC-04:00)`, and
    `…, this system's zone` when the postmortem records none."""
    caption = zone_caption(
        zone_name_of(pm), zone_of(pm), (e.at for e in pm.timeline if e.at is not None)
    )
    return f"Times in {caption}" + ("" if pm.timezone else ", this system's zone")


def format_duration(delta: timedelta | None) -> str:
    """`36m`, `2h 0m`, `1d 0h 11m`: every unit from the largest down to minutes, so no unit is
    dropped (a day and eleven minutes is never `1d`); `unknown` when there is nothing to
    measure. Days rather than `24h 11m`: a multi-day incident reads as days, and the text reads
    back with `parse_duration` as the same duration."""
    if delta is None:
        return "unknown"
    minutes = int(delta.total_seconds() // 60)
    if minutes < 0:
        return "-" + format_duration(-delta)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h {minutes}m"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


def _first(events: list[TimelineEvent], milestone: str, zone: tzinfo | None) -> datetime | None:
    times = [e.at for e in events if e.milestone == milestone and e.at is not None]
    return min(times, key=lambda at: timeline_sort_key(at, zone)) if times else None


def _between(start: datetime | None, end: datetime | None, zone: tzinfo | None) -> timedelta | None:
    if start is None or end is None:
        return None
    return timeline_sort_key(end, zone)[1] - timeline_sort_key(start, zone)[1]


class DerivedTimes(FrozenRecord):
    """Durations from the first `started` milestone, `None` when a milestone is missing."""

    __slots__ = (  # noqa: RUF023 (field order)
        "to_detection",
        "to_acknowledge",
        "to_mitigation",
        "to_resolution",
        "impact_duration",
    )
    to_detection: timedelta | None
    to_acknowledge: timedelta | None
    to_mitigation: timedelta | None
    to_resolution: timedelta | None
    impact_duration: timedelta | None

    def __init__(
        self,
        to_detection: timedelta | None,
        to_acknowledge: timedelta | None,
        to_mitigation: timedelta | None,
        to_resolution: timedelta | None,
        impact_duration: timedelta | None,
    ) -> None:
        set_field(self, "to_detection", to_detection)
        set_field(self, "to_acknowledge", to_acknowledge)
        set_field(self, "to_mitigation", to_mitigation)
        set_field(self, "to_resolution", to_resolution)
        set_field(self, "impact_duration", impact_duration)

    def as_text(self) -> dict[str, str]:
        return {
            "time_to_detection": format_duration(self.to_detection),
            "time_to_acknowledge": format_duration(self.to_acknowledge),
            "time_to_mitigation": format_duration(self.to_mitigation),
            "time_to_resolution": format_duration(self.to_resolution),
            "impact_duration": format_duration(self.impact_duration),
        }


def derive_times(pm: Postmortem) -> DerivedTimes:
    """What a template cannot compute: time to detection, acknowledge, mitigation, resolution.

    Measured between instants: local times are in the postmortem's zone, so a duration across
    a change of the clocks counts the hours that really passed."""
    zone = pm.timeline_zone()
    events = pm.timeline
    started = _first(events, "started", zone)
    resolved = _first(events, "resolved", zone)
    impact: timedelta | None
    if pm.impact.duration_minutes is not None:
        impact = timedelta(minutes=pm.impact.duration_minutes)
    else:
        impact = _between(started, resolved, zone)
    return DerivedTimes(
        to_detection=_between(started, _first(events, "detected", zone), zone),
        to_acknowledge=_between(started, _first(events, "acknowledged", zone), zone),
        to_mitigation=_between(started, _first(events, "mitigated", zone), zone),
        to_resolution=_between(started, resolved, zone),
        impact_duration=impact,
    )
