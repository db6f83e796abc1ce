"""The line that names every pane and its key, the current one marked.

Panes that do not fit are left off the end (at 80 columns, the review: F10 in the footer).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:  # the registry's records; widgets sit below the panes and never import them
    from ..panes.registry import Pane


class PaneBar(Static):
    DEFAULT_CSS = """
    PaneBar { height: 1; background: $panel; }
    """

    _panes: tuple[Pane, ...] = ()
    _current = ""

    def show(self, panes: Sequence[Pane], current: str) -> None:
        """`panes` from the registry, by key and short name; the current one drawn reversed."""
        self._panes = tuple(panes)
        self._current = current
        self.update(self._line())

    def on_resize(self) -> None:
        if self._panes:
            self.update(self._line())

    def _line(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        width = self.size.width
        for pane in self._panes:
            if width and line.cell_len + len(pane.key) + len(pane.name) + 2 > width:
                break
            style = "reverse bold" if pane.id == self._current else ""
            line.append(f" {pane.key} ", style="bold")
            line.append(pane.name, style=style)
        return line
