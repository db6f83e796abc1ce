"""Shell history with times: zsh's extended history and bash's `HISTTIMEFORMAT` history.

    : 1540162320:0;kubectl -n payments rollout undo deploy/api        (zsh)
    #1540162320                                                        (bash: the time,
    kubectl -n payments rollout undo deploy/api                         then the command)

The times are Unix seconds, so they need no zone. A command written over several lines
continues on the lines after it; a bash command without a time line before it has no time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from .lines import RecordBuilder, lines_of
from .records import NO_TEXT

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from .records import InputFile, ParseContext, Parsed

_ZSH = re.compile(r": *(?P<seconds>\d+):\d+;(?P<command>.*)$", re.ASCII)
_BASH_TIME = re.compile(r"#(?P<seconds>\d{1,12})[ \t]*$", re.ASCII)
#: zsh's history file escapes some bytes as this byte and the byte XOR 0x20 ("metafied").
_ZSH_META = 0x83


def starts_entry(line: str) -> bool:
    """Whether a line is a zsh extended-history entry or a bash time line."""
    return _ZSH.match(line) is not None or _BASH_TIME.match(line) is not None


def unmetafy(data: bytes) -> bytes:
    """zsh history bytes as the commands were typed (zsh writes some bytes of non-ASCII text
    as 0x83 and the byte XOR 0x20, which leaves the file not quite UTF-8)."""
    if _ZSH_META not in data:
        return data
    out, escaped = bytearray(), False
    for byte in data:
        if escaped:
            out.append(byte ^ 0x20)
            escaped = False
        elif byte == _ZSH_META:
            escaped = True
        else:
            out.append(byte)
    return bytes(out)


def _instant(seconds: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(seconds), UTC)
    except (ValueError, OverflowError, OSError):
        return None


def parse_file(file: InputFile, context: ParseContext) -> Parsed:
    builder = RecordBuilder(file.name)
    awaiting = False  # bash: the line before was a time line, its command comes next
    awaited_at: datetime | None = None
    continues = False  # zsh: the line before ended in a backslash, so this one goes on with it
    started = False  # lines before the first entry are commands of their own, without a time
    for number, line in enumerate(lines_of(file.text), start=1):
        zsh = None if continues else _ZSH.match(line)
        bash = None if zsh is not None or continues else _BASH_TIME.match(line)
        if zsh is not None or bash is not None:
            if awaiting:  # a bash time line with no command after it
                builder.parsed.skip(NO_TEXT)
            started, awaiting = True, False
        if zsh is not None:
            builder.start(number, _instant(zsh["seconds"]), "", zsh["command"])
            continues = line.endswith("\\")
        elif bash is not None:
            awaiting, awaited_at = True, _instant(bash["seconds"])
        elif awaiting:
            builder.start(number, awaited_at, "", line)
            awaiting = False
        elif started:
            builder.add(number, line)
            continues = continues and line.endswith("\\")
        elif line.strip():
            builder.start(number, None, "", line)
    if awaiting:
        builder.parsed.skip(NO_TEXT)
    return builder.finish()
