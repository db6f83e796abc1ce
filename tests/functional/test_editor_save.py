"""Never lose a keystroke: autosave, ctrl+s, saving on the way out, conflicts, hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_support import SIZE, editor, on_disk, sample_app, title_on_disk, wait_for
from textual.pilot import Pilot
from textual.widgets import Input

from postmortem_tui.storage.workspace import dumps, load
from postmortem_tui.tui.forms.conflict import ConflictDialog
from postmortem_tui.tui.screens import editor as editor_module
from postmortem_tui.tui.widgets.header import PostmortemHeader


@pytest.fixture
def slow_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave far in the future, so only an explicit save can have written the file."""
    monkeypatch.setattr(editor_module, "AUTOSAVE_DELAY", 600.0)


async def type_title(pilot, suffix: str) -> None:  # type: ignore[no-untyped-def]
    field = pilot.app.screen.query_one("#title", Input)
    field.focus()
    field.action_end()
    await pilot.press(*suffix)


async def test_autosave_reaches_disk_within_two_seconds(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_title(pilot, " v2")
        screen = editor(app)
        assert screen.header.save_state == "unsaved"
        await wait_for(pilot, lambda: title_on_disk(path).endswith(" v2"), timeout=2.5)
        await wait_for(pilot, lambda: screen.header.save_state == "saved")


async def test_ctrl_s_saves_now(
    workspace_path: Path, config_path: Path, slow_autosave: None
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_title(pilot, "!")
        await pilot.pause()
        assert not title_on_disk(path).endswith("!")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: title_on_disk(path).endswith("!"))


@pytest.mark.parametrize(("key", "mark"), [("ctrl+q", " (quit)"), ("ctrl+l", " (back)")])
async def test_quit_and_back_save_first(
    workspace_path: Path, config_path: Path, slow_autosave: None, key: str, mark: str
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_title(pilot, mark)
        await pilot.press(key)
        await wait_for(pilot, lambda: not app.is_running)
    assert title_on_disk(path).endswith(mark)


async def test_save_before_exit_is_synchronous(
    workspace_path: Path, config_path: Path, slow_autosave: None
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_title(pilot, "#")
        editor(app).save_before_exit()
        assert title_on_disk(path).endswith("#")
        assert editor(app).is_dirty is False


def _change_on_disk(path: Path, title: str) -> None:
    other = load(path).postmortem
    other.title = title
    path.write_text(dumps(other), encoding="utf-8")


async def edit_into_a_conflict(pilot: Pilot[None], path: Path) -> None:
    """Another session saves the file; this one types and saves: the header says so, and
    ctrl+s (pressed knowing it) opens the choice. (With `slow_autosave`: only ctrl+s saves.)"""
    _change_on_disk(path, "Changed in another session")
    await type_title(pilot, " (mine)")
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: editor(pilot.app).header.save_state == "conflict")
    assert not isinstance(pilot.app.screen, ConflictDialog)
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConflictDialog))


async def test_a_conflict_found_by_autosave_never_takes_the_keys_being_typed(
    workspace_path: Path, config_path: Path
) -> None:
    """Typing goes on through the conflict: `r` is a letter of the title, not "reload", and
    every word typed is kept in the postmortem's history (issue 10, defect 1)."""
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        _change_on_disk(path, "Changed in another session")
        await type_title(pilot, " before")
        screen = editor(app)
        await wait_for(pilot, lambda: screen.header.save_state == "conflict", timeout=4)
        await type_title(pilot, " rr after")
        assert not isinstance(app.screen, ConflictDialog)
        assert screen.pm.title.endswith(" before rr after")
        assert title_on_disk(path) == "Changed in another session"
        await wait_for(
            pilot,
            lambda: (
                screen.session.conflict_copy is not None
                and screen.session.conflict_copy.exists()
                and title_on_disk(screen.session.conflict_copy).endswith(" before rr after")
            ),
            timeout=4,
        )


async def test_conflict_keep_mine_as_a_copy(
    workspace_path: Path, config_path: Path, slow_autosave: None
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await edit_into_a_conflict(pilot, path)
        screen = editor(app)
        assert screen.header.save_state == "conflict"
        assert title_on_disk(path) == "Changed in another session"
        await pilot.press("c")
        await wait_for(pilot, lambda: screen.header.save_state == "saved")
        assert screen.path != path
        assert title_on_disk(screen.path).endswith(" (mine)")
        assert title_on_disk(path) == "Changed in another session"
        # Further edits go to the copy, not the original.
        await type_title(pilot, "+")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: title_on_disk(screen.path).endswith(" (mine)+"))
        assert title_on_disk(path) == "Changed in another session"


async def test_conflict_reload_takes_the_file_on_disk(
    workspace_path: Path, config_path: Path, slow_autosave: None
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await edit_into_a_conflict(pilot, path)
        await pilot.press("r")
        screen = editor(app)
        await wait_for(pilot, lambda: screen.pm.title == "Changed in another session")
        await wait_for(
            pilot, lambda: app.screen.query_one("#title", Input).value == screen.pm.title
        )
        assert screen.header.save_state == "saved"
        assert title_on_disk(path) == "Changed in another session"
    # My version is not dropped: reload keeps it in the postmortem's history.
    kept = sorted((workspace_path / ".history" / path.stem).glob("conflict-*.toml"))
    assert len(kept) == 1
    assert title_on_disk(kept[0]).endswith(" (mine)")


async def test_quitting_during_a_conflict_keeps_a_copy(
    workspace_path: Path, config_path: Path, slow_autosave: None
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await edit_into_a_conflict(pilot, path)
        await pilot.press("l")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    titles = sorted(title_on_disk(p) for p in workspace_path.glob("*.toml"))
    assert titles[0] == "Changed in another session"
    assert titles[1].endswith(" (mine)")


async def test_markup_looking_title_is_shown_and_saved_literally(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        field = app.screen.query_one("#title", Input)
        field.value = ""
        await pilot.press(*"[bold red]x[/]")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: title_on_disk(path) == "[bold red]x[/]")
        header = app.screen.query_one(PostmortemHeader)
        assert header.title_text == "[bold red]x[/]"
        assert "[bold red]x[/]" in "".join(s.text for s in header.render_line(0))
    assert 'title = "[bold red]x[/]"' in on_disk(path)
