"""`postmortem actions`: every option on workspaces with known answers, the three formats
(CSV that no spreadsheet reads as a formula, text for a cron mail), exit codes, broken files."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem_tui.cli.actions import write_csv
from postmortem_tui.cli.main import main
from postmortem_tui.core.follow_through import COLUMNS, ActionRow, spreadsheet_safe
from postmortem_tui.core.model import ActionItem, Postmortem
from postmortem_tui.core.terminal_text import shown
from postmortem_tui.storage.workspace import Workspace, load

BENCH = Path(__file__).resolve().parents[2] / "bench"
TODAY = date(2026, 3, 1)
RAW_CONTROL = "\x1b\x07\x9b"


def run(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(["actions", *argv], out=out)
    return code, out.getvalue(), capsys.readouterr().err


def make(workspace: Path, title: str, when: date, actions: list[ActionItem], **kw: object) -> str:
    pm = Postmortem(title=title, date=when, actions=actions, **kw)  # type: ignore[arg-type]
    return Workspace(workspace).ensure().create(pm).id


@pytest.fixture
def known(workspace_path: Path) -> dict[str, str]:
    """Three postmortems whose answers are written out in the tests below."""
    queue = make(
        workspace_path,
        "Queue backlog after a broker failover",
        date(2026, 1, 10),
        [
            ActionItem("detect", "Alert on queue depth", "@SRE", date(2026, 2, 1), id="q1"),
            ActionItem("prevent", "Broker failover drill", "sre", None, id="q2"),
            ActionItem(
                "mitigate", "Runbook for backlog", "@payments", date(2026, 1, 20), True, id="q3"
            ),
        ],
        tags=["queue", "broker"],
    )
    dns = make(
        workspace_path,
        "DNS resolution errors after a config push",
        date(2026, 2, 3),
        [
            ActionItem(
                "prevent",
                "Validate zone files in CI",
                "@platform",
                date(2026, 3, 15),
                priority="high",
                ticket="OPS-12",
                id="d1",
            ),
            ActionItem(
                "detect", "Probe resolvers from each zone", "@sre", date(2026, 2, 20), id="d2"
            ),
        ],
        tags=["dns"],
    )
    quiet = make(workspace_path, "Disk alert noise", date(2026, 2, 20), [], tags=["queue"])
    return {"queue": queue, "dns": dns, "quiet": quiet}


def listed(output: str) -> list[tuple[str, str]]:
    return [(item["postmortem"], item["id"]) for item in json.loads(output)["actions"]]


def test_open_items_soonest_due_first_and_undated_last(
    known: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run("--format", "json", "--today", "2026-03-01", capsys=capsys)
    assert (code, err) == (0, "")
    q, d = known["queue"], known["dns"]
    assert listed(out) == [(q, "q1"), (d, "d2"), (d, "d1"), (q, "q2")]
    report = json.loads(out)
    assert report["version"] == 1 and report["today"] == "2026-03-01"
    assert report["counts"] == {"items": 4, "open": 4, "overdue": 2}


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--open"], ["q1", "d2", "d1", "q2"]),
        (["--done"], ["q3"]),
        (["--all"], ["q3", "q1", "d2", "d1", "q2"]),
        (["--overdue"], ["q1", "d2"]),
        (["--all", "--overdue"], ["q1", "d2"]),
        (["--owner", "sre"], ["q1", "d2", "q2"]),  # @SRE, @sre and sre: one owner
        (["--owner", "@Payments", "--all"], ["q3"]),
        (["--owner", "nobody"], []),
        (["--due-before", "2026-03-01"], ["q1", "d2"]),  # no due date: not due before anything
        (["--due-before", "2026-02-20"], ["q1"]),  # before, not on
        (["--tag", "QUEUE"], ["q1", "q2"]),
        (["--tag", "dns", "--overdue"], ["d2"]),
        (["--tag", "none"], []),
        (["--all", "--owner", "sre", "--due-before", "2026-02-10", "--tag", "broker"], ["q1"]),
    ],
)
def test_each_option_selects_the_known_items(
    known: dict[str, str],
    options: list[str],
    expected: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(*options, "--format", "json", "--today", "2026-03-01", capsys=capsys)
    assert err == ""
    assert [item_id for _, item_id in listed(out)] == expected
    assert code == (1 if "--overdue" in options and expected else 0)


def test_json_keys_are_the_documented_ones(
    known: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(
        "--format", "json", "--owner", "platform", "--today", "2026-03-01", capsys=capsys
    )
    assert json.loads(out)["actions"] == [
        {
            "postmortem": known["dns"],
            "title": "DNS resolution errors after a config push",
            "number": 1,
            "id": "d1",
            "kind": "prevent",
            "text": "Validate zone files in CI",
            "owner": "@platform",
            "due": "2026-03-15",
            "done": False,
            "overdue": False,
            "priority": "high",
            "ticket": "OPS-12",
        }
    ]
    doc = (Path(__file__).resolve().parents[2] / "docs" / "follow-through.md").read_text()
    for key in json.loads(out)["actions"][0]:
        assert f"`{key}`" in doc


def test_overdue_exits_1_and_nothing_overdue_prints_nothing(
    known: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run("--overdue", "--owner", "sre", "--today", "2026-03-01", capsys=capsys)
    assert code == 1 and "overdue" in out
    code, out, err = run("--overdue", "--today", "2026-01-15", capsys=capsys)
    assert (code, out, err) == (0, "", "")
    # Without --overdue, late items are listed but the exit code stays 0.
    code, out, _ = run("--today", "2026-03-01", capsys=capsys)
    assert code == 0 and "2 overdue" in out
    code, out, _ = run("--owner", "nobody", "--today", "2026-03-01", capsys=capsys)
    assert (code, out) == (0, "No action items match (as of 2026-03-01).\n")


def test_text_is_short_and_says_overdue_in_words(
    known: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = run("--overdue", "--today", "2026-03-01", capsys=capsys)
    assert out.splitlines() == [
        f"{known['queue']}  Queue backlog after a broker …",  # cut at 80 columns
        "  overdue 2026-02-01  @SRE  Alert on queue depth",
        f"{known['dns']}  DNS resolution errors aft…",
        "  overdue 2026-02-20  @sre  Probe resolvers from each zone",
        "2 action items in 2 postmortems, 2 overdue (as of 2026-03-01)",
    ]
    _, out, _ = run("--all", "--tag", "queue", "--today", "2026-03-01", capsys=capsys)
    assert "  done    2026-01-20  @payments  Runbook for backlog" in out
    assert "          no due      sre        Broker failover drill" in out


def test_text_lines_fit_80_columns_and_show_escapes(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    long = "Add a disk usage alert on every queue host " * 5
    make(
        workspace_path,
        "\x1b]0;owned\x07 Title",
        date(2026, 1, 2),
        [
            ActionItem("detect", long, "@a-very-long-owner-name-for-a-team", date(2026, 1, 9)),
            ActionItem(
                "detect",
                "Beep\x07 and \x9b2J and\nnew line",
                "\u202eevil",
                None,
                ticket="OPS-\x1b[31m1",
            ),
        ],
    )
    _, out, _ = run("--today", "2026-03-01", capsys=capsys)
    lines = out.splitlines()
    assert len(lines) == 4
    assert all(len(line) <= 80 for line in lines)
    assert not any(char in out for char in RAW_CONTROL + "\u202e")
    assert "␛" in lines[0] and lines[1].endswith("…") and "<U+202E>" in lines[2]


def test_csv_is_rfc_4180_and_never_a_formula(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = [
        '=HYPERLINK("http://example.com","click")',
        "+1+2",
        "-2+3",
        "@SUM(A1:A2)",
        "\tcmd",
        "\r=1",
        "  =1+1",
        'A "quoted", comma-separated\nmulti-line text',
        "Plain text",
    ]
    make(
        workspace_path,
        "=cmd|' /C calc'!A0",
        date(2026, 1, 2),
        [ActionItem("prevent", text, owner="@sre", ticket="-1") for text in hostile],
        tags=["q"],
    )
    code, out, err = run("--format", "csv", capsys=capsys)
    assert (code, err) == (0, "")
    assert out.endswith("\r\n") and "\r\n" in out.split('"')[0]  # CRLF records
    records = list(csv.reader(io.StringIO(out, newline="")))
    header, rows = records[0], records[1:]
    assert header == [
        "postmortem",
        "title",
        "number",
        "id",
        "kind",
        "text",
        "owner",
        "due",
        "done",
        "overdue",
        "priority",
        "ticket",
    ]
    assert [row[header.index("text")] for row in rows] == [
        "'" + hostile[0],
        "'+1+2",
        "'-2+3",
        "'@SUM(A1:A2)",
        "'\tcmd",
        "'\n=1",  # the file keeps a line break as \n
        "'  =1+1",
        hostile[7],
        "Plain text",
    ]
    for row in rows:
        assert row[header.index("title")] == "'=cmd|' /C calc'!A0"
        assert row[header.index("owner")] == "'@sre"
        assert row[header.index("ticket")] == "'-1"
        assert row[header.index("done")] == "false" and row[header.index("due")] == ""
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_bad_values_are_one_line_and_exit_2(
    known: dict[str, str], capsys: pytest.CaptureFixture[str], workspace_path: Path
) -> None:
    before = {p: p.read_bytes() for p in workspace_path.rglob("*") if p.is_file()}
    for argv in (
        ["--due-before", "2026-13-01"],
        ["--today", "yesterday"],
        ["--format", "xml"],
        ["--owner", " "],
        ["--tag", ""],
        ["--open", "--done"],
        ["--done", "--overdue"],
        ["--owner"],
    ):
        code, out, err = run(*argv, capsys=capsys)
        assert code == 2, argv
        assert out == "" and len(err.splitlines()) == 1 and err.startswith("postmortem: "), argv
    after = {p: p.read_bytes() for p in workspace_path.rglob("*") if p.is_file()}
    assert after == before


def test_broken_files_are_one_line_each_and_the_rest_still_listed(
    known: dict[str, str], workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = Path(__file__).parent.parent / "data"
    (workspace_path / "core-wrong-type.toml").write_bytes(
        (data / "core-wrong-type.toml").read_bytes()
    )
    (workspace_path / "core-binary.toml").write_bytes(b"\x00\x01\x02\x1b[2J\x9b")
    code, out, err = run("--overdue", "--format", "json", "--today", "2026-03-01", capsys=capsys)
    assert code == 1
    assert [item_id for _, item_id in listed(out)] == ["q1", "d2"]
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("postmortem: core-binary.toml: ")
    assert lines[1].startswith("postmortem: core-wrong-type.toml: line 12: expected a date")
    assert all("not listed" in line for line in lines)
    assert not any(char in err for char in RAW_CONTROL)
    code, out, err = run("--done", "--format", "csv", capsys=capsys)
    assert code == 0 and len(err.splitlines()) == 2 and len(out.splitlines()) == 2


def test_a_generated_workspace_gives_the_answers_worked_out_from_the_files(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    paths = generate.write_workspace(workspace_path, 60, seed=7)
    rng = random.Random(3)
    owners = sorted({a.owner for p in paths for a in load(p).postmortem.actions})
    for _ in range(8):
        today = date(2023, 1, 1) + timedelta(days=rng.randint(0, 900))
        owner = rng.choice(owners)
        state = rng.choice(["open", "done", "all"])
        before = today + timedelta(days=rng.randint(-30, 30))
        expected = []  # (due, postmortem, number, id, done), worked out from the files
        for path in paths:
            pm = load(path).postmortem
            for number, a in enumerate(pm.actions, start=1):
                if a.owner == owner and a.due is not None and a.due < before:
                    expected.append((a.due, path.stem, number, a.id, a.done))
        expected.sort()
        wanted = [e for e in expected if state == "all" or e[4] == (state == "done")]
        code, out, _ = run(
            f"--{state}",
            "--owner",
            owner,
            "--due-before",
            before.isoformat(),
            "--format",
            "json",
            "--today",
            today.isoformat(),
            capsys=capsys,
        )
        assert code == 0
        assert listed(out) == [(e[1], e[3]) for e in wanted]
        late = [(e[1], e[3]) for e in expected if e[0] < today and not e[4]]
        code, out, _ = run(
            "--overdue",
            "--owner",
            owner,
            "--due-before",
            before.isoformat(),
            "--format",
            "json",
            "--today",
            today.isoformat(),
            capsys=capsys,
        )
        assert listed(out) == late
        assert code == (1 if late else 0)


def test_the_command_runs_as_a_process_with_its_exit_codes(
    known: dict[str, str], workspace_path: Path
) -> None:
    def process(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "postmortem_tui", "actions", *argv],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"},
        )

    late = process("--overdue", "--owner", "@sre", "--format", "text", "--today", "2026-03-01")
    assert late.returncode == 1 and late.stderr == ""
    assert len(late.stdout.splitlines()) == 5
    calm = process("--overdue", "--today", "2026-01-01")
    assert (calm.returncode, calm.stdout) == (0, "")
    bad = process("--due-before", "soon")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\rx", "'␍x"),  # a carriage return is shown (it could act on a terminal), and quoted
        (" \n @x", "' \n @x"),
        ("a=1", "a=1"),
        ("OPS-12", "OPS-12"),
        ("", ""),
        ("\x1b[2J=", "␛[2J="),
    ],
)
def test_spreadsheet_safe_cells(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


@given(st.lists(st.text(max_size=40), min_size=1, max_size=4))
def test_any_text_round_trips_through_csv_and_never_starts_a_formula(texts: list[str]) -> None:
    rows = [
        ActionRow("pm", title=t, number=n, id=f"i{n}", text=t, owner=t, ticket=t)
        for n, t in enumerate(texts, start=1)
    ]
    out = io.StringIO()
    write_csv(rows, TODAY, out)
    records = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert len(records) == len(texts) + 1
    for text, record in zip(texts, records[1:], strict=True):
        cell = record[COLUMNS.index("text")]
        assert cell == spreadsheet_safe(text)
        assert cell in (shown(text), "'" + shown(text))  # the text, or it neutralised
        assert not cell.lstrip(" \t\r\n").startswith(("=", "+", "-", "@"))
        assert not cell.startswith(("\t", "\r"))
