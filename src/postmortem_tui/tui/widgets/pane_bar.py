"""The line that names every pane and its key, the current one marked.

Panes that do not fit are left off the end (at 80 columns, the review: F10 in the footer).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static


class PaneBar(Static):
    DEFAULT_CSS = """
    PaneBar { height: 1; background: $panel; }
    """

    _panes: tuple[tuple[str, str, str], ...] = ()
    _current = ""

    def show(self, panes: Sequence[tuple[str, str, str]], current: str) -> None:
        """`panes` are (id, key, short name); the current one is drawn reversed."""
        self._panes = tuple(panes)
        self._current = current
        self.update(self._line())

    def on_resize(self) -> None:
        if self._panes:
            self.update(self._line())

    def _line(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        width = self.size.width
        for pane_id, key, name in self._panes:
            if width and line.cell_len + len(key) + len(name) + 2 > width:
                break
            style = "reverse bold" if pane_id == self._current else ""
            line.append(f" {key} ", style="bold")
            line.append(name, style=style)
        return line
