"""Timeline pane: add, edit, delete, time order, bad times refused, no needless repaints."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from editor_support import SIZE, editor, sample_app, wait_for
from textual.widgets import Input, Static, TextArea

from postmortem_tui.storage.workspace import load
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.widgets.header import PostmortemHeader
from postmortem_tui.tui.widgets.list_editor import ListTable


async def open_timeline(pilot) -> ListTable:  # type: ignore[no-untyped-def]
    await pilot.press("f3")
    await pilot.pause()
    return pilot.app.screen.query_one("#timeline-list ListTable", ListTable)


async def fill_event(pilot, time: str, text: str) -> None:  # type: ignore[no-untyped-def]
    form = pilot.app.screen
    assert isinstance(form, ItemForm)
    form.query_one("#field-at", Input).value = time
    form.query_one("#field-event", TextArea).load_text(text)
    await pilot.pause()


async def test_add_event_relative_time_lands_in_the_file(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_timeline(pilot)
        rows = table.row_count
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        await pilot.press(*"+5m")
        # Enter in "What happened" starts a new line: ctrl+s keeps the event.
        await pilot.press("tab", "tab", *"Retry job resumed", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        assert table.row_count == rows + 1
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Retry job resumed" in path.read_text())
        event = load(path).postmortem.timeline[-1]
        assert event.event == "Retry job resumed"
        assert event.at is not None and event.at.strftime("%H:%M") == "10:52"


async def test_event_typed_out_of_order_is_placed_in_time_order(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot)
        await pilot.press("a")
        await fill_event(pilot, "2026-03-12T09:30:00Z", "Disk usage passes 80%")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        timeline = editor(app).pm.timeline
        assert [e.event for e in timeline].index("Disk usage passes 80%") == 1
        times = [e.at for e in timeline if isinstance(e.at, datetime)]
        assert times == sorted(times)


@pytest.mark.parametrize("bad", ["25:99", "yesterday", "+5x", ""])
async def test_bad_time_is_refused_inline_and_nothing_changes(
    workspace_path: Path, config_path: Path, bad: str
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot)
        before = list(editor(app).pm.timeline)
        await pilot.press("a")
        await fill_event(pilot, bad, "Something happened")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ItemForm), "the form stays open"
        error = form.query_one("#error-at", Static)
        assert error.has_class("-shown")
        assert str(error.visual).strip()
        assert editor(app).pm.timeline == before
        assert editor(app).header.save_state == "saved"


async def test_edit_updates_the_row_in_place(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_timeline(pilot)
        cleared: list[int] = []
        original_clear = ListTable.clear
        monkeypatch.setattr(
            ListTable,
            "clear",
            lambda self, *a, **k: cleared.append(1) or original_clear(self, *a, **k),
        )
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        field = app.screen.query_one("#field-event", TextArea)
        field.load_text("Queue disk alert fires at 95% (edited)")
        await pilot.press("enter")  # in the time field: Enter keeps the event
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        assert cleared == []
        assert "(edited)" in str(table.get_cell(table.ordered_rows[1].key, "c2"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "(edited)" in path.read_text())


async def test_delete_and_undo(workspace_path: Path, config_path: Path) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_timeline(pilot)
        first = editor(app).pm.timeline[0]
        await pilot.press("d")
        assert table.row_count == 7
        assert first not in editor(app).pm.timeline
        await pilot.press("u")
        assert table.row_count == 8
        assert editor(app).pm.timeline[0] is first


async def test_derived_durations_follow_the_milestones(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_timeline(pilot)
        header = app.screen.query_one(PostmortemHeader)
        assert "detect 38m" in header.facts_text
        await pilot.press("down", "enter")  # the "detected" event at 09:48
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        app.screen.query_one("#field-at", Input).value = "09:40"
        await pilot.pause()
        assert "detection 30m" in str(app.screen.query_one("#live", Static).visual)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        assert "detect 30m" in header.facts_text


async def test_typing_elsewhere_does_not_repaint_the_timeline_table(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        table = await open_timeline(pilot)
        await pilot.pause()
        renders: list[int] = []
        original = ListTable.render_line
        monkeypatch.setattr(
            ListTable, "render_line", lambda self, y: renders.append(y) or original(self, y)
        )
        table.refresh()  # the hook sees a repaint when there is one
        await pilot.pause()
        assert renders
        # Typing in the event form over the table.
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        await pilot.pause()
        renders.clear()
        await pilot.press(*"+5m Disk")
        await pilot.pause()
        assert renders == []
        await pilot.press("escape")
        # Typing in the summary while the timeline pane is hidden.
        await pilot.press("f2")
        await pilot.pause()
        renders.clear()
        await pilot.press(*"typed text")
        await pilot.pause()
        assert renders == []
        assert table.row_count == 8
