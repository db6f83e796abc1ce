"""A real git repository of postmortems for the tests: isolated from the user's git config
(HOME and the config files point into the test's folder), with fixed author and committer,
`main` as the first branch, and the merge driver set up by `postmortem init --git`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git_env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "POSTMORTEM_WORKSPACE"))
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_AUTHOR_NAME="Drill",
        GIT_AUTHOR_EMAIL="drill@example.invalid",
        GIT_COMMITTER_NAME="Drill",
        GIT_COMMITTER_EMAIL="drill@example.invalid",
        GIT_EDITOR="true",
        GIT_TERMINAL_PROMPT="0",
        NO_COLOR="1",
        TZ="UTC",
    )
    return env


class Repo:
    """A work tree under `root`, git and `postmortem` run in it."""

    def __init__(self, root: Path, home: Path) -> None:
        self.root = root
        self.env = git_env(home)

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["git", "-c", "init.defaultBranch=main", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {done.returncode}\n{done.stderr}")
        return done

    def postmortem(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "postmortem_tui", "--workspace", str(self.root), *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )

    def commit_all(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def unmerged(self) -> list[str]:
        """The paths git reports as unmerged (`git status`: both modified)."""
        status = self.git("status", "--porcelain").stdout.splitlines()
        return [line[3:] for line in status if line[:2] in ("UU", "AA", "DU", "UD")]


def make_repo(tmp_path: Path, name: str = "team") -> Repo:
    """A new repository with the merge driver set up (`postmortem init --git`)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    repo = Repo(tmp_path / name, home)
    repo.root.mkdir()
    repo.git("init", "-q")
    done = repo.postmortem("init", "--git")
    assert done.returncode == 0, done.stderr
    return repo
