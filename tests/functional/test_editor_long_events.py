"""Long timeline events: the row shows the first line, the highlighted event's whole text
shows under the table, and the event form takes several lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_support import SIZE, opened, sample_app, wait_for
from screen_support import screen_lines
from textual.widgets import TextArea

from postmortem_tui.core.model import to_dict
from postmortem_tui.storage.workspace import load, render_toml
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.widgets.list_editor import ListTable

#: The sample's second event (09:48, detected), made a paragraph of three lines.
LONG_EVENT = (
    "Queue disk usage alert fires at 95%\n"
    "Seen: writes slow on two brokers\n"
    "Decided: pause the retry job first"
)


def long_event_app(workspace_path: Path, config_path: Path) -> PostmortemApp:
    app, path = sample_app(workspace_path, config_path)
    pm = load(path).postmortem
    pm.timeline[1].event = LONG_EVENT
    path.write_text(render_toml(to_dict(pm)), encoding="utf-8")
    return app


def shown_under_table(app: PostmortemApp, text: str) -> bool:
    """`text` is on a screen line below the timeline's table."""
    table = app.screen.query_one("#timeline-list ListTable", ListTable)
    bottom = table.region.bottom
    return any(text in line for line in screen_lines(app)[bottom:])


@pytest.mark.parametrize("size", [SIZE, (60, 20)], ids=["80x24", "60x20"])
async def test_the_highlighted_events_whole_text_follows_the_cursor(
    workspace_path: Path, config_path: Path, size: tuple[int, int]
) -> None:
    app = long_event_app(workspace_path, config_path)
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        await pilot.press("f3")
        table = app.screen.query_one("#timeline-list ListTable", ListTable)
        await wait_for(pilot, lambda: table.has_focus and table.row_count == 8)
        await wait_for(pilot, lambda: shown_under_table(app, "Release 4.18 ships"))
        # The row itself shows the first line only.
        rows = screen_lines(app)[: table.region.bottom]
        assert not any("Seen: writes slow" in line for line in rows)
        await pilot.press("down")
        for line in LONG_EVENT.split("\n"):
            await wait_for(pilot, lambda line=line: shown_under_table(app, line))
        assert not shown_under_table(app, "Release 4.18 ships")
        await pilot.press("down")
        await wait_for(pilot, lambda: shown_under_table(app, "acknowledges the page"))
        assert not shown_under_table(app, "Seen: writes slow")


async def test_an_event_of_two_lines_is_typed_in_the_form_and_saved(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f3", "ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        await pilot.press(*"+5m", "tab", "tab", *"Retry job resumed", "ctrl+j")
        # ctrl+j in "What happened" starts a new line; the form stays open (Enter keeps it).
        assert isinstance(app.screen, ItemForm)
        await pilot.press(*"Seen: backlog falling", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        await wait_for(pilot, lambda: shown_under_table(app, "Seen: backlog falling"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Seen: backlog falling" in path.read_text())
        assert load(path).postmortem.timeline[-1].event == (
            "Retry job resumed\nSeen: backlog falling"
        )


async def test_the_form_shows_every_line_of_an_event(
    workspace_path: Path, config_path: Path
) -> None:
    app = long_event_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f3", "down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        assert app.screen.query_one("#field-event", TextArea).text == LONG_EVENT
