"""Undo and redo of list edits, without Textual: each kind of edit, several steps deep, edits
that change two lists at once, and the session that keeps the history."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from postmortem_tui.core.list_history import HISTORY_DEPTH, ListHistory
from postmortem_tui.core.model import ActionItem, Factor, Postmortem, TimelineEvent
from postmortem_tui.storage.session import EditingSession
from postmortem_tui.storage.workspace import Workspace, load


def event(minute: int, text: str) -> TimelineEvent:
    return TimelineEvent(at=datetime(2026, 3, 4, 9, minute, tzinfo=UTC), event=text)


@pytest.fixture
def pm() -> Postmortem:
    return Postmortem(
        "Queue backlog after a broker failover",
        date=date(2026, 3, 4),
        timeline=[event(0, "Broker fails over"), event(5, "Alert fires"), event(9, "Resolved")],
        factors=[Factor("No retry ceiling"), Factor("Alert threshold too high")],
        actions=[ActionItem(text="Cap retries", factors=[1]), ActionItem(text="Alert at 70%")],
        what_went_well=["Runbook was current"],
    )


def texts(pm: Postmortem) -> list[str]:
    return [e.event for e in pm.timeline]


def test_undo_and_redo_every_kind_of_edit_several_steps_deep(pm: Postmortem) -> None:
    history = ListHistory(pm)
    original = texts(pm)
    states = [original]

    pm.timeline.insert(1, event(2, "Retry storm starts"))  # add
    assert history.record("timeline", 1)
    states.append(texts(pm))
    pm.timeline[2] = dataclasses.replace(pm.timeline[2], event="Alert fires at 95%")  # edit
    assert history.record("timeline", 2)
    states.append(texts(pm))
    pm.timeline[0], pm.timeline[1] = pm.timeline[1], pm.timeline[0]  # move
    assert history.record("timeline", 0)
    states.append(texts(pm))
    del pm.timeline[3]  # delete
    assert history.record("timeline", 3)
    states.append(texts(pm))

    kinds = []
    for expected in reversed(states[:-1]):
        step = history.undo()
        assert step is not None
        kinds.append(step.kind)
        assert texts(pm) == expected
    assert kinds == ["deleted", "moved", "changed", "added"]
    assert history.undo() is None and not history.can_undo
    for expected in states[1:]:
        assert history.redo() is not None
        assert texts(pm) == expected
    assert history.redo() is None


def test_the_cursor_goes_to_the_item_undo_or_redo_touched(pm: Postmortem) -> None:
    history = ListHistory(pm)
    del pm.timeline[1]
    history.record("timeline", 1)
    step = history.undo()
    assert step is not None and step.index == 1  # the item deleted, back in its place
    step = history.redo()
    assert step is not None and step.index == 1  # where it was, now its successor

    pm.timeline[0], pm.timeline[1] = pm.timeline[1], pm.timeline[0]  # "Resolved" moved up
    history.record("timeline", 0)
    moved = pm.timeline[0]
    step = history.undo()
    assert step is not None and pm.timeline[step.index] is moved  # followed the moved item
    step = history.redo()
    assert step is not None and pm.timeline[step.index] is moved


def test_restoring_keeps_the_list_objects_the_widgets_hold(pm: Postmortem) -> None:
    timeline = pm.timeline
    history = ListHistory(pm)
    timeline.clear()
    history.record("timeline")
    step = history.undo()
    assert pm.timeline is timeline and len(timeline) == 3
    assert step is not None and step.changed == ("timeline",)


def test_an_edit_of_two_lists_is_undone_as_one_step(pm: Postmortem) -> None:
    """Deleting a factor renumbers the action items' links: one undo restores both."""
    history = ListHistory(pm)
    links = [a.factors for a in pm.actions]
    del pm.factors[0]
    pm.actions[0] = dataclasses.replace(pm.actions[0], factors=[])
    history.record("factors", 0)
    step = history.undo()
    assert step is not None
    assert set(step.changed) == {"factors", "actions"} and step.field == "factors"
    assert [f.text for f in pm.factors] == ["No retry ceiling", "Alert threshold too high"]
    assert [a.factors for a in pm.actions] == links


def test_a_new_edit_after_undo_drops_the_redo(pm: Postmortem) -> None:
    history = ListHistory(pm)
    pm.what_went_well.append("Paging worked")
    history.record("what_went_well", 1)
    history.undo()
    assert history.can_redo
    pm.what_went_well.append("Rollback was quick")
    history.record("what_went_well", 1)
    assert not history.can_redo
    assert history.redo() is None


def test_nothing_changed_records_nothing(pm: Postmortem) -> None:
    history = ListHistory(pm)
    pm.timeline[0] = dataclasses.replace(pm.timeline[0])  # an edit that changed nothing
    assert not history.record("timeline", 0)
    assert not history.can_undo


def test_the_history_is_bounded(pm: Postmortem) -> None:
    history = ListHistory(pm, depth=3)
    for number in range(5):
        pm.what_went_well.append(f"line {number}")
        history.record("what_went_well")
    undone = 0
    while history.undo() is not None:
        undone += 1
    assert undone == 3 and HISTORY_DEPTH >= 50
    assert pm.what_went_well == ["Runbook was current", "line 0", "line 1"]


# --- in the editing session -----------------------------------------------------------------


@pytest.fixture
def session(workspace_path: Path, pm: Postmortem) -> EditingSession:
    workspace = Workspace(workspace_path).ensure()
    return EditingSession(workspace, workspace.create(pm))


def test_the_session_undoes_list_edits_and_saves_the_result(session: EditingSession) -> None:
    pm = session.postmortem
    assert not session.can_undo
    removed = pm.timeline.pop(0)
    session.changed()
    session.list_edited("timeline", 0)
    session.save_now()
    assert session.can_undo and not session.can_redo

    step = session.undo()
    assert step is not None and step.describe(redone=False) == (
        "Undone in the timeline: item deleted"
    )
    assert pm.timeline[0] is removed
    assert session.is_dirty and session.autosave_wait() is not None  # the undo is saved too
    session.save_now()
    assert load(session.path).postmortem.timeline[0].event == "Broker fails over"

    assert session.can_redo
    step = session.redo()
    assert step is not None and step.describe(redone=True).startswith("Redone in the timeline")
    assert removed not in pm.timeline


def test_reloading_starts_a_new_history(session: EditingSession) -> None:
    session.postmortem.what_went_well.clear()
    session.changed()
    session.list_edited("what_went_well")
    session.save_now()
    session.reload()
    assert not session.can_undo
    assert session.undo() is None
