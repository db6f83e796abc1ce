"""`postmortem note` while the editor has the same postmortem open: the editor merges the
event in, shows it, and loses nothing typed on either side; no conflict dialog."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from editor_support import SIZE, opened, sample_app, wait_for
from textual.widgets import TextArea

from postmortem_tui.cli.main import main
from postmortem_tui.storage.workspace import load
from postmortem_tui.tui.forms.conflict import ConflictDialog
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.screens import editor as editor_module
from postmortem_tui.tui.widgets.list_editor import ListEditor

TYPED = " Consumers were restarted by hand."


def note(path: Path, *words: str) -> None:
    """`postmortem note` run as the command line runs it (here, in this process)."""
    assert main(["note", path.stem, *words], out=io.StringIO()) == 0


def on_disk(path: Path) -> tuple[str, list[str]]:
    pm = load(path).postmortem
    return pm.summary, [event.event for event in pm.timeline]


async def test_a_note_while_typing_is_merged_and_autosaved_with_the_typing(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note reaches the file between two autosaves: the next autosave finds the file
    changed, merges, and writes both; the typing goes on where it was."""
    # Found by the save: the editor does not look at the disk meanwhile.
    monkeypatch.setattr(editor_module, "DISK_CHECK_SECONDS", 600.0, raising=False)
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("f3", "f2")  # the timeline's table is built, then out of sight
        await wait_for(pilot, lambda: screen.current_pane == "summary")
        area = screen.query_one("#summary", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*TYPED)
        assert screen.header.save_state == "unsaved"
        note(path, "--at", "+1m", "kubectl rollout restart deploy/consumer")

        def both_on_disk() -> bool:
            summary, events = on_disk(path)
            return summary.endswith(TYPED) and "kubectl rollout restart deploy/consumer" in events

        await wait_for(pilot, both_on_disk, timeout=5)
        await wait_for(pilot, lambda: screen.header.save_state == "saved")
        assert not isinstance(app.screen, ConflictDialog)
        assert not list((workspace_path / ".history" / path.stem).glob("conflict-*"))
        assert app.focused is area and area.cursor_location == area.document.end
        await pilot.press(*" Then drained.")
        assert screen.pm.summary.endswith(TYPED + " Then drained.")
        events = [event.event for event in screen.pm.timeline]
        assert "kubectl rollout restart deploy/consumer" in events
        assert screen.query_one("#timeline-list", ListEditor).table.row_count == len(events)
        await wait_for(pilot, lambda: on_disk(path)[0].endswith(" Then drained."), timeout=5)
        assert "kubectl rollout restart deploy/consumer" in on_disk(path)[1]


async def test_an_idle_editor_shows_a_note_with_its_cursor_on_the_same_event(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(editor_module, "DISK_CHECK_SECONDS", 0.05, raising=False)
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("f3")
        await wait_for(pilot, lambda: screen.pane("timeline") is not None)
        timeline = screen.query_one("#timeline-list", ListEditor)
        await pilot.press("down", "down", "down")
        highlighted = timeline.highlighted
        assert highlighted is not None
        rows = timeline.table.row_count
        first = screen.pm.timeline[0].at
        assert first is not None
        note(path, "--at", (first - timedelta(minutes=30)).isoformat(), "Earlier")
        await wait_for(pilot, lambda: timeline.table.row_count == rows + 1)
        assert timeline.items[0].event == "Earlier"
        assert timeline.highlighted is highlighted  # the new row above did not move it
        assert screen.header.save_state == "saved" and not screen.session.is_dirty
        assert not isinstance(app.screen, ConflictDialog)
        await pilot.press("d")  # deletes the event the cursor was on, not its neighbour
        await wait_for(pilot, lambda: highlighted not in screen.pm.timeline)
        assert screen.pm.timeline[0].event == "Earlier"


async def test_an_event_form_open_when_a_note_arrives_adds_its_event_too(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(editor_module, "DISK_CHECK_SECONDS", 0.05, raising=False)
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        await pilot.press(*"+5m", "tab", "tab", *"Typed in the form")
        note(path, "--at", "+1m", "Noted from the shell")
        await wait_for(
            pilot, lambda: "Noted from the shell" in [e.event for e in screen.pm.timeline]
        )
        assert isinstance(app.screen, ItemForm)  # still open, still typing
        await pilot.press(*", then saved", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        events = [e.event for e in screen.pm.timeline]
        assert "Typed in the form, then saved" in events and "Noted from the shell" in events
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: "Typed in the form, then saved" in on_disk(path)[1], timeout=5
        )
        assert "Noted from the shell" in on_disk(path)[1]
        assert not isinstance(app.screen, ConflictDialog)


async def test_the_disk_check_starts_no_thread_while_the_file_is_untouched(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A thread's messages repaint the editor under an open form (~17 KB over SSH each
    time): the check is one stat, and reads the file in a thread only when it was touched."""
    monkeypatch.setattr(editor_module, "DISK_CHECK_SECONDS", 0.05, raising=False)
    reads: list[int] = []
    read = editor_module.EditorScreen._read_disk_in_background
    monkeypatch.setattr(
        editor_module.EditorScreen,
        "_read_disk_in_background",
        lambda self: reads.append(1) or read(self),
    )
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f3", "ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        reads.clear()
        await pilot.pause(0.4)  # eight checks
        assert reads == []
        note(path, "Queue consumers restarted")
        await wait_for(pilot, lambda: bool(reads))
