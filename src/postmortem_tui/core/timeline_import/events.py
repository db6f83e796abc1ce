"""From records to timeline events: converted to the postmortem's zone, duplicates, records
outside the window and records without a time left out and counted."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime

from ..model import TimelineEvent
from .records import DUPLICATE, NO_TIME, OUTSIDE_WINDOW, REASONS, clean_line

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import tzinfo

    from .records import ImportRecord, Parsed

#: The keys of an imported event's `extra`: who wrote it, and the file and line it came from.
AUTHOR_KEY = "author"
SOURCE_KEY = "source"


class ImportPlan:
    """The events an import adds, in time order, and how many records it left out, by reason."""

    __slots__ = ("events", "skipped")

    def __init__(self, events: list[TimelineEvent], skipped: dict[str, int]) -> None:
        self.events = events
        self.skipped = skipped

    def skipped_text(self) -> str:
        """`3 skipped (2 duplicate, 1 no time)`, or `none skipped`."""
        total = sum(self.skipped.values())
        if not total:
            return "none skipped"
        ordered = [r for r in REASONS if r in self.skipped]
        ordered += sorted(r for r in self.skipped if r not in REASONS)
        reasons = ", ".join(f"{self.skipped[r]} {r}" for r in ordered if self.skipped[r])
        return f"{total} skipped ({reasons})"


def _seconds(at: datetime, tz: tzinfo) -> float:
    """The instant `at` names, as Unix seconds; a time without an offset is in `tz`."""
    return (at if at.tzinfo is not None else at.replace(tzinfo=tz)).timestamp()


def _event(record: ImportRecord, at: datetime) -> TimelineEvent:
    author = clean_line(record.author)
    extra = {AUTHOR_KEY: author} if author else {}
    extra[SOURCE_KEY] = clean_line(record.source)
    return TimelineEvent(at=at, event=record.text, extra=extra)


def plan_import(
    timeline: Sequence[TimelineEvent],
    parsed: Parsed,
    *,
    tz: tzinfo,
    start: datetime | None = None,
    end: datetime | None = None,
) -> ImportPlan:
    """The events to add for `parsed`'s records, in `tz` and to the second.

    Left out: a record without a time; one before `start` or after `end` (both included;
    without an offset, in `tz`); one whose time and text an event of the timeline (or an
    earlier record) already has, so importing the same file twice adds nothing.
    """
    skipped = dict(parsed.skipped)

    def skip(reason: str) -> None:
        skipped[reason] = skipped.get(reason, 0) + 1

    seen = {(_seconds(e.at, tz), e.event) for e in timeline if e.at is not None}
    low = None if start is None else _seconds(start, tz)
    high = None if end is None else _seconds(end, tz)
    timed: list[tuple[float, datetime, ImportRecord]] = []
    for record in parsed.records:
        try:
            at = None if record.at is None else record.at.astimezone(tz).replace(microsecond=0)
        except OverflowError:  # moved past the years there are
            at = None
        offset = None if at is None else at.utcoffset()
        if at is None or offset is None or offset.seconds % 60:
            skip(NO_TIME)
            continue
        timed.append((at.timestamp(), at, record))
    timed.sort(key=lambda item: item[0])
    events = []
    for seconds, at, record in timed:
        if (low is not None and seconds < low) or (high is not None and seconds > high):
            skip(OUTSIDE_WINDOW)
        elif (seconds, record.text) in seen:
            skip(DUPLICATE)
        else:
            seen.add((seconds, record.text))
            events.append(_event(record, at))
    return ImportPlan(events, skipped)


def merged_timeline(
    timeline: Sequence[TimelineEvent], events: Sequence[TimelineEvent], *, tz: tzinfo
) -> list[TimelineEvent]:
    """The timeline with `events` (in time order) put in by time, leaving the order of the
    events already there as it is: each new one goes after the last earlier-or-equal one."""
    infinity = float("inf")
    keys = [infinity if e.at is None else _seconds(e.at, tz) for e in timeline]
    # The smallest key from each position on never decreases, so it can be bisected: the last
    # event at or before a time is the last position whose suffix minimum is at or before it.
    suffix_min, lowest = [infinity] * len(keys), infinity
    for position in range(len(keys) - 1, -1, -1):
        lowest = min(lowest, keys[position])
        suffix_min[position] = lowest
    merged: list[TimelineEvent] = []
    taken = 0
    for event in events:
        assert event.at is not None
        cut = bisect_right(suffix_min, _seconds(event.at, tz))
        merged.extend(timeline[taken:cut])
        taken = max(taken, cut)
        merged.append(event)
    merged.extend(timeline[taken:])
    return merged
