"""Time zones: a postmortem's zone, the system's, times typed and measured across midnight and
across changes of the clocks, and saving that never moves an event nobody touched."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.model import Postmortem, TimelineEvent, ValidationError, from_dict
from postmortem_tui.core.timeline import derive_times, format_local_time, times_caption
from postmortem_tui.core.timezones import (
    UnknownZoneError,
    system_zone_name,
    zone_caption,
    zone_named,
    zone_of,
)
from postmortem_tui.core.typed_values import TimeEntryError, parse_event_time
from postmortem_tui.storage.workspace import dumps, parse_postmortem

NEW_YORK = zone_named("America/New_York")
EST, EDT = timezone(timedelta(hours=-5)), timezone(timedelta(hours=-4))


# --- zones -----------------------------------------------------------------------------------


def test_a_zone_is_found_by_its_iana_name() -> None:
    assert zone_named("UTC").utcoffset(datetime(2026, 1, 1)) == timedelta(0)
    assert NEW_YORK.utcoffset(datetime(2026, 7, 1)) == timedelta(hours=-4)


@pytest.mark.parametrize(
    "name", ["Mars/Olympus_Mons", "", "America", "localtime", "posix/UTC", "../etc", " UTC", "utc"]
)
def test_an_unknown_zone_is_refused_in_one_line_naming_it(name: str) -> None:
    with pytest.raises(UnknownZoneError) as caught:
        zone_named(name)
    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert repr(name) in message and "\n" not in message


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Asia/Tokyo", "Asia/Tokyo"),
        (":Europe/Paris", "Europe/Paris"),
        ("/usr/share/zoneinfo/America/New_York", "America/New_York"),
        ("", "UTC"),  # the C library reads an empty TZ as UTC
        ("Etc/UTC", "UTC"),
    ],
)
def test_the_system_zone_is_named_by_tz(
    monkeypatch: pytest.MonkeyPatch, tz: str, expected: str
) -> None:
    monkeypatch.setenv("TZ", tz)
    assert system_zone_name() == expected


def test_a_tz_that_names_no_zone_falls_back_to_a_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "EST+5EDT,M3.2.0/2,M11.1.0/2")  # POSIX rules, not a name
    zone_named(system_zone_name())  # /etc/localtime's zone or UTC: a name either way


def test_a_postmortem_without_a_zone_is_in_the_system_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    pm = Postmortem(title="t", timeline=[TimelineEvent(at=datetime(2026, 1, 30, 9, 0))])
    assert zone_of(pm) is zone_named("Asia/Tokyo")
    assert times_caption(pm) == "Times in Asia/Tokyo (UTC+09:00), this system's zone"
    pm.timezone = "America/New_York"
    assert zone_of(pm) is NEW_YORK
    assert times_caption(pm) == "Times in America/New_York (UTC-05:00)"


def test_the_zone_is_read_from_the_file_and_an_unknown_one_is_refused() -> None:
    pm = from_dict({"schema_version": 1, "title": "t", "timezone": "Europe/Berlin"})
    assert pm.timezone == "Europe/Berlin"
    assert "timezone" not in pm.extra
    with pytest.raises(ValidationError) as caught:
        from_dict({"schema_version": 1, "title": "t", "timezone": "Europe/Atlantis"})
    assert caught.value.field_path == "timezone"
    assert "Europe/Atlantis" in str(caught.value)


def test_a_file_without_the_key_loads_and_saves_without_it() -> None:
    text = (
        'schema_version = 1\ntitle = "t"\nstatus = "draft"\nformat = "full"\n\n'
        '[[timeline]]\nid = "e1"\nat = 2026-01-30T22:52:00\n'
    )
    pm = parse_postmortem(text.encode(), Path("t.toml"))
    assert pm.timezone == ""
    assert dumps(pm) == text


def test_the_caption_lists_each_offset_in_use_across_a_change_of_the_clocks() -> None:
    times = [datetime(2026, 3, 8, 1, 30), datetime(2026, 3, 8, 3, 10)]
    assert zone_caption("America/New_York", NEW_YORK, times) == (
        "America/New_York (UTC-05:00 → UTC-04:00)"
    )
    assert zone_caption("UTC", zone_named("UTC"), times) == "UTC"


# --- typing times across midnight ------------------------------------------------------------


@pytest.mark.parametrize("zone", [None, NEW_YORK], ids=["no zone", "New York"])
def test_a_time_after_midnight_goes_on_the_next_day(zone: timezone | None) -> None:
    at = parse_event_time(
        "00:05", incident_date=date(2026, 1, 30), previous=datetime(2026, 1, 30, 23, 19), zone=zone
    )
    assert at == datetime(2026, 1, 31, 0, 5)


@pytest.mark.parametrize("zone", [None, NEW_YORK], ids=["no zone", "New York"])
def test_a_late_time_after_a_next_day_event_goes_on_the_day_before(zone: timezone | None) -> None:
    at = parse_event_time(
        "22:51", incident_date=date(2026, 1, 30), previous=datetime(2026, 1, 31, 0, 10), zone=zone
    )
    assert at == datetime(2026, 1, 30, 22, 51)


def test_the_nearest_day_is_found_on_the_zone_clock_for_a_time_with_an_offset() -> None:
    # 04:19Z is 23:19 the evening before in New York: 00:05 New York is 46 minutes later.
    previous = datetime(2026, 1, 31, 4, 19, tzinfo=UTC)
    at = parse_event_time("00:05", incident_date=None, previous=previous, zone=NEW_YORK)
    assert at == datetime(2026, 1, 31, 0, 5, tzinfo=EST)
    assert at.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(
    ("entry", "previous", "expected"),
    [
        ("01-31 00:05", datetime(2026, 1, 30, 23, 19), datetime(2026, 1, 31, 0, 5)),
        ("01-29 22:00", datetime(2026, 1, 31, 0, 10), datetime(2026, 1, 29, 22, 0)),
        ("1-31 9:05:30", None, datetime(2026, 1, 31, 9, 5, 30)),
        # the year nearest the previous event (or the incident's date)
        ("12-31 23:50", datetime(2026, 1, 1, 0, 20), datetime(2025, 12, 31, 23, 50)),
        ("01-01 00:10", None, datetime(2027, 1, 1, 0, 10)),
    ],
)
def test_month_and_day_pick_the_day(
    entry: str, previous: datetime | None, expected: datetime
) -> None:
    incident = date(2026, 12, 31) if entry.startswith("01-01") else date(2026, 1, 30)
    at = parse_event_time(entry, incident_date=incident, previous=previous, zone=NEW_YORK)
    assert at == expected and at.tzinfo is None


@pytest.mark.parametrize(
    ("entry", "previous", "reason"),
    [
        ("02-30 10:00", datetime(2026, 1, 30, 9, 0), "not a date"),
        ("01-31 25:00", datetime(2026, 1, 30, 9, 0), "not a time of day"),
        ("01-31 10:00", None, "no year"),
    ],
)
def test_a_bad_month_and_day_says_why(entry: str, previous: datetime | None, reason: str) -> None:
    with pytest.raises(TimeEntryError) as caught:
        parse_event_time(entry, incident_date=None, previous=previous, zone=NEW_YORK)
    assert reason in str(caught.value)


# --- changes of the clocks (America/New_York, 2026-03-08 and 2026-11-01) --------------------


def test_spring_forward_a_skipped_time_is_refused_and_real_time_is_counted() -> None:
    before = datetime(2026, 3, 8, 1, 50)  # EST
    with pytest.raises(TimeEntryError) as caught:
        parse_event_time("02:30", incident_date=None, previous=before, zone=NEW_YORK)
    assert "does not exist in America/New_York" in str(caught.value)
    with pytest.raises(TimeEntryError):
        parse_event_time("2026-03-08 02:30", incident_date=None, previous=before, zone=NEW_YORK)
    assert parse_event_time("03:10", incident_date=None, previous=before, zone=NEW_YORK) == (
        datetime(2026, 3, 8, 3, 10)
    )
    # an hour after 01:30 EST is 03:30 EDT
    assert parse_event_time(
        "+1h", incident_date=None, previous=datetime(2026, 3, 8, 1, 30), zone=NEW_YORK
    ) == datetime(2026, 3, 8, 3, 30)


def test_fall_back_a_time_passed_twice_is_the_one_nearest_the_previous_event() -> None:
    first_pass = datetime(2026, 11, 1, 1, 50)  # EDT: a local time is the first of the two
    later = parse_event_time("01:20", incident_date=None, previous=first_pass, zone=NEW_YORK)
    # 01:20 EDT is 30 minutes before, 01:20 EST 30 minutes after: as near, so the later one,
    # kept with its offset (a local time would read back as the first)
    assert later == datetime(2026, 11, 1, 1, 20, tzinfo=EST)
    assert later.utcoffset() == timedelta(hours=-5)
    earlier = parse_event_time("01:40", incident_date=None, previous=first_pass, zone=NEW_YORK)
    assert earlier == datetime(2026, 11, 1, 1, 40) and earlier.tzinfo is None
    thirty_later = parse_event_time("+30m", incident_date=None, previous=first_pass, zone=NEW_YORK)
    assert thirty_later == datetime(2026, 11, 1, 1, 20, tzinfo=EST)


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (datetime(2026, 3, 8, 1, 0), datetime(2026, 3, 8, 4, 0), 2),  # an hour skipped
        (datetime(2026, 11, 1, 0, 30), datetime(2026, 11, 1, 3, 0), 3.5),  # an hour twice
        (datetime(2026, 11, 1, 1, 30), datetime(2026, 11, 1, 1, 10, tzinfo=EST), 40 / 60),
    ],
)
def test_durations_across_a_change_of_the_clocks_count_real_time(
    start: datetime, end: datetime, hours: float
) -> None:
    pm = Postmortem(
        title="t",
        timezone="America/New_York",
        timeline=[
            TimelineEvent(at=start, milestone="started"),
            TimelineEvent(at=end, milestone="resolved"),
        ],
    )
    assert derive_times(pm).to_resolution == timedelta(hours=hours)


def test_times_show_in_the_zone_with_weekday_date_and_abbreviation() -> None:
    assert format_local_time(datetime(2026, 1, 31, 0, 5), NEW_YORK, weekday=True) == (
        "Sat 2026-01-31 00:05 EST"
    )
    summer = datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
    assert format_local_time(summer, NEW_YORK, with_date=False) == "12:00"
    assert format_local_time(summer, NEW_YORK, weekday=True) == "Wed 2026-07-01 12:00 EDT"


# --- saving never moves an event nobody touched ----------------------------------------------

#: Local times and a time with an offset, in time order: 22:52, 22:55 (03:55Z), 23:03.
MIXED = (Path(__file__).parent.parent / "data" / "overnight-mixed-zones.toml").read_text("utf-8")


def test_a_file_mixing_offset_and_local_times_keeps_its_order_and_figures() -> None:
    pm = parse_postmortem(MIXED.encode(), Path("mixed.toml"))
    assert [e.milestone for e in pm.timeline] == ["started", "detected", "resolved"]
    assert dumps(pm) == MIXED
    derived = derive_times(pm)
    assert derived.to_detection == timedelta(minutes=3)
    assert derived.to_resolution == timedelta(minutes=11)


_ZONES = st.sampled_from(["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata"])
_OFFSETS = st.sampled_from([None, UTC, EST, EDT, timezone(timedelta(hours=5, minutes=30))])
_TIMES = st.builds(
    lambda minute, offset: (datetime(2026, 3, 7) + timedelta(minutes=minute)).replace(
        tzinfo=offset
    ),
    st.integers(0, 4 * 24 * 60),
    _OFFSETS,
)
_EVENTS = st.lists(
    st.builds(
        TimelineEvent,
        at=st.one_of(st.none(), _TIMES),
        event=st.sampled_from(["Queue grows", "Alert fires", "Rollback"]),
        milestone=st.sampled_from(["", "started", "detected", "resolved"]),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(zone=_ZONES, events=_EVENTS)
def test_any_loaded_timeline_saves_in_the_same_order_with_the_same_figures(
    zone: str, events: list[TimelineEvent]
) -> None:
    pm = Postmortem(title="t", timezone=zone, timeline=events)
    loaded = parse_postmortem(dumps(pm).encode(), Path("t.toml"))
    text = dumps(loaded)
    again = parse_postmortem(text.encode(), Path("t.toml"))
    assert dumps(again) == text
    assert again.timeline == loaded.timeline
    assert derive_times(again) == derive_times(loaded) == derive_times(pm)
