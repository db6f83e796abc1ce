"""The history screen (ctrl+r in the editor) on the sample with two kept versions, at 80x24,
60x20 and a large terminal (list and diff side by side), and its restore question."""

from __future__ import annotations

from pathlib import Path

import pytest
from snapshot_support import editor_complete
from test_snapshots_editor import sample_editor
from textual.pilot import Pilot

from postmortem_tui.core.model import to_dict
from postmortem_tui.storage.workspace import Workspace, load, render_toml
from postmortem_tui.tui.screens.history import HistoryScreen

#: Fixed times (the kept versions' names), so the list reads the same on every run.
STAMPS = ("20260330T091500000000Z", "20260331T101500000000Z")


def with_history(workspace_path: Path) -> None:
    """Two kept versions of the sample: an early draft (another title, an event and an action
    item fewer, the first action open), then one with another title only."""
    (path,) = Workspace(workspace_path).root.glob("*.toml")
    folder = Workspace(workspace_path).own_folder(".history", path.stem)
    pm = load(path).postmortem
    title = pm.title
    pm.title = "Webhooks delayed (first draft)"
    del pm.timeline[-1]
    del pm.actions[-1]
    pm.actions[0].done = not pm.actions[0].done
    (folder / f"{STAMPS[0]}.toml").write_text(render_toml(to_dict(pm)), encoding="utf-8")
    pm = load(path).postmortem
    pm.title = f"{title} (second draft)"
    (folder / f"{STAMPS[1]}.toml").write_text(render_toml(to_dict(pm)), encoding="utf-8")


async def _history_open(pilot: Pilot[None], *keys: str) -> None:
    await editor_complete(pilot)
    await pilot.press("ctrl+r")
    for _ in range(250):  # bounded: the versions are read in a thread
        screen = pilot.app.screen
        if isinstance(screen, HistoryScreen) and screen.versions is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()


@pytest.mark.parametrize(
    ("size", "keys"),
    [
        ((80, 24), []),
        ((80, 24), ["down"]),
        ((80, 24), ["down", "r"]),
        ((60, 20), ["down"]),
        ((160, 40), ["down"]),
    ],
    ids=["80x24", "80x24-older", "80x24-restore", "60x20-older", "160x40-older"],
)
def test_history_screen(  # type: ignore[no-untyped-def]
    snap_compare,
    workspace_path: Path,
    config_path: Path,
    size: tuple[int, int],
    keys: list[str],
) -> None:
    app = sample_editor(workspace_path, config_path)
    with_history(workspace_path)

    async def open_history(pilot: Pilot[None]) -> None:
        await _history_open(pilot, *keys)

    assert snap_compare(app, run_before=open_history, terminal_size=size)
