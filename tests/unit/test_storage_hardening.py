"""Storage under attack: links planted in the workspace, the umask, files left by a killed
process, and files other editors write (issue 10's defects 3, 10 and 11)."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from postmortem_tui.core.model import Postmortem
from postmortem_tui.storage.exports import write_export
from postmortem_tui.storage.workspace import (
    HISTORY_DIR,
    HISTORY_KEEP,
    STALE_TEMP_SECONDS,
    ConflictError,
    LoadedPostmortem,
    SaveError,
    Workspace,
    load,
)

INCIDENT = date(2026, 2, 3)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws").ensure()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the workspace holding files that must never change."""
    folder = tmp_path / "outside"
    folder.mkdir()
    for n in range(25):
        (folder / f"2026010{n % 10}T00000{n:02d}Z.toml").write_text(f"keep {n}\n")
    return folder


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.tmp"))


def listing(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir())}


def make(workspace: Workspace) -> LoadedPostmortem:
    return workspace.create(Postmortem(title="Queue disk filled", date=INCIDENT))


def edit(workspace: Workspace, loaded: LoadedPostmortem, title: str) -> LoadedPostmortem:
    loaded.postmortem.title = title
    return workspace.save(loaded)


# --- links planted in the workspace ----------------------------------------------------------


def test_a_linked_history_folder_of_a_postmortem_is_refused(
    workspace: Workspace, outside: Path
) -> None:
    loaded = make(workspace)
    before = listing(outside)
    (workspace.root / ".history").mkdir()
    (workspace.root / ".history" / loaded.id).symlink_to(outside)
    with pytest.raises(SaveError, match="symbolic link") as refused:
        edit(workspace, loaded, "Changed")
    assert str(workspace.root / ".history" / loaded.id) in str(refused.value)
    assert listing(outside) == before  # nothing pruned, nothing written
    assert load(loaded.path).postmortem.title == "Queue disk filled"


def test_a_linked_history_folder_is_refused(workspace: Workspace, outside: Path) -> None:
    loaded = make(workspace)
    before = listing(outside)
    (workspace.root / ".history").symlink_to(outside)
    with pytest.raises(SaveError, match="symbolic link"):
        edit(workspace, loaded, "Changed")
    assert listing(outside) == before


def test_a_linked_trash_is_refused(workspace: Workspace, outside: Path) -> None:
    loaded = make(workspace)
    before = listing(outside)
    (workspace.root / ".trash").symlink_to(outside)
    with pytest.raises(SaveError, match="symbolic link"):
        workspace.trash(loaded.path)
    assert loaded.path.is_file()
    assert listing(outside) == before


def test_a_linked_lock_file_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    loaded = make(workspace)
    target = tmp_path / "outside-lock"
    (workspace.root / ".lock").unlink()
    (workspace.root / ".lock").symlink_to(target)
    with pytest.raises(SaveError, match="symbolic link"):
        edit(workspace, loaded, "Changed")
    assert not target.exists()
    assert load(loaded.path).postmortem.title == "Queue disk filled"


@pytest.mark.parametrize("folder", [".history", ".trash"])
def test_an_export_through_a_linked_history_or_trash_is_refused(
    workspace: Workspace, outside: Path, folder: str
) -> None:
    loaded = make(workspace)
    before = listing(outside)
    (workspace.root / folder).symlink_to(outside)
    target = workspace.root / folder / "20260101T000000000000Z.toml"
    with pytest.raises(SaveError, match="refusing to write an export"):
        write_export(loaded.postmortem, target, today=None, workspace=workspace)
    assert listing(outside) == before


def test_an_export_to_a_linked_exports_folder_is_refused(
    workspace: Workspace, outside: Path
) -> None:
    """The editor and the browser export to `<workspace>/exports/` by default."""
    loaded = make(workspace)
    before = listing(outside)
    workspace.exports_dir().symlink_to(outside)
    target = workspace.exports_dir() / f"{loaded.id}.md"
    with pytest.raises(SaveError, match="symbolic link"):
        write_export(loaded.postmortem, target, today=None, workspace=workspace)
    assert listing(outside) == before


# --- file modes ----------------------------------------------------------------------------


@pytest.fixture
def umask_077() -> Iterator[None]:
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_and_folders_honour_the_umask(workspace: Workspace, umask_077: None) -> None:
    loaded = make(workspace)
    assert mode(loaded.path) == 0o600
    edit(workspace, loaded, "Changed")
    history = workspace.history(loaded.id)
    assert history and mode(history[0]) == 0o600
    assert mode(workspace.root / ".history") == 0o700
    assert mode(workspace.root / ".history" / loaded.id) == 0o700


def test_a_history_copy_is_never_more_readable_than_its_original(workspace: Workspace) -> None:
    loaded = make(workspace)
    os.chmod(loaded.path, 0o600)  # the user made it private; the umask is the usual 022
    edit(workspace, loaded, "Changed")
    assert mode(workspace.history(loaded.id)[0]) == 0o600
    assert mode(loaded.path) == 0o600  # a save keeps the file's own mode


# --- leftovers and other editors' files ------------------------------------------------------


def test_a_save_removes_stale_temp_files_of_that_file_only(workspace: Workspace) -> None:
    loaded = make(workspace)
    stale = workspace.root / f".{loaded.path.name}.0123456789ab.tmp"
    fresh = workspace.root / f".{loaded.path.name}.ba9876543210.tmp"  # a save under way
    other = workspace.root / ".notes.toml.0123456789ab.tmp"
    unrelated = workspace.root / f".{loaded.path.name}.keep.tmp"
    for path in (stale, fresh, other, unrelated):
        path.write_text("half a file")
    old = time.time() - STALE_TEMP_SECONDS - 60
    for path in (stale, other, unrelated):
        os.utime(path, (old, old))
    edit(workspace, loaded, "Changed")
    assert not stale.exists()
    assert fresh.exists() and other.exists() and unrelated.exists()


def test_a_save_removes_stale_temp_files_in_the_history(workspace: Workspace) -> None:
    """A kill while a version was being kept leaves a temp file in the history folder."""
    loaded = edit(workspace, make(workspace), "First")
    folder = workspace.history_dir(loaded.id)
    stale_version = folder / ".20260101T000000000000Z.toml.0123456789ab.tmp"
    stale_link = folder / ".displaced-20260101T000000000000Z.tmp"
    stale_copy = folder / ".conflict-20260101T000000000000Z.toml.0123456789ab.tmp"
    fresh = folder / ".20260101T000001000000Z.toml.ba9876543210.tmp"  # a save under way
    for path in (stale_version, stale_link, stale_copy, fresh):
        path.write_text("half a file")
    old = time.time() - STALE_TEMP_SECONDS - 60
    for path in (stale_version, stale_link, stale_copy):
        os.utime(path, (old, old))
    edit(workspace, loaded, "Second")
    assert temp_files(folder) == [fresh]


def test_conflict_and_displaced_copies_are_kept_and_never_crowd_out_the_history(
    workspace: Workspace,
) -> None:
    """Pruning keeps the last versions of the file; a session's conflict copy or another
    program's displaced version is the only copy of that text and is never pruned."""
    loaded = make(workspace)
    folder = workspace.own_folder(HISTORY_DIR, loaded.id)
    kept = [folder / f"conflict-202601{n + 1:02d}T000000000000Z.toml" for n in range(HISTORY_KEEP)]
    kept.append(folder / "20260101T000000000000Z-displaced.toml")
    for path in kept:
        path.write_bytes(loaded.path.read_bytes())
    for n in range(HISTORY_KEEP + 2):
        loaded = edit(workspace, loaded, f"Version {n}")
    assert all(path.exists() for path in kept)
    titles = [load(path).postmortem.title for path in workspace.history(loaded.id)]
    assert titles == [f"Version {n}" for n in range(HISTORY_KEEP, 0, -1)]


def test_a_file_with_a_byte_order_mark_loads(workspace: Workspace) -> None:
    loaded = make(workspace)
    data = loaded.path.read_bytes()
    loaded.path.write_bytes(b"\xef\xbb\xbf" + data)
    again = load(loaded.path)
    assert again.postmortem.title == "Queue disk filled"
    assert loaded.path.read_bytes().startswith(b"\xef\xbb\xbf")  # loading changes nothing
    edit(workspace, again, "Changed")
    assert not loaded.path.read_bytes().startswith(b"\xef\xbb\xbf")


# --- an outside editor writing during a save (issue 10, defect 6) ----------------------------


def test_an_outside_write_during_a_save_is_never_overwritten(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outside editor writes while the save fsyncs its temp file: the save backs off."""
    loaded = make(workspace)
    outside = loaded.path.read_text().replace("Queue disk filled", "Outside editor's title")
    real_fsync = os.fsync
    wrote = []

    def fsync_while_another_program_writes(fd: int) -> None:
        if not wrote:
            wrote.append(True)
            loaded.path.write_text(outside)  # in place, as many editors do
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_while_another_program_writes)
    loaded.postmortem.title = "Mine"
    with pytest.raises(ConflictError):
        workspace.save(loaded)
    monkeypatch.undo()
    assert wrote and load(loaded.path).postmortem.title == "Outside editor's title"
    assert temp_files(workspace.root) == []


def test_a_write_after_the_last_check_is_kept_in_the_history(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The narrowest window: between the last check and the rename. The rename still wins,
    and the version it displaced is kept beside the history, not lost."""
    loaded = make(workspace)
    outside = loaded.path.read_text().replace("Queue disk filled", "Outside editor's title")
    real_replace = os.replace

    def replace_after_another_program_writes(src: str, dst: str | Path) -> None:
        if Path(dst) == loaded.path:
            with open(loaded.path, "w") as handle:  # in place: the same file the save holds
                handle.write(outside)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_after_another_program_writes)
    loaded.postmortem.title = "Mine"
    workspace.save(loaded)
    monkeypatch.undo()
    assert load(loaded.path).postmortem.title == "Mine"
    kept = sorted(workspace.history_dir(loaded.id).glob("*-displaced.toml"))
    assert [load(path).postmortem.title for path in kept] == ["Outside editor's title"]
    assert not list(workspace.history_dir(loaded.id).glob(".displaced-*"))


def test_an_ordinary_save_keeps_no_displaced_copy(workspace: Workspace) -> None:
    loaded = make(workspace)
    edit(workspace, loaded, "Changed")
    folder = workspace.history_dir(loaded.id)
    assert not list(folder.glob("*displaced*"))
    assert len(workspace.history(loaded.id)) == 1
