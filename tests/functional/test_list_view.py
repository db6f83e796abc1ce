"""How lists and fields show, pressing real keys: home and end, the highlighted row and the
focused field marked without colour (NO_COLOR), the action form's check box, the legend of
the marks, and tables that use the terminal's width and height at every size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from editor_support import TODAY, opened, sample_app, wait_for
from screen_support import char_at, line_with, screen_lines
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input

from postmortem_tui.core.model import TimelineEvent, to_dict
from postmortem_tui.storage.workspace import Workspace, load, render_toml
from postmortem_tui.tui.app import PostmortemApp, make_app
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.widgets.list_editor import ListEditor, ListTable

SIZES = [(80, 24), (120, 36), (60, 20)]
CURSOR_MARK = "▶"


@pytest.fixture(autouse=True)
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a user with NO_COLOR set: whatever marks something must not be a colour."""
    monkeypatch.setenv("NO_COLOR", "1")


def long_timeline_app(workspace_path: Path, config_path: Path, events: int) -> PostmortemApp:
    """The sample with `events` more timeline events, one a minute after the last."""
    _app, path = sample_app(workspace_path, config_path)
    pm = load(path).postmortem
    start = pm.timeline[-1].at or datetime(2026, 3, 12, 11, 0, tzinfo=UTC)
    pm.timeline.extend(
        TimelineEvent(at=start + timedelta(minutes=n + 1), event=f"Backlog check {n + 1} passes")
        for n in range(events)
    )
    path.write_text(render_toml(to_dict(pm)), encoding="utf-8")
    return make_app(Workspace(workspace_path), open_path=path, today=TODAY)


async def focus_list(pilot: Pilot[None], key: str) -> DataTable[object]:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen.focused, DataTable))
    focused = pilot.app.screen.focused
    assert isinstance(focused, DataTable)
    return focused


def marked_lines(app: PostmortemApp) -> list[str]:
    return [line for line in screen_lines(app) if CURSOR_MARK in line]


# --- keys -----------------------------------------------------------------------------------


async def test_home_and_end_go_to_the_first_and_last_item(
    workspace_path: Path, config_path: Path
) -> None:
    app = long_timeline_app(workspace_path, config_path, 40)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        table = await focus_list(pilot, "f3")
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await wait_for(pilot, lambda: "Backlog check 40 passes" in "".join(marked_lines(app)))
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("pagedown")
        assert table.cursor_row > 5
        await pilot.press("pageup")
        assert table.cursor_row == 0


# --- marks that are not colours -------------------------------------------------------------


async def test_the_highlighted_row_of_the_focused_list_is_marked(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert app.no_color
        await focus_list(pilot, "f4")  # factors, then the 5 Whys
        await pilot.press("down")
        await wait_for(pilot, lambda: len(marked_lines(app)) == 1)
        assert "The queue disk alert fires too late" in marked_lines(app)[0]
        await pilot.press("tab")  # to the 5 Whys: the mark follows the focus
        await wait_for(pilot, lambda: "Why were webhooks delayed?" in "".join(marked_lines(app)))
        assert len(marked_lines(app)) == 1


async def test_the_focused_field_is_marked_by_a_character(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        title, date = screen.query_one("#title", Input), screen.query_one("#date", Input)

        def edge(field: Widget) -> str:
            return char_at(app, field.region.x, field.region.y)

        await wait_for(pilot, lambda: title.has_focus)
        focused, unfocused = edge(title), edge(date)
        assert focused.strip() and focused != unfocused
        await pilot.press("tab")
        await wait_for(pilot, lambda: date.has_focus)
        assert edge(date) == focused and edge(title) == unfocused


async def test_the_done_box_reads_checked_or_not_and_is_not_named_like_the_button(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await focus_list(pilot, "f6")
        await pilot.press("down", "enter")  # the second item is done
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        box = app.screen.query_one("#field-done", Checkbox)
        assert "[x]" in line_with(app, str(box.label))
        box.focus()
        await pilot.press("space")
        await wait_for(pilot, lambda: not box.value)
        assert "[ ]" in line_with(app, str(box.label))
        buttons = [str(button.label) for button in app.screen.query("Button")]
        assert str(box.label) not in buttons


async def test_the_marks_in_a_list_are_explained_under_it(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await focus_list(pilot, "f6")
        text = "\n".join(screen_lines(app))
        assert "[!]" in text and "?" in text  # overdue items, review warnings
        legend = app.screen.query_one("#actions .list-legend")
        await wait_for(pilot, lambda: legend.display)
        shown = line_with(app, "Marks:")
        assert "[!] overdue" in shown and "? review warning" in shown
        await focus_list(pilot, "f7")  # plain lines of text: no marks, no legend
        assert line_with(app, "Marks:") == ""


# --- tables use the room they have ----------------------------------------------------------


def timeline_table(app: PostmortemApp) -> ListTable:
    return app.screen.query_one("#timeline-list ListTable", ListTable)


def spans_its_width(table: ListTable) -> bool:
    columns = sum(column.get_render_width(table) for column in table.columns.values())
    return columns == table.scrollable_content_region.width


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_timeline_uses_the_terminal_width_and_height(
    workspace_path: Path, config_path: Path, size: tuple[int, int]
) -> None:
    app = long_timeline_app(workspace_path, config_path, 40)
    async with app.run_test(size=size) as pilot:
        await opened(pilot)
        table = await focus_list(pilot, "f3")
        assert isinstance(table, ListTable)
        await wait_for(pilot, lambda: spans_its_width(table))
        pane = app.screen.query_one("#timeline-pane")
        editor = app.screen.query_one("#timeline-list", ListEditor)
        # The list reaches the highlighted event's text (less its margin), which ends at the
        # bottom of the pane: no blank lines under it.
        detail = app.screen.query_one("#event-detail")
        assert editor.region.bottom >= detail.region.y - 1
        assert detail.region.bottom >= pane.region.bottom - 1
        assert table.region.bottom >= editor.region.bottom - 1
        event_width = table.columns[next(iter(k for k in table.columns if k == "c2"))].width
        assert event_width >= size[0] - 45


async def test_a_resized_terminal_resizes_the_columns_without_rebuilding_the_rows(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = long_timeline_app(workspace_path, config_path, 300)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        table = await focus_list(pilot, "f3")
        assert isinstance(table, ListTable)
        await wait_for(pilot, lambda: spans_its_width(table))
        rows_before = table.region.height
        rebuilt: list[str] = []

        def counted(name: str):  # type: ignore[no-untyped-def]
            original = getattr(ListTable, name)
            return lambda self, *a, **k: rebuilt.append(name) or original(self, *a, **k)

        for name in ("clear", "add_row", "add_rows"):
            monkeypatch.setattr(ListTable, name, counted(name))
        await pilot.resize_terminal(120, 36)
        await wait_for(pilot, lambda: table.region.width > 100 and spans_its_width(table))
        assert table.region.height > rows_before + 10
        assert rebuilt == []
