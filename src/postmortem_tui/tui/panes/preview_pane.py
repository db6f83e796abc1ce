"""Preview pane: the Markdown export as `export` writes it, rendered when the pane is shown."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Markdown

from ...core.terminal_text import INVISIBLE
from ..user_text.shown import shown
from .pane import EditorPane

#: A character reference the export writes (not one the user typed: those are escaped `\&`).
_REFERENCE = re.compile(r"(?<!\\)&#x([0-9A-F]+);")


def _visible_reference(match: re.Match[str]) -> str:
    """An invisible character's reference as the sanitiser shows the character (`<U+202E>`),
    escaped as Markdown text; any other reference as it is."""
    char = chr(int(match.group(1), 16))
    if not INVISIBLE.fullmatch(char):
        return match.group()
    from ...core.markdown_text import escape_inline  # loaded with the export already

    return escape_inline(shown(char))


class PreviewPane(EditorPane):
    can_focus = True

    def compose(self) -> ComposeResult:
        yield Markdown("", id="preview-markdown")

    def markdown_text(self) -> str:
        try:
            from ...core.export import to_markdown  # imported late: only the preview needs it
        except ImportError:
            return "*The Markdown export is not available in this build.*"
        # The document as `export` writes it: no status as of today (see `to_markdown`).
        return to_markdown(self.pm)

    def shown_markdown(self) -> str:
        """The export as the preview renders it: the invisible characters the export writes
        as references (which the renderer would turn back into them) shown by their code."""
        return shown(_REFERENCE.sub(_visible_reference, self.markdown_text()))

    def show_model(self, highlighted: Mapping[str, Any]) -> None:
        self.query_one("#preview-markdown", Markdown).update(self.shown_markdown())

    def pane_shown(self) -> None:
        self.query_one("#preview-markdown", Markdown).update(self.shown_markdown())
        self.scroll_home(animate=False)
