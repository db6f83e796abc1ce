"""Pilot tests of the workspace browser: list, filter, broken rows, new, delete, export, sample."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from browser_support import (
    SIZE,
    TODAY,
    FakeEditor,
    app_for,
    fake_editor,  # noqa: F401 (a fixture)
)
from textual.widgets import DataTable, Input, Static

from postmortem_tui.core.model import ActionItem, new_postmortem
from postmortem_tui.storage.workspace import LoadedPostmortem, Workspace, load
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.forms.confirm import ConfirmDialog
from postmortem_tui.tui.forms.new_postmortem import NewPostmortemDialog


def add(ws: Workspace, title: str, day: date, **fields: object) -> LoadedPostmortem:
    pm = new_postmortem(title, incident_date=day)
    for name, value in fields.items():
        setattr(pm, name, value)
    return ws.ensure().create(pm)


@pytest.fixture
def workspace(workspace_path: Path) -> Workspace:
    ws = Workspace(workspace_path).ensure()
    add(ws, "Search latency during reindex", date(2026, 1, 5), severity="minor")
    add(
        ws,
        "Login failures after cert rotation",
        date(2026, 2, 3),
        severity="critical",
        actions=[
            ActionItem(text="Alert before certificates expire", due=date(2026, 2, 1)),
            ActionItem(text="Rotate certificates with a runbook", due=date(2026, 3, 1)),
            ActionItem(text="Document the rotation", done=True),
        ],
    )
    add(ws, "Checkout errors from a full disk", date(2026, 1, 20), severity="major")
    return ws


def table_of(app: PostmortemApp) -> DataTable:
    return app.screen.query_one("#browser-table", DataTable)


def titles(app: PostmortemApp) -> list[str]:
    table = table_of(app)
    return [str(table.get_row_at(i)[3]) for i in range(table.row_count)]


async def test_lists_every_postmortem_newest_first(workspace: Workspace) -> None:
    app = app_for(workspace)
    async with app.run_test(size=SIZE):
        assert titles(app) == [
            "Login failures after cert rotation",
            "Checkout errors from a full disk",
            "Search latency during reindex",
        ]
        login = table_of(app).get_row_at(0)
        assert [str(cell) for cell in login[:3]] == ["2026-02-03", "critical", "draft"]
        assert [str(cell) for cell in login[4:]] == ["2", "1"]  # open, overdue on TODAY
        assert isinstance(app.focused, DataTable)


async def test_filter_as_you_type_over_title_and_id(workspace: Workspace) -> None:
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"disk")
        assert titles(app) == ["Checkout errors from a full disk"]
        await pilot.press("escape")
        assert len(titles(app)) == 3
        await pilot.press("slash", *"2026-01-05")
        assert titles(app) == ["Search latency during reindex"]


async def test_letters_typed_in_the_filter_are_text_not_commands(workspace: Workspace) -> None:
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"nsdeq")
        assert app.query_one("#browser-filter", Input).value == "nsdeq"
        assert type(app.screen).__name__ == "WorkspaceScreen"
        assert app.return_code is None
        assert titles(app) == []
        await pilot.press("enter")  # back to the list
        assert isinstance(app.focused, DataTable)


async def test_broken_file_is_a_row_with_its_reason(workspace: Workspace) -> None:
    broken = workspace.root / "2026-02-09-broken.toml"
    broken.write_text('schema_version = 1\ntitle = "x"\nseverity = "huge"\n')
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        table = table_of(app)
        row = [str(c) for c in table.get_row(broken.stem)]
        assert row[2] == "broken"
        assert row[3].startswith(f"{broken.stem}.toml: ")
        table.move_cursor(row=table.get_row_index(broken.stem))
        await pilot.pause()
        detail = str(app.screen.query_one("#browser-detail", Static).render())
        assert "Does not load" in detail
        assert "huge" in detail


@pytest.mark.usefixtures("fake_editor")
async def test_opening_a_broken_file_says_why_and_writes_nothing(workspace: Workspace) -> None:
    broken = workspace.root / "2026-02-09-broken.toml"
    text = "schema_version = 1\ntitle = [\n"
    broken.write_text(text)
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        table_of(app).move_cursor(row=table_of(app).get_row_index(broken.stem))
        await pilot.press("enter")
        assert type(app.screen).__name__ == "WorkspaceScreen"
        assert any("invalid TOML" in m for m in app.messages)
    assert broken.read_text() == text


@pytest.mark.usefixtures("fake_editor")
async def test_enter_opens_the_editor_on_the_highlighted_file(workspace: Workspace) -> None:
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(app.screen, FakeEditor)
        assert app.screen.loaded.postmortem.title == "Checkout errors from a full disk"
        assert app.screen.today == TODAY  # the fixed date reaches the editor
        app.pop_screen()
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkspaceScreen"
        assert app.return_code is None  # the browser stays when it was the start


@pytest.mark.usefixtures("fake_editor")
async def test_new_postmortem_through_the_dialog(workspace: Workspace) -> None:
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewPostmortemDialog)
        await pilot.press("enter")  # no title: refused, the dialog stays
        assert isinstance(app.screen, NewPostmortemDialog)
        assert "needs a title" in str(app.screen.query_one("#new-error", Static).render())
        await pilot.press(*"Queue backlog", "tab")
        app.screen.query_one("#new-date", Input).value = "2026-02-08"
        await pilot.press("enter")
        assert isinstance(app.screen, FakeEditor)
        loaded = app.screen.loaded
    assert loaded.path == workspace.root / "2026-02-08-queue-backlog.toml"
    assert loaded.path.is_file()
    assert loaded.postmortem.format == "full"
    assert loaded.postmortem.timezone == "UTC"  # the system's (TZ) with none configured


@pytest.mark.usefixtures("fake_editor")
@pytest.mark.parametrize(
    ("configured", "recorded"), [("Asia/Tokyo", "Asia/Tokyo"), ("Nowhere", "UTC")]
)
async def test_a_new_postmortem_records_the_configured_zone(
    workspace: Workspace, config_path: Path, configured: str, recorded: str
) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(f'timezone = "{configured}"\n', encoding="utf-8")
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Queue backlog", "ctrl+s")
        assert isinstance(app.screen, FakeEditor)
        assert app.screen.loaded.postmortem.timezone == recorded
        assert load(app.screen.loaded.path).postmortem.timezone == recorded
        warned = [m for m in app.messages if "unknown time zone 'Nowhere'" in m]  # type: ignore[attr-defined]
        assert len(warned) == (configured == "Nowhere")


@pytest.mark.usefixtures("fake_editor")
async def test_new_quick_postmortem(workspace: Workspace) -> None:
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Cache miss storm")
        app.screen.query_one("#new-format").value = "quick"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, FakeEditor)
        assert app.screen.loaded.postmortem.is_quick
        assert app.screen.loaded.postmortem.date == TODAY


@pytest.mark.usefixtures("fake_editor")
async def test_quick_format_chosen_with_keys_then_enter_creates(workspace: Workspace) -> None:
    """Tab to the format, open it, pick Quick, and the next enter creates (not reopens)."""
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Cache miss storm", "tab", "tab")
        assert app.screen.focused is app.screen.query_one("#new-format")
        await pilot.press("enter", "down", "enter")
        assert app.screen.query_one("#new-format").value == "quick"
        await pilot.press("enter")
        assert isinstance(app.screen, FakeEditor)
        assert app.screen.loaded.postmortem.is_quick


async def test_bad_date_is_refused_in_the_dialog(workspace: Workspace) -> None:
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Cache miss storm")
        app.screen.query_one("#new-date", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NewPostmortemDialog)
        assert "not a date" in str(app.screen.query_one("#new-error", Static).render())
        await pilot.press("escape")
        assert type(app.screen).__name__ == "WorkspaceScreen"
    assert len(workspace.files()) == 3


async def test_delete_asks_then_moves_to_trash(workspace: Workspace) -> None:
    app = app_for(workspace)
    first = workspace.root / "2026-02-03-login-failures-after-cert-rotation.toml"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert first.is_file()
        await pilot.press("d", "y")
        assert not first.exists()
        assert (workspace.root / ".trash" / first.name).is_file()
        assert len(titles(app)) == 2


async def test_export_writes_markdown_and_says_where(workspace: Workspace) -> None:
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        target = workspace.root / "exports" / ("2026-02-03-login-failures-after-cert-rotation.md")
        assert target.is_file()
        assert "Login failures after cert rotation" in target.read_text()
        assert any(str(target) in m for m in app.messages)


@pytest.mark.usefixtures("fake_editor")
async def test_empty_workspace_welcomes_and_opens_the_sample(workspace_path: Path) -> None:
    ws = Workspace(workspace_path).ensure()
    app = app_for(ws)
    async with app.run_test(size=SIZE) as pilot:
        welcome = app.screen.query_one("#browser-welcome", Static)
        assert welcome.display
        assert "sample" in str(welcome.render())
        assert not table_of(app).display
        await pilot.press("e", "d", "enter")  # nothing to act on: nothing happens
        assert type(app.screen).__name__ == "WorkspaceScreen"
        await pilot.press("s")
        assert isinstance(app.screen, FakeEditor)
        assert app.screen.loaded.path.parent == ws.root
    assert len(ws.files()) == 1


@pytest.mark.usefixtures("fake_editor")
async def test_markup_looking_titles_show_literally(workspace: Workspace) -> None:
    hostile = "[bold red]x[/] [link=x]y \x1b[31mz"
    add(workspace, hostile, date(2026, 2, 9))
    app = app_for(workspace)
    async with app.run_test(size=SIZE) as pilot:
        assert titles(app)[0] == "[bold red]x[/] [link=x]y ␛[31mz"
        await pilot.press("d")
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "[bold red]x[/]" in question
        await pilot.press("n", "slash", *"[bold")
        assert len(titles(app)) == 1


async def test_open_path_starts_in_the_editor_and_leaving_it_quits(workspace: Workspace) -> None:
    """`postmortem edit`: the editor is the first screen (nothing is built under it), and
    leaving it ends the app."""
    from postmortem_tui.tui.screens.editor import EditorScreen

    path = workspace.files()[0]
    app = app_for(workspace, open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen_stack == [app.screen]
        assert app.screen.path == path
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not app.is_running
        assert app.return_code == 0


@pytest.mark.usefixtures("fake_editor")
async def test_open_path_on_a_broken_file_stays_in_the_browser(workspace: Workspace) -> None:
    broken = workspace.root / "2026-02-09-broken.toml"
    broken.write_text("")
    app = app_for(workspace, open_path=broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkspaceScreen"
        assert any("empty" in m for m in app.messages)
    assert broken.read_text() == ""
