"""A select that opens on a real choice when nothing is chosen yet.

Textual's `Select` opens with its current option highlighted. When that is the blank choice
("(none)" for a severity or a priority), ↓ ↓ enter then picks the first real option, not the
second as the keys suggest. This one opens such a select on its first real option instead, so
the first ↓ already lands on a real choice and each further ↓ moves one on.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import OptionList, Select


class ChoiceSelect(Select[str]):
    """`Select` over (shown, stored) string choices, "" standing for "none chosen"."""

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        *,
        value: str,
        id: str | None = None,
        compact: bool = True,
    ) -> None:
        self.choices = tuple(choices)
        known = any(stored == value for _, stored in self.choices)
        super().__init__(
            self.choices,
            value=value if known else Select.NULL,
            allow_blank=False,
            id=id,
            compact=compact,
        )

    def watch_expanded(self, expanded: bool) -> None:
        """Opened (by ↓, enter, space or a click) with nothing chosen: on the first real
        choice. Runs after `Select` has highlighted the current one."""
        if expanded and self.value in ("", Select.NULL):
            first = next((n for n, (_, stored) in enumerate(self.choices) if stored), None)
            if first is not None:
                self.query_one(OptionList).highlighted = first
