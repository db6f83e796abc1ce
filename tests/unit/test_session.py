"""The editing session without Textual: autosave timing on a fake clock, snapshots, conflicts,
keeping a copy, reloading and failed saves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from postmortem_tui.core.model import TimelineEvent, new_postmortem
from postmortem_tui.storage.session import AUTOSAVE_QUIET_SHARE, EditingSession
from postmortem_tui.storage.workspace import SaveError, Workspace, load, write_atomically

DELAY = 1.5
QUIET = DELAY * AUTOSAVE_QUIET_SHARE


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(workspace_path: Path, clock: FakeClock) -> EditingSession:
    workspace = Workspace(workspace_path).ensure()
    pm = new_postmortem("Queue backlog after a broker failover", incident_date=date(2026, 3, 4))
    return EditingSession(workspace, workspace.create(pm), clock=clock, autosave_delay=DELAY)


def title_on_disk(path: Path) -> str:
    return load(path).postmortem.title


def edit_title(session: EditingSession, title: str) -> None:
    session.postmortem.title = title
    session.changed()


# --- autosave timing ------------------------------------------------------------------------


def test_nothing_is_due_until_something_changes(session: EditingSession) -> None:
    assert session.autosave_wait() is None
    assert session.state == "saved"
    assert session.begin_save() is None


def test_a_pause_in_typing_makes_the_save_due(session: EditingSession, clock: FakeClock) -> None:
    edit_title(session, "A")
    assert session.state == "unsaved"
    assert session.autosave_wait() == pytest.approx(QUIET)
    clock.advance(QUIET / 2)
    assert session.autosave_wait() == pytest.approx(QUIET / 2)
    clock.advance(QUIET / 2)
    assert session.autosave_wait() == 0


def test_steady_typing_still_saves_within_the_delay(
    session: EditingSession, clock: FakeClock
) -> None:
    """A key every 0.3 s never leaves a pause, but the first change is on disk by 1.5 s."""
    edit_title(session, "A")
    waited = 0.0
    while (wait := session.autosave_wait()) and wait > 0:
        step = min(0.3, wait)
        clock.advance(step)
        waited += step
        edit_title(session, session.postmortem.title + "a")
    assert waited == pytest.approx(DELAY)


def test_a_save_writes_and_clears_the_state(session: EditingSession) -> None:
    edit_title(session, "Broker failover")
    result = session.save_now()
    assert result is not None and result.outcome == "saved"
    assert session.state == "saved" and not session.is_dirty
    assert session.autosave_wait() is None
    assert title_on_disk(session.path) == "Broker failover"


def test_typing_during_a_save_is_saved_in_the_next_round(
    session: EditingSession, clock: FakeClock
) -> None:
    edit_title(session, "First")
    snapshot = session.begin_save()
    assert snapshot is not None and session.state == "saving…"
    edit_title(session, "Second")  # typed while the worker writes
    session.finish_save(session.write(snapshot))
    assert title_on_disk(session.path) == "First"
    assert session.state == "unsaved" and session.is_dirty
    assert session.autosave_wait() is not None
    clock.advance(DELAY)
    session.save_now()
    assert title_on_disk(session.path) == "Second"
    assert session.state == "saved"


# --- snapshots ------------------------------------------------------------------------------


def test_a_snapshot_is_not_changed_by_later_edits(session: EditingSession) -> None:
    pm = session.postmortem
    pm.authors = ["SRE on call"]
    pm.timeline.append(TimelineEvent(event="Broker failover started"))
    session.changed()
    snapshot = session.begin_save()
    assert snapshot is not None
    # The editing thread goes on changing the live postmortem while the worker writes.
    pm.title = "Changed after the snapshot"
    pm.authors.append("Second author")
    pm.timeline[0].event = "Edited after the snapshot"
    pm.timeline.append(TimelineEvent(event="Added after the snapshot"))
    pm.extra["unknown"] = {"nested": ["value"]}
    session.changed()
    session.finish_save(session.write(snapshot))
    on_disk = load(session.path).postmortem
    assert on_disk.title == "Queue backlog after a broker failover"
    assert on_disk.authors == ["SRE on call"]
    assert [e.event for e in on_disk.timeline] == ["Broker failover started"]
    assert "unknown" not in on_disk.extra
    assert session.is_dirty  # the later edits are still to be saved


# --- conflicts ------------------------------------------------------------------------------


def change_on_disk(session: EditingSession, title: str) -> None:
    """Another session (or an outside editor) saves the same file."""
    other = load(session.path)
    other.postmortem.title = title
    session.workspace.save(other)


def test_a_file_changed_on_disk_is_not_overwritten(session: EditingSession) -> None:
    change_on_disk(session, "Theirs")
    edit_title(session, "Mine")
    result = session.save_now()
    assert result is not None and result.outcome == "conflict"
    assert session.state == "conflict" and session.in_conflict
    assert title_on_disk(session.path) == "Theirs"
    edit_title(session, "Mine, still typing")
    assert session.state == "conflict"  # stays until the user chooses
    assert title_on_disk(session.path) == "Theirs"


def test_in_a_conflict_autosaves_keep_my_version_in_the_history(
    session: EditingSession, clock: FakeClock
) -> None:
    change_on_disk(session, "Theirs")
    edit_title(session, "Mine")
    session.save_now()
    assert session.autosave_wait() is not None  # the conflict itself is due to be kept
    clock.advance(DELAY)
    result = session.save_now()
    assert result is not None and result.outcome == "kept in history"
    copy = session.conflict_copy
    assert copy is not None and copy.parent == session.workspace.history_dir(session.id)
    assert title_on_disk(copy) == "Mine" and title_on_disk(session.path) == "Theirs"
    assert session.state == "conflict" and session.autosave_wait() is None
    edit_title(session, "Mine, typed on")
    clock.advance(DELAY)
    assert session.autosave_wait() == 0
    session.save_now()
    assert title_on_disk(copy) == "Mine, typed on"  # the same copy, kept up to date
    assert title_on_disk(session.path) == "Theirs"


def test_keeping_a_copy_saves_mine_beside_theirs(session: EditingSession) -> None:
    original = session.path
    change_on_disk(session, "Theirs")
    edit_title(session, "Mine")
    session.save_now()
    copy = session.keep_copy()
    assert copy != original and copy.parent == original.parent
    assert title_on_disk(original) == "Theirs"
    assert title_on_disk(copy) == "Mine"
    assert session.state == "saved" and not session.is_dirty
    edit_title(session, "Mine, edited on")
    session.save_now()
    assert title_on_disk(copy) == "Mine, edited on"
    assert title_on_disk(original) == "Theirs"


def test_leaving_in_a_conflict_keeps_a_copy(session: EditingSession) -> None:
    original = session.path
    change_on_disk(session, "Theirs")
    edit_title(session, "Mine")
    session.save_before_leaving()
    assert title_on_disk(original) == "Theirs"
    assert title_on_disk(session.path) == "Mine"
    assert session.path != original


def test_reloading_takes_theirs_and_keeps_mine_in_the_history(session: EditingSession) -> None:
    change_on_disk(session, "Theirs")
    edit_title(session, "Mine")
    session.save_now()
    edit_title(session, "Mine, the last words")  # not yet in the conflict copy
    session.reload()
    assert session.postmortem.title == "Theirs"
    assert session.conflict_copy is None
    kept = list(session.workspace.history_dir(session.id).glob("conflict-*.toml"))
    assert [title_on_disk(path) for path in kept] == ["Mine, the last words"]
    assert session.state == "saved" and not session.is_dirty
    edit_title(session, "Theirs, edited")
    session.save_now()
    assert title_on_disk(session.path) == "Theirs, edited"


# --- failures -------------------------------------------------------------------------------


def test_any_exception_in_a_save_is_a_failed_save_with_the_text_kept(
    session: EditingSession, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(session.workspace, "save", explode)
    edit_title(session, "Typed before the failure")
    result = session.save_now()
    assert result is not None and result.outcome == "failed"
    assert "RecursionError" in result.message and session.path.name in result.message
    assert session.state == "save failed" and session.is_dirty
    assert session.postmortem.title == "Typed before the failure"
    assert session.autosave_wait() is None  # no retry loop: the next change tries again
    monkeypatch.undo()
    edit_title(session, "Typed after the failure")
    clock.advance(DELAY)
    assert session.autosave_wait() == 0
    session.save_now()
    assert title_on_disk(session.path) == "Typed after the failure"


def test_leaving_after_a_failed_write_raises_save_error(
    session: EditingSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(path: Path, data: bytes, *, durable: bool = True) -> None:
        raise OSError(28, "No space left on device")

    edit_title(session, "Unsaved")
    monkeypatch.setattr("postmortem_tui.storage.workspace.write_atomically", no_space)
    with pytest.raises(SaveError):
        session.save_before_leaving()
    monkeypatch.setattr("postmortem_tui.storage.workspace.write_atomically", write_atomically)
    session.save_before_leaving()
    assert title_on_disk(session.path) == "Unsaved"


# --- the file changed on disk: merged when the changes do not collide ------------------------


def note_on_disk(session: EditingSession, text: str) -> None:
    """`postmortem note` (or another session) appends an event to the file."""
    other = load(session.path)
    other.postmortem.timeline.append(TimelineEvent(event=text))
    session.workspace.save(other)


def events_on_disk(path: Path) -> list[str]:
    return [event.event for event in load(path).postmortem.timeline]


def test_an_event_added_on_disk_is_merged_with_the_typing_and_saved(
    session: EditingSession,
) -> None:
    note_on_disk(session, "Consumers restarted")
    edit_title(session, "Typed in the editor")
    snapshot = session.begin_save()
    assert snapshot is not None
    result = session.write(snapshot)
    assert result.outcome == "conflict" and result.on_disk is not None
    assert session.finish_save(result) is True  # taken in: the editor shows it
    assert session.state == "unsaved" and not session.in_conflict
    assert [e.event for e in session.postmortem.timeline] == ["Consumers restarted"]
    assert session.autosave_wait() is not None
    saved = session.save_now()
    assert saved is not None and saved.outcome == "saved"
    assert title_on_disk(session.path) == "Typed in the editor"
    assert events_on_disk(session.path) == ["Consumers restarted"]
    assert not list(session.workspace.history_dir(session.id).glob("conflict-*"))


def test_the_base_of_a_merge_is_what_was_last_saved(workspace_path: Path) -> None:
    """Opened from the file (the bytes read are the first base), saved once (that save is the
    base), typed on: the title typed since the save is ours alone, not a conflict."""
    workspace = Workspace(workspace_path).ensure()
    pm = new_postmortem("Queue backlog", incident_date=date(2026, 3, 4))
    session = EditingSession(workspace, load(workspace.create(pm).path))
    edit_title(session, "Saved once")
    session.save_now()
    note_on_disk(session, "Backlog drained")
    edit_title(session, "Typed after the save")
    session.save_now()
    assert not session.in_conflict
    session.save_now()
    assert title_on_disk(session.path) == "Typed after the save"
    assert events_on_disk(session.path) == ["Backlog drained"]


def test_an_idle_session_takes_in_the_file_as_it_is(session: EditingSession) -> None:
    assert session.changed_on_disk() is None
    note_on_disk(session, "Backlog drained")
    on_disk = session.changed_on_disk()
    assert on_disk is not None
    assert session.take_in(on_disk) is True
    assert session.state == "saved" and not session.is_dirty
    assert session.autosave_wait() is None  # nothing of its own to save
    assert session.changed_on_disk() is None
    assert session.take_in(on_disk) is False  # taken in already: nothing changes


def test_a_snapshot_taken_before_a_merge_is_not_written(session: EditingSession) -> None:
    edit_title(session, "Typed before the note")
    early = session.begin_save()
    assert early is not None
    note_on_disk(session, "Backlog drained")
    on_disk = session.changed_on_disk()
    assert session.take_in(on_disk) is True
    result = session.write(early)  # would drop the event the merge took in
    assert result.outcome == "stale"
    session.finish_save(result)
    assert events_on_disk(session.path) == ["Backlog drained"]
    assert session.is_dirty and session.autosave_wait() is not None
    session.save_now()
    assert title_on_disk(session.path) == "Typed before the note"
    assert events_on_disk(session.path) == ["Backlog drained"]


def test_leaving_after_a_note_saves_the_merge_not_a_copy(session: EditingSession) -> None:
    original = session.path
    note_on_disk(session, "Backlog drained")
    edit_title(session, "Typed, then the editor closed")
    session.save_before_leaving()
    assert session.path == original and not session.is_dirty
    assert title_on_disk(original) == "Typed, then the editor closed"
    assert events_on_disk(original) == ["Backlog drained"]
    assert [p.name for p in original.parent.glob("*.toml")] == [original.name]


def test_a_file_that_no_longer_loads_is_a_conflict(session: EditingSession) -> None:
    session.path.write_text("not = [toml", encoding="utf-8")
    edit_title(session, "Mine")
    result = session.save_now()
    assert result is not None and result.outcome == "conflict" and result.on_disk is None
    assert session.in_conflict


def test_a_change_seen_by_the_editor_s_look_and_by_a_save_is_merged_once(
    session: EditingSession,
) -> None:
    note_on_disk(session, "Backlog drained")
    edit_title(session, "Typed")
    seen = session.changed_on_disk()  # the editor looks; its answer is on its way
    result = session.save_now()  # meanwhile an autosave finds the same change
    assert result is not None and result.outcome == "conflict"
    assert not session.in_conflict  # merged
    assert seen is not None and session.take_in(seen) is False  # taken in already
    assert not session.in_conflict
    session.save_now()
    assert title_on_disk(session.path) == "Typed"
    assert events_on_disk(session.path) == ["Backlog drained"]
    assert session.changed_on_disk() is None


OLD_FILE = """\
schema_version = 1
title = "Queue backlog"
date = 2026-03-04
status = "draft"
format = "full"

[[timeline]]
at = 2026-03-04T22:50:00Z
event = "Broker failover starts"

[[timeline]]
at = 2026-03-04T22:55:00Z
event = "Queue depth alert fires"
"""


def test_a_file_without_ids_merges_with_a_note_that_wrote_them(workspace_path: Path) -> None:
    """The editor opened a file written before ids; `postmortem note` then saved it with
    ids and a new event. The ids both derived for the old events are the same, so the
    editor's edit of one is an edit, not a deletion and an addition."""
    workspace = Workspace(workspace_path).ensure()
    path = workspace_path / "2026-03-04-queue-backlog.toml"
    path.write_text(OLD_FILE, encoding="utf-8")
    session = EditingSession(workspace, load(path), clock=FakeClock(), autosave_delay=DELAY)
    ids = [event.id for event in session.postmortem.timeline]
    note_on_disk(session, "Consumers restarted")
    assert "id = " in path.read_text(encoding="utf-8")
    session.postmortem.timeline[1].event = "Queue depth alert fires at 10k"
    session.changed()
    first = session.save_now()  # finds the file changed: merges it in
    assert first is not None and first.outcome == "conflict" and not session.in_conflict
    saved = session.save_now()
    assert saved is not None and saved.outcome == "saved", saved
    assert events_on_disk(path) == [
        "Broker failover starts",
        "Queue depth alert fires at 10k",
        "Consumers restarted",
    ]
    assert [event.id for event in load(path).postmortem.timeline][:2] == ids
