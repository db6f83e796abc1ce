"""The editor at one smaller and one larger terminal than 80x24: nothing important may vanish
on a small screen, and a big one should use the room."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from snapshot_support import editor_complete, typed
from test_snapshots_browser import browser_app, here  # noqa: F401 (a fixture)
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


#: What a new user meets at 60x20, each after these keys on the sample: every field, key and
#: button in view or a key away (f1 help and the palette stay in the footer).
SMALL_SCREENS = {
    "summary": [],
    "timeline": ["f3"],
    "lessons": ["f7"],
    "actions": ["f6"],
    "review": ["f10"],
    "action-form": ["f6", "ctrl+n"],
    "event-form": ["f3", "ctrl+t"],
    "help": ["f1"],
    "go-to": ["ctrl+g"],
}


@pytest.mark.parametrize("keys", SMALL_SCREENS.values(), ids=SMALL_SCREENS.keys())
def test_the_editor_at_60x20(  # type: ignore[no-untyped-def]
    snap_compare, workspace_path: Path, config_path: Path, keys: list[str]
) -> None:
    app = sample_editor(workspace_path, config_path)

    async def press(pilot: Pilot[None]) -> None:
        await editor_complete(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    assert snap_compare(app, run_before=press, terminal_size=(60, 20))


@pytest.mark.usefixtures("here")
@pytest.mark.parametrize("keys", [[], ["n"], ["d"]], ids=["list", "new", "delete"])
def test_the_browser_at_60x20(snap_compare, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        browser_app(), terminal_size=(60, 20), run_before=lambda pilot: typed(pilot, *keys)
    )


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
