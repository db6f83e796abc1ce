"""Never lose a keystroke: an open item form or a field still on its way is saved on exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_support import SIZE, editor, on_disk, sample_app, wait_for
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from postmortem_tui.storage.workspace import load
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.screens import editor as editor_module
from postmortem_tui.tui.widgets.list_editor import ListTable


@pytest.fixture(autouse=True)
def slow_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autosave far in the future, so only the way out can have written the file."""
    monkeypatch.setattr(editor_module, "AUTOSAVE_DELAY", 600.0)


async def open_form(pilot: Pilot[None], key: str) -> ItemForm[object]:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ItemForm))
    form = pilot.app.screen
    assert isinstance(form, ItemForm)
    return form


async def type_into(pilot: Pilot[None], form: ItemForm[object], field: str, text: str) -> None:
    form.query_one(f"#field-{field}").focus()
    await pilot.press(*text)


async def quit_with_ctrl_q(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+q")
    await wait_for(pilot, lambda: not pilot.app.is_running)


async def test_valid_event_draft_is_added_on_quit(workspace_path: Path, config_path: Path) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "ctrl+t")
        await type_into(pilot, form, "at", "+5m")
        await type_into(pilot, form, "event", "Cache warmed [bold]again[/]")
        await quit_with_ctrl_q(pilot)
    events = load(path).postmortem.timeline
    assert [e.event for e in events].count("Cache warmed [bold]again[/]") == 1
    assert events[-1].at is not None and events[-1].at.strftime("%H:%M") == "10:52"
    assert "draft_time" not in on_disk(path)


async def test_refused_time_is_kept_beside_an_untimed_event_on_sighup(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "ctrl+t")
        await type_into(pilot, form, "at", "around 11ish")
        await type_into(pilot, form, "event", "Consumer lag back to normal")
        app.save_and_exit()  # what SIGHUP and SIGTERM run
        await wait_for(pilot, lambda: not app.is_running)
    last = load(path).postmortem.timeline[-1]
    assert last.event == "Consumer lag back to normal"
    assert last.at is None  # untimed events sort last
    assert last.extra == {"draft_time": "around 11ish"}


async def test_time_alone_is_kept_too(workspace_path: Path, config_path: Path) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "ctrl+t")
        await type_into(pilot, form, "at", "11:0")  # the event text not typed yet
        editor(app).save_before_exit()
        assert 'draft_time = "11:0"' in on_disk(path)


async def test_action_item_draft_keeps_a_refused_due_date(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        count = len(editor(app).pm.actions)
        form = await open_form(pilot, "ctrl+n")
        await type_into(pilot, form, "text", "Page on consumer lag")
        await type_into(pilot, form, "due", "next sprint")
        await quit_with_ctrl_q(pilot)
    actions = load(path).postmortem.actions
    assert len(actions) == count + 1
    added = next(a for a in actions if a.text == "Page on consumer lag")
    assert added.kind == "prevent" and added.due is None
    assert added.extra == {"draft_due": "next sprint"}


async def test_edit_of_an_existing_event_is_applied_not_added(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        count = len(editor(app).pm.timeline)
        form = await open_form(pilot, "e")  # the first event is highlighted
        form.query_one("#field-event").focus()
        await pilot.press("end", *" (v4.18.0)")  # a text area's cursor starts at its start
        editor(app).save_before_exit()
        events = load(path).postmortem.timeline
        assert len(events) == count
        assert events[0].event == "Release 4.18 ships the new webhook payload schema (v4.18.0)"


async def test_refused_time_in_an_edit_keeps_the_old_time_and_the_typed_one(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        form = await open_form(pilot, "e")
        form.query_one("#field-at", Input).value = "09:1O"
        await pilot.pause()
        editor(app).save_before_exit()
        first = load(path).postmortem.timeline[0]
        assert first.at is not None and first.at.strftime("%H:%M") == "09:10"
        assert first.extra == {"draft_time": "09:1O"}
        # The form stays open on the same item: Done with a good time drops the draft key.
        form.query_one("#field-at", Input).value = "09:12"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        editor(app).save_before_exit()
        first = load(path).postmortem.timeline[0]
        assert first.at is not None and first.at.strftime("%H:%M") == "09:12"
        assert first.extra == {}


async def test_drafted_time_is_shown_again_when_the_event_is_edited(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot, "ctrl+t")
        await type_into(pilot, form, "at", "soon")
        await type_into(pilot, form, "event", "Lag alert tuned")
        screen = editor(app)
        screen.save_before_exit()
        await pilot.press("escape")  # the draft is in the list already; cancel keeps it
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.pm.timeline[-1].event == "Lag alert tuned"
        table = screen.query_one("#timeline-list ListTable", ListTable)
        last_row = table.ordered_rows[-1].key
        assert str(table.get_cell(last_row, "c0")) == "? soon"  # the time column
        await pilot.press("end")
        form = await open_form(pilot, "e")
        assert form.query_one("#field-at", Input).value == "soon"


async def test_typing_after_a_draft_was_taken_then_done_adds_one_item(
    workspace_path: Path, config_path: Path
) -> None:
    """A failed quit leaves the form open: Done then edits the drafted item."""
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        count = len(editor(app).pm.factors)
        await pilot.press("f4")
        await pilot.pause()
        form = await open_form(pilot, "a")
        await type_into(pilot, form, "text", "Disk alert")
        editor(app).save_before_exit()
        await pilot.press(*" fires late", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        await quit_with_ctrl_q(pilot)
    factors = [f.text for f in load(path).postmortem.factors]
    assert len(factors) == count + 1
    assert "Disk alert fires late" in factors and "Disk alert" not in factors


async def test_untouched_form_adds_nothing(workspace_path: Path, config_path: Path) -> None:
    app, path = sample_app(workspace_path, config_path)
    before = on_disk(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, "ctrl+t")
        await quit_with_ctrl_q(pilot)
    assert on_disk(path) == before


async def test_fields_whose_change_is_still_on_its_way_are_saved(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = editor(app)
        # Set values and save in the same tick: the Changed messages are not handled yet.
        screen.query_one("#title", Input).value = "Queue disk filled, draft title"
        screen.query_one("#summary", TextArea).text = "Typed just before the line dropped"
        screen.save_before_exit()
        saved = load(path).postmortem
        assert saved.title == "Queue disk filled, draft title"
        assert saved.summary == "Typed just before the line dropped"
