"""Attack a: SIGKILL a process while it saves one postmortem in a loop.

A child process saves versions of a big postmortem (the sample with ~400 timeline events)
through `Workspace.save` as fast as it can; it is killed at a random moment. Afterwards the
file and every kept version must parse and be byte for byte one of the versions written.
Temp files a kill leaves are counted, made older than the stale age, and the next save must
remove them.

    python bench/attacks/kill_during_save.py --trials 300
"""

from __future__ import annotations

import dataclasses
import os
import random
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from attack_support import arguments, report, sample_data, scratch

from postmortem_tui.core.model import Postmortem, from_dict
from postmortem_tui.storage.workspace import (
    STALE_TEMP_SECONDS,
    LoadedPostmortem,
    PostmortemFileError,
    Workspace,
    dumps,
    load,
)

TITLE = "Queue disk full, saved under SIGKILL, version {}"
TITLE_RE = re.compile(r"^Queue disk full, saved under SIGKILL, version (\d+)$")


def version(base: Postmortem, number: int) -> Postmortem:
    return dataclasses.replace(base, title=TITLE.format(number))


def base_postmortem(folder: Path) -> Postmortem:
    data = sample_data(folder)
    data["timeline"] = data["timeline"] * 40  # ~400 events: a save writes ~50 KB
    return from_dict(data)


def child(path: Path, base_file: Path, first: int) -> None:
    """Save versions first, first+1, ... of `base_file` into `path` until killed."""
    workspace = Workspace(path.parent)
    base = load(base_file).postmortem
    loaded = load(path)
    number = first
    while True:
        pm = version(base, number)
        loaded = workspace.save(LoadedPostmortem(path, pm, loaded.fingerprint))
        if number == first:
            print("ready", flush=True)
        number += 1


def is_a_version(data: bytes, path: Path, base: Postmortem) -> bool | None:
    """True when `data` is a version written; False when it parses but is not; None when
    it does not parse."""
    from postmortem_tui.storage.workspace import parse_postmortem

    try:
        pm = parse_postmortem(data, path)
    except PostmortemFileError:
        return None
    match = TITLE_RE.match(pm.title)
    return bool(match) and dumps(version(base, int(match.group(1)))).encode() == data


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


def age(paths: list[Path]) -> None:
    """Make temp files look as old as the stale age: by mtime, or for the hard links that
    hold a displaced file (whose mtime is that file's), by the time in their name."""
    old = time.time() - STALE_TEMP_SECONDS - 60
    for path in paths:
        if path.name.startswith(".displaced-"):
            stamp = datetime.fromtimestamp(old, UTC).strftime("%Y%m%dT%H%M%S%fZ")
            path.rename(path.with_name(f".displaced-{stamp}.tmp"))
        else:
            os.utime(path, (old, old), follow_symlinks=False)


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        return 0
    args = arguments(__doc__.splitlines()[0], 300, max_delay=0.25).parse_args()
    rng = random.Random(args.seed)
    counts = dict.fromkeys(
        (
            "trials",
            "kills_mid_save",
            "unparseable",
            "not_a_version",
            "bad_history",
            "orphan_temps",
            "orphan_history_temps",
            "temps_left_after_next_save",
            "history_temps_left_after_next_save",
        ),
        0,
    )
    with scratch(args.keep, "kill") as folder:
        base = base_postmortem(folder)
        base_file = folder / "base.toml"
        base_file.write_text(dumps(base), encoding="utf-8")
        workspace = Workspace(folder / "ws").ensure()
        path = workspace.create(version(base, 0)).path
        history = workspace.history_dir(path.stem)
        for trial in range(args.trials):
            first = (trial + 1) * 1_000_000
            proc = subprocess.Popen(
                [sys.executable, __file__, "--child", str(path), str(base_file), str(first)],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise SystemExit(f"the saving child did not start (exit {proc.wait()})")
            time.sleep(rng.uniform(0, args.max_delay))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            proc.stdout.close()
            counts["trials"] += 1

            verdict = is_a_version(path.read_bytes(), path, base)
            counts["unparseable"] += verdict is None
            counts["not_a_version"] += verdict is False
            for kept in history.glob("*.toml"):
                counts["bad_history"] += not is_a_version(kept.read_bytes(), kept, base)
            left = temps(workspace.root)
            left_in_history = temps(history) if history.is_dir() else []
            counts["orphan_temps"] += len(left)
            counts["orphan_history_temps"] += len(left_in_history)
            counts["kills_mid_save"] += bool(left or left_in_history)

            # The next save removes what a killed process left (once older than the stale age).
            age(left + left_in_history)
            loaded = load(path)
            workspace.save(LoadedPostmortem(path, version(base, first - 1), loaded.fingerprint))
            counts["temps_left_after_next_save"] += len(temps(workspace.root))
            if history.is_dir():
                counts["history_temps_left_after_next_save"] += len(temps(history))
                for stale in temps(history):  # counted once, not again in every later trial
                    stale.unlink()
            for stale in temps(workspace.root):
                stale.unlink()
    return report(
        "kill_during_save",
        counts,
        (
            "unparseable",
            "not_a_version",
            "bad_history",
            "temps_left_after_next_save",
            "history_temps_left_after_next_save",
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
