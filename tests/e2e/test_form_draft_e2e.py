"""A dropped terminal (SIGHUP) while the event form is open still saves what was typed in it."""

from __future__ import annotations

from pathlib import Path

from test_editor_e2e import (  # the tmux helpers and fixtures of the editor's e2e tests
    Terminal,
    open_editor,
    pytestmark,  # noqa: F401  (e2e marker, skipped without tmux)
    sample,  # noqa: F401  (fixture)
    terminal,  # noqa: F401  (fixture)
    wait_until,
)

from postmortem_tui.storage import load


def _events(path: Path) -> list[str]:
    return [event.event for event in load(path).postmortem.timeline]  # saves are atomic


def test_killing_the_terminal_saves_the_open_event_form(
    terminal: Terminal,  # noqa: F811
    sample: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    workspace, path = sample
    open_editor(terminal, workspace, path, tmp_path)
    terminal.keys("F3")
    terminal.wait_for_text("Timeline, in time order")
    terminal.keys("C-t")
    terminal.wait_for_text("Add timeline event")
    terminal.type("+5m")
    terminal.wait_for_text("= 2026-03-12 10:52")  # the time field has its text
    event_row = str(
        next(i for i, line in enumerate(terminal.screen().splitlines()) if "What happened" in line)
    )
    # Tab twice (past the milestone choice), then wait for the cursor: see test_editor_e2e.
    terminal.keys("Tab")
    terminal.keys("Tab")
    wait_until(lambda: terminal.cursor_row() == event_row, 10, "focus on the event text")
    terminal.type("Replica lag alert cleared")
    terminal.wait_for_text("Replica lag alert cleared")
    terminal.tmux("kill-session", "-t", terminal.session)  # the pane gets SIGHUP
    wait_until(
        lambda: "Replica lag alert cleared" in _events(path), 10, "the drafted event on disk"
    )
    event = load(path).postmortem.timeline[-1]
    assert event.event == "Replica lag alert cleared"
    assert event.at is not None and event.at.strftime("%H:%M") == "10:52"
