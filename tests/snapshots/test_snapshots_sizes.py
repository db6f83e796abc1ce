"""The editor at one smaller and one larger terminal than 80x24: nothing important may vanish
on a small screen, and a big one should use the room."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from snapshot_support import editor_complete
from test_snapshots_editor import TODAY, sample_editor
from textual.pilot import Pilot

from postmortem_tui.core.model import TimelineEvent, to_dict
from postmortem_tui.storage.workspace import Workspace, load, render_toml
from postmortem_tui.tui.app import PostmortemApp, make_app


@pytest.mark.parametrize(
    ("size", "key"),
    [((64, 20), "f2"), ((64, 20), "f3"), ((120, 36), "f2"), ((120, 36), "f6")],
    ids=["64x20-summary", "64x20-timeline", "120x36-summary", "120x36-actions"],
)
def test_editor_at_other_sizes(  # type: ignore[no-untyped-def]
    snap_compare, workspace_path: Path, config_path: Path, size: tuple[int, int], key: str
) -> None:
    app = sample_editor(workspace_path, config_path)

    async def show_pane(pilot: Pilot[None]) -> None:
        await editor_complete(pilot)
        await pilot.press(key)

    assert snap_compare(app, run_before=show_pane, terminal_size=size)


def long_timeline_editor(workspace_path: Path, config_path: Path) -> PostmortemApp:
    """The sample with 40 more timeline events: more than any of the sizes shows at once."""
    sample_editor(workspace_path, config_path)
    (path,) = Workspace(workspace_path).root.glob("*.toml")
    pm = load(path).postmortem
    start = datetime(2026, 3, 12, 11, 0, tzinfo=UTC)
    pm.timeline.extend(
        TimelineEvent(at=start + timedelta(minutes=n), event=f"Backlog check {n + 1} passes")
        for n in range(40)
    )
    path.write_text(render_toml(to_dict(pm)), encoding="utf-8")
    return make_app(Workspace(workspace_path), open_path=path, today=TODAY)


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (60, 20)], ids=["80x24", "120x36", "60x20"])
def test_a_long_timeline_uses_the_terminal(  # type: ignore[no-untyped-def]
    snap_compare, workspace_path: Path, config_path: Path, size: tuple[int, int]
) -> None:
    """The timeline's rows reach the bottom of the pane and its event column the right edge."""
    app = long_timeline_editor(workspace_path, config_path)

    async def show_timeline(pilot: Pilot[None]) -> None:
        await editor_complete(pilot)
        await pilot.press("f3", "down")

    assert snap_compare(app, run_before=show_timeline, terminal_size=size)
