"""The editor at one smaller and one larger terminal than 80x24: nothing important may vanish
on a small screen, and a big one should use the room."""

from __future__ import annotations

from pathlib import Path

import pytest
from snapshot_support import editor_complete
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
