"""`UserTextInput`: the one-line field for user text."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual import events, on
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


@runtime_checkable
class TakesPastedLines(Protocol):
    """A screen with a better use for several pasted lines than a one-line field keeping the
    first (the event form opens the import preview on them)."""

    def take_pasted_lines(self, text: str) -> bool:
        """Whether the screen took `text`; if not, the field keeps its first line."""
        ...


def several_lines(text: str) -> bool:
    """Whether `text` has more than one line that is not blank."""
    return sum(1 for line in text.splitlines() if line.strip()) > 1


class UserTextInput(Input):
    """An input for user text (`label` names it in messages).

    Characters that could act on the terminal (an escape sequence, a bidi override) show
    as a visible stand-in while the value keeps them; typing or pasting past
    MAX_FIELD_CHARS is refused with a notice, so every value typed here can be saved.
    """

    def __init__(self, value: str | None = None, *, label: str, **options: Any) -> None:
        super().__init__(value, **options)
        self.label = label

    @on(events.Paste)
    def _offer_pasted_lines(self, event: events.Paste) -> None:
        screen = self.screen
        taken = (
            several_lines(event.text)
            and isinstance(screen, TakesPastedLines)
            and screen.take_pasted_lines(event.text)
        )
        if taken:
            event.prevent_default()  # Input's own paste would keep line 1 only
            event.stop()

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
