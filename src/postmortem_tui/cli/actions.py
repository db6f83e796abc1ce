"""`postmortem actions`: the action items of every postmortem, for people, reminders, ticket
trackers and spreadsheets (docs/follow-through.md).

Exit 0; with `--overdue`, 1 when an overdue item is listed, so a cron job or a login script
can act on it. A bad option value is one line on stderr and exit 2. A file that does not load
is one line on stderr each, and the items of the others are still listed (the exit code is
what those items make it).
"""

from __future__ import annotations

from datetime import date

from ..core.follow_through import (
    COLUMNS,
    ActionQuestion,
    ActionRow,
    csv_cells,
    json_report,
    select,
    text_lines,
)
from ..storage.action_items import workspace_actions
from .reporting import UsageError, complain, iso_date_argument, safe_json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from ..storage.workspace import Workspace

FORMATS = ("text", "json", "csv")
#: Text lines are never narrower than this, whatever the terminal says.
MIN_WIDTH = 40


def add_actions_arguments(parser: argparse.ArgumentParser) -> None:
    state = parser.add_mutually_exclusive_group()
    state.add_argument(
        "--open",
        dest="state",
        action="store_const",
        const="open",
        help="items not done yet (the default)",
    )
    state.add_argument(
        "--done", dest="state", action="store_const", const="done", help="items marked done"
    )
    state.add_argument(
        "--all", dest="state", action="store_const", const="all", help="open and done items"
    )
    parser.set_defaults(state="open")
    parser.add_argument(
        "--overdue",
        action="store_true",
        help="only open items past their due date; exit 1 when there is one",
    )
    parser.add_argument(
        "--owner", metavar="OWNER", help="one owner's items (case and a leading @ ignored)"
    )
    parser.add_argument(
        "--due-before",
        type=iso_date_argument,
        metavar="YYYY-MM-DD",
        help="items due before this day (items without a due date are left out)",
    )
    parser.add_argument("--tag", metavar="TAG", help="items of postmortems with this tag")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (short lines for a terminal or a mail), json or csv (default: text)",
    )
    parser.add_argument(
        "--today",
        type=iso_date_argument,
        metavar="YYYY-MM-DD",
        help="judge due dates as of this day (default: today), for reproducible runs",
    )


def _question(args: argparse.Namespace) -> ActionQuestion:
    for option, value in (("--owner", args.owner), ("--tag", args.tag)):
        if value is not None and not value.strip():
            raise UsageError(f"{option}: give a value, not an empty one")
    if args.overdue and args.state == "done":
        raise UsageError("--overdue lists open items: it cannot be combined with --done")
    return ActionQuestion(
        args.state,
        overdue=args.overdue,
        owner=(args.owner or "").strip(),
        due_before=args.due_before,
        tag=(args.tag or "").strip(),
    )


def write_csv(rows: list[ActionRow], today: date, out: TextIO) -> None:
    """RFC 4180: a header of `COLUMNS`, CRLF line ends, fields quoted when they need it."""
    import csv

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(csv_cells(row, today))


def actions_main(
    args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO, width: int = 80
) -> int:
    """Run `postmortem actions` with parsed `args`; returns the exit code."""
    question = _question(args)
    today = args.today or date.today()
    rows, broken = workspace_actions(
        workspace,
        open_only=question.wants_open_only,
        overdue_on=today if question.overdue else None,
    )
    chosen = select(rows, question, today)
    for _, reason in broken:
        complain(err, f"{reason} (its action items are not listed)")
    if args.format == "json":
        print(safe_json(json_report(chosen, today)), file=out)
    elif args.format == "csv":
        write_csv(chosen, today, out)
    elif chosen:
        for line in text_lines(chosen, today, max(MIN_WIDTH, width)):
            print(line, file=out)
    elif not question.overdue:  # nothing overdue prints nothing: no mail from cron
        print(f"No action items match (as of {today.isoformat()}).", file=out)
    if question.overdue and any(row.is_overdue(today) for row in chosen):
        return 1
    return 0
