"""A dropped terminal (SIGHUP) while the event form is open still saves what was typed in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tmux_terminal import Terminal, open_editor, open_event_form_at_text, wait_until

from postmortem_tui.storage.workspace import load

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def _events(path: Path) -> list[str]:
    return [event.event for event in load(path).postmortem.timeline]  # saves are atomic


def test_killing_the_terminal_saves_the_open_event_form(
    terminal: Terminal, sample: tuple[Path, Path], tmp_path: Path
) -> None:
    workspace, path = sample
    open_editor(terminal, workspace, path, tmp_path)
    open_event_form_at_text(terminal)
    terminal.type("Replica lag alert cleared")
    terminal.wait_for_text("Replica lag alert cleared")
    terminal.tmux("kill-session", "-t", terminal.session)  # the pane gets SIGHUP
    wait_until(
        lambda: "Replica lag alert cleared" in _events(path), 10, "the drafted event on disk"
    )
    event = load(path).postmortem.timeline[-1]
    assert event.event == "Replica lag alert cleared"
    assert event.at is not None and event.at.strftime("%H:%M") == "10:52"
