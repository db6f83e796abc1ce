"""`postmortem note`: an event added from the shell, run as a real process (stdin, time zones,
exit codes), and its saving retried when the file changes under it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from postmortem_tui.core.model import Postmortem, TimelineEvent
from postmortem_tui.storage.workspace import ConflictError, Workspace, load


def run(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def late_evening(workspace_path: Path, *, offset: bool = True) -> Path:
    """A postmortem whose latest event is at 23:50 on 2026-03-04."""
    zone = UTC if offset else None
    pm = Postmortem(
        title="Queue backlog after a broker failover",
        date=date(2026, 3, 4),
        timeline=[
            TimelineEvent(datetime(2026, 3, 4, 23, 19, tzinfo=zone), "Failover", "started"),
            TimelineEvent(datetime(2026, 3, 4, 23, 50, tzinfo=zone), "Queue alert", "detected"),
        ],
    )
    return Workspace(workspace_path).ensure().create(pm).path


def events(path: Path) -> list[tuple[datetime | None, str, str]]:
    return [(e.at, e.event, e.milestone) for e in load(path).postmortem.timeline]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_note_is_saved_and_printed_in_one_line(workspace_path: Path) -> None:
    path = late_evening(workspace_path)
    result = run(
        "note", path.stem, "--at", "+5m", "Consumers", "restarted", "--milestone", "mitigated"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2026-03-04 23:55 UTC [mitigated] Consumers restarted\n"
    assert events(path)[-1] == (
        datetime(2026, 3, 4, 23, 55, tzinfo=UTC),
        "Consumers restarted",
        "mitigated",
    )
    assert len(Workspace(workspace_path).history(path.stem)) == 1  # the version it replaced


def test_words_after_an_option_are_part_of_the_text(workspace_path: Path) -> None:
    path = late_evening(workspace_path)
    assert run("note", path.stem[:10], "--at", "23:58", "Lag", "--", "-5% now").returncode == 0
    assert events(path)[-1][1] == "Lag -5% now"


def test_without_text_or_with_a_dash_the_text_is_read_from_stdin(workspace_path: Path) -> None:
    path = late_evening(workspace_path)
    pods = b"NAME         READY   STATUS\nconsumer-0   0/1     CrashLoopBackOff\n\n"
    assert run("note", path.stem, "-", stdin=pods).returncode == 0
    assert (
        events(path)[-1][1] == "NAME         READY   STATUS\nconsumer-0   0/1     CrashLoopBackOff"
    )
    colours = b"\x1b[31mconsumer-1\x1b[0m \x1b]0;title\x07Running\r\nconsumer-2 \xc2\x9bRunning"
    result = run("note", path.stem, stdin=colours)
    assert result.returncode == 0, result.stderr
    assert events(path)[-1][1] == "consumer-1 Running\nconsumer-2 Running"
    assert result.stdout.endswith(" consumer-1 Running\u240aconsumer-2 Running\n")


def test_the_printed_line_shows_what_could_act_on_a_terminal(workspace_path: Path) -> None:
    path = late_evening(workspace_path)
    result = run("note", path.stem, "--at", "+1m", "flip \u202e here\ttab")
    assert result.returncode == 0
    assert result.stdout.strip() == "2026-03-04 23:51 UTC flip <U+202E> here\u2409tab"


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("+20m", datetime(2026, 3, 5, 0, 10, tzinfo=UTC)),
        ("+1h30m", datetime(2026, 3, 5, 1, 20, tzinfo=UTC)),
        ("2026-03-05 00:05", datetime(2026, 3, 5, 0, 5, tzinfo=UTC)),
        ("2026-03-05T00:05:00+01:00", datetime(2026, 3, 4, 23, 5, tzinfo=UTC)),
    ],
)
def test_at_crosses_midnight_counted_from_the_latest_event(
    workspace_path: Path, at: str, expected: datetime
) -> None:
    path = late_evening(workspace_path)
    assert run("note", path.stem, "--at", at, "After midnight").returncode == 0
    stored = [when for when, text, _ in events(path) if text == "After midnight"]
    assert stored == [expected]
    times = [when for when, _, _ in events(path)]
    assert times == sorted(times, key=lambda t: t.astimezone(UTC))  # type: ignore[union-attr]


def test_now_is_in_the_system_zone_until_postmortems_record_one(workspace_path: Path) -> None:
    path = late_evening(workspace_path)
    before = datetime.now(UTC).replace(microsecond=0)
    assert run("note", path.stem, "Now", env={"TZ": "Asia/Kolkata"}).returncode == 0
    after = datetime.now(UTC)
    at = events(path)[-1][0]
    assert at is not None and at.utcoffset() == timedelta(hours=5, minutes=30)
    assert before <= at <= after


def test_a_timeline_of_local_times_gets_a_local_time(workspace_path: Path) -> None:
    path = late_evening(workspace_path, offset=False)
    assert run("note", path.stem, "Now", env={"TZ": "Asia/Kolkata"}).returncode == 0
    at = events(path)[-1][0]
    assert at is not None and at.tzinfo is None
    assert abs(at - datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=5, minutes=30)) < (
        timedelta(minutes=1)
    )


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["no-such-postmortem", "text"], b"", "no postmortem with that id"),
        (["{ref}", "--at", "25:00", "text"], b"", "--at: not a time of day: 25:00"),
        (["{ref}", "--at", "soon", "text"], b"", "--at: not a time"),
        (["{ref}", "--milestone", "fixed", "text"], b"", "invalid choice: 'fixed'"),
        (["{ref}"], b"", "nothing to note"),
        (["{ref}", "-"], b"  \n\n", "nothing to note"),
        (["{ref}", "-"], b"\xff\xfe", "not UTF-8"),
        (["{ref}", "--at", "10:00", "-x"], b"", "unrecognized arguments: -x"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_the_file_untouched(
    workspace_path: Path, args: list[str], stdin: bytes, says: str
) -> None:
    path = late_evening(workspace_path)
    before = digest(path)
    result = run("note", *(a.replace("{ref}", path.stem) for a in args), stdin=stdin)
    assert result.returncode == 2
    assert says in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert digest(path) == before
    assert not (workspace_path / ".history").exists()


def test_a_file_that_does_not_load_is_refused_before_stdin_is_read(workspace_path: Path) -> None:
    workspace_path.mkdir()
    path = workspace_path / "2026-03-04-broken.toml"
    path.write_text("schema_version = 1\ntitle = [\n", encoding="utf-8")
    result = run("note", "2026-03-04-broken", stdin=b"would be the note")
    assert result.returncode == 2 and "invalid TOML" in result.stderr
    assert path.read_text(encoding="utf-8") == "schema_version = 1\ntitle = [\n"


def test_a_file_changed_while_saving_is_read_again(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor's autosave lands between the note's read and its save: the note is added to
    the file as the editor left it."""
    from postmortem_tui.cli import note

    path = late_evening(workspace_path)
    workspace = Workspace(workspace_path)
    save = workspace.save
    calls = []

    def editor_saves_first(loaded, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            other = load(path)
            other.postmortem.summary = "Typed in the editor"
            save(other)
            raise ConflictError(path)
        return save(loaded, **kwargs)

    monkeypatch.setattr(workspace, "save", editor_saves_first)
    event = note.add_note(workspace, path, "Backlog drained", at="+5m", milestone="")
    assert event.at == datetime(2026, 3, 4, 23, 55, tzinfo=UTC)
    pm = load(path).postmortem
    assert pm.summary == "Typed in the editor"
    assert pm.timeline[-1].event == "Backlog drained"
