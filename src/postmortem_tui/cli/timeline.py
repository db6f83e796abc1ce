"""`postmortem timeline import REF FILE...`: events from chat logs, shell history, logs and
Slack exports, added to a postmortem's timeline.

Prints one line: how many events were added and how many records were skipped, and why.
`--dry-run` prints the events instead and writes nothing. Exit 2, with nothing written, for a
file that cannot be read or is in no format the import knows, and for a bad `--from`/`--to`.
"""

from __future__ import annotations

import argparse
import sys

from ..core.timezones import zone_of
from ..storage.workspace import load
from .reporting import LazyChoices, add_workspace_option, complain, one_line

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from datetime import date, datetime, tzinfo
    from typing import TextIO

    from ..core.model import Postmortem, TimelineEvent
    from ..core.timeline_import import ImportPlan, InputFile, ParseContext, Parsed
    from ..storage.workspace import Workspace

AUTO = "auto"


def _format_names() -> list[str]:
    from ..core.timeline_import import FORMATS

    return [AUTO, *FORMATS]


def add_timeline_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(
        dest="timeline_action", metavar="ACTION", parser_class=type(parser), required=True
    )
    help_text = "add events from chat logs, shell history, logs or a Slack export"
    command = actions.add_parser("import", help=help_text, description=help_text)
    add_workspace_option(command, default=argparse.SUPPRESS)
    command.add_argument(
        "ref", metavar="REF", help="an id, a unique prefix of one, or a .toml path"
    )
    command.add_argument(
        "files", metavar="FILE", nargs="+", help="the files to read ('-' for standard input)"
    )
    command.add_argument(
        "--format",
        choices=LazyChoices(_format_names),
        default=AUTO,
        metavar="FORMAT",
        help="%(choices)s (default: %(default)s, recognised in each file)",
    )
    command.add_argument(
        "--from", dest="start", metavar="TIME", help="leave out what happened before TIME"
    )
    command.add_argument("--to", dest="end", metavar="TIME", help="leave out what came after TIME")
    command.add_argument(
        "--dry-run", action="store_true", help="print the events it would add; write nothing"
    )


def timeline_main(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """Run `postmortem timeline ACTION`; the exit code."""
    return import_main(args, workspace, out, sys.stderr)


def import_main(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO) -> int:
    from ..core.timeline_import import ImportFormatError, merged_timeline
    from ..core.typed_values import TypedValueError
    from ..storage.imports import ImportInputError, read_input

    path = workspace.resolve(args.ref)
    loaded = load(path)
    importing = _Importing(args.format)
    try:
        window = _window(args, loaded.postmortem)
        stdin = getattr(sys.stdin, "buffer", None)
        importing.files = [read_input(name, stdin) for name in args.files]
        plan = importing.plan(loaded.postmortem, window)
        if args.dry_run:
            for event in plan.events:
                print(_event_line(event, zone_of(loaded.postmortem)), file=out)
            print(f"would add {_count(plan)} to {path.stem}; {plan.skipped_text()}", file=out)
            return 0

        def add_events(pm: Postmortem) -> bool:
            nonlocal plan
            if pm is not loaded.postmortem:  # the file changed meanwhile: plan for it
                plan = importing.plan(pm, window)
            pm.timeline = merged_timeline(pm.timeline, plan.events, tz=zone_of(pm))
            return bool(plan.events)

        workspace.update(path, add_events, loaded=loaded)
    except (ImportFormatError, ImportInputError, TypedValueError) as error:
        complain(err, str(error))
        return 2
    print(f"added {_count(plan)} to {path.stem}; {plan.skipped_text()}", file=out)
    return 0


def _count(plan: ImportPlan) -> str:
    count = len(plan.events)
    return f"{count} event" if count == 1 else f"{count} events"


class _Importing:
    """The files of one import, read once per zone and incident date they are read in."""

    def __init__(self, format_name: str) -> None:
        self.format_name = format_name
        self.files: list[InputFile] = []
        self._parsed: dict[ParseContext, Parsed] = {}

    def plan(self, pm: Postmortem, window: tuple[datetime | None, datetime | None]) -> ImportPlan:
        from ..core.timeline_import import ParseContext, plan_import, read_records

        tz = zone_of(pm)
        context = ParseContext(tz, _incident_date(pm, tz))
        if context not in self._parsed:
            self._parsed[context] = read_records(self.files, self.format_name, context)
        start, end = window
        return plan_import(pm.timeline, self._parsed[context], tz=tz, start=start, end=end)


def _incident_date(pm: Postmortem, tz: tzinfo) -> date:
    from datetime import datetime

    return pm.date or datetime.now(tz).date()


def _window(args: argparse.Namespace, pm: Postmortem) -> tuple[datetime | None, datetime | None]:
    """`--from` and `--to` read as the editor reads a time (a bare time on the incident's date)."""
    from ..core.typed_values import TypedValueError, parse_event_time

    bounds: list[datetime | None] = []
    for option, text in (("--from", args.start), ("--to", args.end)):
        if text is None:
            bounds.append(None)
            continue
        try:
            at = parse_event_time(text, incident_date=pm.date, previous=None)
        except TypedValueError as error:
            raise TypedValueError(error.reason, label=option) from None
        bounds.append(at if at.tzinfo is not None else at.replace(tzinfo=zone_of(pm)))
    return bounds[0], bounds[1]


def _event_line(event: TimelineEvent, zone: tzinfo) -> str:
    from ..core.timeline import format_zoned_time
    from ..core.timeline_import import AUTHOR_KEY, SOURCE_KEY

    author = event.extra.get(AUTHOR_KEY, "")
    said = f"{author}: {event.event}" if author else event.event
    return one_line(f"{format_zoned_time(event.at, zone)}  {said}  ({event.extra[SOURCE_KEY]})")
