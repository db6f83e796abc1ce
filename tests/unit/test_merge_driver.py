"""`postmortem merge-driver BASE OURS THEIRS [PATH]`: git's contract, without git (the drill
on real git is tests/functional/test_git_drill.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem_tui.cli.main import main
from postmortem_tui.core.conflicts import conflicts_in
from postmortem_tui.storage.workspace import load

BASE = """\
schema_version = 1
title = "Checkout errors after a config push"
summary = "Checkout failed for 20 minutes."

[[timeline]]
at = 2026-03-12T09:00:00Z
event = "Config push reaches production"

[[actions]]
text = "Add a schema check to the config pipeline"
"""


def versions(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[Path, Path, Path]:
    paths = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f".merge_file_{name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1], paths[2]


def event(minute: int, text: str) -> str:
    return f'\n[[timeline]]\nat = 2026-03-12T09:{minute:02d}:00Z\nevent = "{text}"\n'


def run(*args: Path | str) -> int:
    return main(["merge-driver", *map(str, args)])


def test_a_clean_merge_is_written_to_ours_and_exits_0(tmp_path: Path) -> None:
    base, ours, theirs = versions(
        tmp_path,
        BASE,
        BASE + event(3, "Error rate alert fires"),
        BASE.replace("20 minutes", "22 minutes") + event(20, "Push rolled back"),
    )
    before = theirs.read_bytes()
    assert run(base, ours, theirs, "2026-03-12-checkout.toml") == 0
    pm = load(ours).postmortem
    assert [e.event for e in pm.timeline] == [
        "Config push reaches production",
        "Error rate alert fires",
        "Push rolled back",
    ]
    assert pm.summary == "Checkout failed for 22 minutes."
    assert "conflicts" not in pm.extra
    assert theirs.read_bytes() == before


def test_a_conflict_is_kept_in_ours_which_still_loads_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = versions(
        tmp_path,
        BASE,
        BASE.replace("20 minutes", "21 minutes"),
        BASE.replace("20 minutes", "25 minutes"),
    )
    assert run(base, ours, theirs, "2026-03-12-checkout.toml") == 1
    pm = load(ours).postmortem
    (conflict,) = conflicts_in(pm)
    assert conflict.field == "summary"
    assert conflict.ours == "Checkout failed for 21 minutes."
    assert conflict.theirs == "Checkout failed for 25 minutes."
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "postmortem: 2026-03-12-checkout.toml: 1 conflict(s) kept in the file as "
        "[[conflicts]]; resolve them, then git add"
    ]


def test_a_file_added_on_both_sides_has_no_base(tmp_path: Path) -> None:
    _, ours, theirs = versions(
        tmp_path, "", BASE + event(3, "Alert fires"), BASE + event(20, "Rolled back")
    )
    missing = tmp_path / "no-such-base"
    assert run(missing, ours, theirs) == 0
    events = [e.event for e in load(ours).postmortem.timeline]
    assert events == ["Config push reaches production", "Alert fires", "Rolled back"]


def test_an_empty_base_with_different_titles_is_a_conflict(tmp_path: Path) -> None:
    base, ours, theirs = versions(
        tmp_path, "", BASE, BASE.replace("Checkout errors", "Checkout outage")
    )
    assert run(base, ours, theirs) == 1
    assert [c.field for c in conflicts_in(load(ours).postmortem)] == ["title"]


def test_conflicts_already_in_both_files_are_kept_once(tmp_path: Path) -> None:
    kept = '\n[[conflicts]]\nfield = "root_cause"\nours = "a"\ntheirs = "b"\n'
    base, ours, theirs = versions(
        tmp_path,
        BASE + kept,
        BASE + event(3, "Alert fires") + kept,
        BASE + event(20, "Rolled back") + kept,
    )
    assert run(base, ours, theirs) == 0  # no new conflict
    assert [c.field for c in conflicts_in(load(ours).postmortem)] == ["root_cause"]


@pytest.mark.parametrize("side", ["base", "ours", "theirs"])
def test_a_version_that_is_not_a_postmortem_leaves_ours_as_it_was(
    tmp_path: Path, side: str, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = {"base": BASE, "ours": BASE + event(3, "a"), "theirs": BASE + event(4, "b")}
    texts[side] = "<<<<<<< not toml\n"
    base, ours, theirs = versions(tmp_path, texts["base"], texts["ours"], texts["theirs"])
    before = ours.read_bytes()
    assert run(base, ours, theirs, "pm.toml") == 1
    assert ours.read_bytes() == before
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"postmortem: pm.toml: {side}'s version is not a postmortem")


def test_bad_usage_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["merge-driver", "only-one"]) == 2
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_ours_is_replaced_atomically_and_keeps_its_mode(tmp_path: Path) -> None:
    base, ours, theirs = versions(tmp_path, BASE, BASE + event(3, "a"), BASE + event(4, "b"))
    ours.chmod(0o640)
    assert run(base, ours, theirs) == 0
    assert ours.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".merge_file_base",
        ".merge_file_ours",
        ".merge_file_theirs",
    ]


def test_the_installed_command_runs_the_driver(tmp_path: Path) -> None:
    base, ours, theirs = versions(tmp_path, BASE, BASE + event(3, "a"), BASE + event(4, "b"))
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "merge-driver", str(base), str(ours), str(theirs)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert len(load(ours).postmortem.timeline) == 3


def test_a_merge_whose_result_would_not_load_leaves_ours_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An unknown key nested to the limit loads in an item, but one level deeper (inside a
    # whole-item conflict) it would not: the driver refuses to write that.
    deep = "x"
    for _ in range(29):
        deep = f"{{ a = {deep if deep != 'x' else '1'} }}"
    item = f'\n[[factors]]\ntext = "Retries are not rate limited"\nnested = {deep}\n'
    base, ours, theirs = versions(
        tmp_path, BASE + item, BASE, BASE + item.replace("not rate", "never rate")
    )
    before = ours.read_bytes()
    assert run(base, ours, theirs, "pm.toml") == 1
    assert ours.read_bytes() == before
    assert "the merged version would not load" in capsys.readouterr().err


def test_a_conflict_names_the_event_as_the_loaded_file_orders_it(tmp_path: Path) -> None:
    # 09:00 in New York is 13:00 UTC: after the 12:00Z event once the file is loaded.
    zoned = (
        'schema_version = 1\ntitle = "Zones"\ntimezone = "America/New_York"\n'
        '\n[[timeline]]\nat = 2026-03-12T09:00:00\nevent = "Local event"\n'
        '\n[[timeline]]\nat = 2026-03-12T12:00:00Z\nevent = "UTC event"\n'
    )
    base, ours, theirs = versions(
        tmp_path,
        zoned,
        zoned.replace('"Local event"', '"Local event, ours"'),
        zoned.replace('"Local event"', '"Local event, theirs"'),
    )
    assert run(base, ours, theirs) == 1
    pm = load(ours).postmortem
    (conflict,) = conflicts_in(pm)
    number = int(conflict.field.split("[")[1].split("]")[0])
    assert pm.timeline[number].event == "Local event, ours"
