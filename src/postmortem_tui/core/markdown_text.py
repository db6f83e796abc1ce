"""User text made safe to place in a Markdown document.

Whatever a field contains, it comes out as plain text: no headings, lists, code, HTML,
links, tables or emphasis of its own. Escaping is context-aware so ordinary prose stays
readable: characters that only matter at the start of a line (`#`, `>`, `-`, `1.`) are
escaped only there, and `_` inside a word (`snake_case`) and `&` outside an entity are
left alone. Control characters are dropped; bidi controls and invisible characters are
written as character references (`&#x202E;`): a Markdown viewer shows the same text, and a
terminal printing the export cannot be made to read it backwards.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .model import normalise_newlines, strip_control_chars
from .terminal_text import INVISIBLE

# Characters that can start an inline construct anywhere in a line: escapes, code spans,
# emphasis, links and images, autolinks and HTML, GFM tables and strikethrough.
_ALWAYS_ESCAPED = frozenset("\\`*[]<|~")

# Any character that may need a backslash somewhere in a line; most lines have none.
_MAYBE_SPECIAL = re.compile("[" + re.escape("".join(sorted(_ALWAYS_ESCAPED | {"_", "&"}))) + "]")

# `&amp;`, `&#123;`, `&#x1F;`: an `&` that would be read as a character reference.
_ENTITY = re.compile(r"&#?[A-Za-z0-9]+;")

# A GFM table's delimiter row (`-:`, `:---:`): under a line with a `|`, it makes a table.
_TABLE_DELIMITER = re.compile(r":?-+:?")

# An ordered-list marker: digits then `.` or `)` then a space or the end of the line.
_ORDERED_MARKER = re.compile(r"\d+[.)](?= |$)")

# What an http(s) link may not contain to be written as `<...>`: whitespace, angle brackets,
# control characters.
_UNSAFE_IN_LINK = re.compile(r"[\s<>\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Newlines normalised and control characters dropped: what an export may show."""
    return strip_control_chars(normalise_newlines(text))


def _fold(line: str) -> str:
    """Runs of whitespace become one space; none at either end (no indented code, no
    trailing double-space line breaks)."""
    return " ".join(line.split())


def _line_start_escape(line: str) -> int | None:
    """The index of a character that would start a block construct at a line start."""
    first = line[0]
    if first in "#>" or _TABLE_DELIMITER.fullmatch(line):
        return 0
    if first in "-+=":
        # `- item`, `+ item`, and `---` / `===` (setext underlines, thematic breaks).
        if len(line) == 1 or line[1] == " " or set(line) <= {first, " "}:
            return 0
        return None
    marker = _ORDERED_MARKER.match(line)
    if marker:
        return marker.end() - 1
    return None


def _escape_line(line: str) -> str:
    """Escape one folded, non-empty line."""
    escaped = _escape_specials(line)
    if INVISIBLE.search(escaped) is None:
        return escaped
    return INVISIBLE.sub(lambda match: f"&#x{ord(match.group()):X};", escaped)


def _escape_specials(line: str) -> str:
    """Backslashes before the characters that would start Markdown structure."""
    start = _line_start_escape(line)
    if start is None and not line.endswith("#") and not _MAYBE_SPECIAL.search(line):
        return line  # the common case, without a loop over every character
    escape_at: set[int] = set()
    if start is not None:
        escape_at.add(start)
    last = len(line) - 1
    for i, char in enumerate(line):
        if char in _ALWAYS_ESCAPED:
            escape_at.add(i)
        elif char == "_":
            # Only `_` between two letters or digits can never open or close emphasis.
            if not (0 < i < last and line[i - 1].isalnum() and line[i + 1].isalnum()):
                escape_at.add(i)
        elif char == "&" and _ENTITY.match(line, i):
            escape_at.add(i)
    if line.endswith("#"):
        # A trailing run of `#` would be an ATX heading's closing sequence.
        escape_at.add(last)
    return "".join("\\" + c if i in escape_at else c for i, c in enumerate(line))


def escape_inline(text: str) -> str:
    """One line of plain text: newlines become spaces, whitespace folds, specials escaped."""
    line = _fold(clean(text))
    return _escape_line(line) if line else ""


def escape_block(text: str, *, indent: str = "") -> str:
    """Paragraphs of plain text: blank lines separate paragraphs, each line is escaped.

    Returns "" when there is no text. Every line break typed inside a paragraph stays a line
    break (a backslash hard break: a soft break would render as a space). `indent` goes
    before every line but the first, so the block can continue a list item.
    """
    paragraphs: list[list[str]] = [[]]
    for raw in clean(text).split("\n"):
        line = _fold(raw)
        if line:
            paragraphs[-1].append(_escape_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    line_break = "\\\n" + indent
    return ("\n\n" + indent).join(line_break.join(lines) for lines in paragraphs if lines)


def safe_url(url: str) -> str | None:
    """The URL when it is an http(s) URL that can be written as `<url>`, else None.

    A URL with control characters in it is refused, not repaired.
    """
    candidate = url.strip()
    if not candidate or _UNSAFE_IN_LINK.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate


def link_or_text(url: str) -> str:
    """An autolink `<https://...>` for a safe http(s) URL; anything else as escaped text."""
    safe = safe_url(url)
    return f"<{safe}>" if safe is not None else escape_inline(url)
