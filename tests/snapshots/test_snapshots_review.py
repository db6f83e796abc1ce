"""The review pane (F10) on the shipped sample at 80x24, with a fixed today."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from snapshot_support import editor_complete
from textual.pilot import Pilot
from textual.widgets import OptionList

from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.app import PostmortemApp, make_app

TODAY = date(2026, 4, 1)
SIZE = (80, 24)


def sample_editor(workspace_path: Path, config_path: Path, *, blame: bool) -> PostmortemApp:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("cursor_blink = false\n", encoding="utf-8")
    workspace = Workspace(workspace_path)
    path = workspace.add_sample()
    if blame:
        loaded = load(path)
        loaded.postmortem.timeline[3].event = "Sam forgot to stop the retry job"
        loaded.postmortem.actions[1].text = "Be more careful with disks"
        workspace.save(loaded)
    return make_app(workspace, open_path=path, today=TODAY)


async def show_review(pilot: Pilot[None]) -> None:
    await editor_complete(pilot)
    await pilot.press("f10")
    options = pilot.app.screen.query_one("#findings", OptionList)
    for _ in range(200):  # bounded: the pane fills when it is first shown
        if options.option_count:
            break
        await pilot.pause(0.02)
    await pilot.pause()


def test_review_pane(snap_compare, workspace_path: Path, config_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = sample_editor(workspace_path, config_path, blame=False)
    assert snap_compare(app, run_before=show_review, terminal_size=SIZE)


def test_review_pane_with_blame(snap_compare, workspace_path: Path, config_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = sample_editor(workspace_path, config_path, blame=True)
    assert snap_compare(app, run_before=show_review, terminal_size=SIZE)
