"""The `postmortem` command line, run as a real process: exit codes, one-line errors, no harm."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem_tui import __version__
from postmortem_tui.storage.workspace import load

DATA = Path(__file__).parent.parent / "data"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m postmortem_tui ARGS` with the test's `POSTMORTEM_WORKSPACE`."""
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=60,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
    )


def snapshot(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def fixture(workspace: Path, name: str) -> Path:
    workspace.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(DATA / name, workspace / name))


def write(workspace: Path, name: str, data: bytes) -> Path:
    workspace.mkdir(parents=True, exist_ok=True)
    path = workspace / name
    path.write_bytes(data)
    return path


def two_similar(workspace: Path) -> None:
    for title in ("Queue disk filled", "Queue consumer stalled"):
        assert run("new", title, "--date", "2026-01-30", "--no-edit").returncode == 0


FIVE_MB = ('schema_version = 1\ntitle = "big"\nsummary = "' + "x" * 5_000_000 + '"\n').encode()

# (name, set-up, argv, words the one stderr line must contain)
BAD_INPUTS: list[tuple[str, Callable[[Path], object], list[str], list[str]]] = [
    (
        "malformed TOML",
        lambda ws: fixture(ws, "core-malformed.toml"),
        ["edit", "core-malformed"],
        ["core-malformed.toml: line 3: invalid TOML"],
    ),
    (
        "wrong type",
        lambda ws: fixture(ws, "core-wrong-type.toml"),
        ["edit", "core-wrong-type"],
        ["core-wrong-type.toml: line 12: expected a date (YYYY-MM-DD) for 'actions[1].due'"],
    ),
    (
        "unknown enum value",
        lambda ws: fixture(ws, "core-unknown-enum.toml"),
        ["export", "core-unknown-enum"],
        ["core-unknown-enum.toml: line 3: unknown value 'catastrophic'", "'severity'"],
    ),
    (
        "schema_version 99",
        lambda ws: fixture(ws, "core-schema-99.toml"),
        ["edit", "core-schema-99"],
        ["core-schema-99.toml: line 1: schema_version 99 is newer"],
    ),
    (
        "empty file",
        lambda ws: fixture(ws, "core-empty.toml"),
        ["edit", "core-empty"],
        ["core-empty.toml: file is empty"],
    ),
    (
        "binary file",
        lambda ws: write(ws, "core-binary.toml", b"\x89PNG\r\n\x1a\n\x00\xff\xfe\x1b[2J"),
        ["edit", "core-binary"],
        ["core-binary.toml: not UTF-8 text"],
    ),
    (
        "5 MB field",
        lambda ws: write(ws, "core-5mb.toml", FIVE_MB),
        ["edit", "core-5mb"],
        ["core-5mb.toml: line 3: text is too long", "'summary'"],
    ),
    (
        "bad file by path",
        lambda ws: fixture(ws, "core-wrong-type.toml"),
        ["edit", "WS/core-wrong-type.toml"],
        ["core-wrong-type.toml: line 12:", "'actions[1].due'"],
    ),
    (
        "missing file",
        lambda ws: None,
        ["edit", "WS/nowhere.toml"],
        ["nowhere.toml: no such file"],
    ),
    ("unknown id", lambda ws: None, ["edit", "2031"], ["2031: no postmortem with that id"]),
    (
        "ambiguous prefix",
        two_similar,
        ["edit", "2026-01-30-queue"],
        [
            "ambiguous",
            "2026-01-30-queue-consumer-stalled",
            "2026-01-30-queue-disk-filled",
        ],
    ),
    ("unknown sub-command", lambda ws: None, ["frobnicate"], ["invalid choice: 'frobnicate'"]),
    ("missing title", lambda ws: None, ["new"], ["required: title"]),
    ("missing ref", lambda ws: None, ["edit"], ["required: REF"]),
    (
        "bad --date",
        lambda ws: None,
        ["new", "Disk full", "--date", "2026-13-45", "--no-edit"],
        ["argument --date: '2026-13-45' is not a date (expected YYYY-MM-DD)"],
    ),
    (
        "bad --severity",
        lambda ws: None,
        ["new", "Disk full", "--severity", "sev1", "--no-edit"],
        ["invalid choice: 'sev1'"],
    ),
    ("empty title", lambda ws: None, ["new", "  ", "--no-edit"], ["title must not be empty"]),
    (
        "hostile ref",
        lambda ws: None,
        ["edit", "\x1b[2J\x9b31m\nsecond line"],
        ["␛[2J<U+009B>31m second line: no postmortem"],
    ),
    ("unknown option", lambda ws: None, ["list", "--colour"], ["unrecognized arguments"]),
]


@pytest.mark.parametrize(
    ("setup", "argv", "words"),
    [pytest.param(setup, argv, words, id=name) for name, setup, argv, words in BAD_INPUTS],
)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(
    workspace_path: Path,
    setup: Callable[[Path], object],
    argv: list[str],
    words: list[str],
) -> None:
    setup(workspace_path)
    before = snapshot(workspace_path)
    argv = [arg.replace("WS/", f"{workspace_path}/") for arg in argv]

    result = run(*argv)

    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("postmortem: ")
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in result.stderr
    assert not RAW_CONTROL.search(result.stderr)
    assert result.stdout == ""
    assert snapshot(workspace_path) == before


@pytest.mark.parametrize(
    "title",
    ["../../etc/passwd", "CON", "/", "\\", "💥" * 2500, "clear\x1b[2J screen", "two\nlines"],
)
def test_new_with_hostile_titles_stays_in_the_workspace(workspace_path: Path, title: str) -> None:
    result = run("new", title, "--date", "2026-01-30", "--no-edit")
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.parent == workspace_path
    assert path.name.startswith("2026-01-30-") and path.suffix == ".toml"
    assert [p.name for p in workspace_path.glob("*.toml")] == [path.name]
    assert load(path).postmortem.title == title.replace("\n", " ")


def test_new_no_edit_prints_the_path(workspace_path: Path) -> None:
    result = run(
        "new", "Café résumé", "--date", "2026-01-30", "--severity", "minor", "--quick", "--no-edit"
    )
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == f"{workspace_path / '2026-01-30-cafe-resume.toml'}\n"
    pm = load(workspace_path / "2026-01-30-cafe-resume.toml").postmortem
    assert (pm.title, pm.severity, pm.format, pm.status) == (
        "Café résumé",
        "minor",
        "quick",
        "draft",
    )
    again = run("new", "Café résumé", "--date", "2026-01-30", "--no-edit")
    assert again.stdout.strip().endswith("2026-01-30-cafe-resume-2.toml")


def test_new_records_the_zone_given_configured_or_of_the_system(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def new_zone(*options: str) -> str:
        result = run("new", "Queue backlog", "--date", "2026-01-30", "--no-edit", *options)
        assert result.returncode == 0 and result.stderr == "", result.stderr
        return load(Path(result.stdout.strip())).postmortem.timezone

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert new_zone() == "Asia/Tokyo"
    config_path.parent.mkdir(parents=True)
    config_path.write_text('timezone = "Europe/Berlin"\n', encoding="utf-8")
    assert new_zone() == "Europe/Berlin"
    assert new_zone("--timezone", "America/New_York") == "America/New_York"
    text = next(workspace_path.glob("*-3.toml")).read_text(encoding="utf-8")
    assert '\ntimezone = "America/New_York"\n' in text


@pytest.mark.parametrize("configured", [False, True])
def test_new_with_an_unknown_zone_writes_nothing(
    workspace_path: Path, config_path: Path, configured: bool
) -> None:
    options = ["--timezone", "Mars/Olympus_Mons"]
    if configured:
        config_path.parent.mkdir(parents=True)
        config_path.write_text('timezone = "Mars/Olympus_Mons"\n', encoding="utf-8")
        options = []
    result = run("new", "Queue backlog", "--no-edit", *options)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "'Mars/Olympus_Mons'" in result.stderr
    assert ("config.toml" in result.stderr) is configured
    assert not workspace_path.exists()


@pytest.mark.parametrize("where", ["before", "after"])
def test_workspace_option_before_or_after_the_sub_command(
    tmp_path: Path, workspace_path: Path, where: str
) -> None:
    chosen = tmp_path / "chosen"
    fixture(chosen, "core-good.toml")
    option = ["--workspace", str(chosen)]
    argv = [*option, "list"] if where == "before" else ["list", *option]
    result = run(*argv)
    assert result.returncode == 0
    assert "core-good" in result.stdout and "Cache cluster failover" in result.stdout
    assert not workspace_path.exists()  # the environment's workspace was not used


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"postmortem {__version__}"


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["new", "--help"],
        ["edit", "--help"],
        ["list", "--help"],
        ["export", "--help"],
        ["lint", "--help"],
        ["sample", "--help"],
    ],
)
def test_help_everywhere(argv: list[str]) -> None:
    result = run(*argv)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: postmortem")
    assert "--workspace" in result.stdout


def broken_workspace(workspace_path: Path) -> None:
    for name in ("core-good.toml", "core-wrong-type.toml", "core-hostile-title.toml"):
        fixture(workspace_path, name)
    write(workspace_path, "core-binary.toml", b"\x00\x01\x02\x1b[2J\x9b")


def test_list_shows_broken_files_and_exits_0(workspace_path: Path) -> None:
    broken_workspace(workspace_path)
    before = snapshot(workspace_path)
    result = run("list")
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    good = next(line for line in lines if line.startswith("core-good "))
    assert (
        "2026-01-30" in good
        and "minor" in good
        and "draft" in good
        and "(1 open, 1 overdue)" in good
    )
    wrong = next(line for line in lines if line.startswith("core-wrong-type "))
    assert "BROKEN: line 12: expected a date" in wrong and "'actions[1].due'" in wrong
    assert any(line.startswith("core-binary ") and "BROKEN" in line for line in lines)
    after = snapshot(workspace_path)
    after.pop(".index.json", None)  # the listing cache may be written; the files are not
    assert after == before


def test_list_never_prints_terminal_controls(workspace_path: Path) -> None:
    broken_workspace(workspace_path)
    write(
        workspace_path,
        "2026-01-30-multi.toml",
        b'schema_version = 1\ntitle = """\nfirst\nsecond \\u009d OSC"""\n',
    )
    result = run("list")
    assert result.returncode == 0
    assert not RAW_CONTROL.search(result.stdout)
    hostile = next(line for line in result.stdout.splitlines() if "core-hostile" in line)
    assert "Terminal escape in the title ␛[2J<U+009B>31m and ␇ bell" in hostile
    assert any("first second <U+009D> OSC" in line for line in result.stdout.splitlines())
    assert len(result.stdout.splitlines()) == 5  # one line per file, whatever the titles hold


#: Bidi and invisible characters, which `RAW_CONTROL` does not cover.
BIDI_OR_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]")


def test_list_lint_and_complaints_show_bidi_and_zero_width_characters(
    workspace_path: Path,
) -> None:
    """A file name or a title with U+202E would read backwards in the terminal: shown instead."""
    write(
        workspace_path,
        "2026-01-31-invoice\u202egpj.toml",
        b'schema_version = 1\ntitle = "Admin\\u200b panel \\u2066outage\\u2069"\n',
    )
    listing = run("list")
    lint = run("lint", "--all")
    complaint = run("edit", "nowhere\u202e")
    for result in (listing, lint, complaint):
        assert not BIDI_OR_INVISIBLE.search(result.stdout + result.stderr), result
    assert "2026-01-31-invoice<U+202E>gpj" in listing.stdout
    assert "Admin<U+200B> panel <U+2066>outage<U+2069>" in listing.stdout
    assert "2026-01-31-invoice<U+202E>gpj: " in lint.stdout
    assert "nowhere<U+202E>" in complaint.stderr


def test_list_json(workspace_path: Path) -> None:
    broken_workspace(workspace_path)
    result = run("list", "--json")
    assert result.returncode == 0 and result.stderr == ""
    assert not RAW_CONTROL.search(result.stdout)
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {"core-good", "core-wrong-type", "core-hostile-title", "core-binary"}
    assert rows["core-good"] == {
        "id": "core-good",
        "path": str(workspace_path / "core-good.toml"),
        "date": "2026-01-30",
        "severity": "minor",
        "status": "draft",
        "format": "full",
        "title": "Cache cluster failover left stale sessions",
        "open_actions": 1,
        "overdue_actions": 1,
    }
    assert rows["core-wrong-type"]["broken"].startswith("line 12: expected a date")
    assert "broken" in rows["core-binary"]
    # the title keeps its characters; JSON escapes them
    assert rows["core-hostile-title"]["title"].startswith("Terminal escape in the title \x1b[2J")


def test_list_of_an_empty_or_missing_workspace(workspace_path: Path) -> None:
    result = run("list")
    assert result.returncode == 0
    assert result.stdout.strip() == f"No postmortems in {workspace_path}"
    assert json.loads(run("list", "--json").stdout) == []
    assert not workspace_path.exists()


def test_sample_is_added_once(workspace_path: Path) -> None:
    first = run("sample")
    second = run("sample")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    path = Path(first.stdout.strip())
    assert path.parent == workspace_path and load(path).postmortem.title


@pytest.mark.parametrize(
    "argv",
    [["list"], ["lint", "--all"], ["export", "--all", "-o", "out"], ["sample"], ["edit", "x"]],
)
def test_a_workspace_that_is_a_file_is_refused(tmp_path: Path, argv: list[str]) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("not a workspace\n")
    result = run("--workspace", str(not_a_folder), *argv, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"postmortem: workspace {not_a_folder} is not a folder"]
    assert not_a_folder.read_text() == "not a workspace\n"
    assert not (tmp_path / "out").exists()


def test_export_into_a_missing_folder_names_the_folder(workspace_path: Path) -> None:
    from postmortem_tui.storage.workspace import Workspace

    path = Workspace(workspace_path).add_sample()
    target = workspace_path.parent / "missing" / "x.md"
    result = run("export", path.stem, "-o", str(target))
    assert result.returncode == 2
    assert (
        result.stderr
        == f"postmortem: could not save x.md: the folder {target.parent} does not exist\n"
    )


def test_edit_of_something_that_is_not_a_file(workspace_path: Path) -> None:
    result = run("edit", "/dev/null")
    assert (result.returncode, result.stderr) == (
        2,
        "postmortem: /dev/null: not a postmortem file\n",
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json", "--workspace", "/tmp/ws"],
        ["export", "2026-01-30-queue", "--format", "json", "-o", "out.json"],
        ["lint", "--all", "--strict", "--today", "2026-03-01"],
        ["new", "Queue disk filled", "--quick", "--severity", "minor", "--no-edit"],
        ["edit", "2026-01-30"],
        ["sample"],
    ],
)
def test_a_parser_of_one_sub_command_reads_it_as_the_whole_one_does(argv: list[str]) -> None:
    from postmortem_tui.cli.main import build_parser

    alone = build_parser(argv[0])
    assert vars(alone.parse_args(argv)) == vars(build_parser().parse_args(argv))
    assert alone.format_help() != build_parser().format_help()  # the check itself works


@pytest.mark.parametrize("columns", ["50", "140"])
def test_help_is_as_wide_as_argparse_makes_it(
    monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    import argparse

    from postmortem_tui.cli.main import build_parser

    monkeypatch.setenv("COLUMNS", columns)
    parser = build_parser()
    ours = parser.format_help()
    parser.formatter_class = argparse.HelpFormatter
    assert ours == parser.format_help()
    assert max(len(line) for line in ours.splitlines()) <= int(columns)
