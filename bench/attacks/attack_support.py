"""What the attack scripts share: arguments, a scratch workspace, the sample, file hashes,
the installed command, and the one-line summary each script ends with."""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from postmortem_tui.core.model import to_dict
from postmortem_tui.storage.workspace import Workspace, load


def arguments(description: str, trials: int, **extra: Any) -> argparse.ArgumentParser:
    """The options every attack takes: `--trials N`, `--seed N`, `--keep` (the scratch folder)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--trials", type=int, default=trials, help=f"default {trials}")
    parser.add_argument("--seed", type=int, default=20260312, help="random seed")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    for name, default in extra.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=default)
    return parser


@contextmanager
def scratch(keep: bool, name: str) -> Iterator[Path]:
    """A private folder for one run; removed afterwards unless `keep`."""
    folder = Path(tempfile.mkdtemp(prefix=f"pm-attack-{name}-"))
    try:
        yield folder
    finally:
        if keep:
            print(f"# kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def sample_data(folder: Path) -> dict[str, Any]:
    """The shipped sample postmortem as plain data (copied into `folder`/sample)."""
    path = Workspace(folder / "sample").add_sample()
    return to_dict(load(path).postmortem)


def installed_command() -> str:
    """The `postmortem` command installed beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "postmortem"
    if beside.exists():
        return str(beside)
    found = shutil.which("postmortem")
    if found is None:
        raise SystemExit("the postmortem command is not installed (pip install -e .)")
    return found


def tree_state(root: Path, *, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every entry under `root` (links not followed) with a hash of what it holds:
    bytes for files, the target for links, the mode for folders. Names in `skip` are left out."""
    state: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = str(path.relative_to(root))
            if name in skip:
                continue
            info = path.lstat()
            if path.is_symlink():
                state[rel] = "link:" + os.readlink(path)
            elif path.is_dir():
                state[rel] = f"dir:{info.st_mode:o}"
            elif not stat.S_ISREG(info.st_mode):  # a FIFO: reading it would wait forever
                state[rel] = f"special:{info.st_mode:o}"
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                state[rel] = f"file:{info.st_mode:o}:{digest}"
    return state


def tree_changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """Names added, removed or changed between two `tree_state`s."""
    names = set(before) | set(after)
    return sorted(n for n in names if before.get(n) != after.get(n))


def report(name: str, counts: Mapping[str, int], failures: tuple[str, ...]) -> int:
    """Print the one-line summary; exit code 1 when any count named in `failures` is not 0."""
    failed = [key for key in failures if counts.get(key, 0)]
    verdict = "FAIL" if failed else "ok"
    body = " ".join(f"{key}={value}" for key, value in counts.items())
    print(f"{name}: {verdict} {body}", flush=True)
    return 1 if failed else 0
