"""Ask for what a new postmortem needs: a title, the incident date and full or quick format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...core.typed_values import TypedValueError, parse_date
from ..keys import UserAction, bindings_for
from ..user_text.input_field import UserTextInput
from ..user_text.shown import shown
from .field_keys import field_focus_actions

FORMAT_CHOICES = (
    ("Full: timeline, factors, impact, lessons", "full"),
    ("Quick: what happened, why, action items", "quick"),
)


@dataclass(frozen=True)
class NewPostmortemRequest:
    """What the user asked for; the caller builds and saves the postmortem."""

    title: str
    incident_date: date
    quick: bool


class NewPostmortemDialog(ModalScreen[NewPostmortemRequest | None]):
    """Dismisses with a `NewPostmortemRequest`, or None when cancelled."""

    HELP_TITLE = "New postmortem"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "new.create",
            "ctrl+s",
            "create",
            "Create",
            "Create it",
            "New postmortem",
            help="Create the postmortem and open it (enter in a field does the same)",
            priority=True,
        ),
        UserAction(
            "new.cancel",
            "escape",
            "cancel",
            "Cancel",
            "Cancel",
            "New postmortem",
            help="Close without creating anything (or the Cancel button)",
        ),
        *field_focus_actions("new", "New postmortem"),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, today: date) -> None:
        super().__init__(classes="dialog")
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-body") as body:
            body.border_title = "New postmortem"
            with Grid(id="new-fields"):
                yield Label("Title")
                yield UserTextInput(
                    placeholder="What users saw, e.g. Checkout errors",
                    label="Title",
                    id="new-title",
                )
                yield Label("Date")
                yield UserTextInput(
                    self.today.isoformat(), placeholder="YYYY-MM-DD", label="Date", id="new-date"
                )
                yield Label("Format")
                yield Select(FORMAT_CHOICES, value="full", allow_blank=False, id="new-format")
            yield Static("", id="new-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Create (enter, ctrl+s)"), id="new-create", variant="primary")
                yield Button(Content("Cancel (esc)"), id="new-cancel")

    def on_mount(self) -> None:
        self.query_one("#new-title", Input).focus()

    def _refuse(self, reason: str, field_id: str) -> None:
        self.query_one("#new-error", Static).update(Content(shown(reason)))
        self.query_one(field_id, Input).focus()

    def action_create(self) -> None:
        title = self.query_one("#new-title", Input).value.strip()
        if not title:
            self._refuse("A postmortem needs a title.", "#new-title")
            return
        try:
            incident_date = parse_date(self.query_one("#new-date", Input).value, label="Date")
        except TypedValueError as error:
            self._refuse(str(error), "#new-date")
            return
        quick = self.query_one("#new-format", Select).value == "quick"
        self.dismiss(NewPostmortemRequest(title, incident_date, quick))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#new-create")
    def _create(self) -> None:
        self.action_create()

    @on(Select.Changed, "#new-format")
    def _format_chosen(self, event: Select.Changed) -> None:
        # Enter on the Select opens its list again; after a choice the next enter should create.
        if event.select.has_focus:
            self.query_one("#new-create", Button).focus()

    @on(Button.Pressed, "#new-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
