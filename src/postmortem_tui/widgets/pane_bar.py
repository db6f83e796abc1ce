"""The line that names every pane and its key, the current one marked."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static


class PaneBar(Static):
    DEFAULT_CSS = """
    PaneBar { height: 1; background: $panel; }
    """

    def show(self, panes: Sequence[tuple[str, str, str]], current: str) -> None:
        """`panes` are (id, key, short name); the current one is drawn reversed."""
        line = Text(no_wrap=True, overflow="ellipsis")
        for pane_id, key, name in panes:
            style = "reverse bold" if pane_id == current else ""
            line.append(f" {key} ", style="bold")
            line.append(name, style=style)
        self.update(line)
