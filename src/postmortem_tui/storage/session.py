"""An editing session: one postmortem being edited, when it is saved, and what happens when
its file changed on disk. Plain Python: the editor screen drives it and shows its state, and
the tests drive it with a fake clock.

Every change bumps a generation number. Once typing pauses for a moment (and at the latest
`AUTOSAVE_DELAY` after the first unsaved change) a save is due: the editing thread takes a
`Snapshot` of the postmortem (plain data, shared with nothing), a worker thread writes it, and
the result comes back to the editing thread. A file changed on disk by someone else is never
overwritten: its changes are merged with this session's (`take_in`, the core's three-way
`merge` of what this session loaded or last saved, what it holds and what is on disk), and
the merged postmortem is saved. Only when both changed the same field differently is it a
conflict: until the user reloads the file or keeps a copy, saves go to a conflict copy in the
postmortem's history (`.history/<id>/conflict-<time>.toml`), so the text typed here survives
whatever happens next, a crash or a reload included.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..core.list_history import ListHistory, ListStep
from ..core.model import Postmortem, ValidationError, from_dict, to_dict
from ..core.record import FrozenRecord, set_field
from .workspace import (
    HISTORY_DIR,
    ConflictError,
    LoadedPostmortem,
    SaveError,
    StorageError,
    Workspace,
    file_stamp,
    fingerprint,
    load,
    parse_postmortem,
    postmortem_bytes,
    utc_timestamp,
    write_atomically,
)

if TYPE_CHECKING:
    from ..core.merge import Conflict, MergeResult

#: Every change reaches the disk within this many seconds (plus the time a save takes).
AUTOSAVE_DELAY = 1.5
#: A pause in typing of this share of AUTOSAVE_DELAY saves sooner, so saves (which take the
#: GIL for a while on big postmortems) fall between bursts of typing, not inside them.
AUTOSAVE_QUIET_SHARE = 1 / 3

SaveState = Literal["saved", "saving…", "unsaved", "conflict", "save failed"]
#: "stale": not written, the file's changes were merged in after the snapshot was taken.
SaveOutcome = Literal["saved", "conflict", "failed", "kept in history", "stale"]


def _plain_copy(value: Any) -> Any:
    """A copy of nested dicts and lists, so later edits cannot reach a snapshot."""
    if isinstance(value, dict):
        return {key: _plain_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_copy(item) for item in value]
    return value


class Snapshot(FrozenRecord):
    """What one save writes: the postmortem's data at one moment, and that moment's number."""

    __slots__ = ("conflict_copy", "data", "generation", "merges")
    generation: int
    data: dict[str, Any]
    #: Where it goes: None for the postmortem's file, else a conflict copy in its history.
    conflict_copy: Path | None
    #: How many times the file's changes had been merged in when it was taken: a snapshot
    #: from before a merge is not written (it lacks what the merge took in).
    merges: int

    def __init__(
        self,
        generation: int,
        data: dict[str, Any],
        conflict_copy: Path | None = None,
        merges: int = 0,
    ) -> None:
        set_field(self, "generation", generation)
        set_field(self, "data", data)
        set_field(self, "conflict_copy", conflict_copy)
        set_field(self, "merges", merges)


class SaveResult(FrozenRecord):
    """How a save went; `message` says why when it did not. On a conflict, `on_disk` is the
    file as it was read then (None when it did not load)."""

    __slots__ = ("generation", "message", "on_disk", "outcome")
    outcome: SaveOutcome
    generation: int
    message: str
    on_disk: LoadedPostmortem | None

    def __init__(
        self,
        outcome: SaveOutcome,
        generation: int,
        message: str = "",
        on_disk: LoadedPostmortem | None = None,
    ) -> None:
        set_field(self, "outcome", outcome)
        set_field(self, "generation", generation)
        set_field(self, "message", message)
        set_field(self, "on_disk", on_disk)


class EditingSession:
    """One open postmortem: its file, its unsaved changes and its save state."""

    def __init__(
        self,
        workspace: Workspace,
        loaded: LoadedPostmortem,
        *,
        clock: Callable[[], float] = time.monotonic,
        autosave_delay: float = AUTOSAVE_DELAY,
    ) -> None:
        self.workspace = workspace
        self._loaded = loaded
        self._clock = clock
        self.autosave_delay = autosave_delay
        self._generation = 0
        self._saved_generation = 0
        self._first_unsaved: float | None = None
        self._last_change = 0.0
        self._write_lock = threading.Lock()  # one write at a time, whichever thread asks
        self.state: SaveState = "saved"
        #: Why the last save failed, for the user.
        self.failure = ""
        #: In a conflict: the history file that keeps this session's version, and the
        #: generation it holds.
        self.conflict_copy: Path | None = None
        self._copied_generation = 0
        #: The file as this session last read or wrote it (bytes, a save's data, or parsed):
        #: the base of a merge with the file changed on disk.
        self._base: bytes | dict[str, Any] | Postmortem = (
            loaded.data if loaded.data is not None else self.snapshot_data()
        )
        #: Times the file's changes were merged in (snapshots from before are stale).
        self.merges = 0
        #: The file's size, times and inode when `changed_on_disk` last looked at it.
        self._stamp_read: tuple[int, int, int, int] | None = None
        #: The list edits of this session, to undo and redo.
        self._list_history = ListHistory(loaded.postmortem)

    # --- what is being edited -----------------------------------------------------------------

    @property
    def postmortem(self) -> Postmortem:
        return self._loaded.postmortem

    @property
    def path(self) -> Path:
        """The file saves go to (a copy's path after `keep_copy`)."""
        return self._loaded.path

    @property
    def id(self) -> str:
        return self._loaded.id

    @property
    def is_dirty(self) -> bool:
        return self._generation != self._saved_generation

    @property
    def in_conflict(self) -> bool:
        return self.state == "conflict"

    # --- changes and autosave timing ----------------------------------------------------------

    def changed(self) -> None:
        """The postmortem changed: it is due on disk within the autosave delay."""
        self._generation += 1
        self._last_change = now = self._clock()
        if self._first_unsaved is None:
            self._first_unsaved = now
        if not self.in_conflict:
            self.state = "unsaved"

    @property
    def _unwritten(self) -> bool:
        """Changes not on disk: not in the file, nor (in a conflict) in the conflict copy."""
        if self.in_conflict:
            return self._generation != self._copied_generation
        return self.is_dirty

    def autosave_wait(self) -> float | None:
        """Seconds until an autosave is due (0: now); None when none is due.

        Due after a pause in typing, and never later than the delay after the first change
        that is not on disk yet. After a failed save nothing is due until the next change.
        """
        if self._first_unsaved is None or not self._unwritten:
            return None
        quiet_until = self._last_change + self.autosave_delay * AUTOSAVE_QUIET_SHARE
        due = min(quiet_until, self._first_unsaved + self.autosave_delay)
        return max(0.0, due - self._clock())

    # --- undo and redo of list edits ----------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return self._list_history.can_undo

    @property
    def can_redo(self) -> bool:
        return self._list_history.can_redo

    def list_edited(self, field: str, cursor: int | None = None) -> None:
        """A list of the postmortem (`field`, e.g. "timeline") was edited: undo can take it
        back. `cursor` is the index of the item highlighted after the edit."""
        self._list_history.record(field, cursor)

    def resolve_conflicts(self, resolutions: Iterable[tuple[Conflict, Any]]) -> list[str]:
        """Settle merge conflicts kept in the postmortem (core/conflicts.py), in place;
        returns why any was refused (it stays). Saving is due after."""
        from ..core.conflicts import resolve_in_place

        refused = resolve_in_place(self.postmortem, resolutions)
        # Undo steps recorded before would put back lists from before the resolution.
        self._list_history = ListHistory(self.postmortem)
        self.changed()
        return refused

    def undo(self) -> ListStep | None:
        """Take back the last list edit (a change: it is due on disk); None when none is left."""
        return self._changed_by(self._list_history.undo())

    def redo(self) -> ListStep | None:
        """Make the last undone list edit again; None when there is nothing to redo."""
        return self._changed_by(self._list_history.redo())

    def _changed_by(self, step: ListStep | None) -> ListStep | None:
        if step is not None:
            self.changed()
        return step

    # --- saving -------------------------------------------------------------------------------

    def snapshot_data(self) -> dict[str, Any]:
        """The postmortem's data as it is now, in plain dicts and lists shared with nothing."""
        return _plain_copy(to_dict(self.postmortem))

    def begin_save(self) -> Snapshot | None:
        """On the editing thread: what a save should write now, or None if nothing is due.

        In a conflict the snapshot goes to the conflict copy; the state stays "conflict".
        """
        if not self._unwritten:
            return None
        self._first_unsaved = None  # changes from here on start a new autosave window
        if self.in_conflict:
            if self.conflict_copy is None:
                folder = self.workspace.history_dir(self.id)
                self.conflict_copy = folder / f"conflict-{utc_timestamp()}.toml"
            return Snapshot(self._generation, self.snapshot_data(), self.conflict_copy)
        self.state = "saving…"
        return Snapshot(self._generation, self.snapshot_data(), merges=self.merges)

    def write(self, snapshot: Snapshot) -> SaveResult:
        """Write a snapshot; safe on any thread. Never raises: the result says what happened."""
        with self._write_lock:
            loaded = self._loaded
            try:
                data = postmortem_bytes(snapshot.data)
                if snapshot.conflict_copy is not None:
                    self.workspace.own_folder(HISTORY_DIR, self.id)
                    write_atomically(snapshot.conflict_copy, data)
                    return SaveResult("kept in history", snapshot.generation)
                if snapshot.merges != self.merges:
                    return SaveResult("stale", snapshot.generation)
                saved = self.workspace.save(loaded, data=data)
            except ConflictError as error:
                on_disk = self._read_changed_file()
                return SaveResult("conflict", snapshot.generation, str(error), on_disk)
            except StorageError as error:
                return SaveResult("failed", snapshot.generation, str(error))
            except Exception as error:  # whatever went wrong, the text stays in the editor
                reason = f"{type(error).__name__}: {error}"[:300]
                message = f"could not save {loaded.path.name}: {reason}"
                return SaveResult("failed", snapshot.generation, message)
            self._loaded = LoadedPostmortem(saved.path, self.postmortem, saved.fingerprint)
            self._base = snapshot.data
            return SaveResult("saved", snapshot.generation)

    def finish_save(self, result: SaveResult) -> bool:
        """Back on the editing thread: record how the save went.

        Returns True when the file had changed on disk and its changes were merged into the
        postmortem (the editor shows them; saving the merged postmortem is due).
        """
        if result.outcome == "kept in history":
            self._copied_generation = max(self._copied_generation, result.generation)
        elif result.outcome == "saved":
            self._saved_generation = max(self._saved_generation, result.generation)
            self.failure = ""
            if not self.in_conflict:
                self.state = "unsaved" if self.is_dirty else "saved"
            if self.is_dirty and self._first_unsaved is None:
                self._first_unsaved = self._clock()  # typed while saving: go round again
        elif result.outcome == "conflict":
            return self.take_in(result.on_disk)
        elif result.outcome == "stale":
            if not self.in_conflict:
                self.state = "unsaved" if self.is_dirty else "saved"
            if self.is_dirty and self._first_unsaved is None:
                self._first_unsaved = self._clock()
        else:
            self.state = "save failed"
            self.failure = result.message
        return False

    # --- the file changed on disk --------------------------------------------------------------

    def _disk_stamp(self) -> tuple[int, int, int, int] | None:
        try:
            return file_stamp(self.path.stat())
        except OSError:
            return None

    def touched_on_disk(self) -> bool:
        """Whether the file's size, times or inode differ from when `changed_on_disk` last
        looked: one `stat`, cheap enough for the editing thread."""
        stamp = self._disk_stamp()
        return stamp is not None and stamp != self._stamp_read

    def changed_on_disk(self) -> LoadedPostmortem | None:
        """The file as it is on disk when it is not what this session last read or wrote,
        else None (None too when it cannot be read or does not load: a save reports that).
        Safe on any thread; reads the file, so call it off the editing thread."""
        with self._write_lock:  # never half-way through a save of this session's
            stamp = self._disk_stamp()
            if stamp is None:
                return None
            if stamp == self._stamp_read:
                return None  # not touched since it was last looked at: not read again
            self._stamp_read = stamp
            return self._read_changed_file()

    def _read_changed_file(self) -> LoadedPostmortem | None:
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        if fingerprint(data) == self._loaded.fingerprint:
            return None
        try:
            return LoadedPostmortem(self.path, parse_postmortem(data, self.path), data=data)
        except StorageError:
            return None

    def take_in(self, on_disk: LoadedPostmortem | None) -> bool:
        """On the editing thread: the file changed on disk (`on_disk`, as read; None when it
        does not load). Merge its changes into the postmortem, in place, and return True (the
        editor shows them); saving the merged postmortem is then due, unless it is what the
        file holds.

        When the same field changed differently here and there, or the file does not load,
        nothing here changes: the session is in a conflict (see the module's doc) and this
        returns False. False too when `on_disk` was taken in already.
        """
        if on_disk is not None and on_disk.fingerprint == self._loaded.fingerprint:
            return False
        merged = None if on_disk is None or self.in_conflict else self._merged_with(on_disk)
        if on_disk is None or merged is None or not merged.clean:
            self.state = "conflict"
            self._first_unsaved = self._clock()  # keep this version in the history at once
            return False
        merged.apply_to(self.postmortem)
        # Undo steps recorded before would put back lists without what was merged in.
        self._list_history = ListHistory(self.postmortem)
        with self._write_lock:
            self._loaded = LoadedPostmortem(self.path, self.postmortem, on_disk.fingerprint)
            self._base = on_disk.postmortem
            self.merges += 1
        if self.postmortem == on_disk.postmortem:  # nothing of this session's left to save
            self._saved_generation = self._generation
            self._first_unsaved = None
            self.state = "saved"
        else:
            self.changed()
        return True

    def _merged_with(self, on_disk: LoadedPostmortem) -> MergeResult | None:
        """The three-way merge with the file on disk; None when the base does not load."""
        from ..core.merge import merge  # only when a file changed under its editor

        try:
            return merge(self._base_postmortem(), self.postmortem, on_disk.postmortem)
        except (StorageError, ValidationError):
            return None

    def _base_postmortem(self) -> Postmortem:
        with self._write_lock:
            base = self._base
        if isinstance(base, bytes):
            base = parse_postmortem(base, self.path)
        elif isinstance(base, dict):
            base = from_dict(base)
        with self._write_lock:
            self._base = base
        return base

    def save_now(self) -> SaveResult | None:
        """Save synchronously if anything changed; None when there was nothing to save."""
        snapshot = self.begin_save()
        if snapshot is None:
            return None
        result = self.write(snapshot)
        self.finish_save(result)
        return result

    def save_before_leaving(self) -> None:
        """Save now; in a conflict keep this version as a copy instead.

        Raises `SaveError` when nothing could be written (the caller reports it).
        """
        if not self.is_dirty:
            return
        for _ in range(3):  # again after the file's changes were merged in
            if self.in_conflict:
                break
            result = self.save_now()
            if result is None or result.outcome == "saved":
                return
            if result.outcome == "failed":
                raise SaveError(result.message)
        self.keep_copy()

    # --- conflicts ----------------------------------------------------------------------------

    def keep_copy(self) -> Path:
        """Save this version under a new id beside the changed file, and edit the copy.

        Returns the copy's path; raises `StorageError` when it cannot be written.
        """
        with self._write_lock:
            generation = self._generation
            self._loaded = self.workspace.save_copy(self._loaded)
            self._base = self.snapshot_data()
            self.merges += 1  # a snapshot taken before is not the copy's
        self._saved_generation = generation
        self._first_unsaved = None
        self.state = "saved"
        self.conflict_copy = None
        return self.path

    def reload(self) -> None:
        """Read the file again in place of this session's version.

        In a conflict this version is first written to its conflict copy in the history;
        raises `SaveError` when that fails (nothing is reloaded then) and
        `PostmortemFileError` when the file does not load.
        """
        if self.in_conflict and self._unwritten:
            result = self.save_now()
            if result is not None and result.outcome != "kept in history":
                raise SaveError(f"{result.message}; not reloaded, your version is still here")
        loaded = load(self.path)
        with self._write_lock:
            self._loaded = loaded
            self._base = loaded.data if loaded.data is not None else self.snapshot_data()
            self.merges += 1
        self._list_history = ListHistory(loaded.postmortem)  # the reloaded lists start afresh
        self._generation = self._saved_generation = self._copied_generation = 0
        self._first_unsaved = None
        self.state = "saved"
        self.failure = ""
        self.conflict_copy = None  # it stays in the history, with this session's last text
