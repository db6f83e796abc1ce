"""The merge conflicts dialog (f12 in the editor) on the sample with two conflicts a merge
kept, at 80x24, 60x20 and a large terminal, choosing and combining."""

from __future__ import annotations

from pathlib import Path

import pytest
from snapshot_support import editor_complete
from test_snapshots_editor import sample_editor
from textual.pilot import Pilot

from postmortem_tui.core.conflicts import with_conflicts
from postmortem_tui.core.merge import Conflict
from postmortem_tui.core.model import to_dict
from postmortem_tui.storage.workspace import Workspace, load, render_toml
from postmortem_tui.tui.forms.merge_conflicts import MergeConflictsDialog


def with_conflicts_kept(workspace_path: Path) -> None:
    """The sample as a merge driver leaves it: its summary and its second event changed on
    both branches, both versions kept."""
    (path,) = Workspace(workspace_path).root.glob("*.toml")
    pm = load(path).postmortem
    event = pm.timeline[1].event
    with_conflicts(
        pm,
        [
            Conflict(
                "summary",
                pm.summary,
                pm.summary.replace("52 minutes", "52 minutes on 12 March"),
                "Webhooks were late for 97 minutes.",
            ),
            Conflict("timeline[1].event", event, f"{event}; paged", f"{event} (pager log)"),
        ],
    )
    path.write_text(render_toml(to_dict(pm)), encoding="utf-8")


@pytest.mark.parametrize(
    ("size", "keys"),
    [((80, 24), []), ((80, 24), ["t", "c"]), ((60, 20), []), ((160, 40), ["t"])],
    ids=["80x24", "80x24-combine", "60x20", "160x40-second"],
)
def test_merge_conflicts_dialog(  # type: ignore[no-untyped-def]
    snap_compare,
    workspace_path: Path,
    config_path: Path,
    size: tuple[int, int],
    keys: list[str],
) -> None:
    app = sample_editor(workspace_path, config_path)
    with_conflicts_kept(workspace_path)

    async def open_dialog(pilot: Pilot[None]) -> None:
        await editor_complete(pilot)
        await pilot.press("f12")
        for _ in range(250):  # bounded
            if isinstance(pilot.app.screen, MergeConflictsDialog):
                break
            await pilot.pause(0.02)
        await pilot.press(*keys)
        await pilot.pause()

    assert snap_compare(app, run_before=open_dialog, terminal_size=size)
