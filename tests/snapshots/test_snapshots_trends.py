"""Snapshots of the trends screen and of a search in the browser, on the workspace with
known figures (fixed dates, `today` fixed), at 80x24, 60x20 and 140x44; one without colour.

The workspace path is relative so the pictures do not change from machine to machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from figures_support import TODAY, known_workspace
from postmortem_tui.tui.app import PostmortemApp, make_app
from postmortem_tui.tui.screens.trends import TrendsScreen
from postmortem_tui.tui.screens.workspace import WorkspaceScreen


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def known_app() -> PostmortemApp:
    return make_app(known_workspace(Path("postmortems")), today=TODAY)


async def _until(pilot: Pilot[None], condition) -> None:  # type: ignore[no-untyped-def]
    for _ in range(250):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("not ready in time")


async def show_trends(pilot: Pilot[None]) -> None:
    await pilot.press("t")
    await _until(
        pilot, lambda: isinstance(pilot.app.screen, TrendsScreen) and pilot.app.screen.loaded
    )
    await pilot.press("left", "left", "left", "left", "left")  # January 2026


@pytest.mark.usefixtures("here")
@pytest.mark.parametrize("size", [(80, 24), (60, 20), (140, 44)], ids=["80x24", "60x20", "140x44"])
def test_trends(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(known_app(), run_before=show_trends, terminal_size=size)


@pytest.mark.usefixtures("here")
def test_trends_without_colour(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(known_app(), run_before=show_trends, terminal_size=(80, 24))


async def search_runbook(pilot: Pilot[None]) -> None:
    await pilot.press("slash", *"runbook")
    screen = pilot.app.screen
    assert isinstance(screen, WorkspaceScreen)
    await _until(pilot, lambda: screen.documents is not None and screen.table.row_count == 1)


@pytest.mark.usefixtures("here")
def test_browser_search_says_where(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(known_app(), run_before=search_runbook, terminal_size=(80, 24))


async def bad_search(pilot: Pilot[None]) -> None:
    await pilot.press("slash", *"tag:db after:2026-02")
    await pilot.pause()


@pytest.mark.usefixtures("here")
def test_browser_search_not_understood(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(known_app(), run_before=bad_search, terminal_size=(80, 24))
