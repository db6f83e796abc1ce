"""Classic syslog lines (RFC 3164), as /var/log/syslog and journalctl's short output write them:

    Oct 21 22:52:03 db-primary orchestrator[812]: failover started

The line has no year: it is the year that puts the day nearest the incident's date. The text
is the rest of the line (host, unit and message); the time is in the postmortem's zone. A line
without a time continues the one before it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from .lines import RecordBuilder, lines_of
from .records import LocalTimes

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from .records import InputFile, ParseContext, Parsed

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LINE = re.compile(
    rf"(?P<month>{'|'.join(_MONTHS)}) (?P<day>[ \d]\d) (?P<clock>\d\d:\d\d:\d\d)(?:\.\d+)?"
    r"[ \t]+(?P<rest>\S.*)$",
    re.ASCII,
)
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTHS, start=1)}


def starts_entry(line: str) -> bool:
    """Whether a line starts with a syslog time (`Oct 21 22:52:03`)."""
    return _LINE.match(line) is not None


def nearest_day(month: int, day: int, incident: date) -> date | None:
    """The day `month`/`day` in the year that puts it nearest the incident's date; None when
    there is no such day in any of those years (`Feb 30`)."""
    candidates = []
    for year in (incident.year - 1, incident.year, incident.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs(d - incident), default=None)


def _instant(found: re.Match[str], times: LocalTimes, incident: date) -> datetime | None:
    day = nearest_day(_MONTH_NUMBERS[found["month"]], int(found["day"]), incident)
    hours, minutes, seconds = (int(part) for part in found["clock"].split(":"))
    try:
        return (
            None
            if day is None
            else times.local(datetime.combine(day, time(hours, minutes, seconds)))
        )
    except (ValueError, OverflowError):
        return None


def parse_file(file: InputFile, context: ParseContext) -> Parsed:
    builder, times = RecordBuilder(file.name), LocalTimes(context)
    for number, line in enumerate(lines_of(file.text), start=1):
        found = _LINE.match(line)
        if found is None:
            builder.add(number, line)
        else:
            at = _instant(found, times, context.incident_date)
            builder.start(number, at, "", found["rest"])
    return builder.finish()
