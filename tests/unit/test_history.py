"""storage/history.py: the saved versions of a postmortem (kept versions, conflict copies,
git commits), and restoring one through the workspace's save."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from postmortem_tui.core.model import TimelineEvent, to_dict
from postmortem_tui.storage.history import HistoryError, restore, saved_versions
from postmortem_tui.storage.workspace import ConflictError, Workspace, load, render_toml

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def sample(workspace_path: Path) -> tuple[Workspace, Path]:
    workspace = Workspace(workspace_path)
    return workspace, workspace.add_sample()


def keep(workspace: Workspace, path: Path, name: str, text: str) -> None:
    folder = workspace.own_folder(".history", path.stem)
    (folder / name).write_text(text, encoding="utf-8")


def test_no_versions_before_the_first_save(workspace_path: Path) -> None:
    workspace, path = sample(workspace_path)
    assert saved_versions(workspace, path) == []


def test_saves_are_listed_newest_first_with_what_they_changed(workspace_path: Path) -> None:
    workspace, path = sample(workspace_path)
    loaded = load(path)
    title = loaded.postmortem.title
    loaded.postmortem.title = "Webhooks delayed"
    loaded = workspace.save(loaded)
    loaded.postmortem.timeline.append(TimelineEvent(datetime(2026, 3, 12, 12, tzinfo=UTC), "ok"))
    loaded = workspace.save(loaded)
    versions = saved_versions(workspace, path)
    assert [v.number for v in versions] == [1, 2]
    assert [v.source for v in versions] == ["history", "history"]
    assert versions[0].postmortem is not None
    assert versions[0].postmortem.title == "Webhooks delayed"
    assert versions[0].summary == "title changed"
    assert versions[1].postmortem is not None and versions[1].postmortem.title == title
    assert versions[1].summary == "earliest version here"
    assert versions[0].at > versions[1].at


def test_conflict_copies_displaced_and_unreadable_versions_are_labelled(
    workspace_path: Path,
) -> None:
    workspace, path = sample(workspace_path)
    text = path.read_text(encoding="utf-8")
    keep(workspace, path, "20260301T100000000000Z.toml", 'title = "cut off\n')
    keep(workspace, path, "20260302T100000000000Z.toml", text)
    keep(workspace, path, "conflict-20260303T100000000000Z.toml", text)
    keep(workspace, path, "20260304T100000000000Z-displaced.toml", text)
    keep(workspace, path, "notes.toml", text)  # not a version
    keep(workspace, path, ".x.123456789abc.tmp", text)  # a temp file
    conflict = workspace.history_dir(path.stem) / "conflict-20260303T100000000000Z.toml"
    stamp = datetime(2026, 3, 3, 11, 0, tzinfo=UTC).timestamp()
    os.utime(conflict, (stamp, stamp))  # written on as its session typed
    versions = saved_versions(workspace, path)
    assert [(v.source, v.at.isoformat()) for v in versions] == [
        ("displaced", "2026-03-04T10:00:00+00:00"),
        ("conflict copy", "2026-03-03T11:00:00+00:00"),
        ("history", "2026-03-02T10:00:00+00:00"),
        ("history", "2026-03-01T10:00:00+00:00"),
    ]
    assert versions[3].postmortem is None
    assert versions[3].summary.startswith("unreadable: line 1: invalid TOML")
    assert versions[2].summary == "earliest version here"  # the unreadable one is skipped
    assert versions[1].summary == "same content as the version before"


def test_restore_writes_the_version_and_keeps_the_replaced_text(workspace_path: Path) -> None:
    workspace, path = sample(workspace_path)
    original = path.read_bytes()
    loaded = load(path)
    loaded.postmortem.title = "Webhooks delayed"
    workspace.save(loaded)
    (older,) = saved_versions(workspace, path)
    restored = restore(workspace, path, older)
    assert restored is not None and restored.postmortem.title == older.postmortem.title  # type: ignore[union-attr]
    assert path.read_bytes() == original
    versions = saved_versions(workspace, path)
    assert len(versions) == 2
    assert versions[0].postmortem is not None
    assert versions[0].postmortem.title == "Webhooks delayed"  # undo: restore version 1
    assert restore(workspace, path, versions[0]) is not None
    assert load(path).postmortem.title == "Webhooks delayed"


def test_restoring_the_current_text_changes_nothing(workspace_path: Path) -> None:
    workspace, path = sample(workspace_path)
    keep(workspace, path, "20260302T100000000000Z.toml", path.read_text(encoding="utf-8"))
    (version,) = saved_versions(workspace, path)
    before = path.stat().st_mtime_ns
    assert restore(workspace, path, version) is None
    assert path.stat().st_mtime_ns == before
    assert len(saved_versions(workspace, path)) == 1


def test_an_unreadable_version_is_never_restored(workspace_path: Path) -> None:
    workspace, path = sample(workspace_path)
    original = path.read_bytes()
    keep(workspace, path, "20260301T100000000000Z.toml", "title = 3\n")
    (version,) = saved_versions(workspace, path)
    with pytest.raises(HistoryError, match="version 1 does not load"):
        restore(workspace, path, version)
    assert path.read_bytes() == original


def test_a_broken_current_file_can_be_restored_over(workspace_path: Path) -> None:
    workspace, path = sample(workspace_path)
    good = path.read_text(encoding="utf-8")
    keep(workspace, path, "20260301T100000000000Z.toml", good)
    path.write_text("title = [broken\n", encoding="utf-8")
    (version,) = saved_versions(workspace, path)
    assert restore(workspace, path, version) is not None
    assert path.read_text(encoding="utf-8") == good
    kept = saved_versions(workspace, path)[0]
    assert kept.text == "title = [broken\n" and kept.postmortem is None


def test_restore_refuses_when_the_file_changes_meanwhile(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, path = sample(workspace_path)
    pm = load(path).postmortem
    pm.title = "An earlier draft"
    keep(workspace, path, "20260301T100000000000Z.toml", render_toml(to_dict(pm)))
    (version,) = saved_versions(workspace, path)
    real_save = Workspace.save
    pm.title = "Written by another session"
    other = render_toml(to_dict(pm))

    def someone_writes_first(self, loaded, **options):  # type: ignore[no-untyped-def]
        path.write_text(other, encoding="utf-8")
        return real_save(self, loaded, **options)

    monkeypatch.setattr(Workspace, "save", someone_writes_first)
    with pytest.raises(ConflictError):
        restore(workspace, path, version)
    assert load(path).postmortem.title == "Written by another session"


# --- git --------------------------------------------------------------------------------------


def git(folder: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def commit_at(folder: Path, message: str, when: str) -> None:
    git(folder, "add", "-A")
    env_when = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    old = {key: os.environ.get(key) for key in env_when}
    os.environ.update(env_when)
    try:
        git(folder, "commit", "-q", "-m", message)
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@needs_git
def test_commits_of_the_file_are_listed_with_the_history(workspace_path: Path) -> None:
    workspace, path = sample(workspace_path)
    git(workspace.root, "init", "-q")
    commit_at(workspace.root, "Add the postmortem", "2026-03-12T10:00:00+00:00")
    loaded = load(path)
    loaded.postmortem.title = "Webhooks delayed"
    loaded = workspace.save(loaded)  # keeps the committed text in .history
    loaded.postmortem.status = "final"
    path.write_text(render_toml(to_dict(loaded.postmortem)), encoding="utf-8")
    # Renamed in git: --follow finds the older name's commits too.
    renamed = path.with_name("2026-03-12-webhooks-delayed.toml")
    git(workspace.root, "mv", path.name, renamed.name)
    commit_at(workspace.root, "Final version", "2026-03-14T10:00:00+00:00")
    versions = saved_versions(workspace, renamed)
    gits = [v for v in versions if v.source == "git"]
    assert [v.subject for v in gits] == ["Final version", "Add the postmortem"]
    assert gits[0].where.startswith("git ") and len(gits[0].name) == 7
    assert gits[0].postmortem is not None and gits[0].postmortem.status == "final"
    assert gits[1].at == datetime(2026, 3, 12, 10, tzinfo=UTC)
    assert gits[1].summary == "earliest version here"
    assert "status" in gits[0].summary


@needs_git
def test_outside_a_repository_or_without_git_only_the_history_is_listed(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, path = sample(workspace_path)
    keep(workspace, path, "20260301T100000000000Z.toml", path.read_text(encoding="utf-8"))
    assert [v.source for v in saved_versions(workspace, path)] == ["history"]
    git(workspace.root, "init", "-q")
    commit_at(workspace.root, "Add", "2026-03-12T10:00:00+00:00")
    assert len(saved_versions(workspace, path)) == 2
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert [v.source for v in saved_versions(workspace, path)] == ["history"]


@needs_git
def test_commits_of_the_same_second_keep_their_order(workspace_path: Path) -> None:
    workspace, path = sample(workspace_path)
    git(workspace.root, "init", "-q")
    commit_at(workspace.root, "First", "2026-03-12T10:00:00+00:00")
    loaded = load(path)
    loaded.postmortem.title = "Webhooks delayed"
    path.write_text(render_toml(to_dict(loaded.postmortem)), encoding="utf-8")
    commit_at(workspace.root, "Second", "2026-03-12T10:00:00+00:00")
    versions = saved_versions(workspace, path)
    assert [(v.subject, v.summary) for v in versions] == [
        ("Second", "title changed"),
        ("First", "earliest version here"),
    ]
