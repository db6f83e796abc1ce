"""Helpers shared by the browser and app tests: a stand-in editor and an app that keeps
its notifications."""

from __future__ import annotations

import sys
import types
from datetime import date
from pathlib import Path

import pytest
from textual.screen import Screen

from postmortem_tui.storage.workspace import LoadedPostmortem, Workspace
from postmortem_tui.tui.app import PostmortemApp, make_app

TODAY = date(2026, 2, 10)
SIZE = (80, 24)


class FakeEditor(Screen[None]):
    """Stands in for the editor: records what it was opened on."""

    def __init__(
        self,
        workspace: Workspace,
        loaded: LoadedPostmortem,
        *,
        today: date | None = None,
        pane: str = "summary",
        field: str = "",
    ) -> None:
        super().__init__()
        self.today = today
        self.pane = pane
        self.field = field
        self.workspace = workspace
        self.loaded = loaded
        self.saves = 0

    def save_before_exit(self) -> None:
        self.saves += 1


FakeEditor.__name__ = "EditorScreen"


@pytest.fixture
def fake_editor(monkeypatch: pytest.MonkeyPatch) -> type[FakeEditor]:
    """The app opens `FakeEditor` where it would open the real editor."""
    module = types.ModuleType("postmortem_tui.tui.screens.editor")
    module.EditorScreen = FakeEditor  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "postmortem_tui.tui.screens.editor", module)
    return FakeEditor


def app_for(ws: Workspace, *, open_path: Path | None = None) -> PostmortemApp:
    """The app on `ws`, with its notifications kept in `app.messages` for the test to read."""
    app = make_app(ws, open_path=open_path, today=TODAY)
    messages: list[str] = []
    show = app.notify

    def notify(message: str, **options: object) -> None:
        messages.append(message)
        show(message, **options)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    app.messages = messages  # type: ignore[attr-defined]
    return app
