"""Asks where to write the Markdown export, offering the workspace's exports folder."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ..keys import UserAction, bindings_for
from ..user_text.input_field import UserTextInput
from ..user_text.shown import shown_text
from .field_keys import field_focus_actions


class ExportPathDialog(ModalScreen[Path | None]):
    DEFAULT_CSS = """
    ExportPathDialog { align: center middle; }
    ExportPathDialog > Vertical {
        width: 76; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1;
    }
    ExportPathDialog #export-error { color: $error; }
    ExportPathDialog Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    ExportPathDialog Button { margin-left: 1; }
    """

    HELP_TITLE = "Export Markdown"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "export.cancel",
            "escape",
            "cancel",
            "Cancel",
            "Cancel the export",
            "Export",
            help="Close without writing anything (or the Cancel button)",
        ),
        *field_focus_actions("export", "Export"),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Export Markdown to (enter to write):")
            yield UserTextInput(str(self.default), label="The export path", id="export-path")
            yield Static("", id="export-error")
            with Horizontal():
                yield Button("Export", variant="primary", id="export")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        text = self.query_one(Input).value.strip()
        if not text:
            self.query_one("#export-error", Static).update(Text("Type a file path."))
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self.query_one("#export-error", Static).update(
                shown_text(f"{path} is a folder; type a file name such as {self.default.name}")
            )
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
