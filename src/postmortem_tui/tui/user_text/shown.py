"""Rich text and rendered strips built from user text, through `core.terminal_text`.

Every string from a postmortem, a file name or an error about them reaches the screen
through one of these: nothing in it can act on the terminal (an OSC that sets the title or
writes the clipboard, a CSI, a bidi override), and nothing is read as markup.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.segment import Segment
from rich.text import Span, Text
from textual.strip import Strip

from ...core.terminal_text import shown, shown_in_place

__all__ = ["shown", "shown_cell", "shown_strip", "shown_styled", "shown_text"]


def shown_text(text: str, *, one_line: bool = False, **options: Any) -> Text:
    """`Text(text, **options)` with every character that could act on a terminal shown
    (`one_line`: tabs and line breaks too)."""
    return Text(shown(text, one_line=one_line), **options)


def shown_styled(text: Text) -> Text:
    """A styled `Text` with its user text shown safely; each style keeps covering the same
    characters (a shown character may grow: `<U+202E>`)."""
    plain = text.plain
    if shown(plain) is plain:  # the common case: nothing to show
        return text
    cuts = sorted({offset for span in text.spans for offset in (span.start, span.end)})
    result = text.blank_copy()
    for piece in text.divide(cuts):
        # Cut at every span's ends, each span covers the whole of every piece it is in.
        safe = shown(piece.plain)
        result.append_text(
            Text(safe, spans=[Span(0, len(safe), span.style) for span in piece.spans])
        )
    return result


def shown_cell(cell: RenderableType) -> RenderableType:
    """A table cell (a string or a `Text`) as plain `Text`, shown safely."""
    if isinstance(cell, str):
        return shown_text(cell)
    if isinstance(cell, Text):
        return shown_styled(cell)
    return cell


def shown_strip(strip: Strip) -> Strip:
    """A rendered line of a field being edited, each character that could act on the
    terminal replaced in place by one visible character; as wide as it was."""
    text = strip.text
    if shown_in_place(text) is text:
        return strip
    safe = Strip(
        [Segment(shown_in_place(segment.text), segment.style, segment.control) for segment in strip]
    )
    # Controls and invisible characters take no cells, their stand-ins one each.
    return safe.crop(0, strip.cell_length)
