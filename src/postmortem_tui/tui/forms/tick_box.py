"""A checkbox that reads `[x]` or `[ ]`: checked or not shows without colour.

Textual's checkbox draws the same `X` either way and tells the two apart by colour alone,
which NO_COLOR and some 256-colour terminals lose.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A `Checkbox` whose box is `[x]` when checked and `[ ]` when not."""

    DEFAULT_CSS = """
    TickBox, TickBox.-textual-compact {
        border: none !important;
        border-left: vkey $foreground 30% !important;
        padding: 0;
    }
    TickBox:focus, TickBox.-textual-compact:focus {
        border-left: thick $accent !important;
    }
    TickBox > .toggle--button, TickBox.-on > .toggle--button {
        color: $foreground;
        background: transparent;
        text-style: bold;
    }
    """

    def render(self) -> Content:
        box_style = self.get_visual_style("toggle--button")
        box = Content.styled("[x]" if self.value else "[ ]", box_style)
        label = self.label.pad(1, 1).stylize_before(self.get_visual_style("toggle--label"))
        return Content.assemble(box, label)
