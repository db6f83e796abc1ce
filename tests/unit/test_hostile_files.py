"""Hostile files and arguments: one line on stderr, exit 2 for that file, the good ones still
listed, exported and linted; never a traceback (issue 10, defects 4 and 8)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from postmortem_tui.core.typed_values import (
    TypedValueError,
    parse_event_time,
    parse_whole_number,
)
from postmortem_tui.storage.index import INDEX_FILE
from postmortem_tui.storage.workspace import MAX_NESTING, PostmortemFileError, Workspace, load


def postmortem(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def sample(workspace_path: Path) -> tuple[Workspace, Path]:
    workspace = Workspace(workspace_path).ensure()
    return workspace, workspace.add_sample()


HOSTILE = {
    "early": (r"^at = \S+", "at = 0001-01-01T00:00:00+01:00", "outside the years 1 to 9999"),
    "late": (r"^at = \S+", "at = 9999-12-31T23:59:59-23:59", "outside the years 1 to 9999"),
    "duration": (
        r"^duration_minutes = \d+",
        "duration_minutes = 1440000000000000",
        "expected a number up to 1,000,000,000,000",
    ),
    "nested": (r"^\[impact\]", "weird = " + "[" * 300 + "]" * 300 + "\n\n[impact]", "nested"),
    "very-nested": (r"^\[impact\]", "weird = " + "[" * 600 + "]" * 600 + "\n\n[impact]", "nested"),
    "nested-table": (
        r"^\[impact\]",
        "deep = " + "{a = " * 300 + "1" + "}" * 300 + "\n\n[impact]",
        "nested",
    ),
}


def plant(workspace: Workspace, sample: Path, name: str) -> Path:
    pattern, replacement, _ = HOSTILE[name]
    text = sample.read_text(encoding="utf-8")
    hostile, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
    assert count == 1
    path = workspace.root / f"2026-01-01-{name}.toml"
    path.write_text(hostile, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_is_refused_in_one_line_and_the_rest_still_work(
    sample: tuple[Workspace, Path], name: str
) -> None:
    workspace, good = sample
    path = plant(workspace, good, name)
    before = path.read_bytes()
    with pytest.raises(PostmortemFileError, match=HOSTILE[name][2]):
        load(path)

    exported = postmortem("export", path.stem, "--workspace", str(workspace.root))
    assert exported.returncode == 2
    assert exported.stderr.count("\n") == 1 and HOSTILE[name][2] in exported.stderr
    assert "Traceback" not in exported.stderr

    listed = postmortem("list", "--workspace", str(workspace.root))
    assert listed.returncode == 0, listed.stderr
    assert good.stem in listed.stdout
    assert re.search(rf"^{re.escape(path.stem)} +BROKEN: ", listed.stdout, flags=re.M)

    linted = postmortem("lint", "--all", "--workspace", str(workspace.root))
    assert linted.returncode == 2 and "Traceback" not in linted.stderr
    assert good.stem in linted.stdout  # the good postmortem was still reviewed

    everything = postmortem(
        "export", "--all", "-o", str(workspace.root / "out"), "--workspace", str(workspace.root)
    )
    assert "Traceback" not in everything.stderr
    assert (workspace.root / "out" / f"{good.stem}.md").is_file()
    assert path.read_bytes() == before


def test_nesting_within_the_limit_loads(sample: tuple[Workspace, Path]) -> None:
    workspace, good = sample
    text = good.read_text(encoding="utf-8")
    nested = "weird = " + "[" * (MAX_NESTING - 1) + "1" + "]" * (MAX_NESTING - 1)
    path = workspace.root / "2026-01-01-fine.toml"
    path.write_text(text.replace("[impact]", f"{nested}\n\n[impact]", 1), encoding="utf-8")
    assert load(path).postmortem.extra["weird"]


@pytest.mark.parametrize(
    "entries",
    [
        [1, 2],
        {"FILE": [1]},
        {"FILE": {"stamp": "STAMP", "summary": {"title": {"a": 1}}}},
        {"FILE": {"stamp": "STAMP", "summary": "x"}},
        {"FILE": {"stamp": "STAMP", "summary": {"title": "t", "date": 5}}},
        {"FILE": {"stamp": "STAMP", "summary": {"title": "\x1b]0;x\x07", "open_action_dues": "a"}}},
    ],
)
def test_a_crafted_index_is_read_from_the_files_instead(
    sample: tuple[Workspace, Path], entries: object
) -> None:
    workspace, good = sample
    old = good.stat().st_mtime - 60  # files changed in the last seconds are never cached
    os.utime(good, (old, old))
    assert postmortem("list", "--workspace", str(workspace.root)).returncode == 0  # index built
    index = json.loads((workspace.root / INDEX_FILE).read_text())
    stamp = index["entries"][good.name]["stamp"]
    crafted = json.dumps({"version": 1, "entries": entries})
    crafted = crafted.replace('"FILE"', json.dumps(good.name)).replace('"STAMP"', json.dumps(stamp))
    (workspace.root / INDEX_FILE).write_text(crafted)
    listed = postmortem("list", "--json", "--workspace", str(workspace.root))
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)[0]["title"] == load(good).postmortem.title


def test_a_deeply_nested_index_is_ignored(sample: tuple[Workspace, Path]) -> None:
    workspace, good = sample
    (workspace.root / INDEX_FILE).write_text("[" * 100_000 + "]" * 100_000)
    listed = postmortem("list", "--workspace", str(workspace.root))
    assert listed.returncode == 0, listed.stderr
    assert good.stem in listed.stdout


def test_an_argument_that_is_not_utf8_is_refused_in_one_line(workspace_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "new", b"caf\xe9", "--no-edit"],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == b"postmortem: argument 2 is not UTF-8 text\n"
    assert not workspace_path.exists() or not list(workspace_path.glob("*.toml"))


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_terminal_that_cannot_show_the_text_gets_escapes(
    sample: tuple[Workspace, Path], encoding: str
) -> None:
    workspace, good = sample
    text = good.read_text(encoding="utf-8").replace(
        'title = "Payment', 'title = "Zahlungs\u2011Webhooks 😬 Payment', 1
    )
    good.write_text(text, encoding="utf-8")
    listed = postmortem(
        "list", "--workspace", str(workspace.root), env={"PYTHONIOENCODING": encoding}
    )
    assert listed.returncode == 0, listed.stderr
    assert "Zahlungs" in listed.stdout and "Traceback" not in listed.stderr


def test_typed_values_stay_within_what_a_file_can_hold() -> None:
    with pytest.raises(TypedValueError, match="outside the years"):
        parse_event_time("0001-01-01T00:00+01:00", incident_date=date(2026, 1, 1), previous=None)
    assert parse_event_time(
        "2026-01-01T00:00+01:00", incident_date=None, previous=None
    ) == datetime.fromisoformat("2026-01-01T00:00+01:00")
    with pytest.raises(TypedValueError, match="up to 1,000,000,000,000"):
        parse_whole_number("1440000000000000")
    assert parse_whole_number("1,000,000,000,000") == 10**12


def test_lint_json_escapes_c1_and_bidi_characters_of_file_names(
    sample: tuple[Workspace, Path],
) -> None:
    workspace, good = sample
    hostile = workspace.root / "2026-01-01-x\x9b31m-\u202eevil.toml"
    hostile.write_bytes(good.read_bytes())
    linted = postmortem("lint", "--all", "--format", "json", "--workspace", str(workspace.root))
    assert linted.returncode in (0, 1), linted.stderr
    assert not re.search("[\x80-\x9f\u202e]", linted.stdout)
    report = json.loads(linted.stdout)
    assert any("\x9b" in json.dumps(item, ensure_ascii=False) for item in report["postmortems"])


def test_a_path_to_a_missing_file_is_not_taken_for_the_workspace_file(
    sample: tuple[Workspace, Path], tmp_path: Path
) -> None:
    workspace, good = sample
    elsewhere = tmp_path / "nowhere" / good.name
    exported = postmortem("export", str(elsewhere), "--workspace", str(workspace.root))
    assert exported.returncode == 2
    assert exported.stderr == f"postmortem: {elsewhere}: no such file\n"
    by_name = postmortem("export", good.name, "--workspace", str(workspace.root))
    assert by_name.returncode == 0 and by_name.stdout.startswith("# ")  # a bare name still works


def test_a_fifo_named_like_a_postmortem_is_refused_without_waiting(
    sample: tuple[Workspace, Path],
) -> None:
    """Opening a FIFO waits for a writer that never comes: it must be refused, not read."""
    workspace, good = sample
    fifo = workspace.root / "2026-01-01-fifo.toml"
    os.mkfifo(fifo)
    for command in (["list"], ["lint", "--all"], ["export", fifo.stem]):
        result = subprocess.run(
            [sys.executable, "-m", "postmortem_tui", *command, "--workspace", str(workspace.root)],
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert "Traceback" not in result.stderr
        assert "not a regular file" in result.stdout + result.stderr
    listed = postmortem("list", "--workspace", str(workspace.root))
    assert good.stem in listed.stdout


def test_deeply_nested_workspace_settings_are_refused_in_one_line(
    sample: tuple[Workspace, Path],
) -> None:
    workspace, _ = sample
    (workspace.root / "postmortem.toml").write_text("review = " + "[" * 600 + "]" * 600 + "\n")
    linted = postmortem("lint", "--all", "--workspace", str(workspace.root))
    assert linted.returncode == 2
    assert linted.stderr.count("\n") == 1 and "nested" in linted.stderr, linted.stderr


def test_bidi_and_invisible_characters_never_reach_the_terminal_from_the_cli(
    sample: tuple[Workspace, Path],
) -> None:
    """`list`, `lint` and every one-line complaint show them as `<U+202E>`, not obey them."""
    workspace, good = sample
    text = good.read_text(encoding="utf-8").replace(
        'title = "Payment', 'title = "\\u202eevil\\u200b Payment', 1
    )
    good.write_text(text, encoding="utf-8")
    broken = workspace.root / "2026-01-01-\u2066x\ufeff.toml"
    broken.write_text("title = 1\n")
    unsafe = re.compile("[\u202e\u200b\u2066\ufeff]")
    for command in (["list"], ["lint", "--all"], ["export", broken.stem]):
        result = postmortem(*command, "--workspace", str(workspace.root))
        assert not unsafe.search(result.stdout + result.stderr), (command, result)
    listed = postmortem("list", "--workspace", str(workspace.root))
    assert "<U+202E>evil<U+200B> Payment" in listed.stdout


def test_an_export_through_a_linked_history_folder_is_refused(
    sample: tuple[Workspace, Path], tmp_path: Path
) -> None:
    workspace, good = sample
    outside = tmp_path / "outside"
    outside.mkdir()
    (workspace.root / ".history").symlink_to(outside)
    target = workspace.root / ".history" / good.stem / "20260101T000000000000Z.toml"
    (outside / good.stem).mkdir()
    exported = postmortem(
        "export", good.stem, "-o", str(target), "--workspace", str(workspace.root)
    )
    assert exported.returncode == 2, exported.stderr
    assert "refusing to write an export" in exported.stderr
    assert list(outside.rglob("*")) == [outside / good.stem]
