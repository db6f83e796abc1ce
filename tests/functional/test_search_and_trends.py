"""The browser's search over every text, and the trends screen, driven by real keys."""

from __future__ import annotations

from pathlib import Path

from browser_support import SIZE
from editor_support import wait_for
from textual.widgets import DataTable, Sparkline, Static

from figures_support import TODAY, known_workspace
from postmortem_tui.storage.workspace import Workspace
from postmortem_tui.tui.app import make_app
from postmortem_tui.tui.screens.trends import TrendsScreen
from postmortem_tui.tui.screens.workspace import WorkspaceScreen


def known_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = known_workspace(tmp_path / "ws")
    app = make_app(ws, today=TODAY)
    messages: list[str] = []
    show = app.notify

    def notify(message: str, **options: object) -> None:
        messages.append(message)
        show(message, **options)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    app.messages = messages  # type: ignore[attr-defined]
    return app


def shown_ids(screen: WorkspaceScreen) -> list[str]:
    table: DataTable[object] = screen.table
    return [str(table.coordinate_to_cell_key((n, 0)).row_key.value) for n in range(table.row_count)]


def detail(screen: WorkspaceScreen) -> str:
    return str(screen.query_one("#browser-detail", Static).render())


async def test_search_finds_text_beyond_titles_and_says_where(tmp_path: Path) -> None:
    app = known_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        await pilot.press("slash", *"runbook")
        # The texts are read in a thread; until then titles and ids are searched.
        await wait_for(pilot, lambda: screen.documents is not None)
        await wait_for(
            pilot, lambda: shown_ids(screen) == ["2026-01-20-database-failover-took-too-long"]
        )
        assert "factors: The runbook did not cover failover." in detail(screen)
        count = str(screen.query_one("#browser-count", Static).render())
        assert count == "1 of 8"
        await pilot.press("enter")  # back to the list, the search kept
        assert screen.focused is screen.table
        assert shown_ids(screen) == ["2026-01-20-database-failover-took-too-long"]


async def test_search_terms(tmp_path: Path) -> None:
    app = known_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        await pilot.press("slash", *"tag:queue severity:minor")
        await wait_for(pilot, lambda: screen.documents is not None)
        await wait_for(
            pilot, lambda: shown_ids(screen) == ["2026-04-02-batch-job-stalled-on-a-lock"]
        )
        # Only terms: the detail line is the row's, as without a search.
        assert "enter opens it" in detail(screen)
        await pilot.press("escape")  # the filter's escape leaves it; the browser's clears it
        await pilot.press("escape")
        assert screen.filter_input.value == ""
        assert len(shown_ids(screen)) == 8


async def test_a_bad_term_is_a_notice_and_the_list_stays(tmp_path: Path) -> None:
    app = known_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        await pilot.press("slash", *"after:notadate")
        await pilot.pause()
        assert "Search not understood: after:notadate: not a date (expected YYYY-MM-DD)" in detail(
            screen
        )
        assert screen.filter_input.has_class("-invalid")
        assert len(shown_ids(screen)) == 8  # nothing hidden by a query that cannot be read
        await pilot.press("enter")
        assert app.messages == ["after:notadate: not a date (expected YYYY-MM-DD)"]  # type: ignore[attr-defined]
        assert screen.focused is screen.filter_input  # still there to fix it
        for _ in range(len("notadate")):
            await pilot.press("backspace")
        await pilot.press(*"2026-04-01")
        await wait_for(pilot, lambda: not screen.filter_input.has_class("-invalid"))
        await wait_for(pilot, lambda: len(shown_ids(screen)) == 2)


async def test_a_saved_change_is_found_after_coming_back(tmp_path: Path) -> None:
    app = known_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        await pilot.press("slash", *"volcano")
        await wait_for(pilot, lambda: screen.documents is not None)
        assert shown_ids(screen) == []
        path = next(Path(screen.workspace.root).glob("2026-04-02-*.toml"))
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace('title = "', 'summary = "A volcano of retries."\ntitle = "', 1)
        )
        await pilot.press("enter", "r")  # reload: the texts are read again
        await wait_for(pilot, lambda: shown_ids(screen) == [path.stem])


async def test_trends_from_the_browser_and_back(tmp_path: Path) -> None:
    app = known_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        await wait_for(pilot, lambda: screen.loaded)
        months = [m.month for m in screen.months]
        assert months[0] == (2025, 7) and months[-1] == (2026, 6)
        critical = screen.query_one("#trends-critical", Sparkline)
        # Jan 2026 (index 6) and Mar 2026 (index 8) had one critical incident each; at 80
        # columns each month is three columns of the chart.
        assert list(critical.data or [])[::3] == [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0]
        assert len(critical.data or []) == 36
        assert list(screen.query_one("#trends-opened", Sparkline).data or [])[6 * 3] == 4
        assert list(screen.query_one("#trends-closed", Sparkline).data or [])[6 * 3] == 1
        figure = str(screen.query_one("#trends-figure-critical", Static).render())
        assert figure == "total 2, last 0"
        month = lambda: str(screen.query_one("#trends-month", Static).render())  # noqa: E731
        assert month().startswith("Jun 2026: 0 incidents")
        for _ in range(5):
            await pilot.press("left")
        assert month() == (
            "Jan 2026: 2 incidents (1 critical, 1 major); detect 7m, resolve 1h 30m; "
            "action items 4 opened, 1 done"
        )
        await pilot.press("escape")
        assert isinstance(app.screen, WorkspaceScreen)


async def test_trends_is_in_the_palette_and_not_imported_at_start(tmp_path: Path) -> None:
    import sys

    app = known_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Show trends" in titles
        await pilot.press("ctrl+p", *"Show trends")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TrendsScreen))
    assert "postmortem_tui.tui.screens.trends" in sys.modules  # imported by now, of course


def test_the_browser_does_not_import_trends_or_the_details_cache() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "import postmortem_tui.tui.app, postmortem_tui.tui.screens.workspace\n"
        "print(sorted(m for m in ('postmortem_tui.tui.screens.trends',"
        " 'postmortem_tui.storage.details', 'postmortem_tui.core.stats') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


async def test_trends_on_an_empty_workspace(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "empty").ensure()
    app = make_app(ws, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(TrendsScreen(ws))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        await wait_for(pilot, lambda: screen.loaded)
        assert str(screen.query_one("#trends-figure-detect", Static).render()) == "median —, last —"


async def test_trends_help_lists_its_keys(tmp_path: Path) -> None:
    from postmortem_tui.tui.screens.help import HelpScreen

    app = known_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TrendsScreen))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        import html

        text = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "The month before" in text and "Back to the workspace browser" in text
