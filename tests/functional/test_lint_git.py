"""`postmortem lint --changed REV` and `--format github` on a real git repository: only the
postmortems changed since REV are checked, and findings come out as workflow annotations
with repository-relative paths and the field's line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from git_support import Repo, git_env, make_repo, needs_git

from postmortem_tui.cli.github import escape_data, escape_property, field_line

CLEAN = """\
schema_version = 1
title = "Checkout errors after a config push"
date = 2026-03-12
review_on = 2026-03-30
summary = "Checkout failed for 20 minutes after a config push. Rolling back restored it."
root_cause = "The config pipeline accepted a file without the pool limit key."

[impact]
users_affected = 300

[[timeline]]
at = 2026-03-12T09:00:00Z
event = "Config push reaches production"
milestone = "started"

[[timeline]]
at = 2026-03-12T09:03:00Z
event = "Error rate alert fires"
milestone = "detected"

[[timeline]]
at = 2026-03-12T09:20:00Z
event = "Push rolled back"
milestone = "resolved"

[[actions]]
kind = "prevent"
text = "Add a schema check for pool settings to the config pipeline"
owner = "@platform"
due = 2026-03-27
"""
BLAMING = CLEAN.replace("Push rolled back", "Sam forgot the pool limit; push rolled back")
WARNED = CLEAN.replace("review_on = 2026-03-30\n", "")


def lint(repo: Repo, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *(sys.executable, "-m", "postmortem_tui", "--workspace", str(repo.root / "pms")),
            *("lint", "--today", "2026-03-20", *args),
        ],
        cwd=cwd or repo.root,
        env=repo.env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A repository whose workspace is its `pms/` folder, with two clean postmortems."""
    home = tmp_path / "home"
    home.mkdir()
    repo = Repo(tmp_path / "repo", home)
    (repo.root / "pms").mkdir(parents=True)
    repo.git("init", "-q")
    for name in ("2026-03-12-checkout", "2026-03-13-search"):
        (repo.root / "pms" / f"{name}.toml").write_text(CLEAN, encoding="utf-8")
    (repo.root / "notes.toml").write_text('not = "a postmortem"\n')  # outside the workspace
    repo.commit_all("Two postmortems")
    return repo


pytestmark = needs_git


def test_changed_checks_only_what_changed_since_rev(repo: Repo) -> None:
    pms = repo.root / "pms"
    (pms / "2026-03-13-search.toml").write_text(BLAMING, encoding="utf-8")
    repo.commit_all("Search postmortem edited")
    (pms / "2026-03-14-new.toml").write_text(WARNED, encoding="utf-8")  # not yet tracked
    (repo.root / "notes.toml").write_text("broken = \n")  # outside the workspace: not read
    done = lint(repo, "--changed", "HEAD~1")
    assert done.returncode == 1, done.stderr
    ids = sorted({line.split(":")[0] for line in done.stdout.splitlines()})
    assert ids == ["2026-03-13-search", "2026-03-14-new"]
    # Nothing changed since HEAD but the new file; a deleted postmortem is not looked for.
    (pms / "2026-03-14-new.toml").unlink()
    (pms / "2026-03-12-checkout.toml").unlink()
    done = lint(repo, "--changed", "HEAD")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_changed_with_an_unknown_revision_is_one_line_exit_2(repo: Repo) -> None:
    for bad in ("no-such-branch", "--output=x"):
        done = lint(repo, f"--changed={bad}")
        assert done.returncode == 2
        assert len(done.stderr.splitlines()) == 1, done.stderr
        assert "revision" in done.stderr
    assert not (repo.root / "x").exists()


def test_changed_outside_a_repository_is_one_line_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "postmortem_tui",
            "--workspace",
            str(folder),
            "lint",
            "--changed",
            "HEAD",
        ],
        env=git_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"postmortem: --changed: {folder} is not in a git repository"
    ]


def test_changed_with_refs_is_bad_usage(repo: Repo) -> None:
    done = lint(repo, "--changed", "HEAD", "--all")
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1


def test_github_format_annotates_the_field_s_line_relative_to_the_repository(repo: Repo) -> None:
    path = repo.root / "pms" / "2026-03-13-search.toml"
    path.write_text(BLAMING, encoding="utf-8")
    done = lint(repo, "--changed", "HEAD", "--format", "github", cwd=repo.root / "pms")
    assert done.returncode == 1, done.stderr
    line = BLAMING.splitlines().index('event = "Sam forgot the pool limit; push rolled back"') + 1
    (annotation,) = done.stdout.splitlines()
    assert annotation.startswith(
        f"::error file=pms/2026-03-13-search.toml,line={line},title=blame-person::"
    )
    assert "::Timeline, 09:20 UTC Sam forgot the pool limit; push…: “Sam forgot” makes" in (
        annotation
    )
    assert "%0A" in annotation  # the suggestion on its own line


def test_github_format_warnings_and_unreadable_files(repo: Repo) -> None:
    pms = repo.root / "pms"
    (pms / "2026-03-12-checkout.toml").write_text(WARNED, encoding="utf-8")
    (pms / "2026-03-13-search.toml").write_text(CLEAN + "\nbroken = \n", encoding="utf-8")
    done = lint(repo, "--all", "--format", "github")
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    broken = len(CLEAN.splitlines()) + 2
    assert lines[0].startswith(
        f"::error file=pms/2026-03-13-search.toml,line={broken},title=unreadable::invalid TOML"
    )
    review_on = field_line(WARNED, "review_on")
    assert review_on is None  # missing: the annotation is on the file
    assert lines[1].startswith(
        "::warning file=pms/2026-03-12-checkout.toml,title=no-review-date::Summary, Review on:"
    )
    assert len(done.stderr.splitlines()) == 1


def test_github_format_escapes_workflow_command_characters(repo: Repo) -> None:
    hostile = BLAMING.replace(
        "Sam forgot the pool limit; push rolled back", "Sam forgot 100%, then ::error:: push"
    )
    name = "2026-03-13-a,b:c%.toml"
    (repo.root / "pms" / name).write_text(hostile, encoding="utf-8")
    done = lint(repo, name, "--format", "github")
    (annotation,) = done.stdout.splitlines()
    assert annotation.startswith("::error file=pms/2026-03-13-a%2Cb%3Ac%25.toml,line=")
    message = annotation.split("::", 2)[2]
    assert "Sam forgot 100%25, then ::error" in message
    assert "\r" not in annotation


def test_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("50%\r\nnext: a,b") == "50%25%0D%0Anext: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


@pytest.mark.parametrize(
    ("field", "line"),
    [
        ("summary", 5),
        ("impact", 8),
        ("impact.users_affected", 9),
        ("timeline", 11),
        ("timeline[1]", 16),
        ("timeline[1].event", 18),
        ("actions[0].owner", 29),
        ("nothing_here", None),
    ],
)
def test_field_line_finds_fields_items_and_lists(field: str, line: int | None) -> None:
    assert field_line(CLEAN, field) == line


def test_make_repo_sets_up_the_driver(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    assert repo.git("config", "merge.postmortem.driver").stdout.strip()
