"""`postmortem init [DIR] [--git]`: a workspace with its settings, and a git repository that
merges postmortems with the driver; twice changes nothing; no git, one line and exit 2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_tui.cli.init import ATTRIBUTES_LINES, IGNORE_LINES, driver_command
from postmortem_tui.storage.review_settings import load_review_config

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_CONFIG_COUNT="1",
        GIT_CONFIG_KEY_0="init.defaultBranch",
        GIT_CONFIG_VALUE_0="main",
        NO_COLOR="1",
    )
    env.update(extra)
    return env


def init(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "init", *args],
        capture_output=True,
        text=True,
        env=env_for(tmp_path, **env),
        cwd=tmp_path,
        timeout=60,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (git's own folder too) with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def git(folder: Path, tmp_path: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        env=env_for(tmp_path),
        check=True,
        timeout=60,
    ).stdout


def test_init_makes_the_workspace_with_commented_settings_that_load(tmp_path: Path) -> None:
    done = init(tmp_path, "pms")
    assert done.returncode == 0, done.stderr
    settings = tmp_path / "pms" / "postmortem.toml"
    assert settings.read_text(encoding="utf-8").startswith("# postmortem-tui workspace settings")
    assert load_review_config(tmp_path / "pms").language == "en"
    assert not (tmp_path / "pms" / ".git").exists()


def test_init_without_dir_sets_up_the_workspace(tmp_path: Path, workspace_path: Path) -> None:
    done = init(tmp_path, POSTMORTEM_WORKSPACE=str(workspace_path))
    assert done.returncode == 0, done.stderr
    assert (workspace_path / "postmortem.toml").is_file()


def test_init_never_overwrites_existing_settings(tmp_path: Path) -> None:
    folder = tmp_path / "pms"
    folder.mkdir()
    (folder / "postmortem.toml").write_text('[review]\ndisable = ["summary-too-long"]\n')
    assert init(tmp_path, "pms").returncode == 0
    assert (folder / "postmortem.toml").read_text() == '[review]\ndisable = ["summary-too-long"]\n'


def test_init_refuses_a_file_as_the_folder(tmp_path: Path) -> None:
    (tmp_path / "pms").write_text("not a folder")
    done = init(tmp_path, "pms")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1


@needs_git
def test_init_git_sets_up_the_repository_and_twice_changes_nothing(tmp_path: Path) -> None:
    done = init(tmp_path, "pms", "--git")
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "pms"
    assert git(folder, tmp_path, "rev-parse", "--show-toplevel").strip() == str(folder)
    attributes = (folder / ".gitattributes").read_text().splitlines()
    assert [line for line in attributes if not line.startswith("#")] == list(ATTRIBUTES_LINES)
    ignored = (folder / ".gitignore").read_text().splitlines()
    assert [line for line in ignored if not line.startswith("#")] == list(IGNORE_LINES)
    assert git(folder, tmp_path, "config", "merge.postmortem.driver").strip() == driver_command()
    assert git(folder, tmp_path, "config", "merge.postmortem.name").strip()

    # A postmortem goes to the driver; the settings file and the app's own files do not.
    checked = git(
        folder, tmp_path, "check-attr", "merge", "--", "2026-03-12-a.toml", "postmortem.toml"
    )
    assert checked.splitlines() == [
        "2026-03-12-a.toml: merge: postmortem",
        "postmortem.toml: merge: text",
    ]
    for own in (
        ".index.json",
        ".review-rules.json",
        ".review-patterns.bin",
        ".lock",
        ".history/x/1.toml",
        ".trash/a.toml",
        ".2026-03-12-a.toml.0123456789ab.tmp",
    ):
        assert git(folder, tmp_path, "check-ignore", "--no-index", own).strip() == own
    not_ignored = subprocess.run(
        ["git", "-C", str(folder), "check-ignore", "--no-index", "2026-03-12-a.toml"],
        env=env_for(tmp_path),
        capture_output=True,
        check=False,
    )
    assert not_ignored.returncode == 1

    before = snapshot(folder)
    again = init(tmp_path, "pms", "--git")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["pms is already set up"]
    assert snapshot(folder) == before


@needs_git
def test_init_git_keeps_a_repository_s_own_lines_and_adds_only_its_own(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    folder = repo / "postmortems"
    folder.mkdir(parents=True)
    git(repo, tmp_path, "init", "-q")
    (folder / ".gitignore").write_text("/drafts/\n/.lock")  # no final newline
    assert init(tmp_path, str(folder), "--git").returncode == 0
    assert not (folder / ".git").exists()  # the repository above is used
    lines = (folder / ".gitignore").read_text().splitlines()
    assert lines[:2] == ["/drafts/", "/.lock"]
    assert lines.count("/.lock") == 1
    assert git(repo, tmp_path, "config", "merge.postmortem.driver").strip() == driver_command()
    checked = git(
        repo,
        tmp_path,
        "check-attr",
        "merge",
        "--",
        "postmortems/2026-03-12-a.toml",
        "postmortems/postmortem.toml",
        "pyproject.toml",
        "postmortems/exports/2026-03-12-a.toml",
    )
    assert checked.splitlines() == [
        "postmortems/2026-03-12-a.toml: merge: postmortem",
        "postmortems/postmortem.toml: merge: text",
        "pyproject.toml: merge: unspecified",
        "postmortems/exports/2026-03-12-a.toml: merge: unspecified",
    ]


def test_init_git_without_git_is_one_line_exit_2_and_nothing_made(tmp_path: Path) -> None:
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "init", "pms", "--git"],
        capture_output=True,
        text=True,
        env=env_for(tmp_path, PATH=str(empty)),
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "postmortem: --git: git is not installed (or not on PATH); nothing was changed"
    ]
    assert not (tmp_path / "pms").exists()
