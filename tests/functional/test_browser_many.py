"""A workspace longer than a screen: the first rows come before the first frame, the rest
right after it, and a filter typed meanwhile never mixes the two listings."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from browser_support import SIZE, app_for
from textual.widgets import DataTable, Input

from postmortem_tui.core.model import new_postmortem
from postmortem_tui.storage.workspace import Workspace
from postmortem_tui.tui.screens.workspace import FIRST_ROWS

COUNT = FIRST_ROWS + 25


def many(workspace_path: Path) -> Workspace:
    ws = Workspace(workspace_path).ensure()
    start = date(2025, 1, 1)
    for n in range(COUNT):
        kind = "Queue" if n % 5 == 0 else "Cache"
        ws.create(new_postmortem(f"{kind} incident {n:03}", incident_date=start + timedelta(n)))
    return ws


async def test_every_row_is_listed_down_to_the_oldest(
    workspace_path: Path,
) -> None:
    app = app_for(many(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#browser-table", DataTable)
        assert table.row_count == COUNT
        assert "incident 000" not in str(table.get_row_at(0)[3])  # newest first
        assert str(table.get_row_at(COUNT - 1)[3]) == "Queue incident 000"


async def test_a_filter_typed_before_the_rest_arrives_shows_only_its_matches(
    workspace_path: Path,
) -> None:
    app = app_for(many(workspace_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        screen.query_one("#browser-filter", Input).value = "queue"
        await pilot.pause()
        table = screen.query_one("#browser-table", DataTable)
        shown = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert len(shown) == COUNT // 5
        assert all(title.startswith("Queue") for title in shown)
