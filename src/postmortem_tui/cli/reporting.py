"""What the `postmortem` sub-commands share: the program's name, user text made safe for one
terminal line, date arguments, the `--workspace` option, choices read only when needed, and
the one-line complaint on stderr (and `UsageError`, the bad input it reports)."""

from __future__ import annotations

import argparse
from datetime import date

from ..core.terminal_text import json_escaped, shown

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import TextIO

PROG = "postmortem"


class UsageError(Exception):
    """Bad usage or bad input: one line on stderr, exit 2."""


def one_line(text: str) -> str:
    """User text or a file name as it may reach a terminal: one line, every character that
    could act on the terminal (controls, escapes, bidi and invisible ones) shown."""
    return shown(" ".join(text.splitlines()), one_line=True)


def safe_json(value: object) -> str:
    """JSON for a terminal or a pipe: readable UTF-8, but C1 controls and the invisible and
    bidi characters escaped as `\\uXXXX` (JSON's own escapes), so nothing in user text or
    a file name can act on the terminal that shows it."""
    import json

    return json_escaped(json.dumps(value, indent=2, ensure_ascii=False))


def iso_date_argument(text: str) -> date:
    """An argparse `type` for YYYY-MM-DD (argparse names the option before the reason)."""
    from ..core.typed_values import TypedValueError, parse_date  # only when a date is given

    try:
        return parse_date(text)
    except TypedValueError as error:
        raise argparse.ArgumentTypeError(error.reason) from None


def add_workspace_option(parser: argparse.ArgumentParser, *, default: object) -> None:
    """`--workspace DIR`; sub-commands take it too, with `argparse.SUPPRESS` as the default so
    that a value given before the sub-command is kept."""
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        default=default,
        help="folder of postmortems (default: $POSTMORTEM_WORKSPACE or the per-user data folder)",
    )


class LazyChoices:
    """argparse `choices` read from a table only when an argument is checked or help is shown,
    so building a parser never imports the table (give the option a `metavar` too)."""

    def __init__(self, names: Callable[[], Iterable[str]]) -> None:
        self._names = names

    def __contains__(self, name: object) -> bool:
        return name in list(self._names())

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names()))


def complain(err: TextIO, message: str) -> None:
    """`postmortem: <message>` as one safe line."""
    print(f"{PROG}: {one_line(message)}", file=err)
