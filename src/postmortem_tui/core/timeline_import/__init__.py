"""Importing a timeline from what the incident left behind: Slack exports, chat logs, shell
history, log files and syslog.

One module per format reads text into `ImportRecord`s (time, author, text, `file:line`);
`formats.FORMATS` is the table of them and `detect` names a text's format; `plan_import`
turns records into `TimelineEvent`s in the postmortem's zone, leaving out duplicates,
records outside a window and records without a time, and `merged_timeline` puts them in.
Pure: the caller reads the files and saves the postmortem.
"""

from __future__ import annotations

from .events import AUTHOR_KEY, SOURCE_KEY, ImportPlan, merged_timeline, plan_import
from .formats import FORMATS, ImportFormat, detect, read_records
from .records import (
    DUPLICATE,
    NO_TEXT,
    NO_TIME,
    NOT_A_MESSAGE,
    OUTSIDE_WINDOW,
    REASONS,
    TOO_LONG,
    ImportFormatError,
    ImportRecord,
    InputFile,
    ParseContext,
    Parsed,
)
from .shell import unmetafy


def decode(data: bytes, name: str) -> str:
    """A file's bytes as text: UTF-8 (a byte-order mark dropped), or zsh history's variant of
    it; `ImportFormatError` for anything else."""
    for attempt in (data, unmetafy(data)):
        try:
            return attempt.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
    raise ImportFormatError(f"{name}: not UTF-8 text")


__all__ = [
    "AUTHOR_KEY",
    "DUPLICATE",
    "FORMATS",
    "NOT_A_MESSAGE",
    "NO_TEXT",
    "NO_TIME",
    "OUTSIDE_WINDOW",
    "REASONS",
    "SOURCE_KEY",
    "TOO_LONG",
    "ImportFormat",
    "ImportFormatError",
    "ImportPlan",
    "ImportRecord",
    "InputFile",
    "ParseContext",
    "Parsed",
    "decode",
    "detect",
    "merged_timeline",
    "plan_import",
    "read_records",
]
