"""The workspace as a git repository: running git, finding the repository's top, and the
postmortems changed since a revision (`postmortem lint --changed`). See docs/git.md."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .workspace import WORKSPACE_CONFIG, StorageError, Workspace


class GitError(StorageError):
    """git is missing, the folder is not in a repository, or a revision is unknown."""


def git_installed() -> bool:
    import shutil

    return shutil.which("git") is not None


def run_git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`git -C folder args...`, its output as text; never raises for git's own failures."""
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    except OSError as error:
        raise GitError(f"cannot run git: {error.strerror}") from None


def git_output(folder: Path, *args: str) -> str:
    """git's output; `GitError` with git's last line of complaint when it fails."""
    done = run_git(folder, *args)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise GitError(f"git {args[0]}: {reason.removeprefix('fatal: ')}")
    return done.stdout


def repository_root(folder: Path) -> Path | None:
    """The top of the work tree `folder` is in, or None (not a repository, or no git)."""
    if not git_installed() or not folder.is_dir():
        return None
    done = run_git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.rstrip("\n"))


def changed_postmortems(workspace: Workspace, revision: str) -> list[Path]:
    """The workspace's postmortems changed since `revision` (committed, staged or not yet
    committed) or not yet tracked, that are still there; in name order.

    Raises `GitError` when git is missing, the workspace is in no repository, or the
    revision names no commit.
    """
    if not git_installed():
        raise GitError("--changed: git is not installed (or not on PATH)")
    root = workspace.root
    if repository_root(root) is None:
        raise GitError(f"--changed: {root} is not in a git repository")
    if revision.startswith("-"):
        raise GitError(f"--changed: {revision!r} is not a revision")
    done = run_git(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    if done.returncode != 0:
        raise GitError(f"--changed: unknown revision {revision!r}")
    commit = done.stdout.strip()
    # --relative: names relative to the workspace, and only files inside it.
    changed = git_output(
        root,
        "diff",
        "--name-only",
        "-z",
        "--relative",
        "--no-renames",
        "--diff-filter=d",
        commit,
        "--",
        ".",
    )
    untracked = git_output(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
    names = {name for name in (changed + untracked).split("\0") if name}
    wanted = []
    for name in sorted(names):
        if os.sep in name or "/" in name:
            continue  # a postmortem is a top-level file of the workspace
        if not name.endswith(".toml") or name.startswith(".") or name == WORKSPACE_CONFIG:
            continue
        path = root / name
        if path.is_file():
            wanted.append(path)
    return wanted
