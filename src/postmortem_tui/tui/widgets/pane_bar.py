"""The line that names every pane and its key, the current one marked.

When the panes do not all fit, the bar shows the stretch of them around the current one and
marks each end that has more with ‹ or › (as tmux does with its windows): the pane the user
is on is always named, and ctrl+g lists every pane.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:  # the registry's records; widgets sit below the panes and never import them
    from ..panes.registry import Pane

#: Drawn at an end of the bar that has more panes beyond it.
MORE_BEFORE, MORE_AFTER = " ‹", " ›"


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
        first, last = shown_stretch(
            [len(_entry(pane)) for pane in self._panes],
            next((n for n, p in enumerate(self._panes) if p.id == self._current), 0),
            self.size.width,
        )
        line = Text(no_wrap=True, overflow="ellipsis")
        if first > 0:
            line.append(MORE_BEFORE, style="dim")
        for pane in self._panes[first:last]:
            style = "reverse bold" if pane.id == self._current else ""
            line.append(f" {pane.key} ", style="bold")
            line.append(pane.name, style=style)
        if last < len(self._panes):
            line.append(MORE_AFTER, style="dim")
        return line


def _entry(pane: Pane) -> str:
    return f" {pane.key} {pane.name}"


def shown_stretch(widths: Sequence[int], current: int, room: int) -> tuple[int, int]:
    """The panes to draw, `widths[first:last]`: as many as fit in `room` cells from the first
    one on, moved on just far enough to hold `current`, with room kept for the end marks."""
    if not room or sum(widths) <= room:
        return 0, len(widths)
    marks = len(MORE_BEFORE) + len(MORE_AFTER)
    for first in range(current + 1):
        used, last = marks if first else len(MORE_AFTER), first
        while last < len(widths) and used + widths[last] <= room:
            used += widths[last]
            last += 1
        if last > current:
            return first, last
    return current, current + 1  # not even the current one fits: draw it, cut
