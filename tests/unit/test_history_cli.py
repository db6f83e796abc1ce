"""`postmortem history REF [--show N | --restore N]`, run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_tui.core.model import to_dict
from postmortem_tui.storage.workspace import Workspace, load, render_toml


def run(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": str(columns)},
    )


@pytest.fixture
def kept(workspace_path: Path) -> Path:
    """The sample with two kept versions: an early draft and a second draft."""
    workspace = Workspace(workspace_path)
    path = workspace.add_sample()
    folder = workspace.own_folder(".history", path.stem)
    pm = load(path).postmortem
    title = pm.title
    pm.title = "Webhooks delayed (first draft)"
    del pm.timeline[-1]
    (folder / "20260330T091500000000Z.toml").write_text(render_toml(to_dict(pm)), "utf-8")
    pm = load(path).postmortem
    pm.title = f"{title} (second draft)"
    (folder / "20260331T101500000000Z.toml").write_text(render_toml(to_dict(pm)), "utf-8")
    return path


def test_the_list_is_newest_first_one_line_each(kept: Path) -> None:
    result = run("history", kept.stem[:12])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1  2026-03-31 10:15:00 UTC  history        title changed; 1 event added",
        "2  2026-03-30 09:15:00 UTC  history        earliest version here",
    ]


def test_times_are_shown_in_the_configured_zone(kept: Path, config_path: Path) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text('timezone = "America/New_York"\n', encoding="utf-8")
    result = run("history", kept.stem)
    assert result.stdout.splitlines()[0].startswith("1  2026-03-31 06:15:00 EDT  history")


def test_show_prints_the_diff_against_the_current_file(kept: Path) -> None:
    result = run("history", kept.stem, "--show", "2", columns=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "- version 2 (2026-03-30 09:15:00 UTC, history)"
    assert lines[1] == f"+ {kept.name} now"
    assert '- title = "Webhooks delayed (first draft)"' in lines
    assert all(len(line) <= 60 for line in lines[2:])
    assert any(line.startswith("+ event = ") for line in lines)


def test_restore_writes_the_version_and_can_be_undone(kept: Path) -> None:
    original = kept.read_bytes()
    result = run("history", kept.stem, "--restore", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Restored version 2 (2026-03-30 09:15:00 UTC, history)")
    assert len(result.stdout.splitlines()) == 1
    assert load(kept).postmortem.title == "Webhooks delayed (first draft)"
    listing = run("history", kept.stem).stdout.splitlines()
    assert len(listing) == 3
    assert run("history", kept.stem, "--restore", "1").returncode == 0
    assert kept.read_bytes() == original
    # Version 2 is now the text the first restore replaced: the current text again.
    again = run("history", kept.stem, "--restore", "2")
    assert again.returncode == 0
    assert "is the same as" in again.stdout and "nothing changed" in again.stdout
    assert kept.read_bytes() == original


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nothing-like-it"], "no postmortem with that id"),
        (["{ref}", "--show", "3"], "has no version 3 (there are 2)"),
        (["{ref}", "--restore", "0"], "versions are numbered from 1"),
        (["{ref}", "--restore", "two"], "not a version number"),
        (["{ref}", "--show", "1", "--restore", "1"], "not allowed with argument"),
    ],
)
def test_bad_ref_or_number_is_one_line_and_changes_nothing(
    kept: Path, args: list[str], message: str
) -> None:
    before = {p: p.read_bytes() for p in kept.parent.rglob("*") if p.is_file()}
    result = run("history", *(arg.format(ref=kept.stem) for arg in args))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert {p: p.read_bytes() for p in kept.parent.rglob("*") if p.is_file()} == before


def test_an_unreadable_version_is_refused_in_one_line(kept: Path) -> None:
    folder = kept.parent / ".history" / kept.stem
    (folder / "20260401T000000000000Z.toml").write_text("title = [\n", encoding="utf-8")
    listing = run("history", kept.stem).stdout.splitlines()
    assert "unreadable: invalid TOML" in listing[0]
    original = kept.read_bytes()
    result = run("history", kept.stem, "--restore", "1")
    assert result.returncode == 2
    assert result.stderr.startswith("postmortem: version 1 does not load")
    assert len(result.stderr.splitlines()) == 1
    assert kept.read_bytes() == original


def test_no_versions_yet(workspace_path: Path) -> None:
    path = Workspace(workspace_path).add_sample()
    result = run("history", path.stem)
    assert result.returncode == 0
    assert result.stdout == f"No saved versions of {path.name} yet.\n"
