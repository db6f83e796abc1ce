"""Undo and redo for the postmortem's lists: adds, edits, deletes, moves and done marks,
several steps deep. Pure: no Textual, no disk.

An edit never changes an item in place (a form builds a new item, marking one done replaces
it), so the state of a list is the tuple of its items, and one edit is every list it changed
(deleting a factor also renumbers the action items that address factors) as it was before and
after. Undo writes those items back into the postmortem's own list objects, so whatever shows
a list (the editor's list widget holds it) sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .model import Postmortem

__all__ = ["LIST_FIELDS", "LIST_TITLES", "ListHistory", "ListStep", "postmortem_lists"]


#: How a message names each list ("Undone in the timeline: item deleted").
LIST_TITLES = {
    "participants": "the participants",
    "timeline": "the timeline",
    "five_whys": "the 5 Whys",
    "factors": "the contributing factors",
    "actions": "the action items",
    "what_went_well": "what went well",
    "what_went_poorly": "what went poorly",
    "where_we_got_lucky": "where we got lucky",
    "evidence": "the evidence",
}

#: The postmortem's lists, by field name.
LIST_FIELDS = tuple(LIST_TITLES)

#: How many edits undo can take back.
HISTORY_DEPTH = 100

EditKind = Literal["added", "deleted", "moved", "changed"]


def postmortem_lists(pm: Postmortem) -> dict[str, list[Any]]:
    """The postmortem's own list objects, by field name (the order of LIST_FIELDS)."""
    return {
        "participants": pm.participants,
        "timeline": pm.timeline,
        "five_whys": pm.five_whys,
        "factors": pm.factors,
        "actions": pm.actions,
        "what_went_well": pm.what_went_well,
        "what_went_poorly": pm.what_went_poorly,
        "where_we_got_lucky": pm.where_we_got_lucky,
        "evidence": pm.evidence,
    }


@dataclass(frozen=True)
class _ListEdit:
    """One recorded edit: the lists it changed, before and after, and what it did."""

    field: str  # the list the user edited
    kind: EditKind
    before: dict[str, tuple[Any, ...]]
    after: dict[str, tuple[Any, ...]]
    focus: Any  # the item highlighted after the edit (a moved item), or None


@dataclass(frozen=True)
class ListStep:
    """What one undo or redo did: the lists it changed and where to show it."""

    field: str  # the list the undone (or redone) edit was made in
    kind: EditKind  # what that edit did
    changed: tuple[str, ...]  # every list whose items changed (`field` among them)
    index: int | None  # the item of `field` to highlight, None when the list is empty

    def describe(self, *, redone: bool) -> str:
        """One line for the user: "Undone in the timeline: item deleted"."""
        where = LIST_TITLES.get(self.field, self.field)
        return f"{'Redone' if redone else 'Undone'} in {where}: item {self.kind}"


def _kind(before: tuple[Any, ...], after: tuple[Any, ...]) -> EditKind:
    if len(after) > len(before):
        return "added"
    if len(after) < len(before):
        return "deleted"
    if {id(item) for item in before} == {id(item) for item in after}:
        return "moved"
    return "changed"


def _focus_index(shown: tuple[Any, ...], other: tuple[Any, ...], focus: Any) -> int | None:
    """Where to put the cursor once `shown` replaced `other`: on an item that was not there
    (one brought back, or the new version of an edited one), else on the moved item, else
    where the two first differ."""
    if not shown:
        return None
    others = {id(item) for item in other}
    for index, item in enumerate(shown):
        if id(item) not in others:
            return index
    for index, item in enumerate(shown):
        if item is focus:
            return index
    for index, (item, was) in enumerate(zip(shown, other, strict=False)):
        if item is not was:
            return index
    return min(len(other), len(shown) - 1)


class ListHistory:
    """The list edits of one editing session, to undo and redo.

    `record` is called after each list edit; it compares every list with how it was last seen,
    so an edit that also changed another list is undone as one step.
    """

    def __init__(self, pm: Postmortem, *, depth: int = HISTORY_DEPTH) -> None:
        self._lists = postmortem_lists(pm)
        self._seen = {name: tuple(items) for name, items in self._lists.items()}
        self._depth = depth
        self._undo: list[_ListEdit] = []
        self._redo: list[_ListEdit] = []

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, field: str, cursor: int | None = None) -> bool:
        """After an edit of the list `field`: keep what changed, with the item at `cursor`
        (the highlighted one). Returns False when no list changed."""
        before: dict[str, tuple[Any, ...]] = {}
        after: dict[str, tuple[Any, ...]] = {}
        for name, items in self._lists.items():
            now, seen = tuple(items), self._seen[name]
            if now != seen:  # items compare by identity first: cheap when equal
                before[name], after[name] = seen, now
            self._seen[name] = now  # an equal new item too: later steps compare identities
        if not after:
            return False
        edited = self._lists.get(field, [])
        focus = edited[cursor] if cursor is not None and 0 <= cursor < len(edited) else None
        kind = _kind(before[field], after[field]) if field in after else "changed"
        self._undo.append(_ListEdit(field, kind, before, after, focus))
        del self._undo[: -self._depth]
        self._redo.clear()
        return True

    def undo(self) -> ListStep | None:
        """Put the lists back as they were before the last edit; None when there is none."""
        if not self._undo:
            return None
        edit = self._undo.pop()
        self._redo.append(edit)
        return self._restore(edit, edit.before, edit.after)

    def redo(self) -> ListStep | None:
        """Make the last undone edit again; None when nothing was undone since the last edit."""
        if not self._redo:
            return None
        edit = self._redo.pop()
        self._undo.append(edit)
        return self._restore(edit, edit.after, edit.before)

    def _restore(
        self,
        edit: _ListEdit,
        shown: dict[str, tuple[Any, ...]],
        other: dict[str, tuple[Any, ...]],
    ) -> ListStep:
        for name, items in shown.items():
            self._lists[name][:] = items  # in place: the widgets hold these list objects
            self._seen[name] = items
        field = edit.field
        index = None
        if field in shown:
            index = _focus_index(shown[field], other[field], edit.focus)
        elif self._lists.get(field):
            index = 0
        return ListStep(field, edit.kind, tuple(shown), index)
