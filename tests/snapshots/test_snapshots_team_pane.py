"""The team pane (f11): a workspace's own sections, one filled in and one showing its prompt,
at 80x24, 60x20 and 160x40."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from snapshot_support import editor_complete
from textual.pilot import Pilot

from postmortem_tui.core.team_sections import SectionSpec, set_section_text
from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.app import make_app

TODAY = date(2026, 4, 1)
TEMPLATE = """
[[sections]]
id = "customer_communication"
title = "Customer communication"
prompt = "What did we tell customers, when, and through which channel?"
required = true

[[sections]]
id = "security_review"
title = "Security review"
prompt = "Was any data exposed? Who in security reviewed this?"
"""


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (160, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_team_pane(
    snap_compare, workspace_path: Path, config_path: Path, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("cursor_blink = false\n", encoding="utf-8")
    workspace = Workspace(workspace_path)
    path = workspace.add_sample()
    (workspace_path / "postmortem.toml").write_text(TEMPLATE, encoding="utf-8")
    loaded = load(path)
    spec = SectionSpec("customer_communication", "Customer communication")
    set_section_text(
        loaded.postmortem, spec, "Status page updated at 09:40 UTC.\nEmail to merchants at 11:00."
    )
    workspace.save(loaded)
    app = make_app(workspace, open_path=path, today=TODAY)

    async def show_pane(pilot: Pilot[None]) -> None:
        await editor_complete(pilot)
        for _ in range(250):  # bounded: the template is read after the first frame
            if getattr(pilot.app.screen, "team_sections", ()):
                break
            await pilot.pause(0.02)
        await pilot.press("f11")
        await pilot.pause()

    assert snap_compare(app, run_before=show_pane, terminal_size=size)
