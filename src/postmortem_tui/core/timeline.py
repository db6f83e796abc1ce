"""How event times and durations are shown, and the durations a postmortem derives from its
milestones. Typed times and durations are read by `typed_values`."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .model import Postmortem, TimelineEvent, timeline_sort_key
from .record import FrozenRecord, set_field


def event_time_in_list(at: datetime | None, incident_date: date | None) -> str:
    """An event's time as the timeline lists it: `09:48Z` on the incident's day, otherwise
    `03-13 09:48Z` (the year is the incident's)."""
    same_day = at is not None and incident_date is not None and at.date() == incident_date
    text = format_event_time(at, with_date=not same_day)
    return text if same_day or at is None else text[5:]


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


def format_duration(delta: timedelta | None) -> str:
    """`36m`, `1h 36m`, `2d 4h`; `unknown` when there is nothing to measure."""
    if delta is None:
        return "unknown"
    minutes = int(delta.total_seconds() // 60)
    if minutes < 0:
        return "-" + format_duration(-delta)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    return f"{minutes}m"


def _first(events: list[TimelineEvent], milestone: str) -> datetime | None:
    times = [e.at for e in events if e.milestone == milestone and e.at is not None]
    return min(times, key=timeline_sort_key) if times else None


def _between(start: datetime | None, end: datetime | None) -> timedelta | None:
    if start is None or end is None:
        return None
    return timeline_sort_key(end)[1] - timeline_sort_key(start)[1]


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
    """What a template cannot compute: time to detection, acknowledge, mitigation, resolution."""
    started = _first(pm.timeline, "started")
    resolved = _first(pm.timeline, "resolved")
    impact: timedelta | None
    if pm.impact.duration_minutes is not None:
        impact = timedelta(minutes=pm.impact.duration_minutes)
    else:
        impact = _between(started, resolved)
    return DerivedTimes(
        to_detection=_between(started, _first(pm.timeline, "detected")),
        to_acknowledge=_between(started, _first(pm.timeline, "acknowledged")),
        to_mitigation=_between(started, _first(pm.timeline, "mitigated")),
        to_resolution=_between(started, resolved),
        impact_duration=impact,
    )
