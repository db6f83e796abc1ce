"""`postmortem timeline import` through the real command: what it adds and reports, that a
second import and a dry run write nothing, and that bad input leaves the file as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from postmortem_tui.core.model import Postmortem, TimelineEvent
from postmortem_tui.storage.workspace import ConflictError, Workspace, load

DATA = Path(__file__).parent.parent / "data" / "import"
REF = "2018-10-21-replication-lag"


def run(
    *args: str, stdin: bytes | None = None, zone: str = "UTC"
) -> subprocess.CompletedProcess[str]:
    """`python -m postmortem_tui ARGS` with the test's `POSTMORTEM_WORKSPACE`, in `zone`."""
    done = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", "TZ": zone},
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


@pytest.fixture
def postmortem(workspace_path: Path) -> Path:
    """A postmortem of 21 October 2018 with one event typed in the editor."""
    pm = Postmortem(
        "Replication lag",
        date=date(2018, 10, 21),
        timeline=[TimelineEvent(at=None, event="Failover reviewed the next morning")],
    )
    return Workspace(workspace_path).create(pm).path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_import_adds_events_and_says_what_it_skipped(postmortem: Path) -> None:
    done = run(
        "timeline", "import", REF, str(DATA / "chat.txt"), str(DATA / "slack" / "2018-10-21.json")
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"added 7 events to {REF}; 1 skipped (1 not a message)\n"
    assert done.stderr == ""
    timeline = load(postmortem).postmortem.timeline
    assert [e.event for e in timeline][:2] == [
        "replication lag alert on db-primary-east",
        "Replication lag alert on db-primary-east > 300s",
    ]
    assert timeline[0].extra == {"author": "db-oncall", "source": "chat.txt:1"}
    assert timeline[-1].event == "Failover reviewed the next morning"  # untimed: stays last


def test_importing_the_same_file_again_adds_nothing_and_writes_nothing(postmortem: Path) -> None:
    assert run("timeline", "import", REF, str(DATA / "zsh_history")).returncode == 0
    before, kept = digest(postmortem), files_under(postmortem.parent)
    again = run("timeline", "import", REF, str(DATA / "zsh_history"), str(DATA / "zsh_history"))
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"added 0 events to {REF}; 6 skipped (6 duplicate)\n"
    assert digest(postmortem) == before
    assert files_under(postmortem.parent) == kept  # no new history either


def test_dry_run_prints_the_events_and_writes_nothing(postmortem: Path) -> None:
    before, kept = digest(postmortem), files_under(postmortem.parent)
    done = run("timeline", "import", REF, str(DATA / "app.log"), "--dry-run", zone="Etc/GMT+4")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "2018-10-21 18:52:03 UTC-04:00  ERROR replication: lag on db-primary-east is 312s  "
        "(app.log:1)",
        "2018-10-21 18:52:41 UTC-04:00  WARN orchestrator: failover to db-primary-west started "
        "Traceback (most recent call last):   ConnectionError: db-primary-east unreachable  "
        "(app.log:2)",
        "2018-10-21 19:07:45 UTC-04:00  INFO writer: writes paused  (app.log:5)",
        f"would add 3 events to {REF}; none skipped",
    ]
    assert digest(postmortem) == before
    assert files_under(postmortem.parent) == kept


def test_a_utc_log_lands_in_the_postmortems_zone(postmortem: Path) -> None:
    done = run("timeline", "import", REF, str(DATA / "app.log"), zone="America/New_York")
    assert done.returncode == 0, done.stderr
    text = postmortem.read_text()
    assert "at = 2018-10-21T18:52:03-04:00\n" in text
    assert 'source = "app.log:5"\n' in text


def test_the_window_and_standard_input(postmortem: Path) -> None:
    done = run(
        "timeline", "import", REF, "-", "--from", "22:52:30", "--to", "2018-10-21T23:00:00Z",
        stdin=(DATA / "syslog").read_bytes(),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"added 1 event to {REF}; 2 skipped (2 outside the window)\n"
    (event,) = [e for e in load(postmortem).postmortem.timeline if e.at]
    assert event.extra == {"source": "stdin:2"}


def test_the_history_keeps_the_version_before_the_import(postmortem: Path) -> None:
    before = postmortem.read_bytes()
    assert run("timeline", "import", REF, str(DATA / "irc.log")).returncode == 0
    (kept,) = Workspace(postmortem.parent).history(postmortem.stem)
    assert kept.read_bytes() == before


@pytest.mark.parametrize(
    ("make", "extra_args", "message"),
    [
        (lambda d: d / "missing.txt", [], "missing.txt: no such file"),
        (lambda d: d, [], "is a folder"),
        (lambda d: write(d / "blob.bin", b"\xff\xfe\x00\x01"), [], "blob.bin: not UTF-8 text"),
        (lambda d: write(d / "notes.md", b"# Notes\n"), [], "notes.md: not a chat log"),
        (lambda d: write(d / "empty.log", b""), [], "empty.log: not a chat log"),
        (lambda d: DATA / "chat.txt", ["--format", "slack"], ": not JSON, so not a Slack"),
        (lambda d: DATA / "chat.txt", ["--format", "syslog"], ": no line with a time reads as"),
        (lambda d: DATA / "chat.txt", ["--format", "csv"], "argument --format: invalid choice"),
        (lambda d: DATA / "chat.txt", ["--from", "yesterday"], "--from: not a time"),
        (lambda d: DATA / "chat.txt", ["--to", "25:00"], "--to: not a time of day"),
    ],
    ids=[
        "missing",
        "folder",
        "binary",
        "unrecognised",
        "empty",
        "not-slack",
        "not-syslog",
        "unknown-format",
        "bad-from",
        "bad-to",
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    postmortem: Path, tmp_path: Path, make: object, extra_args: list[str], message: str
) -> None:
    assert callable(make)
    bad = make(tmp_path)
    before, kept = digest(postmortem), files_under(postmortem.parent)
    # a good file first: nothing of it is written either
    done = run("timeline", "import", REF, str(DATA / "irc.log"), str(bad), *extra_args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("postmortem: ")
    assert message in done.stderr
    assert digest(postmortem) == before
    assert files_under(postmortem.parent) == kept


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_bad_ref_is_exit_2(postmortem: Path) -> None:
    done = run("timeline", "import", "no-such-postmortem", str(DATA / "chat.txt"))
    assert done.returncode == 2
    assert "no-such-postmortem: no postmortem with that id" in done.stderr
    assert run("timeline").returncode == 2


def test_building_every_parser_does_not_import_the_readers() -> None:
    """`postmortem` (the app) builds every sub-command's parser: the readers are not needed."""
    probe = (
        "import sys\nfrom postmortem_tui.cli.main import build_parser\n"
        "print('timeline' in build_parser().format_help())\n"
        "print(sorted(m for m in sys.modules if 'timeline_import' in m))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "[]"]


# --- saving while the file changes ----------------------------------------------------------


def test_update_runs_again_on_a_file_changed_meanwhile(postmortem: Path) -> None:
    workspace = Workspace(postmortem.parent)
    seen: list[str] = []

    def change(pm: Postmortem) -> bool:
        seen.append(pm.title)
        if len(seen) == 1:  # another program saves while this change is being made
            other = load(postmortem)
            other.postmortem.title = "Renamed in the editor"
            workspace.save(other)
        pm.summary = "Imported events added."
        return True

    saved = workspace.update(postmortem, change)
    assert seen == ["Replication lag", "Renamed in the editor"]
    on_disk = load(postmortem).postmortem
    assert (on_disk.title, on_disk.summary) == ("Renamed in the editor", "Imported events added.")
    assert saved.postmortem == on_disk


def test_update_gives_up_on_a_file_that_keeps_changing(postmortem: Path) -> None:
    workspace = Workspace(postmortem.parent)
    count = 0

    def change(pm: Postmortem) -> bool:
        nonlocal count
        count += 1
        postmortem.write_text(postmortem.read_text() + f"\n# edit {count}\n")
        return True

    with pytest.raises(ConflictError):
        workspace.update(postmortem, change, attempts=3)
    assert count == 3
    assert postmortem.read_text().endswith("# edit 3\n")


def test_update_saves_nothing_when_nothing_changed(postmortem: Path) -> None:
    workspace = Workspace(postmortem.parent)
    before = files_under(postmortem.parent)
    workspace.update(postmortem, lambda pm: False)
    assert files_under(postmortem.parent) == before


def test_a_save_too_large_to_open_again_is_refused(
    postmortem: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from postmortem_tui.storage import workspace as storage

    before = digest(postmortem)
    loaded = load(postmortem)
    loaded.postmortem.summary = "x" * 2000
    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 1000)
    with pytest.raises(storage.SaveError, match="would not open again"):
        Workspace(postmortem.parent).save(loaded)
    assert digest(postmortem) == before
