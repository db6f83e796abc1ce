"""The one gate for user text on its way to a terminal: nothing in it can act on the terminal.

A postmortem file can hold any character as a TOML escape: an OSC sequence that sets the
window title or writes the clipboard, a bidi override that makes text read backwards, a
zero-width space that hides a difference. `shown` turns every such character into something
visible (`␛`, `<U+202E>`) instead of letting the terminal obey it. Every string that reaches
the screen or a terminal line (fields, file names, messages quoting user text) goes through
here; the tui wraps it in a Rich `Text`, which never reads markup.
"""

from __future__ import annotations

import re

__all__ = ["INVISIBLE", "json_escaped", "shown", "shown_in_place"]

#: C0 controls but tab and newline, DEL, and the C1 controls (CSI, OSC, ST... as one byte).
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
#: Bidi embeddings, overrides and isolates, the marks, and the invisible separators and joiners.
_INVISIBLE = (
    "\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"
)
_UNSAFE = re.compile(f"[{_CONTROLS}{_INVISIBLE}]")
#: The invisible characters alone (bidi controls, zero-width characters): text that may keep
#: them in another form (a Markdown export writes them as character references) finds them here.
INVISIBLE = re.compile(f"[{_INVISIBLE}]")
_UNSAFE_ONE_LINE = re.compile(f"[{_CONTROLS}{_INVISIBLE}\t\n]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def shown(text: str, *, one_line: bool = False) -> str:
    """`text` with every character that could act on a terminal made visible.

    Tab and newline are kept unless `one_line`, where they show as `␉` and `␊` so a table
    cell or a notice stays one line. Ordinary text, accents and emoji pass unchanged.
    """
    pattern = _UNSAFE_ONE_LINE if one_line else _UNSAFE
    if pattern.search(text) is None:  # the common case: no copy
        return text
    return pattern.sub(_visible, text)


def _one_visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"  # ␡, or � for C1, bidi and invisible


def shown_in_place(text: str) -> str:
    """`text` with every character that could act on a terminal replaced by exactly one
    visible character (`␛`, or `�` where `shown` would write `<U+XXXX>`).

    For text being edited, where each character must keep its place: the cursor moves
    over the stand-in as it moves over the character. Tab and newline are kept.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_one_visible, text)


def json_escaped(json_text: str) -> str:
    """JSON text with the same characters escaped as `\\uXXXX` (valid anywhere they can
    occur: inside strings); `json.dumps` leaves C1, bidi and invisible characters raw."""
    if _UNSAFE.search(json_text) is None:
        return json_text
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
