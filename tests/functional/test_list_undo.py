"""Undo and redo of list edits in the editor, pressing real keys: adds, edits, deletes, moves
and done marks, several steps deep and across panes; the keys in the footer, the palette and
the help screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from editor_support import SIZE, on_disk, opened, sample_app, wait_for
from screen_support import screen_lines
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.screens.editor import EditorScreen
from postmortem_tui.tui.screens.help import HelpScreen


def lists_of(screen: EditorScreen) -> tuple[Any, ...]:
    pm = screen.pm
    return (
        [f.text for f in pm.factors],
        [(a.text, a.done, list(a.factors)) for a in pm.actions],
    )


async def focus_list(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen.focused, DataTable))


async def fill_form(pilot: Pilot[None], text: str) -> None:
    """In the item form just opened: replace the first text field and press ctrl+s."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ItemForm))
    pilot.app.screen.query_one("#field-text", Input).value = text
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, ItemForm))


def palette_titles(app: Any) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


def footer(app: Any) -> str:
    return screen_lines(app)[-1]


async def test_undo_and_redo_take_back_every_kind_of_list_edit(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        states = [lists_of(screen)]

        async def edit(*keys: str, text: str | None = None) -> None:
            await pilot.press(*keys)
            if text is not None:
                await fill_form(pilot, text)
            await wait_for(pilot, lambda: lists_of(screen) != states[-1])
            states.append(lists_of(screen))

        await focus_list(pilot, "f6")
        await edit("x")  # done mark on the first action item
        await focus_list(pilot, "f4")
        await edit("d")  # delete factor 1: the action items' links are renumbered too
        await edit("shift+down")  # move
        await edit("a", text="Disk alerts fire too late to act on")  # add
        await edit("e", text="Disk alerts fire after writes stop")  # edit the new one
        assert len({repr(state) for state in states}) == 6

        for expected in reversed(states[:-1]):
            await pilot.press("ctrl+z")
            await wait_for(pilot, lambda want=expected: lists_of(screen) == want)
        assert screen.current_pane == "actions"  # undo shows the edit where it was made
        assert lists_of(screen) == states[0]

        for expected in states[1:]:
            await pilot.press("ctrl+y")
            await wait_for(pilot, lambda want=expected: lists_of(screen) == want)
        assert screen.current_pane == "factors"

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Disk alerts fire after writes stop" in on_disk(path))


async def test_undo_brings_back_several_deleted_events_in_place(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await focus_list(pilot, "f3")
        events = list(screen.pm.timeline)
        for _ in range(3):
            await pilot.press("d")
        await wait_for(pilot, lambda: len(screen.pm.timeline) == len(events) - 3)
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        await wait_for(pilot, lambda: screen.pm.timeline == events)
        assert all(a is b for a, b in zip(screen.pm.timeline, events, strict=True))
        table = screen.query_one("#timeline-list DataTable", DataTable)
        assert table.row_count == len(events) and table.cursor_row == 0


async def test_undo_and_redo_keys_show_when_they_can_run(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await focus_list(pilot, "f3")
        assert "Undo list edit" not in palette_titles(app)
        assert "Undo" not in footer(app)

        await pilot.press("d")
        await wait_for(pilot, lambda: "^z Undo" in footer(app))
        assert "Undo list edit" in palette_titles(app)
        assert "Redo list edit" not in palette_titles(app)

        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: "Redo list edit" in palette_titles(app))
        assert "Undo list edit" not in palette_titles(app)  # one edit, undone

        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = {a.command: a.key_display for a in app.screen.over_actions}  # type: ignore[attr-defined]
        assert keys["Undo list edit"].startswith("ctrl+z")
        assert keys["Redo list edit"].startswith("ctrl+y")
