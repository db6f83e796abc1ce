"""Chat logs as plain text: one message a line, starting with its time and then its author.

    [14:32] name: text          [14:32] <name> text         [2:32 PM] name: text
    14:32 <name> text           2018-10-21 22:52:03 name: text
    2018-10-21T22:52:03Z <name> text

A line without a time continues the message before it. A bare time of day is on the
incident's date (in the postmortem's zone) and moves to the next day when the log crosses
midnight; a date and time without an offset is in the postmortem's zone.
"""

from __future__ import annotations

import re
from datetime import time

from .lines import ISO_STAMP, RecordBuilder, iso_instant, lines_of
from .records import LocalTimes

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from datetime import datetime

    from .records import InputFile, ParseContext, Parsed

_CLOCK = r"\d{1,2}:\d\d(?::\d\d)?(?:[ \t]?[AaPp][Mm])?"
_LINE = re.compile(
    rf"(?P<open>\[)?(?:(?P<iso>{ISO_STAMP})|(?P<clock>{_CLOCK}))(?(open)\])"
    r"(?:[ \t]+(?P<rest>.*))?$",
    re.ASCII,
)
_AUTHOR = re.compile(
    r"<(?P<angle>[^<>]{1,64})>(?:[ \t]+|$)|(?P<colon>[^\s<>:\[][^\s:]{0,63}):(?:[ \t]+|$)"
)


def _clock(text: str) -> time | None:
    """`14:32`, `14:32:05`, `2:32 PM`; None when no such time of day."""
    meridiem = text[-2:].lower() if text[-1:] in "mM" else ""
    digits = text[:-2].rstrip() if meridiem else text
    parts = [int(part) for part in digits.split(":")]
    hours = parts[0]
    if meridiem:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if meridiem == "pm" else 0)
    try:
        return time(hours, parts[1], parts[2] if len(parts) > 2 else 0)
    except ValueError:
        return None


def _author(rest: str) -> tuple[str, str]:
    """(author, text) from what follows the time; no author when it does not name one."""
    found = _AUTHOR.match(rest)
    if found is None:
        return "", rest
    return (found["angle"] or found["colon"]).strip(), rest[found.end() :]


def starts_message(line: str) -> bool:
    """Whether a line reads as a chat message: a time in brackets, or a time and an author.
    (A date-time followed by text without an author reads as a log line instead.)"""
    found = _LINE.match(line)
    if found is None:
        return False
    return bool(found["open"]) or _AUTHOR.match(found["rest"] or "") is not None


def parse_file(file: InputFile, context: ParseContext) -> Parsed:
    builder, times = RecordBuilder(file.name), LocalTimes(context)
    for number, line in enumerate(lines_of(file.text), start=1):
        found = _LINE.match(line)
        if found is None:
            builder.add(number, line)
            continue
        author, text = _author(found["rest"] or "")
        if not (author or found["open"] or found["iso"]):
            builder.add(number, line)  # `10:00 the cron job ran`: a pasted line, no message
            continue
        at: datetime | None
        if found["iso"]:
            at = iso_instant(found["iso"], times)
        else:
            clock = _clock(found["clock"])
            at = None if clock is None else _on_running_day(clock, times)
        builder.start(number, at, author, text)
    return builder.finish()


def _on_running_day(clock: time, times: LocalTimes) -> datetime | None:
    try:
        return times.clock(clock)
    except OverflowError:  # past the last date there is
        return None
