"""The workspace index (`.index.json`): a shortcut for `list` and the browser, never trusted
over the files themselves."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

import postmortem_tui.storage.index as index_module
from postmortem_tui.cli.main import main
from postmortem_tui.storage.index import INDEX_FILE, summaries
from postmortem_tui.storage.workspace import Workspace

OLD = 1_700_000_000  # an mtime well outside the index's "changed just now" window


def write_postmortem(workspace: Path, name: str, title: str) -> Path:
    workspace.mkdir(parents=True, exist_ok=True)
    path = workspace / f"{name}.toml"
    path.write_text(
        f'schema_version = 1\ntitle = "{title}"\ndate = 2026-01-30\nseverity = "minor"\n',
        encoding="utf-8",
    )
    os.utime(path, (OLD, OLD))
    return path


def listed(workspace: Path) -> str:
    out = io.StringIO()
    assert main(["list"], out=out) == 0
    return out.getvalue()


def test_a_same_size_change_with_the_old_mtime_is_seen_by_list(workspace_path: Path) -> None:
    path = write_postmortem(workspace_path, "2026-01-30-queue", "Queue disk filled")
    assert "Queue disk filled" in listed(workspace_path)
    assert (workspace_path / INDEX_FILE).exists()  # the title now comes from the index
    size = path.stat().st_size
    # Same size, and the mtime put back as `touch -r` or a coarse file system would leave it.
    path.write_text(path.read_text().replace("disk filled", "node filled"))
    os.utime(path, (OLD, OLD))
    assert path.stat().st_size == size
    shown = listed(workspace_path)
    assert "Queue node filled" in shown and "Queue disk filled" not in shown


def test_a_cached_file_is_not_parsed_again(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        write_postmortem(workspace_path, f"2026-01-3{n}-queue", f"Queue disk filled {n}")
    ws = Workspace(workspace_path)
    summaries(ws)
    parsed: list[Path] = []
    real = index_module._summarise

    def counting(path: Path) -> object:
        parsed.append(path)
        return real(path)

    monkeypatch.setattr(index_module, "_summarise", counting)
    assert [s.title for s in summaries(ws)] == [f"Queue disk filled {n}" for n in range(3)]
    assert parsed == []
    changed = write_postmortem(workspace_path, "2026-01-31-queue", "Queue disk filled again")
    summaries(ws)
    assert parsed == [changed]


def test_a_file_changed_just_now_is_not_kept_in_the_index(workspace_path: Path) -> None:
    path = write_postmortem(workspace_path, "2026-01-30-queue", "Queue disk filled")
    os.utime(path)  # now: a second write in the same timestamp tick could go unseen
    summaries(Workspace(workspace_path))
    assert path.name not in (workspace_path / INDEX_FILE).read_text()


def test_a_damaged_index_is_ignored(workspace_path: Path) -> None:
    write_postmortem(workspace_path, "2026-01-30-queue", "Queue disk filled")
    (workspace_path / INDEX_FILE).write_text('{"version": 1, "entries": [1, 2')
    assert [s.title for s in summaries(Workspace(workspace_path))] == ["Queue disk filled"]


def test_an_index_written_before_the_record_types_merged_is_still_read(
    workspace_path: Path,
) -> None:
    """The version 1 entry format is unchanged: an existing index keeps saving parses."""
    import json
    from datetime import date

    path = write_postmortem(workspace_path, "2026-01-30-queue", "Queue disk filled")
    stat = path.stat()
    entry = {
        "stamp": [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino],
        "summary": {
            "title": "Title from the index",
            "date": "2026-01-30",
            "severity": "minor",
            "status": "draft",
            "format": "full",
            "open_action_dues": ["2026-02-01", None],
            "broken": "",
        },
    }
    index = {"version": 1, "entries": {path.name: entry}}
    (workspace_path / INDEX_FILE).write_text(json.dumps(index))
    [summary] = summaries(Workspace(workspace_path))
    assert summary.title == "Title from the index"
    assert summary.open_action_dues == (date(2026, 2, 1), None)
    assert (summary.open_actions, summary.overdue_actions(date(2026, 2, 2))) == (2, 1)
    assert summary.overdue_actions(date(2026, 2, 1)) == 0  # due today is not late yet
