"""Marking an action item done outside the editor (the board): saved as the editor saves,
a file changed in between read again, an item gone not marked, never an overwrite."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from postmortem_tui.core.follow_through import ActionQuestion, ActionRow, action_rows, select
from postmortem_tui.core.model import ActionItem, Postmortem
from postmortem_tui.storage.action_items import mark_done, workspace_actions
from postmortem_tui.storage.session import EditingSession
from postmortem_tui.storage.workspace import Workspace, load


def workspace_with_items(root: Path) -> tuple[Workspace, Path]:
    ws = Workspace(root).ensure()
    pm = Postmortem(
        title="Queue backlog",
        date=date(2026, 1, 10),
        actions=[
            ActionItem("detect", "Alert on queue depth", "@sre", date(2026, 2, 1), id="a1"),
            ActionItem("prevent", "Failover drill", "@sre", None, id="a2"),
        ],
    )
    return ws, ws.create(pm).path


def test_mark_done_saves_the_item_done_and_keeps_the_old_version(workspace_path: Path) -> None:
    ws, path = workspace_with_items(workspace_path)
    before = path.read_bytes()
    assert mark_done(ws, path, "a1") == "done"
    assert [a.done for a in load(path).postmortem.actions] == [True, False]
    history = list((workspace_path / ".history" / path.stem).glob("*.toml"))
    assert [h.read_bytes() for h in history] == [before]
    assert mark_done(ws, path, "a1") == "already done"
    assert mark_done(ws, path, "zz") == "gone"
    assert len(list((workspace_path / ".history" / path.stem).glob("*.toml"))) == 1


def test_an_edit_saved_elsewhere_meanwhile_is_kept(workspace_path: Path) -> None:
    ws, path = workspace_with_items(workspace_path)
    session = EditingSession(ws, load(path))
    session.postmortem.summary = "Typed in the editor."
    session.changed()
    assert session.save_now() is not None and session.state == "saved"
    assert mark_done(ws, path, "a2") == "done"
    pm = load(path).postmortem
    assert pm.summary == "Typed in the editor." and [a.done for a in pm.actions] == [False, True]


def test_an_editor_with_unsaved_typing_merges_the_item_done_in(workspace_path: Path) -> None:
    ws, path = workspace_with_items(workspace_path)
    session = EditingSession(ws, load(path))
    session.postmortem.summary = "Typed, not saved yet."
    session.changed()
    assert mark_done(ws, path, "a1") == "done"  # the board, meanwhile
    session.save_now()  # finds the file changed: merges, then saves both
    if session.is_dirty:
        session.save_now()
    pm = load(path).postmortem
    assert pm.summary == "Typed, not saved yet."
    assert [a.done for a in pm.actions] == [True, False]
    assert session.state == "saved"


def test_the_index_leaves_out_files_without_open_items(workspace_path: Path) -> None:
    ws, _ = workspace_with_items(workspace_path)
    done = Postmortem(title="All done", actions=[ActionItem("detect", "Done", done=True, id="d")])
    ws.create(done)
    rows, broken = workspace_actions(ws, open_only=True)
    assert [r.id for r in rows] == ["a1", "a2"] and broken == []
    rows, _ = workspace_actions(ws)
    assert sorted(r.id for r in rows) == ["a1", "a2", "d"]
    rows, _ = workspace_actions(ws, overdue_on=date(2026, 1, 15))
    assert rows == []  # nothing overdue on that day: no file parsed
    assert [r.id for r in workspace_actions(ws, overdue_on=date(2026, 3, 1))[0]] == ["a1", "a2"]


def test_rows_sort_soonest_due_first_and_undated_last() -> None:
    pm = Postmortem(
        title="T",
        actions=[
            ActionItem(text="none", id="n"),
            ActionItem(text="late", due=date(2026, 1, 2), id="l"),
            ActionItem(text="soon", due=date(2026, 1, 1), id="s"),
        ],
    )
    rows: list[ActionRow] = action_rows("t", pm)
    assert [r.number for r in rows] == [1, 2, 3]
    chosen = select(rows, ActionQuestion("all"), date(2026, 1, 1))
    assert [r.id for r in chosen] == ["s", "l", "n"]
