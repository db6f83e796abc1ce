"""Attack c: another program writes the file while an editing session saves it (defect 6).

A child process saves versions of a postmortem in a loop through `EditingSession`, as
autosave does. Meanwhile this process, playing an outside editor that takes no lock, writes
its own version once per trial at a random moment, alternately in place (truncate and
write, as many editors do) and by renaming a new file over it (as others do). The outside
version must survive: still in the file, or kept in the postmortem's history; and when the
session saw a conflict, the session's version must be in its conflict copy.

    python bench/attacks/outside_writer.py --trials 300
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from attack_support import arguments, report, sample_data, scratch

from postmortem_tui.core.model import from_dict
from postmortem_tui.storage.session import EditingSession
from postmortem_tui.storage.workspace import Workspace, dumps, load

METHODS = ("in-place", "rename")


def child() -> None:
    """For each `<path> <stop file>` line: save versions until a conflict or the stop file."""
    for line in sys.stdin:
        path, stop = (Path(part) for part in line.split())
        workspace = Workspace(path.parent)
        session = EditingSession(workspace, load(path))
        print("started", flush=True)
        version, outcome = 0, "saved"
        while outcome != "conflict" and not stop.exists():
            version += 1
            session.postmortem.title = f"Session version {version}"
            session.changed()
            result = session.save_now()
            outcome = result.outcome if result else "nothing"
        if outcome == "conflict":
            session.save_now()  # the session's version goes to its conflict copy
        print(f"{outcome} {version}", flush=True)


def write_outside(path: Path, data: bytes, method: str) -> None:
    if method == "in-place":
        with open(path, "wb") as handle:
            handle.write(data)
    else:
        new = path.with_name(f"{path.name}.outside-editor")
        new.write_bytes(data)
        os.rename(new, path)


def kept(path: Path, workspace: Workspace) -> list[bytes]:
    folder = workspace.history_dir(path.stem)
    return [p.read_bytes() for p in folder.glob("*.toml")] if folder.is_dir() else []


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        child()
        return 0
    args = arguments(__doc__.splitlines()[0], 300, max_delay=0.04).parse_args()
    rng = random.Random(args.seed)
    counts: Counter[str] = Counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    with scratch(args.keep, "outside") as folder:
        base = from_dict(sample_data(folder))
        workspace = Workspace(folder / "ws").ensure()
        for trial in range(args.trials):
            method = METHODS[trial % len(METHODS)]
            base.title = f"Outside writer trial {trial}"
            path = workspace.create(base).path
            stop = folder / f"stop-{trial}"
            proc.stdin.write(f"{path} {stop}\n")
            proc.stdin.flush()
            if proc.stdout.readline().strip() != "started":
                raise SystemExit("the saving process did not start")
            time.sleep(rng.uniform(0, args.max_delay))
            base.title = f"Outside editor's version {trial}"
            outside = dumps(base).encode()
            write_outside(path, outside, method)
            time.sleep(0.01)
            stop.touch()
            outcome, version = proc.stdout.readline().split()
            counts["trials"] += 1
            counts[f"{method}_trials"] += 1
            counts["session_saves"] += int(version)
            counts["conflicts_seen"] += outcome == "conflict"
            history = kept(path, workspace)
            if path.read_bytes() == outside:
                counts["outside_in_file"] += 1
            elif outside in history:
                counts["outside_kept_in_history"] += 1
            else:
                counts[f"outside_lost_{method}"] += 1
            if outcome == "conflict":
                copies = workspace.history_dir(path.stem).glob("conflict-*.toml")
                titles = {load(copy).postmortem.title for copy in copies}
                counts["session_version_lost"] += f"Session version {version}" not in titles
    proc.stdin.close()
    proc.wait()
    order = (
        "trials",
        "in-place_trials",
        "rename_trials",
        "session_saves",
        "conflicts_seen",
        "outside_in_file",
        "outside_kept_in_history",
        "outside_lost_in-place",
        "outside_lost_rename",
        "session_version_lost",
    )
    failures = ("outside_lost_in-place", "outside_lost_rename", "session_version_lost")
    return report("outside_writer", {key: counts[key] for key in order}, failures)


if __name__ == "__main__":
    sys.exit(main())
