"""Whatever is saved must load: a save the loader would refuse is not written (issue 10,
defect 5). The limits live in one table, `core.limits`."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from postmortem_tui.core import limits
from postmortem_tui.core.limits import MAX_FIELD_CHARS, MAX_FILE_BYTES, too_long_text
from postmortem_tui.core.model import Factor, TimelineEvent, new_postmortem
from postmortem_tui.storage.session import EditingSession
from postmortem_tui.storage.workspace import TooLargeError, Workspace, load


@pytest.fixture
def workspace(workspace_path: Path) -> Workspace:
    return Workspace(workspace_path).ensure()


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_the_loader_and_the_model_read_the_one_table() -> None:
    from postmortem_tui.core import model
    from postmortem_tui.storage import workspace

    assert model.MAX_FIELD_CHARS is limits.MAX_FIELD_CHARS
    assert workspace.MAX_FILE_BYTES is limits.MAX_FILE_BYTES
    assert workspace.MAX_NESTING is limits.MAX_NESTING


def test_too_long_text_names_the_field() -> None:
    data = {"title": "ok", "timeline": [{"event": "ok"}, {"event": "x" * (MAX_FIELD_CHARS + 1)}]}
    assert too_long_text(data) == ("timeline[1].event", MAX_FIELD_CHARS + 1)
    assert too_long_text({"summary": "x" * MAX_FIELD_CHARS}) is None


def test_a_text_over_the_limit_is_not_saved_and_the_file_keeps_its_bytes(
    workspace: Workspace,
) -> None:
    loaded = workspace.create(new_postmortem("Queue disk filled", incident_date=date(2026, 3, 4)))
    before = files(workspace.root)
    loaded.postmortem.factors.append(Factor("log line " * (MAX_FIELD_CHARS // 9 + 1)))
    with pytest.raises(TooLargeError, match=r"'factors\[0\]\.text'.*too long.*would not open"):
        workspace.save(loaded)
    assert files(workspace.root) == before
    assert load(loaded.path).postmortem.factors == []


def test_a_file_over_16_mib_is_refused_by_the_session_and_nothing_is_written(
    workspace: Workspace,
) -> None:
    """Each text fits, but escaped control characters take six bytes each in the file."""
    loaded = workspace.create(new_postmortem("Log flood", incident_date=date(2026, 3, 4)))
    session = EditingSession(workspace, loaded)
    before = files(workspace.root)
    stamp = os.stat(loaded.path).st_mtime_ns
    pm = session.postmortem
    pm.timeline = [TimelineEvent(event="\x1b" * MAX_FIELD_CHARS) for _ in range(3)]
    session.changed()

    result = session.save_now()

    assert result is not None and result.outcome == "failed"
    assert "too large" in result.message and "16 MiB" in result.message
    assert session.state == "save failed" and session.is_dirty  # the text stays in the editor
    assert files(workspace.root) == before
    assert os.stat(loaded.path).st_mtime_ns == stamp
    assert len(pm.timeline) == 3


def test_a_new_postmortem_too_large_to_load_is_not_created(workspace: Workspace) -> None:
    pm = new_postmortem("Log flood", incident_date=date(2026, 3, 4))
    pm.summary = "\x1b" * MAX_FIELD_CHARS
    pm.root_cause = "\x1b" * MAX_FIELD_CHARS
    pm.appendix = "\x1b" * MAX_FIELD_CHARS
    with pytest.raises(TooLargeError):
        workspace.create(pm)
    assert workspace.files() == []


def test_whatever_is_saved_just_under_the_limits_loads(workspace: Workspace) -> None:
    pm = new_postmortem("Log flood", incident_date=date(2026, 3, 4))
    pm.summary = "x" * MAX_FIELD_CHARS
    loaded = workspace.create(pm)
    assert load(loaded.path).postmortem.summary == pm.summary
    assert loaded.path.stat().st_size < MAX_FILE_BYTES
