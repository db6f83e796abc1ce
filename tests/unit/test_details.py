"""`.details.json` (storage/details.py): the search's and the figures' cache is only ever a
shortcut: a changed file is read again, a broken cache is ignored, a broken file is an entry."""

from __future__ import annotations

import json
import os
from pathlib import Path

from figures_support import known_workspace
from postmortem_tui.storage.details import DETAILS_FILE, workspace_details


def settle(root: Path) -> None:
    """Files written in the last seconds are never cached: make them old."""
    for path in root.glob("*.toml"):
        os.utime(path, (1_700_000_000, 1_700_000_000))


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    ws = known_workspace(tmp_path / "ws")
    settle(ws.root)
    first = {d.id: d for d in workspace_details(ws)}
    cache = json.loads((ws.root / DETAILS_FILE).read_text(encoding="utf-8"))
    assert len(cache["entries"]) == 8  # the broken file too
    path = next(ws.root.glob("2026-04-02-*.toml"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("Batch job", "Nightly batch job"), "utf-8"
    )
    again = {d.id: d for d in workspace_details(ws)}
    assert again[path.stem].document.title == "Nightly batch job stalled on a lock"  # type: ignore[union-attr]
    assert first[path.stem].document.title == "Batch job stalled on a lock"  # type: ignore[union-attr]
    # Just written: not cached until it has settled, then cached.
    cache = json.loads((ws.root / DETAILS_FILE).read_text(encoding="utf-8"))
    assert path.name not in cache["entries"]
    broken = again["2026-02-10-broken"]
    assert broken.document is None and broken.facts is None and "invalid TOML" in broken.broken


def test_the_cache_read_back_equals_the_files(tmp_path: Path) -> None:
    ws = known_workspace(tmp_path / "ws")
    settle(ws.root)
    from_files = workspace_details(ws, use_cache=False)
    workspace_details(ws)  # writes the cache
    assert workspace_details(ws) == from_files


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    ws = known_workspace(tmp_path / "ws")
    settle(ws.root)
    from_files = workspace_details(ws, use_cache=False)
    workspace_details(ws)
    cache_path = ws.root / DETAILS_FILE
    cache = json.loads(cache_path.read_text(encoding="utf-8"))
    for entry in cache["entries"].values():
        if "title" in entry["details"]:
            entry["details"]["text"] = ["title", [1, 2]]
            entry["details"]["times"] = ["x"]
    cache_path.write_text(json.dumps(cache), encoding="utf-8")
    assert workspace_details(ws) == from_files
    cache_path.write_text("{not json", encoding="utf-8")
    assert workspace_details(ws) == from_files
