"""`postmortem stats` and core/stats.py on a workspace with known answers (figures_support):
medians and 90th percentiles worked out by hand here, every option, postmortems without
milestones and without due dates, and a broken file beside the good ones."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from figures_support import RETRIES, RUNBOOK, TODAY, known_workspace
from postmortem_tui.core.stats import median, nearest_rank

MIN = 60.0


def run(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "stats", "--workspace", str(workspace), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


def stats_json(workspace: Path, *args: str) -> dict:
    done = run(workspace, "--format", "json", "--today", TODAY.isoformat(), *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return known_workspace(tmp_path_factory.mktemp("known") / "ws").root


def times(group: dict) -> dict[str, tuple[float | None, float | None, int, int]]:
    return {
        key: (
            None if t["median_seconds"] is None else t["median_seconds"] / MIN,
            None if t["p90_seconds"] is None else t["p90_seconds"] / MIN,
            t["measured"],
            t["without_milestones"],
        )
        for key, t in group["times"].items()
    }


# --- the definitions, checked against a plain reading of them --------------------------------


def test_median_and_nearest_rank_by_hand() -> None:
    assert median([]) is None and nearest_rank([], 90) is None
    assert median([7.0]) == 7.0 and nearest_rank([7.0], 90) == 7.0
    assert median([5.0, 10.0, 20.0, 40.0, 60.0, 90.0]) == 30.0  # the two middle ones' mean
    assert nearest_rank([90.0, 5.0, 10.0, 20.0, 40.0, 60.0], 90) == 90.0  # rank ceil(5.4) = 6
    values = [float(n) for n in range(1, 11)]
    assert nearest_rank(values, 90) == 9.0  # rank 9 of 10
    assert nearest_rank([*values, 11.0], 90) == 10.0  # rank ceil(9.9) = 10 of 11


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=60))
def test_nearest_rank_is_the_smallest_value_with_90_percent_at_or_below(values: list[int]) -> None:
    p90 = nearest_rank([float(v) for v in values], 90)
    at_or_below = sum(1 for v in values if v <= p90)
    below = sum(1 for v in values if v < p90)
    assert p90 in values
    assert at_or_below * 10 >= 9 * len(values)
    assert below * 10 < 9 * len(values)


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=60))
def test_median_splits_the_values(values: list[int]) -> None:
    ordered = sorted(values)
    middle = len(ordered) // 2
    expected = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    assert math.isclose(median([float(v) for v in values]), expected)


# --- the command on the known workspace --------------------------------------------------------


def test_totals_times_actions_tags_factors(ws: Path) -> None:
    data = stats_json(ws)
    total = data["total"]
    assert total["incidents"] == 7  # the broken file is not one of them...
    assert data["not_read"] == ["2026-02-10-broken"]  # ...and is named
    assert data["percentile_method"] == "nearest-rank"
    # detect: 5 10 20 40 60 90 (the postmortem without milestones left out)
    # ack: 10 15 30 61 100; mitigate: 30 45 50 100 120; resolve: 60 90 120 150 240
    assert times(total) == {
        "to_detect": (30.0, 90.0, 6, 1),
        "to_acknowledge": (30.0, 100.0, 5, 2),
        "to_mitigate": (50.0, 120.0, 5, 2),
        "to_resolve": (120.0, 240.0, 5, 2),
    }
    assert total["actions"] == {"done": 2, "open": 4, "overdue": 2, "without_due": 2}
    assert total["tags"] == [
        {"tag": "db", "postmortems": 3},
        {"tag": "queue", "postmortems": 2},
        {"tag": "network", "postmortems": 1},
    ]
    assert total["factors"] == [
        {"factor": RETRIES, "postmortems": 3},
        {"factor": RUNBOOK, "postmortems": 1},
    ]


def test_since_and_until_are_inclusive(ws: Path) -> None:
    data = stats_json(ws, "--since", "2026-02-05", "--until", "2026-03-15")
    total = data["total"]
    assert total["incidents"] == 3  # 02-05, 03-01, 03-15: both ends included
    assert times(total)["to_detect"] == (30.0, 40.0, 2, 1)  # 20 and 40; rank ceil(1.8) = 2
    assert times(total)["to_resolve"] == (90.0, 90.0, 1, 2)
    assert total["actions"] == {"done": 1, "open": 1, "overdue": 1, "without_due": 1}
    assert stats_json(ws, "--since", "2026-05-06")["total"]["incidents"] == 0
    assert stats_json(ws, "--until", "2026-01-10")["total"]["incidents"] == 1


def test_today_decides_what_is_overdue(ws: Path) -> None:
    done = run(ws, "--format", "json", "--today", "2026-01-01")
    assert json.loads(done.stdout)["total"]["actions"]["overdue"] == 0
    done = run(ws, "--format", "json", "--today", "2026-12-31")
    assert json.loads(done.stdout)["total"]["actions"]["overdue"] == 3  # 03-01, 06-14, 07-01


def groups(data: dict) -> dict[str, int]:
    return {g["group"]: g["incidents"] for g in data["groups"]}


def test_by_severity(ws: Path) -> None:
    data = stats_json(ws, "--by", "severity")
    assert groups(data) == {"critical": 2, "major": 3, "minor": 2}
    assert [g["group"] for g in data["groups"]] == ["critical", "major", "minor"]
    major = data["groups"][1]
    assert times(major)["to_detect"] == (20.0, 90.0, 3, 0)  # 10 20 90
    assert times(major)["to_resolve"] == (120.0, 150.0, 3, 0)  # 90 120 150
    critical = data["groups"][0]
    assert times(critical)["to_acknowledge"] == (10.0, 10.0, 1, 1)


def test_by_month_and_quarter(ws: Path) -> None:
    assert groups(stats_json(ws, "--by", "month")) == {
        "2026-01": 2,
        "2026-02": 1,
        "2026-03": 2,
        "2026-04": 1,
        "2026-05": 1,
    }
    assert groups(stats_json(ws, "--by", "quarter")) == {"2026-Q1": 5, "2026-Q2": 2}


def test_by_tag_counts_a_postmortem_in_each_of_its_tags(ws: Path) -> None:
    data = stats_json(ws, "--by", "tag")
    assert groups(data) == {"db": 3, "network": 1, "queue": 2, "(none)": 2}
    assert data["groups"][-1]["group"] == "(none)"


def test_text_output_says_what_was_left_out(ws: Path) -> None:
    done = run(ws, "--today", TODAY.isoformat())
    assert done.returncode == 0
    out = done.stdout
    assert out.startswith("7 incidents, all dates\n")
    assert "not counted: 1 file(s) that do not load (2026-02-10-broken)" in out
    assert (
        "time to detect                30m       1h 30m  6 of 7 (1 without the milestones)" in out
    )
    assert (
        "time to resolve             2h 0m        4h 0m  5 of 7 (2 without the milestones)" in out
    )
    assert "action items: 2 done, 4 open, 2 overdue on 2026-06-15 (2 without a due date)" in out
    assert "most frequent tags: db 3, queue 2, network 1" in out
    assert f"     3  {RETRIES}" in out
    assert "nearest rank" in out
    by = run(ws, "--today", TODAY.isoformat(), "--by", "severity").stdout
    assert "severity major: 3 incidents" in by
    assert "  time to detect                20m" in by


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2026-13-01"], "argument --since: '2026-13-01' is not a date"),
        (["--until", "soon"], "argument --until: 'soon' is not a date"),
        (["--by", "owner"], "argument --by: invalid choice: 'owner'"),
        (["--format", "csv"], "argument --format: invalid choice: 'csv'"),
        (["--today", "yesterday"], "argument --today: 'yesterday' is not a date"),
        (["--since", "2026-03-01", "--until", "2026-02-01"], "--since 2026-03-01 is after"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(ws: Path, args: list[str], message: str) -> None:
    before = sorted(p.name for p in ws.iterdir())
    done = run(ws, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and message in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in ws.iterdir()) == before


def test_empty_and_missing_workspaces(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    data = stats_json(missing)
    assert data["total"]["incidents"] == 0
    assert data["total"]["times"]["to_detect"]["median_seconds"] is None
    assert not missing.exists()  # nothing written outside what exists
    done = run(missing)
    assert done.returncode == 0 and done.stdout.startswith("0 incidents")


def test_the_cache_gives_the_same_figures(ws: Path) -> None:
    (ws / ".details.json").unlink(missing_ok=True)
    first = stats_json(ws, "--by", "tag")
    assert (ws / ".details.json").exists()
    assert stats_json(ws, "--by", "tag") == first
    (ws / ".details.json").write_text('{"version": 1, "entries": {"x": [1]}}')
    assert stats_json(ws, "--by", "tag") == first
