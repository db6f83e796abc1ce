"""The list editor's keys (move, undo, delete) are in the palette and on the help screen
whenever a list has focus, and only then."""

from __future__ import annotations

from pathlib import Path

from editor_support import SIZE, editor, sample_app, wait_for
from textual.command import CommandPalette
from textual.widgets import DataTable, OptionList

from postmortem_tui.tui.screens.help import HelpScreen


def first_option(app: object) -> str:
    """The palette's first match, once its search (a worker) has produced one."""
    options = app.screen.query_one(OptionList)  # type: ignore[attr-defined]
    return str(options.get_option_at_index(0).prompt) if options.option_count else ""


def palette_titles(app: object) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]  # type: ignore[attr-defined]


async def test_list_actions_follow_the_focus(workspace_path: Path, config_path: Path) -> None:
    app, _ = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        screen = editor(app)
        await wait_for(pilot, lambda: isinstance(screen.focused, DataTable))
        titles = palette_titles(app)
        for title in ("Move item up", "Move item down", "Delete item", "Add item to this list"):
            assert title in titles
        assert "Go to timeline" in titles  # the screen's own actions stay

        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_actions = [a.command for a in app.screen.over_actions]  # type: ignore[attr-defined]
        assert "Move item up" in help_actions and "Undo list edit" in help_actions

        await pilot.press("escape", "f2")
        await pilot.press("tab")  # focus a text field of the summary, not a list
        await wait_for(pilot, lambda: not isinstance(screen.focused, DataTable))
        assert "Move item up" not in palette_titles(app)


async def test_palette_move_runs_on_the_focused_list(
    workspace_path: Path, config_path: Path
) -> None:
    app, _ = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        screen = editor(app)
        await wait_for(pilot, lambda: isinstance(screen.focused, DataTable))
        factors = screen.pm.factors
        first, second = factors[0].text, factors[1].text
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Move item down")
        await wait_for(pilot, lambda: first_option(app).startswith("Move item down"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: factors[0].text == second)
        assert factors[1].text == first
