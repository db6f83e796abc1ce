"""A real terminal for the end-to-end tests: the installed `postmortem` command in tmux at 80x24
with TERM=screen-256color, driven by send-keys and read with capture-pane, as over SSH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest


def installed_command() -> Path:
    beside_python = Path(sys.executable).parent / "postmortem"
    if beside_python.exists():
        return beside_python
    found = shutil.which("postmortem")
    if found is None:
        pytest.skip("the postmortem command is not installed")
    return Path(found)


class Terminal:
    """A detached tmux session on a private server, driven by send-keys and capture-pane."""

    def __init__(self) -> None:
        self.socket = f"pm-e2e-{uuid.uuid4().hex[:8]}"
        self.session = "editor"

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {args}: {result.stderr}")
        return result.stdout

    def start(self, command: list[str], env: dict[str, str]) -> None:
        settings = " ".join(f"{k}={v}" for k, v in env.items())
        line = f"env {settings} " + " ".join(command)
        self.tmux("new-session", "-d", "-s", self.session, "-x", "80", "-y", "24", line)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session, check=False)

    def cursor_row(self) -> str:
        return self.tmux("display-message", "-p", "-t", self.session, "#{cursor_y}").strip()

    def alive(self) -> bool:
        return (
            subprocess.run(
                ["tmux", "-L", self.socket, "has-session", "-t", self.session],
                capture_output=True,
                check=False,
            ).returncode
            == 0
        )

    def wait_for_text(self, text: str, timeout: float = 15.0) -> str:
        wait_until(lambda: text in self.screen(), timeout, f"{text!r} on screen:\n{self.screen()}")
        return self.screen()

    def close(self) -> None:
        self.tmux("kill-server", check=False)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)  # polling interval of a bounded wait, not a synchronisation


def open_editor(terminal: Terminal, workspace: Path, path: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("cursor_blink = false\n", encoding="utf-8")
    env = {
        "TERM": "screen-256color",
        "POSTMORTEM_CONFIG": str(config),
        "HOME": os.environ.get("HOME", str(tmp_path)),
    }
    command = [str(installed_command()), "edit", path.stem, "--workspace", str(workspace)]
    terminal.start(command, env)
    terminal.wait_for_text("f3 Timeline")


def open_event_form_at_text(terminal: Terminal) -> None:
    """From the editor: timeline pane, add an event at +5m, cursor in "What happened"."""
    terminal.keys("F3")
    terminal.wait_for_text("Timeline, in time order")
    terminal.keys("C-t")
    terminal.wait_for_text("Add timeline event")
    terminal.type("+5m")
    terminal.wait_for_text("= Thu 2026-03-12 10:52 UTC")  # the form reads the time as typed
    screen_lines = terminal.screen().splitlines()
    label_row = next(i for i, line in enumerate(screen_lines) if "What happened" in line)
    event_row = str(label_row + 1)  # the text area's first line, under its top border
    # Tab past the milestone choice, then wait for the cursor to reach the event text (keys
    # typed ahead in one burst are tested on their own, in test_typed_ahead_e2e.py).
    terminal.keys("Tab")
    terminal.keys("Tab")
    wait_until(lambda: terminal.cursor_row() == event_row, 10, "focus on the event text")


def process_exists(pid: int) -> bool:
    """Whether `pid` is still a live process (a zombie counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
