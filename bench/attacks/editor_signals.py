"""Attack f: the installed `postmortem edit` in tmux, stopped by a signal at a random moment.

Each trial opens the sample in the editor (tmux, 80x24, TERM=screen-256color), types a
random word at the end of the title and, one time in three, an event in the timeline's
event form, waits until both are on screen, then waits a random 0-2 s (across the
autosave delay), sometimes typing more as the signal arrives, and sends SIGHUP, SIGTERM,
SIGINT (with `kill`) or closes the tmux session (the pane's SIGHUP). What was on screen
must be in the file, and the process must end within 5 s.

    python bench/attacks/editor_signals.py --trials 40
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import string
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from attack_support import arguments, installed_command, report, scratch

from postmortem_tui.storage.workspace import PostmortemFileError, Workspace, load

SIGNALS = ("HUP", "TERM", "INT", "close-session")
END_WITHIN = 5.0


class Tmux:
    """One detached tmux session on a private server."""

    def __init__(self) -> None:
        self.socket = f"pm-attack-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return done.stdout

    def start(self, line: str) -> None:
        self.run("new-session", "-d", "-s", "editor", "-x", "80", "-y", "24", line)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "editor", *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "editor", "-l", text)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "editor")

    def pid(self) -> int:
        return int(self.run("display-message", "-p", "-t", "editor", "#{pane_pid}").strip())

    def cursor_row(self) -> str:
        return self.run("display-message", "-p", "-t", "editor", "#{cursor_y}").strip()

    def close(self) -> None:
        self.run("kill-server")


def wait_until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)  # polling interval of a bounded wait
    return True


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(6))


def open_event_form(tmux: Tmux) -> bool:
    """Timeline pane, a new event at +5m, the cursor in "What happened"."""
    tmux.keys("F3")
    if not wait_until(lambda: "Timeline, in time order" in tmux.screen(), 10):
        return False
    tmux.keys("C-t")
    if not wait_until(lambda: "Add timeline event" in tmux.screen(), 10):
        return False
    tmux.type("+5m")
    if not wait_until(lambda: "= 2026-03-12 10:52" in tmux.screen(), 10):
        return False
    lines = tmux.screen().splitlines()
    row = str(next(i for i, line in enumerate(lines) if "What happened" in line))
    tmux.keys("Tab")
    tmux.keys("Tab")
    return wait_until(lambda: tmux.cursor_row() == row, 10)


def saved_text(path: Path) -> str:
    try:
        pm = load(path).postmortem
    except PostmortemFileError:
        return ""
    return "\n".join([pm.title, *(event.event for event in pm.timeline)])


def one_trial(
    command: str, folder: Path, rng: random.Random, stop: str, counts: Counter[str]
) -> None:
    workspace = folder / "ws"
    shutil.rmtree(workspace, ignore_errors=True)
    path = Workspace(workspace).add_sample()
    config = folder / "config.toml"
    config.write_text("cursor_blink = false\n", encoding="utf-8")
    env = f"TERM=screen-256color POSTMORTEM_CONFIG={config} HOME={folder}"
    tmux = Tmux()
    try:
        tmux.start(f"env {env} {command} edit {path.stem} --workspace {workspace}")
        if not wait_until(lambda: "f3 Timeline" in tmux.screen(), 20):
            counts["did_not_start"] += 1
            return
        pid = tmux.pid()
        title_word, event_word = word(rng), word(rng)
        expected = [" " + title_word]
        tmux.keys("End")
        tmux.type(" " + title_word)
        if not wait_until(lambda: title_word in tmux.screen(), 10):
            counts["did_not_start"] += 1
            return
        if rng.random() < 1 / 3:
            if not open_event_form(tmux):
                counts["did_not_start"] += 1
                return
            tmux.type(f"Event {event_word}")
            if not wait_until(lambda: event_word in tmux.screen(), 10):
                counts["did_not_start"] += 1
                return
            expected.append(f"Event {event_word}")
            counts["with_event_form"] += 1
        time.sleep(rng.uniform(0, 2.0))
        if rng.random() < 0.5:
            tmux.type(word(rng))  # keys still on their way when the signal comes
            counts["typing_at_signal"] += 1
        if stop == "close-session":
            tmux.run("kill-session", "-t", "editor")
        else:
            os.kill(pid, getattr(signal, f"SIG{stop}"))
        if not wait_until(lambda: not alive(pid), END_WITHIN):
            counts["alive_after_5s"] += 1
            counts[f"alive_after_5s_{stop}"] += 1
            os.kill(pid, signal.SIGKILL)
        on_disk = saved_text(path)
        if not all(text in on_disk for text in expected):
            counts["typed_text_lost"] += 1
            counts[f"lost_{stop}"] += 1
        counts["trials"] += 1
        counts[f"trials_{stop}"] += 1
    finally:
        tmux.close()


def main() -> int:
    args = arguments(__doc__.splitlines()[0], 40).parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    rng = random.Random(args.seed)
    command = installed_command()
    counts: Counter[str] = Counter()
    with scratch(args.keep, "signals") as folder:
        for trial in range(args.trials):
            one_trial(command, folder, rng, SIGNALS[trial % len(SIGNALS)], counts)
    order = [
        "trials",
        *(f"trials_{s}" for s in SIGNALS),
        "with_event_form",
        "typing_at_signal",
        "did_not_start",
        "typed_text_lost",
        "alive_after_5s",
    ]
    order += sorted(k for k in counts if k.startswith(("lost_", "alive_after_5s_")))
    failures = ("typed_text_lost", "alive_after_5s", "did_not_start")
    return report("editor_signals", {key: counts[key] for key in order}, failures)


if __name__ == "__main__":
    sys.exit(main())
