"""`UserTextArea`: the multi-line field for user text (imports Textual's TextArea)."""

from __future__ import annotations

from typing import Any

from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import EditResult, Location

from ...core.limits import MAX_FIELD_CHARS
from .input_field import refuse_past_limit
from .shown import shown_strip


class UserTextArea(TextArea):
    """A text area for user text (`label` names it in messages).

    As `UserTextInput`: characters that could act on the terminal show as a visible
    stand-in, and typing or pasting past MAX_FIELD_CHARS is refused with a notice.
    `typed_text` is the text as loaded until it is edited: the area joins some line breaks
    (`\\x0b`, `\\u2028`) into its own, which is no edit.
    """

    def __init__(self, text: str = "", *, label: str, **options: Any) -> None:
        super().__init__(text, **options)
        self.label = label
        self._given = text
        self._as_loaded = self.text

    def load_given(self, text: str) -> None:
        """Show `text` as if the area had been made with it (`typed_text` is `text` until
        it is edited): the postmortem changed under the field."""
        self.load_text(text)
        self._given = text
        self._as_loaded = self.text

    @property
    def typed_text(self) -> str:
        """What is typed: the text it was given while it shows that text unedited."""
        text = self.text
        return self._given if text == self._as_loaded else text

    def render_line(self, y: int) -> Strip:
        return shown_strip(super().render_line(y))

    def replace(
        self,
        insert: str,
        start: Location,
        end: Location,
        *,
        maintain_selection_offset: bool = True,
    ) -> EditResult:
        """Typing and pasting come here: refuse what would pass the limit."""
        if insert:
            length = len(self.text) - len(self.get_text_range(start, end)) + len(insert)
            if length > MAX_FIELD_CHARS:
                refuse_past_limit(self, self.label, length)
                # No edit, as in a read-only area (the keyboard's callers expect None then).
                return None  # type: ignore[return-value]
        return super().replace(
            insert, start, end, maintain_selection_offset=maintain_selection_offset
        )
