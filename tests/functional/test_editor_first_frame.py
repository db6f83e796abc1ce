"""The editor paints first and builds the rest after: the summary's first frame has the header,
the title's field and the other fields as text; the fields, then the first review, follow.
Keys typed before the fields exist land where they would have on the finished screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_support import SIZE, editor, is_complete, opened, sample_app, title_on_disk, wait_for
from textual import events
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Select, TextArea

from postmortem_tui.tui.panes.summary_pane import SummaryPane
from postmortem_tui.tui.screens.editor import EditorScreen
from postmortem_tui.tui.widgets.field_sketch import FieldSketch
from postmortem_tui.tui.widgets.header import PostmortemHeader
from postmortem_tui.tui.widgets.list_editor import ListEditor
from postmortem_tui.tui.widgets.review_coach import ReviewCoach


def summary_of(app) -> SummaryPane:  # type: ignore[no-untyped-def]
    pane = editor(app).pane("summary")
    assert isinstance(pane, SummaryPane)
    return pane


def shown_text(widget: Widget) -> str:
    return "\n".join(
        "".join(s.text for s in widget.render_line(y)) for y in range(widget.size.height)
    )


async def test_the_first_frame_shows_the_summary_as_text_then_the_fields(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = summary_of(app)
        assert not pane.fields_built, "the fields must be built after the first frame"
        title = app.screen.query_one("#title", Input)
        assert title.has_focus and title.value.startswith("Payment webhooks delayed")
        sketch = app.screen.query_one(FieldSketch)
        await wait_for(pilot, lambda: sketch.size.height > 0 or pane.fields_built)
        if not pane.fields_built:  # the sketch is what a reader sees meanwhile
            rows = shown_text(sketch)
            assert "2026-03-12" in rows and "major" in rows and "review" in rows
            assert "Platform on-call" in rows and "2026-03-30" in rows
        await opened(pilot)
        assert not app.screen.query(FieldSketch)
        assert app.screen.query_one("#status", Select).value == "review"
        assert app.screen.query_one("#summary", TextArea).text.startswith("For 52 minutes")
        assert app.screen.query_one("#participants", ListEditor).items
        assert title.has_focus


async def test_keys_pressed_at_once_after_start_land_in_the_title(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        built_before_typing = summary_of(app).fields_built
        await pilot.press("end", *" zq", "backspace", "7")
        await opened(pilot)
        assert not built_before_typing, "the keys must arrive before the fields exist"
        screen = editor(app)
        assert app.screen.query_one("#title", Input).value.endswith(" z7")
        assert screen.pm.title.endswith(" z7")
        assert app.screen.query_one("#date", Input).value == "2026-03-12"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: title_on_disk(path).endswith(" z7"))


async def test_a_burst_with_tab_before_the_fields_exist_moves_on_once_they_do(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        pane = summary_of(app)
        assert not pane.fields_built
        # As a terminal delivers keys read in one go: posted together, no waiting between.
        for key, character in (("end", None), ("x", "x"), ("tab", None)):
            app.post_message(events.Key(key, character))
        await opened(pilot)
        assert app.screen.query_one("#title", Input).value.endswith("x")
        await wait_for(pilot, lambda: app.screen.query_one("#date", Input).has_focus)


async def test_quitting_right_after_typing_at_start_saves_what_was_typed(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        assert not summary_of(app).fields_built
        for key, character in (("end", None), ("q", "q"), ("9", "9")):
            app.post_message(events.Key(key, character))
        title = app.screen.query_one("#title", Input)
        await wait_for(pilot, lambda: title.value.endswith("q9"))
        app.post_message(events.Key("ctrl+q", None))
        await wait_for(pilot, lambda: not app.is_running)
    assert title_on_disk(path).endswith("q9")


async def test_the_first_review_follows_the_fields(workspace_path: Path, config_path: Path) -> None:
    built_when_reviewed: list[bool] = []
    app, _path = sample_app(workspace_path, config_path)

    def watch(message: Message) -> None:
        if isinstance(message, ReviewCoach.Reviewed):
            built_when_reviewed.append(summary_of(app).fields_built)

    async with app.run_test(size=SIZE, message_hook=watch) as pilot:
        await opened(pilot)
        assert is_complete(app)
        assert built_when_reviewed[:1] == [True]
        count = app.screen.query_one(PostmortemHeader).review_text
        assert "warning" in count


async def test_keys_read_before_the_title_has_the_focus_land_in_it(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys the app reads while the editor is still mounting its first pane (typed ahead
    right after `postmortem edit`, as SSH delivers them) reach the title, in order; none is
    handed to a screen with no focused field, which would drop it."""
    goto = EditorScreen.action_goto
    sent: list[bool] = []

    async def goto_with_keys_arriving(self: EditorScreen, pane_id: str) -> None:
        if not sent:
            sent.append(True)
            self.app.post_message(events.Key("end", None))
            for character in " typed early":
                name = "space" if character == " " else character
                self.app.post_message(events.Key(name, character))
        await goto(self, pane_id)

    monkeypatch.setattr(EditorScreen, "action_goto", goto_with_keys_arriving)
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        title = app.screen.query_one("#title", Input)
        await wait_for(pilot, lambda: title.value.endswith(" typed early"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: title_on_disk(path).endswith(" typed early"))
