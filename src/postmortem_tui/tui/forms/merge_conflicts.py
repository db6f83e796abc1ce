"""Resolve the conflicts a merge left in a postmortem, one at a time: keep ours, keep
theirs, or (for a text) combine the two by hand.

A merge of two versions that changed the same field differently keeps both in the file
(`[[conflicts]]`, see docs/merge.md); this dialog shows each with both versions and hands
back what was chosen. It changes nothing itself: the editor applies the choices.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from ...core.merge import Conflict
from ..keys import UserAction, bindings_for
from ..user_text.area_field import UserTextArea
from ..user_text.shown import shown_text
from .field_keys import field_focus_actions

#: What the dialog hands back: each conflict resolved, with the value chosen for it.
Resolution = tuple[Conflict, Any]


def shown_value(value: Any) -> str:
    """A side's value as a reader sees it (a deleted item says so)."""
    if value is None:
        return "(deleted on this side)"
    if isinstance(value, str):
        return value if value.strip() else "(empty)"
    if isinstance(value, dict):
        return "\n".join(f"{key}: {shown_value(inner)}" for key, inner in value.items())
    if isinstance(value, list):
        return ", ".join(shown_value(inner) for inner in value) or "(none)"
    return str(value)


#: Fields whose value is one of a few choices: two of them cannot be combined into a third.
CHOICE_FIELDS = frozenset(
    {"severity", "status", "format", "milestone", "kind", "priority", "timezone", "done"}
)


def can_combine(conflict: Conflict) -> bool:
    """Only two texts can be combined by hand; a date, a choice or a whole item cannot."""
    name = conflict.field.rsplit(".", 1)[-1]
    texts = isinstance(conflict.ours, str) and isinstance(conflict.theirs, str)
    return texts and "[" not in name and name not in CHOICE_FIELDS


def combined_start(conflict: Conflict) -> str:
    """What the combine field starts with: ours, then theirs on the next line."""
    return f"{conflict.ours}\n{conflict.theirs}"


#: Fields that hold several lines (the rest are one line: a title, an owner, a link).
MULTILINE_FIELDS = frozenset({"summary", "root_cause", "event", "lessons"})


def combined_value(conflict: Conflict, typed: str) -> str:
    """The combined text as the field keeps it: a one-line field stays on one line."""
    name = conflict.field.rsplit(".", 1)[-1]
    several = name in MULTILINE_FIELDS or "\n" in f"{conflict.ours}{conflict.theirs}"
    return typed.strip("\n") if several else " ".join(typed.split())


class MergeConflictsDialog(ModalScreen[list[Resolution]]):
    """Dismisses with the conflicts resolved so far (escape stops early; none is lost)."""

    DEFAULT_CSS = """
    MergeConflictsDialog { align: center middle; }
    MergeConflictsDialog > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    MergeConflictsDialog #merge-title { text-style: bold; }
    MergeConflictsDialog #merge-field { color: $text-muted; }
    MergeConflictsDialog VerticalScroll { height: auto; max-height: 12; }
    MergeConflictsDialog .side-label { text-style: bold; margin-top: 1; }
    MergeConflictsDialog #merge-combined { height: 4; display: none; }
    MergeConflictsDialog #merge-hint { display: none; color: $text-muted; margin-top: 1; }
    MergeConflictsDialog.-combining #merge-combined { display: block; }
    MergeConflictsDialog.-combining #merge-hint { display: block; }
    MergeConflictsDialog Horizontal { height: auto; margin-top: 1; }
    MergeConflictsDialog Button { margin-right: 1; min-width: 8; }
    """

    HELP_TITLE = "Merge conflicts"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "merge.ours",
            "o",
            "keep('ours')",
            "Keep ours",
            "Keep our version of this field",
            "Merge conflicts",
            help="Keep the version of this copy (the branch you are on)",
        ),
        UserAction(
            "merge.theirs",
            "t",
            "keep('theirs')",
            "Keep theirs",
            "Keep their version of this field",
            "Merge conflicts",
            help="Keep the version merged in (the other branch)",
        ),
        UserAction(
            "merge.combine",
            "c",
            "combine",
            "Combine",
            "Combine both versions by hand",
            "Merge conflicts",
            help="Edit both texts into one; ctrl+s keeps it (texts only)",
        ),
        UserAction(
            "merge.keep_combined",
            "ctrl+s",
            "keep_combined",
            "Keep combined",
            "Keep the combined text",
            "Merge conflicts",
            help="Keep the text as combined in the field",
            priority=True,
        ),
        UserAction(
            "merge.stop",
            "escape",
            "stop",
            "Stop",
            "Stop resolving (the rest stay for later)",
            "Merge conflicts",
            help="Close (while combining: back to the choice); the conflicts not resolved "
            "yet stay in the file",
        ),
        *field_focus_actions("merge", "Merge conflicts"),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(
        self, conflicts: Sequence[Conflict], *, place: Callable[[str], str] | None = None
    ) -> None:
        super().__init__()
        self.conflicts = tuple(conflicts)
        self.place = place or (lambda field: field)
        self.index = 0
        self.resolved: list[Resolution] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="merge-title")
            yield Static("", id="merge-field")
            with VerticalScroll():
                yield Label("Ours (this copy)", classes="side-label")
                yield Static("", id="merge-ours")
                yield Label("Theirs (merged in)", classes="side-label")
                yield Static("", id="merge-theirs")
                yield Label("Before either change", classes="side-label")
                yield Static("", id="merge-base")
            yield Static(
                "Combined: edit both into one text; ctrl+s keeps it, esc goes back",
                id="merge-hint",
            )
            yield UserTextArea("", label="Combined", id="merge-combined", soft_wrap=True)
            with Horizontal():
                yield Button("Ours (o)", id="ours", variant="primary")
                yield Button("Theirs (t)", id="theirs")
                yield Button("Combine (c)", id="combine")
                yield Button("Later (esc)", id="stop")

    def on_mount(self) -> None:
        self._show()

    @property
    def current(self) -> Conflict:
        return self.conflicts[self.index]

    def _show(self) -> None:
        conflict = self.current
        total = len(self.conflicts)
        self.query_one("#merge-title", Static).update(
            shown_text(f"Both versions changed this ({self.index + 1} of {total})")
        )
        self.query_one("#merge-field", Static).update(shown_text(self.place(conflict.field)))
        for side in ("ours", "theirs", "base"):
            text = shown_value(getattr(conflict, side))
            self.query_one(f"#merge-{side}", Static).update(shown_text(text))
        self.query_one("#combine", Button).disabled = not can_combine(conflict)
        self.remove_class("-combining")
        self.query_one("#ours", Button).focus()

    def _resolved(self, value: Any) -> None:
        self.resolved.append((self.current, value))
        self.index += 1
        if self.index >= len(self.conflicts):
            self.dismiss(self.resolved)
        else:
            self._show()

    def action_keep(self, side: str) -> None:
        self._resolved(getattr(self.current, side))

    def action_combine(self) -> None:
        if not can_combine(self.current):
            self.notify("Only two texts can be combined: keep ours or theirs.")
            return
        area = self.query_one("#merge-combined", UserTextArea)
        area.load_text(combined_start(self.current))
        area.move_cursor(area.document.end)  # typing goes on after their version
        self.add_class("-combining")
        area.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "keep_combined":
            return self.has_class("-combining")
        return True

    def action_keep_combined(self) -> None:
        area = self.query_one("#merge-combined", UserTextArea)
        self._resolved(combined_value(self.current, area.text))

    def action_stop(self) -> None:
        if self.has_class("-combining"):  # back to the choice, nothing kept
            self.remove_class("-combining")
            self.query_one("#ours", Button).focus()
        else:
            self.dismiss(self.resolved)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("ours", "theirs"):
            self.action_keep(event.button.id)
        elif event.button.id == "combine":
            self.action_combine()
        else:
            self.action_stop()
