"""The action-items board, driven with real keys: opened from the browser (its key and the
palette), every open item soonest due first, overdue ones marked in words, the filter, `x`
saving the item done as the editor saves, `enter` opening the postmortem at that item."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from board_support import TODAY, board_workspace
from editor_support import opened, wait_for
from rich.console import Console
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TextArea

from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.app import PostmortemApp, make_app
from postmortem_tui.tui.forms.conflict import ConflictDialog
from postmortem_tui.tui.screens import editor as editor_module
from postmortem_tui.tui.screens.action_board import ActionBoardScreen
from postmortem_tui.tui.screens.editor import EditorScreen
from postmortem_tui.tui.screens.help import HelpScreen
from postmortem_tui.tui.screens.workspace import WorkspaceScreen
from postmortem_tui.tui.widgets.list_editor import ListEditor

SIZE = (80, 24)


def app_on(root: Path) -> PostmortemApp:
    return make_app(Workspace(root), today=TODAY)


async def board(pilot: Pilot[None]) -> ActionBoardScreen:
    """Press `a` in the browser and wait until the board has read the workspace."""
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ActionBoardScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ActionBoardScreen)
    await wait_for(pilot, lambda: screen.loaded)
    await pilot.pause()
    return screen


def shown_rows(screen: ActionBoardScreen) -> list[tuple[str, ...]]:
    table = screen.query_one("#board-table", DataTable)
    return [tuple(cell.plain for cell in table.get_row_at(i)) for i in range(table.row_count)]


def texts(screen: ActionBoardScreen) -> list[str]:
    return [row[3] for row in shown_rows(screen)]


def item(path: Path, item_id: str) -> tuple[str, bool]:
    found = next(a for a in load(path).postmortem.actions if a.id == item_id)
    return found.text, found.done


async def test_the_board_lists_open_items_soonest_due_first_overdue_in_words(
    workspace_path: Path,
) -> None:
    board_workspace(workspace_path)
    app = app_on(workspace_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board(pilot)
        assert shown_rows(screen) == [
            ("2026-02-01", "overdue", "@sre", "Alert on queue depth"),
            ("2026-02-20", "overdue", "@network", "Probe resolvers from each zone"),
            ("2026-03-15", "", "@platform", "Validate zone files in CI"),
            ("2026-04-02", "", "@web", "Esc ␛]0;t␇ [b]no[/b] markup"),
            ("—", "", "@sre", "Broker failover drill"),
        ]
        count = str(screen.query_one("#board-count", Static).content)
        assert count == "5 open · 2 overdue · 1 file not read"
        detail = str(screen.query_one("#board-detail", Static).content)
        assert detail.startswith("Queue backlog after a broker failover · detect")
        await pilot.press("escape")
        assert isinstance(app.screen, WorkspaceScreen)


async def test_the_palette_opens_the_board(workspace_path: Path) -> None:
    board_workspace(workspace_path)
    app = app_on(workspace_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Action items board")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionBoardScreen))


async def test_the_filter_matches_owner_tag_ticket_and_text_as_you_type(
    workspace_path: Path,
) -> None:
    board_workspace(workspace_path)
    app = app_on(workspace_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board(pilot)
        await pilot.press("slash", *"@sre")
        assert texts(screen) == ["Alert on queue depth", "Broker failover drill"]
        assert str(screen.query_one("#board-count", Static).content).startswith("2 of 5 open")
        await pilot.press(*["backspace"] * 4, *"dns")  # a tag of the postmortem
        assert texts(screen) == ["Probe resolvers from each zone", "Validate zone files in CI"]
        await pilot.press(*["backspace"] * 3, *"ops-12")  # a ticket, any case
        assert texts(screen) == ["Validate zone files in CI"]
        await pilot.press(*["backspace"] * 6, *"zone probe")  # every word, any order
        assert texts(screen) == ["Probe resolvers from each zone"]
        await pilot.press("enter")  # back to the list, the filter kept
        assert screen.focused is screen.query_one("#board-table")
        await pilot.press("escape")  # clears the filter first
        assert len(texts(screen)) == 5 and isinstance(app.screen, ActionBoardScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, WorkspaceScreen)


async def test_x_marks_the_highlighted_item_done_and_keeps_the_old_version(
    workspace_path: Path,
) -> None:
    paths = board_workspace(workspace_path)
    app = app_on(workspace_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board(pilot)
        await pilot.press("down")  # Probe resolvers from each zone
        await pilot.press("x")
        await wait_for(pilot, lambda: item(paths["dns"], "d2")[1])
        await wait_for(pilot, lambda: "Probe resolvers from each zone" not in texts(screen))
        assert item(paths["dns"], "d1") == ("Validate zone files in CI", False)
        history = list((workspace_path / ".history" / paths["dns"].stem).glob("*.toml"))
        assert len(history) == 1 and 'id = "d2"' in history[0].read_text()
        # The cursor stays at the same place: the next item is under it.
        assert screen.selected_row() is not None
        assert screen.selected_row().text == "Validate zone files in CI"  # type: ignore[union-attr]
        count = str(screen.query_one("#board-count", Static).content)
        assert count.startswith("4 open · 1 overdue")


async def test_x_in_the_filter_is_typed_not_a_mark(workspace_path: Path) -> None:
    paths = board_workspace(workspace_path)
    before = paths["queue"].read_bytes()
    app = app_on(workspace_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await board(pilot)
        await pilot.press("slash", "x")
        assert screen.filter_input.value == "x"
        await app.workers.wait_for_complete()
    assert paths["queue"].read_bytes() == before


async def test_enter_opens_the_postmortem_on_the_actions_pane_at_that_item(
    workspace_path: Path,
) -> None:
    paths = board_workspace(workspace_path)
    app = app_on(workspace_path)
    async with app.run_test(size=SIZE) as pilot:
        await board(pilot)
        await pilot.press("down", "enter")  # Probe resolvers: the dns postmortem's second item
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        editor = app.screen
        assert isinstance(editor, EditorScreen) and editor.path == paths["dns"]
        await wait_for(pilot, lambda: editor.current_pane == "actions")
        actions = editor.query_one("#actions", ListEditor)
        await wait_for(pilot, lambda: actions.table.has_focus)
        assert actions.cursor_index == 1
        assert actions.highlighted is not None
        assert actions.highlighted.text == "Probe resolvers from each zone"
        # Marked done there, the board shows it gone once back.
        await pilot.press("x")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, ActionBoardScreen))
        board_screen = app.screen
        assert isinstance(board_screen, ActionBoardScreen)
        await wait_for(pilot, lambda: "Probe resolvers from each zone" not in texts(board_screen))
    assert item(paths["dns"], "d2")[1] is True


async def test_marked_done_on_the_board_while_another_app_types_in_it_loses_nothing(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two apps on one workspace: one edits the postmortem (typing not saved yet), the other
    marks one of its items done from the board. The editor takes the change in with its
    three-way merge; once it saves, the file has both the typing and the item done."""
    monkeypatch.setattr(editor_module, "AUTOSAVE_DELAY", 600.0)  # the typing stays unsaved
    monkeypatch.setattr(editor_module, "DISK_CHECK_SECONDS", 0.05, raising=False)
    paths = board_workspace(workspace_path)
    typed = "Resolvers returned SERVFAIL for internal names."
    editing = make_app(Workspace(workspace_path), open_path=paths["dns"], today=TODAY)
    marking = app_on(workspace_path)
    async with editing.run_test(size=SIZE) as typist:
        editor = await opened(typist)
        area = editor.query_one("#summary", TextArea)
        area.focus()
        await typist.press(*typed)
        assert editor.header.save_state == "unsaved"
        async with marking.run_test(size=SIZE) as pilot:
            screen = await board(pilot)
            await pilot.press("down", "x")  # Probe resolvers: the postmortem being edited
            await wait_for(pilot, lambda: item(paths["dns"], "d2")[1])
            await wait_for(pilot, lambda: "Probe resolvers from each zone" not in texts(screen))
        assert typed not in load(paths["dns"]).postmortem.summary  # not saved yet
        # The editor takes the file's change in; its typing is still there, still unsaved.

        def taken_in() -> bool:
            return next(a for a in editor.pm.actions if a.id == "d2").done

        await wait_for(typist, taken_in)
        assert editor.pm.summary.endswith(typed)
        assert not isinstance(editing.screen, ConflictDialog)
        await typist.press("ctrl+s")
        await wait_for(typist, lambda: typed in load(paths["dns"]).postmortem.summary)
    on_disk = load(paths["dns"]).postmortem
    assert on_disk.summary.endswith(typed)
    assert [(a.id, a.done) for a in on_disk.actions] == [("d1", False), ("d2", True)]
    assert not list((workspace_path / ".history" / paths["dns"].stem).glob("conflict-*"))


async def test_help_and_palette_offer_the_board_keys(workspace_path: Path) -> None:
    board_workspace(workspace_path)
    app = app_on(workspace_path)
    async with app.run_test(size=SIZE) as pilot:
        await board(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Mark the action item done" in titles and "Open its postmortem" in titles
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=76, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys", Static).content)
        text = console.export_text()
        assert "Mark the highlighted item done and save its postmortem" in text
        assert "Filter by owner, tag or text as you type" in text


async def test_an_item_removed_elsewhere_is_not_marked_and_the_board_says_so(
    workspace_path: Path,
) -> None:
    paths = board_workspace(workspace_path)
    app = app_on(workspace_path)
    notices: list[tuple[str, str]] = []
    show = app.notify

    def notify(message: str, **options: object) -> None:
        notices.append((str(options.get("title", "")), message))
        show(message, **options)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = await board(pilot)
        # Another program removes the first item after the board read the workspace.
        Workspace(workspace_path).update(paths["queue"], lambda pm: bool(pm.actions.pop(0)) or True)
        after_removal = paths["queue"].read_bytes()
        await pilot.press("x")  # on "Alert on queue depth", gone from the file
        await wait_for(pilot, lambda: any(title == "Not marked" for title, _ in notices))
        assert paths["queue"].read_bytes() == after_removal
        await wait_for(pilot, lambda: "Alert on queue depth" not in texts(screen))
        assert texts(screen)[-1] == "Broker failover drill"
