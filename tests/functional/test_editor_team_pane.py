"""The team pane: the workspace's own sections (`[[sections]]` in postmortem.toml), typed in
the editor with Pilot pressing real keys, and saved under `[sections.<id>]`."""

from __future__ import annotations

from pathlib import Path

from editor_support import SIZE, editor, on_disk, opened, sample_app, wait_for

from postmortem_tui.core.team_sections import section_text
from postmortem_tui.storage.workspace import load
from postmortem_tui.tui.user_text.area_field import UserTextArea
from postmortem_tui.tui.widgets.pane_bar import PaneBar

TEMPLATE = """
[[sections]]
id = "customer_communication"
title = "Customer communication"
prompt = "What did we tell customers, when, and where?"
required = true
"""


async def test_team_sections_are_typed_on_their_pane_and_saved(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    (workspace_path / "postmortem.toml").write_text(TEMPLATE, encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await wait_for(pilot, lambda: bool(screen.team_sections))
        assert " f11 Team" in str(screen.query_one(PaneBar).visual)
        await pilot.press("f11")
        await wait_for(pilot, lambda: editor(app).current_pane == "team")
        area = screen.query_one("#team-customer_communication", UserTextArea)
        assert area.placeholder == "What did we tell customers, when, and where?"
        await wait_for(pilot, lambda: app.focused is area)
        await pilot.press(*"Status page")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "[sections.customer_communication]" in on_disk(path))
    assert section_text(load(path).postmortem, "customer_communication") == "Status page"


async def test_without_team_sections_there_is_no_team_pane(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert "team" not in [p.id for p in screen.available_panes()]
        await pilot.press("f11")  # its binding is off: the footer and palette leave it out
        await pilot.pause()
        assert not screen.check_action("goto", ("team",))
        assert screen.current_pane != "team"


async def test_a_bad_template_is_a_notice_and_the_editor_goes_on(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    (workspace_path / "postmortem.toml").write_text("[[sections]]\ntitle = 'x'\n")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await wait_for(
            pilot, lambda: any("sections[0].id" in str(n.message) for n in app._notifications)
        )
        assert screen.team_sections == ()


async def test_the_template_leaves_built_in_panes_out_of_a_format(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    (workspace_path / "postmortem.toml").write_text(
        '[template]\nfull = ["summary", "timeline", "actions", "root_cause"]\n'
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await wait_for(pilot, lambda: bool(screen.hidden_panes))
        shown = [p.id for p in screen.available_panes()]
        assert shown == ["summary", "timeline", "actions", "preview", "review"]
        assert " f5 Impact" not in str(screen.query_one(PaneBar).visual)
