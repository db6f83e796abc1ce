"""`postmortem note`: one event added to a postmortem's timeline from the shell, during the
incident (`postmortem note REF Failover started`, `kubectl get pods | postmortem note REF -`).

The event is at now, in the postmortem's zone, unless `--at` says when (the editor's time
entry: `14:32`, `2026-01-30 14:32`, `+5m` after the latest event). Its text is the words
given, or standard input with its lines kept. The file is saved as the editor saves it
(locked, checked for changes, the version it replaces kept in the history), so an editor that
has the postmortem open merges the event in. Bad input changes nothing: one line, exit 2.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path

from ..core.model import (
    MAX_FIELD_CHARS,
    MILESTONES,
    Postmortem,
    TimelineEvent,
    normalise_newlines,
    strip_control_chars,
    timeline_sort_key,
)
from ..core.timezones import zone_of
from ..storage.workspace import Workspace, load
from .reporting import UsageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    import argparse
    from datetime import tzinfo
    from typing import BinaryIO, TextIO

#: What a terminal's colours and titles look like in piped output (`ls --color`): dropped.
_TERMINAL_SEQUENCES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
#: The printed event is cut here: it is a receipt, not the text.
SHOWN_CHARS = 300


def add_note_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="REF", help="an id, a unique prefix of one, or a .toml path")
    parser.add_argument(
        "text",
        metavar="TEXT",
        nargs="*",
        help="what happened; none, or -, reads it from standard input (put -- before a "
        "TEXT that starts with -)",
    )
    parser.add_argument(
        "--at",
        metavar="TIME",
        help="when: 14:32, 2026-01-30 14:32, an ISO time, or +5m after the latest event "
        "(default: now, in the postmortem's zone)",
    )
    parser.add_argument("--milestone", choices=MILESTONES, metavar="M", help="|".join(MILESTONES))


def take_text_after_options(args: argparse.Namespace, extra: list[str]) -> list[str]:
    """Words of TEXT given after an option (`note REF --at 14:32 Failover started`), which
    argparse leaves over, joined to TEXT; returns what is still not understood."""
    words = extra[1:] if extra[:1] == ["--"] else extra
    if "--" in extra or not any(w.startswith("-") and w != "-" for w in words):
        args.text.extend(w for w in extra if w != "--")
        return []
    return extra


def note_main(
    args: argparse.Namespace,
    workspace: Workspace,
    out: TextIO,
    *,
    stdin: TextIO | None,
    now: datetime | None = None,
) -> int:
    """Add the event and print it in one line; `UsageError` for bad input (nothing saved)."""
    path = workspace.resolve(args.ref)
    # A file that does not load and a time that does not read are refused before standard
    # input is read (someone may be typing the note into it).
    event_time(load(path).postmortem, args.at, now)
    text = note_text(args.text, stdin)
    event = add_note(workspace, path, text, at=args.at, milestone=args.milestone or "", now=now)
    print(event_line(event, zone_of(load(path).postmortem)), file=out)
    return 0


def note_text(words: list[str], stdin: TextIO | None) -> str:
    """The event's text: the words, or standard input (for none, or `-`) with its lines kept."""
    text = " ".join(words) if words and words != ["-"] else _read_text(stdin)
    text = strip_control_chars(_TERMINAL_SEQUENCES.sub("", normalise_newlines(text)))
    text = text.rstrip().lstrip("\n")
    if not text.strip():
        raise UsageError("nothing to note: give the text, or pipe it in with -")
    if len(text) > MAX_FIELD_CHARS:
        raise UsageError(f"the note is too long ({len(text):,} characters, limit 1,000,000)")
    return text


def _read_text(stdin: TextIO | None) -> str:
    if stdin is None:
        raise UsageError("no text given, and no standard input to read it from")
    if stdin.isatty():
        print("Type the note; end it with ctrl+d.", file=sys.stderr)
    buffer: BinaryIO | None = getattr(stdin, "buffer", None)
    try:
        if buffer is None:
            return stdin.read(MAX_FIELD_CHARS + 1)
        data = buffer.read(4 * MAX_FIELD_CHARS + 1)  # UTF-8: at most 4 bytes a character
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"standard input is not UTF-8 text (byte {error.start})") from None


def add_note(
    workspace: Workspace,
    path: Path,
    text: str,
    *,
    at: str | None,
    milestone: str,
    now: datetime | None = None,
) -> TimelineEvent:
    """Append the event to the postmortem at `path` and save it; returns the event as saved.

    When the file changes while this saves it (an editor's autosave), the event is added to
    the file as it is then (`Workspace.update`).
    """
    added: list[TimelineEvent] = []

    def append(pm: Postmortem) -> bool:
        added[:] = [TimelineEvent(at=event_time(pm, at, now), event=text, milestone=milestone)]
        pm.timeline.append(added[0])
        pm.sort_timeline()
        return True

    workspace.update(path, append)
    return added[0]


def latest_time(pm: Postmortem) -> datetime | None:
    """The latest event's time (None when no event has one)."""
    times = [event.at for event in pm.timeline if event.at is not None]
    return max(times, key=timeline_sort_key) if times else None


def event_time(pm: Postmortem, at: str | None, now: datetime | None = None) -> datetime:
    """`--at` read as the editor reads a typed time, counted from the latest event (and in
    its zone when the time is typed without one); without it, now (to the second) in the
    postmortem's zone."""
    from ..core.typed_values import TypedValueError, parse_event_time

    latest = latest_time(pm)
    if at is not None:
        try:
            when = parse_event_time(at, incident_date=pm.date, previous=latest)
        except TypedValueError as error:
            raise UsageError(f"--at: {error}") from None
        if when.tzinfo is None and latest is not None and latest.tzinfo is not None:
            when = when.replace(tzinfo=latest.tzinfo)  # a date typed in full: the same zone
        return when

    moment = (now or datetime.now().astimezone()).astimezone(zone_of(pm)).replace(microsecond=0)
    if latest is not None and latest.tzinfo is None:
        return moment.replace(tzinfo=None)  # a timeline of local times stays one
    return moment


def event_line(event: TimelineEvent, zone: tzinfo) -> str:
    """The event in one line, safe for a terminal: `2026-03-04 23:55:07 UTC [detected] text`."""
    from ..core.terminal_text import shown
    from ..core.timeline import format_zoned_time

    milestone = f" [{event.milestone}]" if event.milestone else ""
    text = event.event if len(event.event) <= SHOWN_CHARS else event.event[:SHOWN_CHARS] + "…"
    return shown(f"{format_zoned_time(event.at, zone)}{milestone} {text}", one_line=True)
