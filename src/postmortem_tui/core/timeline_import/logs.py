"""Log lines that start with an ISO 8601 time, as most services write them.

    2018-10-21T22:52:03Z ERROR db-primary: replication lag 300s
    2018-10-21 22:52:03,412 WARNING [orchestrator] failover started
    [2018-10-21T22:52:03.120+00:00] api: connection refused

The text is the rest of the line. A line without a time (a stack trace) continues the one
before it; a time without an offset is in the postmortem's zone.
"""

from __future__ import annotations

import re

from .lines import ISO_STAMP, RecordBuilder, iso_instant, lines_of
from .records import LocalTimes

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from .records import InputFile, ParseContext, Parsed

_LINE = re.compile(rf"(?P<open>\[)?(?P<iso>{ISO_STAMP})(?(open)\])(?:[\s|,;-]+|$)", re.ASCII)


def starts_entry(line: str) -> bool:
    """Whether a line starts with an ISO 8601 date and time."""
    return _LINE.match(line) is not None


def parse_file(file: InputFile, context: ParseContext) -> Parsed:
    builder, times = RecordBuilder(file.name), LocalTimes(context)
    for number, line in enumerate(lines_of(file.text), start=1):
        found = _LINE.match(line)
        if found is None:
            builder.add(number, line)
        else:
            builder.start(number, iso_instant(found["iso"], times), "", line[found.end() :])
    return builder.finish()
