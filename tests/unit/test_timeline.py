"""Time entry for events, derived durations from milestones, and how durations read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from postmortem_tui.core.model import Impact, Postmortem, TimelineEvent
from postmortem_tui.core.timeline import derive_times, format_duration, format_event_time
from postmortem_tui.core.typed_values import TimeEntryError, parse_event_time
from postmortem_tui.storage.workspace import Workspace, load

INCIDENT = date(2026, 1, 30)
PLUS2 = timezone(timedelta(hours=2))


def test_derived_durations_of_the_sample(tmp_path: Path) -> None:
    sample = load(Workspace(tmp_path).add_sample()).postmortem
    derived = derive_times(sample).as_text()
    assert derived["time_to_detection"] == "38m"
    assert derived["time_to_acknowledge"] == "41m"
    assert derived["time_to_mitigation"] == "1h 4m"
    assert derived["time_to_resolution"] == "1h 37m"


def event(hhmm: str, milestone: str = "", tz: timezone | None = UTC) -> TimelineEvent:
    hours, minutes = map(int, hhmm.split(":"))
    return TimelineEvent(at=datetime(2026, 1, 30, hours, minutes, tzinfo=tz), milestone=milestone)


def test_missing_milestones_are_unknown_never_a_crash() -> None:
    assert set(derive_times(Postmortem(title="t")).as_text().values()) == {"unknown"}
    only_detected = Postmortem(title="t", timeline=[event("14:00", "detected")])
    assert derive_times(only_detected).to_detection is None
    no_start = Postmortem(title="t", timeline=[event("14:00", "resolved"), TimelineEvent()])
    assert derive_times(no_start).as_text()["time_to_resolution"] == "unknown"
    untimed_start = Postmortem(
        title="t", timeline=[TimelineEvent(milestone="started"), event("14:00", "resolved")]
    )
    assert derive_times(untimed_start).to_resolution is None


def test_durations_count_from_the_first_started_and_first_milestone() -> None:
    pm = Postmortem(
        title="t",
        timeline=[
            event("14:00", "started"),
            event("14:10", "started"),
            event("14:36", "detected"),
            event("14:50", "detected"),
            event("15:36", "resolved"),
        ],
    )
    derived = derive_times(pm)
    assert derived.to_detection == timedelta(minutes=36)
    assert derived.to_resolution == timedelta(hours=1, minutes=36)
    assert derived.impact_duration == timedelta(hours=1, minutes=36)
    assert derived.to_mitigation is None


def test_durations_across_offsets_compare_instants() -> None:
    pm = Postmortem(
        title="t",
        timeline=[event("14:00", "started"), event("16:36", "detected", tz=PLUS2)],
    )
    assert derive_times(pm).to_detection == timedelta(minutes=36)


def test_given_impact_duration_wins_over_the_timeline() -> None:
    pm = Postmortem(
        title="t",
        impact=Impact(duration_minutes=52),
        timeline=[event("14:00", "started"), event("15:00", "resolved")],
    )
    assert derive_times(pm).as_text()["impact_duration"] == "52m"


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(minutes=36), "36m"),
        (timedelta(hours=1, minutes=36), "1h 36m"),
        (timedelta(days=2, hours=4), "2d 4h 0m"),
        (timedelta(days=2, hours=4, minutes=59), "2d 4h 59m"),
        (timedelta(hours=2), "2h 0m"),
        (timedelta(days=1), "1d 0h 0m"),
        (timedelta(days=1, minutes=11), "1d 0h 11m"),  # 22:52 to 23:03 the next day
        (timedelta(days=1, seconds=59), "1d 0h 0m"),
        (timedelta(0), "0m"),
        (timedelta(seconds=59), "0m"),
        (timedelta(minutes=-5), "-5m"),
        (None, "unknown"),
    ],
)
def test_format_duration(delta: timedelta | None, text: str) -> None:
    assert format_duration(delta) == text


@pytest.mark.parametrize(
    ("entry", "previous", "expected"),
    [
        ("14:32", None, datetime(2026, 1, 30, 14, 32)),
        (" 9:05 ", None, datetime(2026, 1, 30, 9, 5)),
        ("14:32:07", None, datetime(2026, 1, 30, 14, 32, 7)),
        # the previous event's offset carries over; the day is the nearest to it
        (
            "01:10",
            datetime(2026, 1, 31, 23, 0, tzinfo=PLUS2),
            datetime(2026, 2, 1, 1, 10, tzinfo=PLUS2),
        ),
        (
            "22:10",
            datetime(2026, 1, 31, 23, 0, tzinfo=PLUS2),
            datetime(2026, 1, 31, 22, 10, tzinfo=PLUS2),
        ),
        ("2026-01-30 14:32", None, datetime(2026, 1, 30, 14, 32)),
        ("2026-01-30T14:32:00Z", None, datetime(2026, 1, 30, 14, 32, tzinfo=UTC)),
        ("2026-01-30t14:32:00z", None, datetime(2026, 1, 30, 14, 32, tzinfo=UTC)),
        ("2026-01-30T14:32+02:00", None, datetime(2026, 1, 30, 14, 32, tzinfo=PLUS2)),
        ("+5m", datetime(2026, 1, 30, 14, 32), datetime(2026, 1, 30, 14, 37)),
        (
            "+1h30m",
            datetime(2026, 1, 30, 23, 0, tzinfo=UTC),
            datetime(2026, 1, 31, 0, 30, tzinfo=UTC),
        ),
        ("+1d", datetime(2026, 1, 30, 14, 32), datetime(2026, 1, 31, 14, 32)),
        ("+ 2h 5m", datetime(2026, 1, 30, 14, 0), datetime(2026, 1, 30, 16, 5)),
    ],
)
def test_parse_event_time(entry: str, previous: datetime | None, expected: datetime) -> None:
    at = parse_event_time(entry, incident_date=INCIDENT, previous=previous)
    assert at == expected
    assert at.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("entry", "incident_date", "previous", "reason"),
    [
        ("", INCIDENT, None, "enter a time"),
        ("   ", INCIDENT, None, "enter a time"),
        ("25:00", INCIDENT, None, "not a time of day"),
        ("14:61", INCIDENT, None, "not a time of day"),
        ("14:32", None, None, "no date"),
        ("half past two", INCIDENT, None, "not a time"),
        ("2026-02-30 10:00", INCIDENT, None, "not a time"),
        ("+", INCIDENT, datetime(2026, 1, 30, 14, 0), "not a relative time"),
        ("+5x", INCIDENT, datetime(2026, 1, 30, 14, 0), "not a relative time"),
        ("+5m", INCIDENT, None, "earlier event"),
        ("2026-01-30T14:32+05:30:15", INCIDENT, None, "whole minutes"),
    ],
)
def test_bad_time_entries_say_why(
    entry: str, incident_date: date | None, previous: datetime | None, reason: str
) -> None:
    with pytest.raises(TimeEntryError) as caught:
        parse_event_time(entry, incident_date=incident_date, previous=previous)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("at", "text"),
    [
        (datetime(2026, 1, 30, 14, 32, tzinfo=UTC), "2026-01-30 14:32Z"),
        (datetime(2026, 1, 30, 14, 32, 5), "2026-01-30 14:32:05"),
        (datetime(2026, 1, 30, 14, 32, tzinfo=PLUS2), "2026-01-30 14:32+02:00"),
        (
            datetime(2026, 1, 30, 14, 32, tzinfo=timezone(-timedelta(hours=3, minutes=30))),
            "2026-01-30 14:32-03:30",
        ),
        (None, ""),
    ],
)
def test_format_event_time_reads_back(at: datetime | None, text: str) -> None:
    assert format_event_time(at) == text
    if at is not None:
        back = parse_event_time(text, incident_date=None, previous=None)
        assert back == at and back.utcoffset() == at.utcoffset()


def test_timeline_is_kept_in_time_order_with_ties_in_entry_order() -> None:
    pm = Postmortem(
        title="t",
        timeline=[
            TimelineEvent(at=datetime(2026, 1, 30, 15, 0, tzinfo=UTC), event="late"),
            TimelineEvent(at=datetime(2026, 1, 30, 14, 0, tzinfo=UTC), event="tie 1"),
            TimelineEvent(event="no time"),
            TimelineEvent(at=datetime(2026, 1, 30, 16, 0, tzinfo=PLUS2), event="tie 2"),
            TimelineEvent(at=datetime(2026, 1, 30, 14, 0, tzinfo=UTC), event="tie 3"),
        ],
    )
    pm.sort_timeline()
    assert [e.event for e in pm.timeline] == ["tie 1", "tie 2", "tie 3", "late", "no time"]
