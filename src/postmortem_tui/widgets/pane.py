"""What every editor pane shares: the postmortem it edits and the message it sends."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label

from ..model import Postmortem


class EditorPane(VerticalScroll):
    """One pane of the editor; posts `EditorPane.Edited` after it changes the postmortem."""

    can_focus = False
    pane_title: ClassVar[str] = ""

    class Edited(Message):
        """The pane changed the postmortem; `what` names the part (e.g. "timeline")."""

        def __init__(self, pane: EditorPane, what: str) -> None:
            super().__init__()
            self.pane = pane
            self.what = what

    def __init__(self, pm: Postmortem, *, today: date, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pm = pm
        self.today = today

    def edited(self, what: str) -> None:
        self.post_message(self.Edited(self, what))

    def pane_shown(self) -> None:
        """Called each time the pane comes into view; refresh what others may have changed."""


def field_row(label: str, field: Widget, *, classes: str = "") -> Horizontal:
    """A one-line labelled field: `Title     [input...]`."""
    return Horizontal(
        Label(Text(label), classes="field-label"), field, classes=f"field-row {classes}".strip()
    )
