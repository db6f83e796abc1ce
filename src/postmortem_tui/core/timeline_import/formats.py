"""The table of import formats, and `detect`, which names the format a text is in."""

from __future__ import annotations

from ..record import FrozenRecord, set_field
from . import chat, logs, shell, slack, syslog
from .records import ImportFormatError, Parsed

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .records import InputFile, ParseContext

    ParseFiles = Callable[[Sequence[InputFile], ParseContext], Parsed]
    ParseFile = Callable[[InputFile, ParseContext], Parsed]


class ImportFormat(FrozenRecord):
    """One input format: its `--format` name, what it is called in messages, how it reads."""

    __slots__ = ("name", "title", "parse")  # noqa: RUF023 (field order)
    name: str
    title: str
    #: Reads files of this format together; `ImportFormatError` names a file that is not.
    parse: ParseFiles

    def __init__(self, *, name: str, title: str, parse: ParseFiles) -> None:
        set_field(self, "name", name)
        set_field(self, "title", title)
        set_field(self, "parse", parse)


def _each_file(parse_file: ParseFile, title: str) -> ParseFiles:
    """A line format's reader: each file on its own, and each must have a line with a time."""

    def parse(files: Sequence[InputFile], context: ParseContext) -> Parsed:
        parsed = Parsed()
        for file in files:
            read = parse_file(file, context)
            if not any(record.at is not None for record in read.records):
                raise ImportFormatError(f"{file.name}: no line with a time reads as {title}")
            parsed.extend(read)
        return parsed

    return parse


def _line_format(name: str, title: str, parse_file: ParseFile) -> ImportFormat:
    return ImportFormat(name=name, title=title, parse=_each_file(parse_file, title))


SLACK = ImportFormat(name="slack", title="a Slack export", parse=slack.parse_files)
CHAT = _line_format("chat", "a chat log", chat.parse_file)
SHELL = _line_format("shell", "shell history", shell.parse_file)
SYSLOG = _line_format("syslog", "syslog", syslog.parse_file)
LOG = _line_format("log", "a log", logs.parse_file)

#: Every format by its `--format` name.
FORMATS: dict[str, ImportFormat] = {f.name: f for f in (SLACK, CHAT, SHELL, SYSLOG, LOG)}

#: How `detect` recognises a line of each line format; the first that matches is its vote.
_LINE_STARTS = (
    (SHELL.name, shell.starts_entry),
    (SYSLOG.name, syslog.starts_entry),
    (CHAT.name, chat.starts_message),
    (LOG.name, logs.starts_entry),
)
#: Lines looked at by `detect` (the first ones that are not blank).
DETECT_LINES = 200


def detect(text: str, *, hint: str = " (try --format)") -> str:
    """The name of the format `text` is in: a Slack export if it is a JSON list of messages,
    else the line format most of its first lines start as. `ImportFormatError` for none,
    its message ending with `hint` (what to do about it where the caller is)."""
    if slack.looks_like_export(text):
        return SLACK.name
    votes = dict.fromkeys((name for name, _ in _LINE_STARTS), 0)
    looked = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        for name, starts in _LINE_STARTS:
            if starts(line):
                votes[name] += 1
                break
        looked += 1
        if looked == DETECT_LINES:
            break
    best = max(votes, key=lambda name: votes[name])  # the first of equals, in table order
    if not votes[best]:
        raise ImportFormatError(f"not a chat log, shell history, syslog, log or Slack export{hint}")
    return best


def read_records(files: Sequence[InputFile], format_name: str, context: ParseContext) -> Parsed:
    """Every record of every file, read as `format_name` (a `FORMATS` key, or `auto` to
    detect each file's). `ImportFormatError` names the first file that does not read."""
    groups: dict[str, list[InputFile]] = {}
    for file in files:
        name = format_name
        if name == "auto":
            try:
                name = detect(file.text)
            except ImportFormatError as error:
                raise ImportFormatError(f"{file.name}: {error}") from None
        elif name not in FORMATS:
            raise ImportFormatError(f"unknown format {name!r}")
        groups.setdefault(name, []).append(file)
    parsed = Parsed()
    for name, group in groups.items():
        parsed.extend(FORMATS[name].parse(group, context))
    return parsed
