"""Fields shown as text: what a pane's first frame draws while its real fields are built.

One widget drawing lines costs a fraction of the inputs, selects and text areas it stands
for (each a mount, a style pass and a render), so the pane can paint its content at once and
mount the editable fields right after. It draws what they will: labelled values on lines,
then labelled text blocks behind a bar, wrapped to the width and cut at the block's height.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from textual.content import Content
from textual.widget import Widget

from ...core.terminal_text import shown

#: The style of a value (the widget's own colour, in its CSS, is the labels' muted one:
#: `$text-muted` in a Content style would lose its transparency).
VALUE_STYLE = "$foreground"
#: The bar a field's value starts with (the fields' left border).
VALUE_BAR = ("▏", "$foreground 30%")
#: A text block's height in lines, as the editor's text areas have it.
TEXT_HEIGHT = 5
#: The cells of a text area's width that its text does not use: the bar, a space either
#: side, and the vertical scroll bar's gutter.
TEXT_FRAME = 5


class SketchField(NamedTuple):
    """One field on a sketch's line: its label, its value padded to `width` cells (0: not
    padded), and whether the value starts with the bar an input shows (a select has none)."""

    label: str
    value: str
    width: int = 0
    bar: bool = True


class FieldSketch(Widget):
    """Lines of labelled fields, then labelled text blocks; read-only and not focusable."""

    DEFAULT_CSS = """
    FieldSketch { height: auto; color: $text-muted; }
    """

    def __init__(
        self,
        rows: Sequence[Sequence[SketchField]],
        texts: Sequence[tuple[str, str]],
        *,
        label_width: int,
        stacked: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.texts = texts
        self.label_width = label_width
        #: One field a line, every label `label_width` wide (as narrow screens show fields).
        self.stacked = stacked

    def render(self) -> Content:
        return Content("\n").join([*self._row_lines(), *self._text_lines(self.size.width)])

    def _row_lines(self) -> list[Content]:
        lines: list[Content] = []
        for row in self.rows:
            parts: list[str | tuple[str, str]] = []
            for number, field in enumerate(row):
                if self.stacked and number:
                    lines.append(Content.assemble(*parts))
                    parts = []
                if self.stacked or number == 0:
                    label = field.label.ljust(self.label_width)
                else:
                    label = f"  {field.label} "
                parts.append(label)
                if field.bar:
                    parts.append(VALUE_BAR)
                parts.append((shown(field.value, one_line=True).ljust(field.width), VALUE_STYLE))
            lines.append(Content.assemble(*parts))
        return lines

    def _text_lines(self, width: int) -> list[Content]:
        """Each text block: a blank line, its label, then its text behind the bar (the text
        areas' border), wrapped as the text areas wrap it, `TEXT_HEIGHT` lines tall."""
        lines: list[Content] = []
        for label, text in self.texts:
            wrapped = Content(shown(text)).wrap(max(width - TEXT_FRAME, 1))[:TEXT_HEIGHT]
            wrapped += [Content("")] * (TEXT_HEIGHT - len(wrapped))
            lines += [Content(""), Content(label)]
            lines += [
                Content.assemble(VALUE_BAR, " ", line.stylize(VALUE_STYLE)) for line in wrapped
            ]
        return lines
