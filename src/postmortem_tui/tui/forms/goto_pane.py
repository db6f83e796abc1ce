"""ctrl+g: choose a pane by name, for terminals where function keys do not arrive."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..keys import UserAction, bindings_for
from .field_keys import field_focus_actions

if TYPE_CHECKING:  # the registry's records; forms sit below the panes and never import them
    from ..panes.registry import Pane


class GoToPaneDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    GoToPaneDialog { align: center middle; }
    GoToPaneDialog > Vertical {
        width: 40; height: auto; border: round $accent; background: $surface;
    }
    GoToPaneDialog OptionList { height: auto; max-height: 12; border: none; }
    """

    HELP_TITLE = "Go to pane"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        *(
            UserAction(
                f"goto.number_{number}",
                str(number),
                f"choose_number({number})",
                f"Pane {number}",
                "",  # the dialog's own list offers these; the palette need not
                "Go to",
                f"Go to the pane numbered {number}",
                show=False,
            )
            for number in range(1, 10)
        ),
        UserAction("goto.cancel", "escape", "cancel", "Cancel", "Cancel", "Go to"),
        *field_focus_actions("goto", "Go to"),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, panes: Sequence[Pane]) -> None:
        super().__init__()
        self.panes = tuple(panes)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(" Go to (type a number or move and press enter)")
            yield OptionList(
                *(
                    Option(Text(f"{n}  {pane.name}  ({pane.key})"), id=pane.id)
                    for n, pane in enumerate(self.panes, start=1)
                )
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose_number" and parameters:
            return 1 <= int(str(parameters[0])) <= len(self.panes)
        return True

    def action_choose_number(self, number: int) -> None:
        self.dismiss(self.panes[number - 1].id)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
