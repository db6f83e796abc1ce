"""The benchmark generator is repeatable and writes postmortems that load."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from postmortem_tui.storage.workspace import load

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.toml"))}


def test_workspace_is_repeatable_for_a_seed_and_loads(tmp_path: Path) -> None:
    generate = _generator()
    first = generate.write_workspace(tmp_path / "a", count=12, seed=7)
    generate.write_workspace(tmp_path / "b", count=12, seed=7)
    generate.write_workspace(tmp_path / "c", count=12, seed=8)

    assert len(first) == len({p.name for p in first}) == 12
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")
    assert _contents(tmp_path / "a") != _contents(tmp_path / "c")
    for path in first:
        pm = load(path).postmortem
        assert 10 <= len(pm.timeline) <= 30 and pm.actions and pm.factors


def test_big_postmortem_has_the_sizes_of_the_issue_and_loads(tmp_path: Path) -> None:
    generate = _generator()
    path = generate.write_big(tmp_path, seed=3)

    pm = load(path).postmortem
    assert (len(pm.timeline), len(pm.actions), len(pm.factors)) == (2000, 200, 50)
    assert path.read_bytes() == generate.write_big(tmp_path / "again", seed=3).read_bytes()


def test_chat_log_is_repeatable_and_imports() -> None:
    from datetime import UTC, date

    from postmortem_tui.core.timeline_import import (
        InputFile,
        ParseContext,
        detect,
        plan_import,
        read_records,
    )

    generate = _generator()
    log = generate.chat_log(500, seed=7)
    assert log == generate.chat_log(500, seed=7) != generate.chat_log(500, seed=8)
    assert detect(log) == "chat"
    parsed = read_records([InputFile("chat.txt", log)], "auto", ParseContext(UTC, date(2026, 1, 1)))
    assert len(plan_import([], parsed, tz=UTC).events) == 500
