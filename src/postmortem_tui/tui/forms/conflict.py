"""Asked when the file changed on disk since it was opened: reload, or keep mine as a copy."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..keys import UserAction, bindings_for
from ..user_text.shown import shown_text
from .field_keys import field_focus_actions

ConflictChoice = Literal["reload", "copy", "later"]


class ConflictDialog(ModalScreen[ConflictChoice]):
    """Never overwrites: the choices are reload from disk, save mine as a copy, or decide later."""

    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical {
        width: 70; max-width: 100%; height: auto; border: thick $error;
        background: $surface; padding: 0 1;
    }
    ConflictDialog #conflict-title { text-style: bold; color: $error; }
    ConflictDialog Horizontal { height: auto; margin-top: 1; }
    ConflictDialog Button { margin-right: 1; }
    """

    HELP_TITLE = "File changed on disk"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "conflict.reload",
            "r",
            "choose('reload')",
            "Reload from disk",
            "Reload from disk",
            "File changed on disk",
            help="Read the file again; the unsaved changes here are dropped",
        ),
        UserAction(
            "conflict.copy",
            "c",
            "choose('copy')",
            "Keep mine as a copy",
            "Keep mine as a copy",
            "File changed on disk",
            help="Save this version beside the file and go on editing the copy",
        ),
        UserAction(
            "conflict.later",
            "escape,l",
            "choose('later')",
            "Decide later",
            "Decide later",
            "File changed on disk",
            help="Autosave pauses until you choose; ctrl+s asks again",
        ),
        *field_focus_actions("conflict", "File changed on disk"),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, file_name: str) -> None:
        super().__init__()
        self.file_name = file_name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("The file changed on disk", id="conflict-title")
            yield Static(
                shown_text(
                    f"{self.file_name} was changed by another program or session since you "
                    "opened it. Nothing has been overwritten.\n\n"
                    "r  reload it from disk (your version stays in its history folder)\n"
                    "c  keep your version as a copy beside it, and go on editing the copy\n"
                    "l  decide later (your version is kept in the history; ctrl+s asks again)"
                )
            )
            with Horizontal():
                yield Button("Reload (r)", id="reload")
                yield Button("Keep mine as a copy (c)", variant="primary", id="copy")
                yield Button("Later (l)", id="later")

    def action_choose(self, choice: ConflictChoice) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)  # type: ignore[arg-type]
