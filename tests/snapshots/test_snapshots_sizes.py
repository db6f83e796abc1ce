"""The editor at one smaller and one larger terminal than 80x24: nothing important may vanish
on a small screen, and a big one should use the room."""

from __future__ import annotations

from pathlib import Path

import pytest
from snapshot_support import editor_complete
from test_snapshots_browser import browser_app, here  # noqa: F401 (a fixture)
from test_snapshots_editor import sample_editor
from textual.pilot import Pilot


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
    assert snap_compare(browser_app(), terminal_size=(60, 20), press=keys)
