"""Keys typed ahead after an Enter land where that Enter left the focus.

Enter that keeps an item closes its form: the keys after it belong to the screen under it
(the next ctrl+t opens the next form). Enter that a form refuses puts the focus on the
field it names: the keys after it correct that field, not the one Enter was typed in.
"""

from __future__ import annotations

from pathlib import Path

from burst_support import send_burst
from editor_support import SIZE, editor, opened, sample_app, wait_for
from textual import events
from textual.widgets import DataTable, Input

from postmortem_tui.tui.forms.form_screen import ItemForm


async def test_two_events_typed_in_one_burst_are_both_kept(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f3")
        count = len(editor(app).pm.timeline)
        app.post_message(events.Key("ctrl+t", None))
        send_burst(app, "10:50", "tab", "tab", "Replica lag alert cleared", "enter")
        app.post_message(events.Key("ctrl+t", None))
        send_burst(app, "10:55", "tab", "tab", "Writes resumed on the primary", "enter")
        await wait_for(pilot, lambda: len(editor(app).pm.timeline) >= count + 2)
        await pilot.pause()
        assert not isinstance(app.screen, ItemForm)
        texts = [event.event for event in editor(app).pm.timeline]
        assert "Replica lag alert cleared" in texts
        assert "Writes resumed on the primary" in texts


async def test_keys_after_a_refused_enter_correct_the_named_field(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f3")
        count = len(editor(app).pm.timeline)
        app.post_message(events.Key("ctrl+t", None))
        # 10:5 is not a time: Enter puts the focus back on the time; "0" and Enter finish it.
        send_burst(app, "10:5", "tab", "tab", "Replica lag alert cleared", "enter")
        send_burst(app, "end", "0", "enter")
        await wait_for(pilot, lambda: len(editor(app).pm.timeline) > count)
        event = editor(app).pm.timeline[-1]
        assert event.event == "Replica lag alert cleared"
        assert event.at is not None and event.at.strftime("%H:%M") == "10:50"


async def test_a_bound_key_in_a_field_acts_before_the_characters_after_it(
    workspace_path: Path, config_path: Path
) -> None:
    # left is a binding, found once the key has travelled up to the app; the "X" typed after
    # it waits for it instead of landing first.
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        title = app.screen.query_one("#title", Input)
        send_burst(app, "end", "ab", "left", "X")
        await wait_for(pilot, lambda: "X" in title.value)
        assert title.value.endswith("aXb")


async def test_keys_after_a_key_that_opens_a_form_fill_the_form(
    workspace_path: Path, config_path: Path
) -> None:
    # a on the timeline's table is the pane's binding, not a priority one.
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.focused, DataTable))
        count = len(editor(app).pm.timeline)
        send_burst(app, "a", "11:02", "tab", "tab", "Consumer lag back to zero", "enter")
        await wait_for(pilot, lambda: len(editor(app).pm.timeline) > count)
        event = editor(app).pm.timeline[-1]
        assert event.event == "Consumer lag back to zero"
        assert event.at is not None and event.at.strftime("%H:%M") == "11:02"


async def test_keys_after_escape_go_to_the_screen_under_the_form(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f3")
        count = len(editor(app).pm.timeline)
        app.post_message(events.Key("ctrl+t", None))
        send_burst(app, "10:50", "escape")
        app.post_message(events.Key("ctrl+t", None))
        send_burst(app, "10:52", "tab", "tab", "Alert fired", "enter")
        await wait_for(pilot, lambda: len(editor(app).pm.timeline) > count)
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        assert len(editor(app).pm.timeline) == count + 1
        assert editor(app).pm.timeline[-1].event == "Alert fired"


async def test_ctrl_s_right_after_typing_keeps_every_character(
    workspace_path: Path, config_path: Path
) -> None:
    # ctrl+s is a priority binding: it runs when the app reads it, and must wait for the
    # characters typed before it to reach the field.
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f3")
        count = len(editor(app).pm.timeline)
        app.post_message(events.Key("ctrl+t", None))
        send_burst(app, "10:50", "tab", "tab", "Replica lag alert cleared", "ctrl+s")
        await wait_for(pilot, lambda: len(editor(app).pm.timeline) > count)
        assert editor(app).pm.timeline[-1].event == "Replica lag alert cleared"
