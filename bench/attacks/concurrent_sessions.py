"""Attack b: several processes edit and save one postmortem at once through `EditingSession`.

Each process changes the title to a version of its own (`p<i> v<k>`) and saves at once,
as an editor's autosave would. On a conflict it does what the editor offers: reload (this
version goes to a conflict copy in the history first) or, one time in five, keep a copy
(then it opens the original again). Afterwards every file must parse, and every version a
process made must be somewhere: the file, a kept version in `.history`, a conflict copy or
a kept copy. History pruning is switched off in the children (`HISTORY_KEEP`), since
pruning old versions is by design and would hide a real loss.

    python bench/attacks/concurrent_sessions.py --trials 600 --processes 4
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from attack_support import arguments, report, sample_data, scratch

from postmortem_tui.core.model import from_dict
from postmortem_tui.storage import workspace as workspace_module
from postmortem_tui.storage.session import EditingSession
from postmortem_tui.storage.workspace import PostmortemFileError, Workspace, load

TITLE = "Concurrent edit p{} v{}"


def child(path: Path, number: int, saves: int, seed: int, prune: bool) -> None:
    """Save `saves` versions; print `<outcome> <version>` per save, `copy <version>` per copy."""
    if not prune:
        workspace_module.HISTORY_KEEP = 10**9
    rng = random.Random(seed)
    workspace = Workspace(path.parent)
    session = EditingSession(workspace, load(path))
    print("ready", flush=True)
    sys.stdin.readline()  # every process starts together
    for version in range(saves):
        session.postmortem.title = TITLE.format(number, version)
        session.changed()
        result = session.save_now()
        outcome = result.outcome if result else "nothing"
        print(outcome, version, flush=True)
        if outcome == "conflict":
            if rng.random() < 0.2:
                session.keep_copy()
                print("copy", version, flush=True)
                session = EditingSession(workspace, load(path))
            else:
                session.reload()
        time.sleep(rng.uniform(0, 0.004))  # the odd pause in typing


def titles_on_disk(root: Path) -> tuple[set[str], int]:
    """Every title in the workspace's files, its history and copies; and how many files
    did not parse."""
    found, unparseable = set(), 0
    for path in [*root.glob("*.toml"), *root.glob(".history/*/*.toml")]:
        try:
            found.add(load(path).postmortem.title)
        except PostmortemFileError:
            unparseable += 1
    return found, unparseable


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        path, number, saves, seed, prune = sys.argv[2:7]
        child(Path(path), int(number), int(saves), int(seed), prune == "prune")
        return 0
    parser = arguments(__doc__.splitlines()[0], 600, processes=4, rounds=1)
    parser.add_argument(
        "--prune",
        action="store_true",
        help="keep the app's history pruning: then only conflict copies must all survive",
    )
    args = parser.parse_args()
    per_process = max(1, args.trials // args.processes // args.rounds)
    outcomes: Counter[str] = Counter()
    lost = lost_conflict_versions = unparseable = 0
    with scratch(args.keep, "concurrent") as folder:
        base = from_dict(sample_data(folder))
        for round_number in range(args.rounds):
            workspace = Workspace(folder / f"ws{round_number}").ensure()
            path = workspace.create(base).path
            children = [
                subprocess.Popen(
                    [
                        *(sys.executable, __file__, "--child", str(path), str(n)),
                        *(str(per_process), str(args.seed + 1000 * round_number + n)),
                        "prune" if args.prune else "keep",
                    ],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for n in range(args.processes)
            ]
            for proc in children:
                assert proc.stdout is not None
                if proc.stdout.readline().strip() != "ready":
                    raise SystemExit("a saving process did not start")
            for proc in children:
                assert proc.stdin is not None
                proc.stdin.write("go\n")
                proc.stdin.close()
            in_conflict = set()
            for n, proc in enumerate(children):
                assert proc.stdout is not None
                for line in proc.stdout.read().splitlines():
                    outcome, version = line.split()
                    outcomes[outcome] += 1
                    if outcome == "conflict":
                        in_conflict.add(TITLE.format(n, version))
                proc.stdout.close()
                if proc.wait() != 0:
                    outcomes["crashed"] += 1
            found, bad = titles_on_disk(workspace.root)
            unparseable += bad
            made = {TITLE.format(n, v) for n in range(args.processes) for v in range(per_process)}
            lost += len(made - found)
            lost_conflict_versions += len(in_conflict - found)
    counts = {
        "saves": per_process * args.processes * args.rounds,
        "processes": args.processes,
        "saved": outcomes["saved"],
        "conflicts": outcomes["conflict"],
        "copies_kept": outcomes["copy"],
        "failed": outcomes["failed"],
        "crashed": outcomes["crashed"],
        "unparseable": unparseable,
        "lost_conflict_versions": lost_conflict_versions,
        "lost": lost,
    }
    failures = ("failed", "crashed", "unparseable", "lost_conflict_versions")
    return report("concurrent_sessions", counts, failures if args.prune else (*failures, "lost"))


if __name__ == "__main__":
    sys.exit(main())
