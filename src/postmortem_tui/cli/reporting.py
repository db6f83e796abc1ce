"""What the `postmortem` sub-commands share: the program's name, user text made safe for one
terminal line, date arguments, and the one-line complaint on stderr."""

from __future__ import annotations

import argparse
from datetime import date

from ..core.terminal_text import json_escaped, shown

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import TextIO

PROG = "postmortem"


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


def complain(err: TextIO, message: str) -> None:
    """`postmortem: <message>` as one safe line."""
    print(f"{PROG}: {one_line(message)}", file=err)
