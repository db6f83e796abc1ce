"""Pilot tests of the app shell: palette, help, settings, NO_COLOR, quitting and signals."""

from __future__ import annotations

import io
import os
import signal
from datetime import date
from pathlib import Path

import pytest
from browser_support import (
    SIZE,
    TODAY,
    FakeEditor,
    fake_editor,  # noqa: F401 (a fixture)
)
from rich.console import Console
from textual.command import CommandPalette
from textual.widgets import Input, Static

from postmortem_tui.core.model import new_postmortem
from postmortem_tui.storage.settings import Settings, load_settings, save_settings
from postmortem_tui.storage.workspace import Workspace
from postmortem_tui.tui.app import PostmortemApp, make_app
from postmortem_tui.tui.forms.new_postmortem import NewPostmortemDialog
from postmortem_tui.tui.screens.help import HelpScreen


@pytest.fixture
def workspace(workspace_path: Path) -> Workspace:
    ws = Workspace(workspace_path).ensure()
    ws.create(new_postmortem("Checkout errors", incident_date=date(2026, 1, 20)))
    return ws


def plain_text(renderable: object) -> str:
    console = Console(width=76, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def command_titles(app: PostmortemApp) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


# --- settings --------------------------------------------------------------------------------


def test_settings_round_trip(config_path: Path) -> None:
    save_settings(Settings(theme="nord", cursor_blink=False))
    assert load_settings() == Settings(theme="nord", cursor_blink=False)
    assert config_path.is_file()
    # changing the theme keeps the zone new postmortems are written in
    save_settings(Settings(theme="nord", timezone="Europe/Berlin"))
    assert load_settings().timezone == "Europe/Berlin"


@pytest.mark.parametrize(
    "text",
    ["", "theme = [", 'theme = 3\ncursor_blink = "no"', "\xff\xfe not utf-8"],
)
def test_a_broken_settings_file_gives_the_defaults(config_path: Path, text: str) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_bytes(text.encode("latin-1"))
    assert load_settings() == Settings()


async def test_app_starts_with_a_broken_settings_file(
    workspace: Workspace, config_path: Path
) -> None:
    config_path.parent.mkdir(parents=True)
    config_path.write_text('theme = "no-such-theme"\n[[[')
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE):
        assert app.theme == "textual-dark"


async def test_theme_is_remembered(workspace: Workspace, config_path: Path) -> None:
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert 'theme = "nord"' in config_path.read_text()
    again = make_app(workspace, today=TODAY)
    async with again.run_test(size=SIZE):
        assert again.theme == "nord"


async def test_cursor_blink_setting_reaches_inputs(workspace: Workspace) -> None:
    save_settings(Settings(cursor_blink=False))
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        assert app.focused.cursor_blink is False
        app.action_toggle_cursor_blink()
        assert app.focused.cursor_blink is True
    assert load_settings().cursor_blink is True


async def test_no_color_is_respected(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE):
        assert app.no_color


# --- palette and help ------------------------------------------------------------------------


async def test_palette_offers_the_screen_actions_and_themes(workspace: Workspace) -> None:
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE):
        titles = command_titles(app)
        for expected in ("New postmortem", "Export Markdown", "Open postmortem", "Theme"):
            assert expected in titles
        assert "Help" in titles and "Quit" in titles
        assert len(titles) == len(set(titles))


async def test_palette_leaves_out_what_cannot_run(workspace_path: Path) -> None:
    app = make_app(Workspace(workspace_path).ensure(), today=TODAY)
    async with app.run_test(size=SIZE):
        titles = command_titles(app)
        assert "New postmortem" in titles
        assert "Export Markdown" not in titles  # an empty workspace has nothing to export


async def test_palette_runs_a_screen_command(workspace: Workspace) -> None:
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"New postmortem")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewPostmortemDialog)


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_help_lists_the_screen_actions(workspace: Workspace, key: str) -> None:
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        assert isinstance(app.screen, HelpScreen)
        text = plain_text(app.screen.query_one("#help-keys", Static).content)
        assert "Move the highlighted postmortem to .trash/" in text
        assert "escape-time" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_question_mark_while_typing_is_text(workspace: Workspace) -> None:
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "question_mark")
        assert not isinstance(app.screen, HelpScreen)
        assert app.query_one("#browser-filter", Input).value == "?"
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


# --- leaving ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_editor")
async def test_quit_saves_open_editors_first(workspace: Workspace) -> None:
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        editor = app.screen
        assert isinstance(editor, FakeEditor)
        await pilot.press("ctrl+q")
        assert editor.saves == 1
        assert app.return_code == 0


@pytest.mark.usefixtures("fake_editor")
async def test_quit_stays_when_saving_fails_until_asked_again(workspace: Workspace) -> None:
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        editor = app.screen

        def fail() -> None:
            raise OSError("the disk is full")

        editor.save_before_exit = fail  # type: ignore[method-assign]
        await pilot.press("ctrl+q")
        assert app.return_code is None
        await pilot.press("ctrl+q")
        assert app.return_code == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.usefixtures("fake_editor")
async def test_exit_signals_save_then_exit(workspace: Workspace, signum: signal.Signals) -> None:
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        editor = app.screen
        assert isinstance(editor, FakeEditor)
        # Only send the signal when the app handles it; otherwise it would end the test run.
        assert signal.getsignal(signum) not in (signal.SIG_DFL, signal.SIG_IGN, None)
        os.kill(os.getpid(), signum)
        for _ in range(50):
            await pilot.pause(0.01)
            if app.return_code is not None:
                break
        assert editor.saves == 1
        assert app.return_code == 0
    assert signal.getsignal(signum) == signal.SIG_DFL  # handlers removed when the app ends


# --- with the real editor --------------------------------------------------------------------


async def test_real_editor_opens_from_the_browser_and_returns(workspace: Workspace) -> None:
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert type(app.screen).__name__ == "EditorScreen"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert type(app.screen).__name__ == "WorkspaceScreen"
        assert app.return_code is None


async def test_real_editor_started_on_a_file_quits_when_left(workspace: Workspace) -> None:
    app = make_app(workspace, open_path=workspace.files()[0], today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "EditorScreen"
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.return_code == 0


async def test_editor_started_on_a_file_does_not_read_the_workspace(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`postmortem edit` must not pay for listing a big workspace it never shows."""
    import postmortem_tui.tui.screens.workspace as browser

    reads: list[Workspace] = []
    real_rows = browser.workspace_rows

    def counting_rows(ws: Workspace, **kwargs: object) -> object:
        reads.append(ws)
        return real_rows(ws, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(browser, "workspace_rows", counting_rows)
    app = make_app(workspace, open_path=workspace.files()[0], today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "EditorScreen"
        assert reads == []
