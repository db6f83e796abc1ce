"""Snapshots of the workspace browser, the empty browser and the help screen at 80x24.

Dates are fixed (`today` and every incident date) and the workspace path is relative, so the
pictures do not change from day to day or machine to machine.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from snapshot_support import typed

from postmortem_tui.core.model import ActionItem, new_postmortem
from postmortem_tui.storage.workspace import Workspace
from postmortem_tui.tui.app import PostmortemApp, make_app

TODAY = date(2026, 2, 10)
SIZE = (80, 24)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def browser_app(*, empty: bool = False) -> PostmortemApp:
    ws = Workspace(Path("postmortems")).ensure()
    if not empty:
        rows = [
            ("Login failures after cert rotation", date(2026, 2, 3), "critical", "draft"),
            ("Checkout errors from a full disk", date(2026, 1, 20), "major", "review"),
            ("Search latency during reindex", date(2026, 1, 5), "minor", "final"),
            ("[bold red]x[/] Markup-looking title stays text", date(2025, 12, 1), "", "draft"),
        ]
        for title, day, severity, status in rows:
            pm = new_postmortem(title, incident_date=day, severity=severity)
            pm.status = status
            if severity == "critical":
                pm.actions = [
                    ActionItem(text="Alert before certificates expire", due=date(2026, 2, 1)),
                    ActionItem(text="Rotate with a runbook", due=date(2026, 3, 1)),
                ]
            ws.create(pm)
        (ws.root / "2026-01-10-broken.toml").write_text('schema_version = 1\ntitle = "x"\nx = [\n')
    return make_app(ws, today=TODAY)


@pytest.mark.usefixtures("here")
def test_browser(snap_compare) -> None:
    assert snap_compare(browser_app(), terminal_size=SIZE)


async def search_disk(pilot) -> None:  # type: ignore[no-untyped-def]
    """Type a search and wait until every text has been searched (read in a thread)."""
    await pilot.press("slash", *"disk")
    for _ in range(250):
        if pilot.app.screen.documents is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause()


@pytest.mark.usefixtures("here")
def test_browser_filtered(snap_compare) -> None:
    assert snap_compare(browser_app(), terminal_size=SIZE, run_before=search_disk)


@pytest.mark.usefixtures("here")
def test_empty_browser(snap_compare) -> None:
    assert snap_compare(browser_app(empty=True), terminal_size=SIZE)


@pytest.mark.usefixtures("here")
def test_help(snap_compare) -> None:
    assert snap_compare(
        browser_app(),
        terminal_size=SIZE,
        run_before=lambda pilot: typed(pilot, "f1"),
    )


@pytest.mark.usefixtures("here")
def test_new_postmortem_dialog(snap_compare) -> None:
    assert snap_compare(
        browser_app(),
        terminal_size=SIZE,
        run_before=lambda pilot: typed(pilot, "n", *"Queue backlog"),
    )


@pytest.mark.usefixtures("here")
def test_delete_confirmation(snap_compare) -> None:
    assert snap_compare(
        browser_app(),
        terminal_size=SIZE,
        run_before=lambda pilot: typed(pilot, "d"),
    )
