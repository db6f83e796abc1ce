"""A yes/no question as a typed modal: dismisses with True only when the user confirms."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..keys import UserAction, bindings_for
from ..user_text.shown import shown_styled, shown_text
from .field_keys import field_focus_actions


class ConfirmDialog(ModalScreen[bool]):
    """Ask before doing something that matters. `question` is shown as plain text, each
    character that could act on the terminal made visible.

    y or the confirm button answers yes; n, escape or the cancel button answer no.
    """

    HELP_TITLE = "Confirm"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction("confirm.yes", "y", "answer(True)", "Yes", "Yes, go ahead", "Answer"),
        UserAction("confirm.no", "n,escape", "answer(False)", "No", "No, cancel", "Answer"),
        *field_focus_actions("confirm", "Answer"),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(
        self,
        question: str | Text,
        *,
        title: str = "Are you sure?",
        confirm_label: str = "Yes",
        cancel_label: str = "Cancel",
        dangerous: bool = False,
    ) -> None:
        super().__init__(classes="dialog")
        self.question = (
            shown_styled(question) if isinstance(question, Text) else shown_text(question)
        )
        self.dialog_title = title
        self.confirm_label = confirm_label
        self.cancel_label = cancel_label
        self.dangerous = dangerous

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-body") as body:
            body.border_title = self.dialog_title
            with VerticalScroll(id="confirm-scroll"):
                yield Static(self.question, id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content(f"{self.confirm_label} (y)"),
                    id="confirm-yes",
                    variant="error" if self.dangerous else "primary",
                )
                yield Button(Content(f"{self.cancel_label} (n)"), id="confirm-no")

    def on_mount(self) -> None:
        # The safe answer has focus, so a stray enter never confirms.
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)
