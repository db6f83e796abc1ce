"""Times in the editor: shown in the postmortem's zone, typed across midnight with the day
named before saving, untouched times kept exactly, durations typed in any unit."""

from __future__ import annotations

from pathlib import Path

from editor_support import SIZE, TODAY, editor, opened, wait_for
from textual.widgets import Input, Static, TextArea

from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.app import PostmortemApp, make_app
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.widgets.list_editor import ListTable

#: Local times and a time with an offset, in time order: 22:52, 22:55 (03:55Z), 23:03.
OVERNIGHT = (Path(__file__).parent.parent / "data" / "overnight-mixed-zones.toml").read_text(
    "utf-8"
)


def overnight_app(workspace_path: Path, config_path: Path) -> tuple[PostmortemApp, Path]:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("cursor_blink = false\n", encoding="utf-8")
    workspace_path.mkdir(parents=True, exist_ok=True)
    path = workspace_path / "2026-01-30-overnight-queue-backlog.toml"
    path.write_text(OVERNIGHT, encoding="utf-8")
    return make_app(Workspace(workspace_path), open_path=path, today=TODAY), path


def cell(table: ListTable, row: int, column: str) -> str:
    return str(table.get_cell(table.ordered_rows[row].key, column))


async def test_a_time_after_midnight_shows_its_day_and_lands_on_it(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = overnight_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f3")
        await pilot.pause()
        table = app.screen.query_one("#timeline-list ListTable", ListTable)
        derived = str(app.screen.query_one("#derived", Static).visual)
        assert "Times in America/New_York (UTC-05:00)" in derived
        # 03:55Z is shown on the zone's clock
        assert [cell(table, n, "c0") for n in range(3)] == ["22:52", "22:55", "23:03"]
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        await pilot.press(*"00:05")
        live = app.screen.query_one("#live", Static)
        await wait_for(pilot, lambda: "Sat 2026-01-31 00:05 EST" in str(live.visual))
        await pilot.press("tab", "tab", *"Backlog drained", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        assert cell(table, 3, "c0") == "01-31 00:05"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Backlog drained" in path.read_text(encoding="utf-8"))
        saved = path.read_text(encoding="utf-8")
        assert saved.startswith(OVERNIGHT)  # nothing before it moved or changed
        assert 'at = 2026-01-31T00:05:00\nevent = "Backlog drained"' in saved


async def test_editing_an_events_text_keeps_every_time_and_the_order(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = overnight_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("down", "enter")  # the event with an offset
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        field = app.screen.query_one("#field-event", TextArea)
        field.load_text("Backlog alert fires at 10,000 messages")
        await pilot.press("enter")  # in the time field: Enter keeps the event
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "10,000" in path.read_text(encoding="utf-8"))
        expected = OVERNIGHT.replace(
            '"Backlog alert fires"', '"Backlog alert fires at 10,000 messages"'
        )
        assert path.read_text(encoding="utf-8") == expected
        assert load(path).postmortem.timeline == screen.pm.timeline


async def test_the_impact_duration_reads_days_hours_and_minutes(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = overnight_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("f5")
        await pilot.pause()
        duration = app.screen.query_one("#duration_minutes", Input)
        error = app.screen.query_one("#duration_minutes-error", Static)
        for typed, minutes in [
            ("24h11m", 1451),
            ("1d 2h", 1560),
            ("90m", 90),
            ("+1h30m", 90),
            ("45", 45),
        ]:
            duration.value = typed
            await wait_for(pilot, lambda m=minutes: screen.pm.impact.duration_minutes == m)
            assert not error.has_class("-shown")
        duration.value = "a day"
        await wait_for(pilot, lambda: error.has_class("-shown"))
        assert screen.pm.impact.duration_minutes == 45
        duration.value = "24h11m"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "duration_minutes = 1451" in path.read_text("utf-8"))
    app = make_app(Workspace(workspace_path), open_path=path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen.query_one("#duration_minutes", Input).value == "1d 0h 11m"
        assert editor(app).pm.impact.duration_minutes == 1451
