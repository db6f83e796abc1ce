"""The installed `postmortem` command in a real terminal (tmux, 80x24, TERM=screen-256color)."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from tmux_terminal import (
    Terminal,
    open_editor,
    open_event_form_at_text,
    process_exists,
    wait_until,
)

from postmortem_tui.storage.workspace import load

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_type_an_event_and_quit(
    terminal: Terminal, sample: tuple[Path, Path], tmp_path: Path
) -> None:
    workspace, path = sample
    open_editor(terminal, workspace, path, tmp_path)
    open_event_form_at_text(terminal)
    terminal.type("Cache warmed after the restart")
    terminal.wait_for_text("Cache warmed after the restart")
    terminal.keys("C-s")  # Enter in "What happened" starts a new line
    wait_until(
        lambda: (
            "Cache warmed after" in (screen := terminal.screen())
            and "Add timeline event" not in screen
        ),
        15,
        f"the event in the table:\n{terminal.screen()}",
    )
    terminal.keys("C-q")
    wait_until(lambda: not terminal.alive(), 15, "the app to quit")
    events = load(path).postmortem.timeline
    assert events[-1].event == "Cache warmed after the restart"
    assert events[-1].at is not None and events[-1].at.strftime("%H:%M") == "10:52"


def test_killing_the_terminal_saves_what_was_typed(
    terminal: Terminal, sample: tuple[Path, Path], tmp_path: Path
) -> None:
    workspace, path = sample
    open_editor(terminal, workspace, path, tmp_path)
    terminal.keys("End")
    terminal.type(" zq7")
    terminal.wait_for_text("queue disk zq7")
    terminal.tmux("kill-session", "-t", terminal.session)  # the pane gets SIGHUP
    wait_until(lambda: load(path).postmortem.title.endswith(" zq7"), 10, "the title on disk")


def test_the_app_ends_when_its_terminal_goes_away(
    terminal: Terminal, sample: tuple[Path, Path], tmp_path: Path
) -> None:
    """After SIGHUP the process saves and ends; it must not linger on a dead terminal."""
    workspace, path = sample
    open_editor(terminal, workspace, path, tmp_path)
    pid = int(terminal.tmux("display-message", "-p", "-t", terminal.session, "#{pane_pid}"))
    terminal.keys("End")
    terminal.type(" hup")
    terminal.wait_for_text("queue disk hup")
    terminal.tmux("kill-session", "-t", terminal.session)  # the pane gets SIGHUP
    wait_until(lambda: not process_exists(pid), 15, f"process {pid} to end after SIGHUP")
    assert load(path).postmortem.title.endswith(" hup")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_stop_signal_saves_what_was_typed_and_ends(
    terminal: Terminal, sample: tuple[Path, Path], tmp_path: Path, signum: signal.Signals
) -> None:
    """`kill -TERM` or `kill -INT`, with the event form open: both saved, then the end."""
    workspace, path = sample
    open_editor(terminal, workspace, path, tmp_path)
    pid = int(terminal.tmux("display-message", "-p", "-t", terminal.session, "#{pane_pid}"))
    terminal.keys("End")
    terminal.type(" sig")
    terminal.wait_for_text("queue disk sig")
    open_event_form_at_text(terminal)
    terminal.type("Signal test event")
    terminal.wait_for_text("Signal test event")
    os.kill(pid, signum)
    wait_until(lambda: not process_exists(pid), 15, f"process {pid} to end after {signum!r}")
    saved = load(path).postmortem
    assert saved.title.endswith(" sig")
    assert saved.timeline[-1].event == "Signal test event"
