"""Action items, grouped Prevent / Detect / Mitigate; overdue ones stand out."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from ...core.drafts import read_draft
from ...core.model import ACTION_KINDS, ActionItem
from ..forms.item_forms import action_form
from ..widgets.list_editor import Column, ListEditor
from .pane import EditorPane

NO_PREVENT_WARNING = (
    "No Prevent item yet: what change would stop this from happening again? (press a)"
)


class ActionsPane(EditorPane):
    def compose(self) -> ComposeResult:
        yield Static(Text(NO_PREVENT_WARNING), id="no-prevent")
        yield ListEditor(
            self.pm.actions,
            title="Action items (x toggles done · a add · enter edit · d delete)",
            columns=[
                Column("Kind", 8),
                Column("Done", 4),
                Column("Action", 26, grow=3),
                Column("Owner", 14, grow=1),
                Column("Due", 10),
            ],
            row=self._row,
            form=lambda item: action_form(self.pm, item),
            sort_key=lambda item: ACTION_KINDS.index(item.kind),
            empty_text="No action items yet: press a (or ctrl+n anywhere) to add one.",
            marked=True,
            fill=True,
            legend=self._legend,
            field="actions",
            id="actions",
        )

    def on_mount(self) -> None:
        self._show_warning()

    @property
    def items(self) -> ListEditor[ActionItem]:
        return self.query_one("#actions", ListEditor)

    def _row(self, item: ActionItem) -> tuple[Text, Text, Text, Text, Text]:
        overdue = item.is_overdue(self.today)
        if item.done:
            mark = Text("[x]")
        elif overdue:
            mark = Text("[!]", style="bold red")
        else:
            mark = Text("[ ]")
        due = Text(item.due.isoformat() if item.due else "")
        draft = read_draft(item.extra, "due")
        if draft is not None:
            due = Text(f"? {draft}", style="italic")  # refused, kept on exit
        if overdue:
            due.stylize("bold reverse red")
        text = Text(item.text, no_wrap=True, overflow="ellipsis")
        if item.done:
            text.stylize("dim")
        return (Text(item.kind.capitalize()), mark, text, Text(item.owner), due)

    def _legend(self, items: Sequence[ActionItem]) -> list[str]:
        """What the action items' own marks mean, when an item shows one."""
        notes = []
        if any(item.is_overdue(self.today) for item in items):
            notes.append("[!] overdue")
        if any(read_draft(item.extra, "due") is not None for item in items):
            notes.append("? before a date: kept as typed, not understood yet")
        return notes

    def _show_warning(self) -> None:
        has_prevent = any(a.kind == "prevent" for a in self.pm.actions)
        self.query_one("#no-prevent").display = not has_prevent

    def toggle_done(self) -> None:
        """Mark the highlighted item done, or open again."""
        editor = self.items
        index = editor.cursor_index
        if index is None:
            return
        item = self.pm.actions[index]
        # A new item, not a change in place: undo keeps the one it replaces.
        self.pm.actions[index] = dataclasses.replace(item, done=not item.done)
        editor.refresh_item(index)
        self.edited("actions")

    def add_item(self) -> None:
        self.items.add_item()

    def show_model(self, highlighted: Mapping[str, Any]) -> None:
        super().show_model(highlighted)
        self._show_warning()

    @on(ListEditor.Changed)
    def _changed(self, event: ListEditor.Changed) -> None:
        event.stop()
        self._show_warning()
        self.edited("actions")
