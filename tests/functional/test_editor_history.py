"""The history screen from the editor: ctrl+r lists the saved versions, shows the highlighted
one's diff against the current text, and `r` (asked first) restores one, which the editor
then shows; the restore is itself a new version, so restoring that one undoes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_support import SIZE, editor, opened, sample_app, title_on_disk, wait_for
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from postmortem_tui.core.model import to_dict
from postmortem_tui.storage.workspace import Workspace, load, render_toml
from postmortem_tui.tui.forms.confirm import ConfirmDialog
from postmortem_tui.tui.screens.editor import EditorScreen
from postmortem_tui.tui.screens.history import HistoryScreen

STAMPS = ("20260330T091500000000Z", "20260331T101500000000Z")


def with_history(workspace_path: Path, path: Path) -> None:
    """Two kept versions of the sample: older titles, the newer one with an event less."""
    workspace = Workspace(workspace_path)
    folder = workspace.own_folder(".history", path.stem)
    pm = load(path).postmortem
    title = pm.title
    pm.title = "Webhooks delayed (first draft)"
    del pm.timeline[-1]
    (folder / f"{STAMPS[0]}.toml").write_text(render_toml(to_dict(pm)), encoding="utf-8")
    pm = load(path).postmortem
    pm.title = f"{title} (second draft)"
    (folder / f"{STAMPS[1]}.toml").write_text(render_toml(to_dict(pm)), encoding="utf-8")


def history(pilot: Pilot[None]) -> HistoryScreen:
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen), screen
    return screen


async def history_shown(pilot: Pilot[None]) -> HistoryScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HistoryScreen))
    await wait_for(pilot, lambda: history(pilot).versions is not None)
    await pilot.pause()
    return history(pilot)


def diff_text(screen: HistoryScreen) -> str:
    return str(screen.query_one("#history-diff-text", Static).render())


async def test_ctrl_r_lists_versions_and_shows_a_diff(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    with_history(workspace_path, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+r")
        screen = await history_shown(pilot)
        table = screen.query_one("#history-table", DataTable)
        assert table.row_count == 2
        assert [v.number for v in screen.versions or ()] == [1, 2]
        assert "title changed" in screen.versions[0].summary  # type: ignore[index]
        assert "(second draft)" in diff_text(screen)
        await pilot.press("down")
        await wait_for(pilot, lambda: "first draft" in diff_text(screen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert "first draft" not in title_on_disk(path)


async def test_restore_asks_then_shows_the_restored_postmortem_and_can_be_undone(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    with_history(workspace_path, path)
    original = path.read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+r")
        await history_shown(pilot)
        await pilot.press("down", "r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # no: nothing restored
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        assert path.read_text(encoding="utf-8") == original
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        await wait_for(pilot, lambda: title_on_disk(path) == "Webhooks delayed (first draft)")
        screen = editor(app)
        await wait_for(pilot, lambda: screen.pm.title == "Webhooks delayed (first draft)")
        await wait_for(
            pilot,
            lambda: (
                bool(screen.query("#title"))
                and screen.query_one("#title", Input).value == "Webhooks delayed (first draft)"
            ),
        )
        # Undo: the text the restore replaced is version 1 now.
        await pilot.press("ctrl+r")
        shown = await history_shown(pilot)
        assert shown.versions is not None and len(shown.versions) == 3
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        await wait_for(pilot, lambda: path.read_text(encoding="utf-8") == original)


async def test_an_unreadable_version_is_listed_and_never_restored(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    folder = Workspace(workspace_path).own_folder(".history", path.stem)
    (folder / f"{STAMPS[0]}.toml").write_text('title = "unfinished\n', encoding="utf-8")
    original = path.read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+r")
        screen = await history_shown(pilot)
        assert screen.versions is not None and len(screen.versions) == 1
        assert screen.versions[0].summary.startswith("unreadable: ")
        assert "does not load" in diff_text(screen)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)  # no question: refused in one line
        assert path.read_text(encoding="utf-8") == original


async def test_what_is_typed_is_saved_before_the_history_opens(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        field = app.screen.query_one("#title", Input)
        field.focus()
        field.action_end()
        await pilot.press(*" v2", "ctrl+r")
        screen = await history_shown(pilot)
        assert title_on_disk(path).endswith(" v2")
        assert screen.versions is not None and len(screen.versions) == 1
        assert "v2" in diff_text(screen)


async def test_history_is_in_help_and_the_palette(workspace_path: Path, config_path: Path) -> None:
    from postmortem_tui.tui.keys import actions_in_reach

    app, path = sample_app(workspace_path, config_path)
    with_history(workspace_path, path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        commands = {action.command for action, _ in actions_in_reach(app.screen)}
        assert "Show saved versions" in commands
        from postmortem_tui.tui.palette import screen_commands

        assert any(c.title == "Show saved versions" for c in screen_commands(app, app.screen))
        await pilot.press("ctrl+r")
        await history_shown(pilot)
        commands = {c.title for c in screen_commands(app, app.screen)}
        assert {"Restore this version", "Back to the postmortem"} <= commands


async def test_the_diff_reads_without_colour(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under NO_COLOR every changed line keeps its `-` or `+`, and the list its cursor row."""
    monkeypatch.setenv("NO_COLOR", "1")
    app, path = sample_app(workspace_path, config_path)
    with_history(workspace_path, path)
    async with app.run_test(size=(60, 20)) as pilot:
        await opened(pilot)
        await pilot.press("ctrl+r")
        screen = await history_shown(pilot)
        lines = diff_text(screen).splitlines()
        assert app.no_color
        changed = [line for line in lines if line.startswith(("- title", "+ title"))]
        assert len(changed) == 2, lines
        assert all(len(line) <= 56 for line in lines[2:])
        following = lines[lines.index(changed[0]) + 1]
        assert following.startswith("-   ")  # a cut line goes on under its marker
