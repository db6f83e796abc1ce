"""ctrl+g: choose a pane by name, for terminals where function keys do not arrive."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class GoToPaneDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    GoToPaneDialog { align: center middle; }
    GoToPaneDialog > Vertical {
        width: 40; height: auto; border: round $accent; background: $surface;
    }
    GoToPaneDialog OptionList { height: auto; max-height: 12; border: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="goto.cancel")
    ]

    def __init__(self, panes: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self.panes = tuple(panes)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(" Go to (type a number or move and press enter)")
            yield OptionList(
                *(
                    Option(Text(f"{n}  {name}  ({key})"), id=pane_id)
                    for n, (pane_id, key, name) in enumerate(self.panes, start=1)
                )
            )

    def on_key(self, event: object) -> None:
        key = getattr(event, "character", None) or ""
        if key.isdigit() and 1 <= int(key) <= len(self.panes):
            self.dismiss(self.panes[int(key) - 1][0])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
