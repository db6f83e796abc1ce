"""`postmortem lint` through the real command: every exit code, the text lines, the JSON shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
event = "Error rate alert fires; Sam paged the database team"
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


def run(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POSTMORTEM_WORKSPACE": str(workspace), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "lint", "--today", "2026-03-20", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "pms"
    folder.mkdir()
    return folder


def put(workspace: Path, postmortem_id: str, text: str) -> Path:
    path = workspace / f"{postmortem_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_postmortems_exit_0_with_no_output(workspace: Path) -> None:
    put(workspace, "2026-03-12-checkout", CLEAN)
    result = run(workspace, "--all")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_warnings_pass_unless_strict(workspace: Path) -> None:
    put(workspace, "2026-03-12-checkout", WARNED)
    result = run(workspace, "2026-03-12")
    assert result.returncode == 0
    assert result.stdout == (
        "2026-03-12-checkout: Summary, Review on: warning no-review-date: "
        "No follow-up review date is set\n"
    )
    assert run(workspace, "2026-03-12", "--strict").returncode == 1


def test_errors_exit_1_as_text_lines(workspace: Path) -> None:
    put(workspace, "2026-03-12-checkout", BLAMING)
    path = put(workspace, "2026-03-13-clean", CLEAN)
    result = run(workspace, "2026-03-12-checkout", str(path))
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "2026-03-12-checkout: Timeline, 09:20 UTC Sam forgot the pool limit; push…: "
        "error blame-person: "
        "“Sam forgot” makes a person the one who failed"
    ]


def test_json_shape(workspace: Path) -> None:
    put(workspace, "2026-03-12-checkout", BLAMING)
    put(workspace, "2026-03-13-clean", CLEAN)
    result = run(workspace, "--all", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["version"] == 1
    assert report["counts"] == {"error": 1, "warning": 0, "hint": 0}
    assert [p["id"] for p in report["postmortems"]] == ["2026-03-12-checkout", "2026-03-13-clean"]
    first = report["postmortems"][0]
    assert set(first) == {"id", "path", "title", "findings"}
    assert first["findings"] == [
        {
            "rule_id": "blame-person",
            "severity": "error",
            "field": "timeline[2].event",
            "where": "Timeline, 09:20 UTC Sam forgot the pool limit; push…",
            "pane": "timeline",
            "span": [0, 10],
            "message": "“Sam forgot” makes a person the one who failed",
            "suggestion": first["findings"][0]["suggestion"],
        }
    ]
    assert report["postmortems"][1]["findings"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "postmortem: lint: give one or more REFs, or --all\n"),
        (("--all", "2026"), "postmortem: lint: give either REF... or --all, not both\n"),
        (("nope",), "postmortem: nope: no postmortem with that id in "),
        (("--format", "yaml", "--all"), "postmortem: "),
    ],
)
def test_bad_usage_exits_2_with_one_line(
    workspace: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(workspace, *args)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_an_unreadable_file_exits_2_and_the_others_are_still_checked(workspace: Path) -> None:
    put(workspace, "2026-03-12-checkout", BLAMING)
    broken = put(workspace, "2026-03-14-broken", 'schema_version = 1\ntitle = "x"\ndate = "soon"\n')
    before = broken.read_bytes()
    result = run(workspace, "--all")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "postmortem: 2026-03-14-broken.toml: line 3: expected a date (YYYY-MM-DD) for 'date'"
    ]
    assert "blame-person" in result.stdout
    assert broken.read_bytes() == before


def test_a_bad_workspace_config_exits_2_naming_the_key(workspace: Path) -> None:
    put(workspace, "2026-03-12-checkout", CLEAN)
    (workspace / "postmortem.toml").write_text('[review]\ndisable = ["nope"]\n')
    result = run(workspace, "--all")
    assert result.returncode == 2
    assert result.stderr.startswith("postmortem: ")
    assert "review.disable[0]: unknown rule 'nope'" in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_workspace_config_applies(workspace: Path) -> None:
    put(workspace, "2026-03-12-checkout", BLAMING)
    (workspace / "postmortem.toml").write_text('[review.severity]\nblame-person = "warning"\n')
    result = run(workspace, "--all")
    assert result.returncode == 0
    assert "warning blame-person" in result.stdout
