"""The merge drill on real git (issue 11): two branches of one postmortem, merged by
`git merge`, `git rebase` and `git cherry-pick` through the merge driver that
`postmortem init --git` sets up.

Different changes on the two branches (events and action items added on both, different
fields edited, different actions marked done, an item deleted, factors reordered) merge
without a conflict and the result holds every change. The same field edited on both sides
stops git with the file marked unmerged; the file still loads, holds both texts, and
`postmortem lint` reports the conflict as an error; resolving it with the core's `resolve`
and committing completes the operation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from git_support import Repo, make_repo, needs_git

from postmortem_tui.core.conflicts import conflicts_in, resolve
from postmortem_tui.core.model import ActionItem, Postmortem, TimelineEvent
from postmortem_tui.storage.workspace import Workspace, load

pytestmark = needs_git

NAME = "2026-03-12-webhooks-delayed.toml"
BASE = """\
schema_version = 1
title = "Payment webhooks delayed by a full queue disk"
date = 2026-03-12
timezone = "UTC"
summary = "Webhooks reached merchants up to 40 minutes late while the queue disk was full."
root_cause = "The broker's disk had no usage alert, and retries doubled the backlog."

[[timeline]]
at = 2026-03-12T09:00:00Z
event = "Queue disk reaches 100%; the broker stops accepting writes"
milestone = "started"

[[timeline]]
at = 2026-03-12T09:20:00Z
event = "Merchant reports delayed webhooks"
milestone = "detected"

[[timeline]]
at = 2026-03-12T09:52:00Z
event = "Volume expanded; deliveries catch up"
milestone = "resolved"

[[factors]]
text = "No alert on broker disk usage"

[[factors]]
text = "Retries are not rate limited"

[[factors]]
text = "Volume size was set by hand"

[[actions]]
kind = "detect"
text = "Alert at 70% broker disk usage"
owner = "@platform"
due = 2026-03-30
factors = [1]

[[actions]]
kind = "prevent"
text = "Rate limit the payment retry job"
owner = "@payments"
due = 2026-04-10
factors = [2]

[[actions]]
kind = "prevent"
text = "Size broker volumes from the capacity plan"
owner = "@platform"
due = 2026-04-20
factors = [3]

[[evidence]]
kind = "metric"
text = "Broker disk usage graph"
link = "https://metrics.example.invalid/broker-disk"
"""

OURS_SUMMARY = "Webhooks reached merchants up to 40 minutes late; 1,200 merchants were affected."
THEIRS_SUMMARY = "For 52 minutes the broker refused writes and webhooks queued behind it."
ROOT_CAUSE = "Nothing alerted on the broker's disk, and unlimited retries doubled the backlog."


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 3, 12, hour, minute, tzinfo=UTC)


def edit(repo: Repo, change: Callable[[Postmortem], None]) -> None:
    """Load the postmortem, change it, save it as the app does."""
    loaded = load(repo.root / NAME)
    change(loaded.postmortem)
    Workspace(repo.root).save(loaded)


def done(pm: Postmortem, text: str) -> None:
    pm.actions = [dataclasses.replace(a, done=True) if a.text == text else a for a in pm.actions]


def ours_changes(pm: Postmortem) -> None:
    pm.timeline.append(TimelineEvent(at=at(9, 10), event="Dashboards show queue depth climbing"))
    pm.sort_timeline()
    pm.actions.append(ActionItem(kind="detect", text="Page on webhook delivery lag over 5 min"))
    pm.summary = OURS_SUMMARY
    done(pm, "Alert at 70% broker disk usage")
    pm.evidence = []  # the deleted item


def theirs_changes(pm: Postmortem) -> None:
    pm.timeline.append(TimelineEvent(at=at(9, 40), event="Retry job paused"))
    pm.sort_timeline()
    pm.actions.append(ActionItem(kind="mitigate", text="Runbook step to pause the retry job"))
    pm.root_cause = ROOT_CAUSE
    done(pm, "Rate limit the payment retry job")
    # Factors reversed, and the action items' links follow, as the factors pane does.
    pm.factors.reverse()
    count = len(pm.factors)
    pm.actions = [
        dataclasses.replace(a, factors=[count + 1 - n for n in a.factors]) for a in pm.actions
    ]


def started(tmp_path: Path) -> Repo:
    """A repository with the base postmortem on `main` and a branch `theirs` from it."""
    repo = make_repo(tmp_path)
    (repo.root / NAME).write_text(BASE, encoding="utf-8")
    repo.commit_all("Base postmortem")
    repo.git("branch", "theirs")
    return repo


def two_branches(tmp_path: Path, *, same_field: bool = False) -> Repo:
    """`main` with our changes, `theirs` with theirs (and the summary edited on both sides
    when `same_field`), `main` checked out."""
    repo = started(tmp_path)
    edit(repo, ours_changes)
    repo.commit_all("Our changes")
    repo.git("checkout", "-q", "theirs")
    edit(repo, theirs_changes)
    if same_field:
        edit(repo, lambda pm: setattr(pm, "summary", THEIRS_SUMMARY))
    repo.commit_all("Their changes")
    repo.git("checkout", "-q", "main")
    return repo


def factor_texts(pm: Postmortem, action: ActionItem) -> list[str]:
    return [pm.factors[n - 1].text for n in action.factors]


def assert_every_change_kept(pm: Postmortem, *, summary: str = OURS_SUMMARY) -> None:
    events = [e.event for e in pm.timeline]
    assert events == [
        "Queue disk reaches 100%; the broker stops accepting writes",
        "Dashboards show queue depth climbing",
        "Merchant reports delayed webhooks",
        "Retry job paused",
        "Volume expanded; deliveries catch up",
    ]
    actions = {a.text: a for a in pm.actions}
    assert set(actions) == {
        "Alert at 70% broker disk usage",
        "Rate limit the payment retry job",
        "Size broker volumes from the capacity plan",
        "Page on webhook delivery lag over 5 min",
        "Runbook step to pause the retry job",
    }
    assert actions["Alert at 70% broker disk usage"].done
    assert actions["Rate limit the payment retry job"].done
    assert not actions["Size broker volumes from the capacity plan"].done
    assert pm.summary == summary
    assert pm.root_cause == ROOT_CAUSE
    assert pm.evidence == []
    assert [f.text for f in pm.factors] == [
        "Volume size was set by hand",
        "Retries are not rate limited",
        "No alert on broker disk usage",
    ]
    # Each action item still addresses the factor it addressed.
    assert factor_texts(pm, actions["Alert at 70% broker disk usage"]) == [
        "No alert on broker disk usage"
    ]
    assert factor_texts(pm, actions["Rate limit the payment retry job"]) == [
        "Retries are not rate limited"
    ]
    assert factor_texts(pm, actions["Size broker volumes from the capacity plan"]) == [
        "Volume size was set by hand"
    ]
    assert conflicts_in(pm) == []


def assert_conflict_reported(repo: Repo) -> None:
    """git marks the file unmerged; it loads, holds both texts, and lint says so."""
    assert repo.unmerged() == [NAME]
    text = (repo.root / NAME).read_text(encoding="utf-8")
    assert OURS_SUMMARY in text and THEIRS_SUMMARY in text
    assert "<<<<<<<" not in text
    pm = load(repo.root / NAME).postmortem
    conflicts = conflicts_in(pm)
    assert [c.field for c in conflicts] == ["summary"]
    assert {conflicts[0].ours, conflicts[0].theirs} == {OURS_SUMMARY, THEIRS_SUMMARY}
    lint = repo.postmortem("lint", NAME, "--today", "2026-03-20")
    assert lint.returncode == 1, lint.stderr
    assert "error merge-conflict: Unresolved merge conflict in summary" in lint.stdout


def resolve_by_combining(repo: Repo) -> str:
    """Pick both texts, one after the other, as a person combining them would; save, add."""
    loaded = load(repo.root / NAME)
    (conflict,) = conflicts_in(loaded.postmortem)
    combined = f"{conflict.ours} {conflict.theirs}"
    resolve(loaded.postmortem, conflict, combined)
    Workspace(repo.root).save(loaded)
    repo.git("add", NAME)
    return combined


def assert_finished(repo: Repo) -> None:
    assert repo.git("status", "--porcelain").stdout == ""
    git_dir = repo.root / ".git"
    for marker in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "rebase-merge", "rebase-apply"):
        assert not (git_dir / marker).exists(), marker


# --- merge ------------------------------------------------------------------------------------


def test_git_merge_of_different_changes_is_clean_and_keeps_every_change(tmp_path: Path) -> None:
    repo = two_branches(tmp_path)
    merged = repo.git("merge", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert_finished(repo)
    assert_every_change_kept(load(repo.root / NAME).postmortem)
    lint = repo.postmortem("lint", NAME, "--today", "2026-03-20")
    assert "merge-conflict" not in lint.stdout


def test_git_merge_of_one_field_edited_on_both_sides_stops_until_resolved(
    tmp_path: Path,
) -> None:
    repo = two_branches(tmp_path, same_field=True)
    merged = repo.git("merge", "--no-edit", "theirs", check=False)
    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout
    assert_conflict_reported(repo)

    combined = resolve_by_combining(repo)
    repo.git("commit", "--no-edit")
    assert_finished(repo)
    pm = load(repo.root / NAME).postmortem
    assert_every_change_kept(pm, summary=combined)
    assert "merge-conflict" not in repo.postmortem("lint", NAME, "--today", "2026-03-20").stdout


# --- rebase -----------------------------------------------------------------------------------


def test_git_rebase_of_different_changes_is_clean_and_keeps_every_change(tmp_path: Path) -> None:
    repo = two_branches(tmp_path)
    repo.git("checkout", "-q", "theirs")
    rebased = repo.git("rebase", "main", check=False)
    assert rebased.returncode == 0, rebased.stdout + rebased.stderr
    assert_finished(repo)
    assert_every_change_kept(load(repo.root / NAME).postmortem)
    # The branch is main plus one commit: the rebase really replayed it.
    assert repo.git("rev-list", "--count", "main..theirs").stdout.strip() == "1"


def test_git_rebase_of_one_field_edited_on_both_sides_stops_until_resolved(
    tmp_path: Path,
) -> None:
    repo = two_branches(tmp_path, same_field=True)
    repo.git("checkout", "-q", "theirs")
    rebased = repo.git("rebase", "main", check=False)
    assert rebased.returncode != 0
    assert_conflict_reported(repo)

    combined = resolve_by_combining(repo)
    repo.git("rebase", "--continue")
    assert_finished(repo)
    assert_every_change_kept(load(repo.root / NAME).postmortem, summary=combined)


# --- cherry-pick ------------------------------------------------------------------------------


def test_git_cherry_pick_takes_their_commit_into_ours(tmp_path: Path) -> None:
    repo = two_branches(tmp_path)
    picked = repo.git("cherry-pick", "theirs", check=False)
    assert picked.returncode == 0, picked.stdout + picked.stderr
    assert_finished(repo)
    assert_every_change_kept(load(repo.root / NAME).postmortem)


def test_git_cherry_pick_of_one_field_edited_on_both_sides_stops_until_resolved(
    tmp_path: Path,
) -> None:
    repo = two_branches(tmp_path, same_field=True)
    picked = repo.git("cherry-pick", "theirs", check=False)
    assert picked.returncode != 0
    assert_conflict_reported(repo)
    combined = resolve_by_combining(repo)
    repo.git("cherry-pick", "--continue")
    assert_finished(repo)
    assert_every_change_kept(load(repo.root / NAME).postmortem, summary=combined)


# --- what the repository keeps ----------------------------------------------------------------


def test_the_app_s_own_files_are_never_committed(tmp_path: Path) -> None:
    repo = two_branches(tmp_path)  # saves keep history, lint keeps the rules cache
    repo.postmortem("lint", "--all", "--today", "2026-03-20")
    (repo.root / ".lock").touch()
    assert (repo.root / ".history").is_dir()
    tracked = repo.git("ls-files").stdout.split()
    assert sorted(tracked) == sorted([".gitattributes", ".gitignore", "postmortem.toml", NAME])
    assert repo.git("status", "--porcelain").stdout == ""
