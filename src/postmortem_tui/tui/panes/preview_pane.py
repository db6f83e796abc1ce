"""Preview pane: the Markdown export, rendered when the pane is shown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Markdown

from ..user_text.shown import shown
from .pane import EditorPane


class PreviewPane(EditorPane):
    can_focus = True

    def compose(self) -> ComposeResult:
        yield Markdown("", id="preview-markdown")

    def markdown_text(self) -> str:
        try:
            from ...core.export import to_markdown  # imported late: only the preview needs it
        except ImportError:
            return "*The Markdown export is not available in this build.*"
        return to_markdown(self.pm, today=self.today)

    def show_model(self, highlighted: Mapping[str, Any]) -> None:
        self.query_one("#preview-markdown", Markdown).update(self.markdown_text())

    def pane_shown(self) -> None:
        self.query_one("#preview-markdown", Markdown).update(shown(self.markdown_text()))
        self.scroll_home(animate=False)
