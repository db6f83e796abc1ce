"""Fields shown as text: what a pane's first frame draws while its real fields are built.

A handful of Statics cost a fraction of the inputs, selects and text areas they stand for,
so the pane can paint its content at once and mount the editable fields right after.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static

#: The style of a field's label, as the editor's field labels are drawn.
LABEL_STYLE = "$text-muted"
#: The bar a field's value starts with (the fields' left border).
VALUE_BAR = ("▌", "$panel")


class SketchField(NamedTuple):
    """One field on a sketch's line: its label, its value padded to `width` cells (0: not
    padded), and whether the value starts with the bar an input shows (a select has none)."""

    label: str
    value: str
    width: int = 0
    bar: bool = True


class FieldSketch(Vertical):
    """Lines of labelled fields, then labelled text blocks; read-only and not focusable."""

    DEFAULT_CSS = """
    FieldSketch { height: auto; }
    FieldSketch > .sketch-rows { height: auto; }
    FieldSketch > .sketch-text {
        height: 5;
        border-left: outer $panel;
        padding: 0 1;
        margin-bottom: 1;
    }
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

    def compose(self) -> ComposeResult:
        yield Static(self._rows(), classes="sketch-rows")
        for label, text in self.texts:
            yield Label(Text(label), classes="area-label")
            yield Static(Text(text), classes="sketch-text")

    def _rows(self) -> Content:
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
                parts.append((label, LABEL_STYLE))
                if field.bar:
                    parts.append(VALUE_BAR)
                parts.append(field.value.ljust(field.width))
            lines.append(Content.assemble(*parts))
        return Content("\n").join(lines)
