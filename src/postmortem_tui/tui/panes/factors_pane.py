"""Contributing factors and the 5 Whys; each factor shows how many action items address it."""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual import on
from textual.app import ComposeResult

from ...core.model import Factor, Postmortem, WhyStep
from ..forms.item_forms import factor_form, why_form
from ..widgets.list_editor import Column, ListEditor
from .pane import EditorPane


def _position(items: list[object], item: object) -> int:
    return next(i for i, other in enumerate(items) if other is item) + 1


def renumber_factor_links(pm: Postmortem, change: str, index: int, other: int) -> None:
    """Keep action items pointing at the same factors after the factor list changed."""
    number = index + 1

    def mapped(n: int) -> int | None:
        if change == "add":
            return n + 1 if n >= number else n
        if change == "delete":
            return None if n == number else (n - 1 if n > number else n)
        if change == "move":
            return other + 1 if n == number else (number if n == other + 1 else n)
        return n

    for position, action in enumerate(pm.actions):
        factors = [m for n in action.factors if (m := mapped(n)) is not None]
        if factors != action.factors:  # a new item, not a change in place: undo keeps the old
            pm.actions[position] = dataclasses.replace(action, factors=factors)


class FactorsPane(EditorPane):
    def compose(self) -> ComposeResult:
        yield ListEditor(
            self.pm.factors,
            title="Contributing factors (conditions, not people)",
            columns=[Column("#", 3), Column("Factor", 54, grow=1), Column("Actions", 7)],
            row=self._factor_row,
            form=factor_form,
            empty_text="No factors yet: press a to add one.",
            marked=True,
            field="factors",
            id="factors",
        )
        yield ListEditor(
            self.pm.five_whys,
            title="5 Whys",
            columns=[
                Column("#", 3),
                Column("Why…?", 29, grow=1),
                Column("Because…", 32, grow=1),
            ],
            row=self._why_row,
            form=why_form,
            empty_text="No whys yet: press a to ask the first one.",
            marked=True,
            field="five_whys",
            id="five-whys",
        )

    def _factor_row(self, factor: Factor) -> tuple[Text, Text, Text]:
        number = _position(self.pm.factors, factor)
        count = sum(1 for a in self.pm.actions if number in a.factors)
        style = "" if count else "bold"
        addressed = Text(str(count) if count else "none", style=style)
        return (Text(str(number)), Text(factor.text, no_wrap=True, overflow="ellipsis"), addressed)

    def _why_row(self, step: WhyStep) -> tuple[Text, Text, Text]:
        number = _position(self.pm.five_whys, step)
        return (
            Text(str(number)),
            Text(step.question, no_wrap=True, overflow="ellipsis"),
            Text(step.answer, no_wrap=True, overflow="ellipsis"),
        )

    def pane_shown(self) -> None:
        # Action items (edited on another pane) decide the "Actions" counts.
        self.query_one("#factors", ListEditor).rebuild_cells()

    @on(ListEditor.Changed, "#factors")
    def _factors(self, event: ListEditor.Changed) -> None:
        event.stop()
        if event.change != "edit":
            # Undo and redo put the action items' links back themselves.
            if event.change != "restore":
                renumber_factor_links(self.pm, event.change, event.index, event.other)
            event.editor.rebuild_cells()
        self.edited("factors")

    @on(ListEditor.Changed, "#five-whys")
    def _whys(self, event: ListEditor.Changed) -> None:
        event.stop()
        if event.change != "edit":
            event.editor.rebuild_cells()
        self.edited("five_whys")
