"""Shared by the editor's Pilot tests: the sample opened in the editor, and bounded waits."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Footer

from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.app import PostmortemApp, make_app
from postmortem_tui.tui.panes.summary_pane import SummaryPane
from postmortem_tui.tui.screens.editor import EditorScreen
from postmortem_tui.tui.widgets.review_coach import ReviewCoach

#: Fixed so that overdue marks do not depend on the day the tests run.
TODAY = date(2026, 4, 1)
SIZE = (80, 24)


def sample_app(workspace_path: Path, config_path: Path) -> tuple[PostmortemApp, Path]:
    """The app opened straight on a copy of the shipped sample, cursor blink off."""
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("cursor_blink = false\n", encoding="utf-8")
    path = Workspace(workspace_path).add_sample()
    return make_app(Workspace(workspace_path), open_path=path, today=TODAY), path


def editor(app: PostmortemApp) -> EditorScreen:
    screens = [s for s in app.screen_stack if isinstance(s, EditorScreen)]
    assert screens, f"no editor open: {app.screen_stack}"
    return screens[-1]


def is_complete(app: PostmortemApp) -> bool:
    """The editor is open, its summary's fields and its footer are built and its first review
    is shown."""
    screens = [s for s in app.screen_stack if isinstance(s, EditorScreen)]
    if not screens:
        return False
    summary = screens[-1].pane("summary")
    if isinstance(summary, SummaryPane) and not summary.fields_built:
        return False
    if not screens[-1].query(Footer):
        return False
    coaches = screens[-1].query(ReviewCoach)  # mounted after the footer
    return bool(coaches) and all(review_shown(screens[-1], coach) for coach in coaches)


def review_shown(screen: EditorScreen, coach: ReviewCoach) -> bool:
    """The coach has reviewed, and the screen (header, panes) has its findings."""
    return coach.reviews > 0 and screen.findings == tuple(coach.findings)


async def opened(pilot: Pilot[None]) -> EditorScreen:
    """Wait for the whole editor: its first frame has the header, the title's field and the
    other fields as text; the fields, the footer and the first review follow right after (as
    in a terminal)."""
    await wait_for(pilot, lambda: is_complete(pilot.app))  # type: ignore[arg-type]
    return editor(pilot.app)  # type: ignore[arg-type]


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition()` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


def on_disk(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def title_on_disk(path: Path) -> str:
    return load(path).postmortem.title
