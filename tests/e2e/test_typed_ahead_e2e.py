"""Keys typed ahead into the event form, in one tmux send-keys as a slow SSH link delivers
them, land in the fields the tabs before them moved to."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tmux_terminal import Terminal, open_editor, wait_until

from postmortem_tui.storage.workspace import load

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_time_tab_tab_text_enter_in_one_burst_fills_each_field(
    terminal: Terminal, sample: tuple[Path, Path], tmp_path: Path
) -> None:
    workspace, path = sample
    open_editor(terminal, workspace, path, tmp_path)
    terminal.keys("F3")
    terminal.wait_for_text("Timeline, in time order")
    terminal.keys("C-t")
    terminal.wait_for_text("Add timeline event")
    terminal.keys("10:50", "Tab", "Tab", "Replica lag alert cleared", "Enter")
    terminal.wait_for_text("Replica lag alert cleared")
    terminal.keys("C-s")
    events = lambda: load(path).postmortem.timeline  # noqa: E731 (saves are atomic)
    wait_until(
        lambda: any(e.event.endswith("Replica lag alert cleared") for e in events()),
        10,
        f"the event on disk; screen:\n{terminal.screen()}",
    )
    (event,) = [e for e in events() if e.event.endswith("Replica lag alert cleared")]
    assert event.event == "Replica lag alert cleared"
    assert event.at is not None and event.at.strftime("%H:%M") == "10:50"


def test_two_events_and_a_correction_typed_in_one_burst(
    terminal: Terminal, sample: tuple[Path, Path], tmp_path: Path
) -> None:
    # One send-keys: an event whose time the form refuses (10:5), corrected by the keys
    # after Enter, then a second event opened with `a` on the table and kept.
    workspace, path = sample
    open_editor(terminal, workspace, path, tmp_path)
    terminal.keys("F3")
    terminal.wait_for_text("Timeline, in time order")
    terminal.keys(
        "C-t",
        "10:5",
        "Tab",
        "Tab",
        "Replica lag alert cleared",
        "Enter",
        "End",
        "0",
        "Enter",
        "a",
        "10:58",
        "Tab",
        "Tab",
        "Writes resumed",
        "Enter",
        "C-s",
    )
    events = lambda: load(path).postmortem.timeline  # noqa: E731 (saves are atomic)
    wanted = {"Replica lag alert cleared": "10:50", "Writes resumed": "10:58"}
    wait_until(
        lambda: wanted.keys() <= {e.event for e in events()},
        10,
        f"both events on disk; screen:\n{terminal.screen()}",
    )
    for event in events():
        if event.event in wanted:
            assert event.at is not None and event.at.strftime("%H:%M") == wanted[event.event]
