"""Reading typed values: dates, durations, event times, whole numbers, percentages, factors."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_tui.core.model import MAX_WHOLE_NUMBER
from postmortem_tui.core.timeline import format_duration, format_event_time
from postmortem_tui.core.typed_values import (
    TimeEntryError,
    TypedValueError,
    parse_date,
    parse_duration,
    parse_duration_minutes,
    parse_event_time,
    parse_factor_numbers,
    parse_optional_date,
    parse_percentage,
    parse_whole_number,
)

# --- dates ---------------------------------------------------------------------------------


@given(st.dates())
def test_any_date_written_as_iso_reads_back(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"  {day.isoformat()} ") == day
    assert parse_optional_date(day.isoformat()) == day


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "30/01/2026", "soon", ""])
def test_a_refused_date_names_the_field_and_the_format(text: str) -> None:
    with pytest.raises(TypedValueError) as caught:
        parse_date(f" {text} ", label="Review on")
    assert caught.value.reason == f"{text!r} is not a date (expected YYYY-MM-DD)"
    assert str(caught.value) == f"Review on: {text!r} is not a date (expected YYYY-MM-DD)"


def test_a_blank_optional_date_is_no_date_and_a_label_is_optional() -> None:
    assert parse_optional_date("   ") is None
    with pytest.raises(TypedValueError) as caught:
        parse_optional_date("tomorrow")
    assert (
        str(caught.value) == caught.value.reason == "'tomorrow' is not a date (expected YYYY-MM-DD)"
    )


# --- durations -----------------------------------------------------------------------------


@given(st.integers(0, 10_000), st.integers(0, 23), st.integers(0, 59), st.booleans())
def test_any_duration_format_duration_writes_reads_back(
    days: int, hours: int, minutes: int, space: bool
) -> None:
    # format_duration never drops a unit: every whole-minute duration reads back
    delta = timedelta(days=days, hours=hours, minutes=minutes)
    text = format_duration(delta)
    assert parse_duration(text) == delta
    assert parse_duration(f" {text} " if space else text.replace(" ", "")) == delta
    assert parse_event_time(f"+{text}", incident_date=None, previous=datetime(2000, 1, 1)) == (
        datetime(2000, 1, 1) + delta
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5m", timedelta(minutes=5)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("2d 4h", timedelta(days=2, hours=4)),
        ("45s", timedelta(seconds=45)),
        ("1d2h3m4s", timedelta(days=1, hours=2, minutes=3, seconds=4)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("24h11m", 24 * 60 + 11),
        ("1d 2h", 26 * 60),
        ("1d 0h 11m", 24 * 60 + 11),
        ("90m", 90),
        ("+1h30m", 90),
        ("90", 90),
        (" 1,440 ", 1440),
        ("", None),
        ("   ", None),
    ],
)
def test_a_duration_in_minutes_reads_every_form(text: str, minutes: int | None) -> None:
    assert parse_duration_minutes(text, label="Duration") == minutes


@given(st.integers(0, 10**7))
def test_any_duration_in_minutes_reads_back_as_shown(minutes: int) -> None:
    assert parse_duration_minutes(format_duration(timedelta(minutes=minutes))) == minutes


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("45s", "whole minutes"),
        ("5x", "not a duration"),
        ("-5m", "not a duration"),
        ("1e3", "not a duration"),
        ("9" * 14, "up to"),
        ("1000000000001m", "up to"),
        ("9999999999999m", "too long"),
    ],
)
def test_a_refused_duration_in_minutes_says_why(text: str, reason: str) -> None:
    with pytest.raises(TypedValueError) as caught:
        parse_duration_minutes(text, label="Duration")
    assert str(caught.value).startswith("Duration: ") and reason in str(caught.value)


@pytest.mark.parametrize("text", ["", "  ", "5", "5x", "1m1h", "h", "-5m", "99999999999999d"])
def test_a_refused_duration_says_why(text: str) -> None:
    with pytest.raises(TypedValueError) as caught:
        parse_duration(text, label="Duration")
    assert str(caught.value).startswith("Duration: ")


@pytest.mark.parametrize("entry", ["+9999999d", "+99999999999d", "+" + "9" * 5000 + "m"])
def test_a_relative_time_past_the_calendar_is_refused_not_a_crash(entry: str) -> None:
    with pytest.raises(TimeEntryError):
        parse_event_time(entry, incident_date=None, previous=datetime(2026, 1, 30, 14, 0))


@given(st.datetimes(min_value=datetime(1000, 1, 1)).map(lambda d: d.replace(microsecond=0)))
def test_any_event_time_as_shown_reads_back(at: datetime) -> None:
    assert parse_event_time(format_event_time(at), incident_date=None, previous=None) == at


# --- numbers -------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=MAX_WHOLE_NUMBER))
def test_any_count_reads_back_with_or_without_separators(count: int) -> None:
    assert parse_whole_number(str(count)) == count
    assert parse_whole_number(f"{count:,}") == count
    assert parse_whole_number(f" {count:_} ") == count


@pytest.mark.parametrize("text", ["-3", "1.5", "many", "²", "3 4", "9" * 5000])
def test_a_refused_count_keeps_today_s_wording(text: str) -> None:
    with pytest.raises(TypedValueError) as caught:
        parse_whole_number(text, label="Users affected")
    assert str(caught.value) == (
        f"Users affected: expected a whole number of zero or more, got {text!r}"
    )


def test_blank_numbers_are_none() -> None:
    assert parse_whole_number(" ") is None
    assert parse_percentage("") is None


@given(st.floats(min_value=0, max_value=100))
def test_any_percentage_reads_back(share: float) -> None:
    assert parse_percentage(repr(share)) == share
    assert parse_percentage(f"{share!r}%") == share


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("lots", "expected a percentage, got 'lots'"),
        ("101", "expected a percentage from 0 to 100, got '101'"),
        ("-1%", "expected a percentage from 0 to 100, got '-1%'"),
        ("nan", "expected a percentage from 0 to 100, got 'nan'"),
    ],
)
def test_a_refused_percentage_keeps_today_s_wording(text: str, reason: str) -> None:
    with pytest.raises(TypedValueError) as caught:
        parse_percentage(text, label="Users affected %")
    assert str(caught.value) == f"Users affected %: {reason}"


@given(st.lists(st.integers(1, 9)), st.sampled_from([", ", " ", ","]))
def test_any_factor_list_reads_back(numbers: list[int], separator: str) -> None:
    assert parse_factor_numbers(separator.join(map(str, numbers)), 9) == numbers


@pytest.mark.parametrize(
    ("text", "count", "reason"),
    [
        ("1, x", 3, "not a factor number: 'x'"),
        ("²", 3, "not a factor number: '²'"),
        ("4", 3, "no factor 4 (factors are numbered 1 to 3)"),
        ("0", 3, "no factor 0 (factors are numbered 1 to 3)"),
        ("1", 0, "no factor 1 (factors are numbered none yet)"),
    ],
)
def test_a_refused_factor_list_keeps_today_s_wording(text: str, count: int, reason: str) -> None:
    with pytest.raises(TypedValueError) as caught:
        parse_factor_numbers(text, count)
    assert caught.value.reason == reason


@given(st.integers(min_value=MAX_WHOLE_NUMBER + 1, max_value=10**99))
def test_counts_beyond_what_a_file_holds_are_refused(count: int) -> None:
    with pytest.raises(TypedValueError, match="up to"):
        parse_whole_number(f"{count:,}")
