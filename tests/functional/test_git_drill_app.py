"""The merge drill finished in the app: a `git merge` stopped on a field both branches
changed, the conflict resolved in the editor (f12, keep theirs), and the merge committed."""

from __future__ import annotations

from pathlib import Path

from editor_support import SIZE, TODAY, opened, wait_for
from git_support import needs_git
from test_git_drill import (
    NAME,
    THEIRS_SUMMARY,
    assert_every_change_kept,
    assert_finished,
    two_branches,
)

from postmortem_tui.core.conflicts import conflicts_in
from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.app import make_app
from postmortem_tui.tui.forms.merge_conflicts import MergeConflictsDialog

pytestmark = needs_git


async def test_a_conflict_resolved_in_the_app_completes_the_merge(tmp_path: Path) -> None:
    repo = two_branches(tmp_path, same_field=True)
    assert repo.git("merge", "--no-edit", "theirs", check=False).returncode != 0
    assert repo.unmerged() == [NAME]
    path = repo.root / NAME

    app = make_app(Workspace(repo.root), open_path=path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f12")
        await wait_for(pilot, lambda: isinstance(app.screen, MergeConflictsDialog))
        await pilot.press("t")
        await wait_for(pilot, lambda: not conflicts_in(load(path).postmortem))
        await pilot.press("ctrl+q")

    pm = load(path).postmortem
    assert pm.summary == THEIRS_SUMMARY
    assert_every_change_kept(pm, summary=THEIRS_SUMMARY)
    repo.git("add", NAME)
    repo.git("commit", "--no-edit")
    assert_finished(repo)
    lint = repo.postmortem("lint", NAME, "--today", "2026-03-20")
    assert "merge-conflict" not in lint.stdout
