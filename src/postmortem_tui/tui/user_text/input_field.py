"""`UserTextInput`: the one-line field for user text."""

from __future__ import annotations

from typing import Any

from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from ...core.limits import MAX_FIELD_CHARS
from .shown import shown_strip


def refuse_past_limit(field: Widget, label: str, length: int) -> None:
    """Say, in one line, that an insert was refused because `label` would hold `length`
    characters (nothing was added, nothing is written)."""
    field.notify(
        f"{label} holds at most {MAX_FIELD_CHARS:,} characters; {length:,} would not fit, "
        "so nothing was added.",
        title="Too long",
        severity="warning",
        timeout=8,
    )


class UserTextInput(Input):
    """An input for user text (`label` names it in messages).

    Characters that could act on the terminal (an escape sequence, a bidi override) show
    as a visible stand-in while the value keeps them; typing or pasting past
    MAX_FIELD_CHARS is refused with a notice, so every value typed here can be saved.
    """

    def __init__(self, value: str | None = None, *, label: str, **options: Any) -> None:
        super().__init__(value, **options)
        self.label = label

    def render_line(self, y: int) -> Strip:
        return shown_strip(super().render_line(y))

    def replace(self, text: str, start: int, end: int) -> None:
        """Typing and pasting come here: refuse what would pass the limit."""
        start, end = sorted((max(0, start), min(len(self.value), end)))
        length = len(self.value) - (end - start) + len(text)
        if text and length > MAX_FIELD_CHARS:
            refuse_past_limit(self, self.label, length)
            return
        super().replace(text, start, end)
