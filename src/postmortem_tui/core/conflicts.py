"""Merge conflicts kept in a postmortem file: read them, write them, resolve one. Pure.

A merge that finds the same field changed differently on both sides (core/merge.py) keeps
both texts in the file itself, so the file still loads: one `[[conflicts]]` table per
conflict at the top level (docs/merge.md, "Conflicts in a file"). The model keeps them as an
unknown key, `pm.extra["conflicts"]`; this module is the one place that reads and writes
that key.

People edit these files by hand, so reading never fails: an entry that is not a table, or
has no `field`, or names no place a field can be, is a `BadConflictEntry` (the review reports
it), never an exception.
"""

from __future__ import annotations

import re

from .merge import Conflict, merge
from .model import LIST_KEYS, Postmortem, ValidationError, from_dict, item_table, to_dict
from .record import FrozenRecord, set_field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

__all__ = [
    "CONFLICTS_KEY",
    "BadConflictEntry",
    "ConflictPathError",
    "bad_conflict_entries",
    "conflicts_in",
    "drop_conflict",
    "in_load_order",
    "merge_conflict_tables",
    "resolve",
    "resolve_in_place",
    "with_conflicts",
]

#: The top-level key a file keeps its conflicts under.
CONFLICTS_KEY = "conflicts"
_SIDES = ("base", "ours", "theirs")
#: `summary`, `impact.users_affected`, `timeline[3]`, `timeline[3].event`, `tags[1]`; a key
#: this version does not know may be any TOML key without `.`, `[` or `]`.
_FIELD = re.compile(r"^([^.\[\]]+)(?:\[(\d+)\])?(?:\.([^.\[\]]+))?$")


class ConflictPathError(ValueError):
    """A conflict's field names no place in this postmortem (the item is gone, say)."""


class BadConflictEntry(FrozenRecord):
    """A `[[conflicts]]` entry this version cannot read: its place in the list (from 0) and why."""

    __slots__ = ("index", "reason")
    index: int
    reason: str

    def __init__(self, index: int, reason: str) -> None:
        set_field(self, "index", index)
        set_field(self, "reason", reason)


def _entries(pm: Postmortem) -> list[Any]:
    raw = pm.extra.get(CONFLICTS_KEY)
    if raw is None:
        return []
    return raw if isinstance(raw, list) else [raw]


def _read(entry: Any) -> Conflict | str:
    """The conflict an entry holds, or why it holds none."""
    if not isinstance(entry, dict):
        return "not a table"
    field = entry.get("field")
    if not isinstance(field, str) or not field:
        return "no `field` naming the field in conflict"
    if _FIELD.match(field) is None:
        return f"`field` {field[:60]!r} names no field"
    unknown = sorted(set(entry) - {"field", *_SIDES})
    if unknown:
        return f"unknown key {unknown[0][:40]!r} (known: field, base, ours, theirs)"
    return Conflict(field, *(entry.get(side) for side in _SIDES))


def conflicts_in(pm: Postmortem) -> list[Conflict]:
    """The conflicts `pm`'s file keeps, in file order; entries that cannot be read are left
    out (see `bad_conflict_entries`)."""
    found = (_read(entry) for entry in _entries(pm))
    return [conflict for conflict in found if isinstance(conflict, Conflict)]


def bad_conflict_entries(pm: Postmortem) -> list[BadConflictEntry]:
    """The `[[conflicts]]` entries that cannot be read, with the reason for each."""
    if CONFLICTS_KEY in pm.extra and not isinstance(pm.extra[CONFLICTS_KEY], list | dict):
        return [BadConflictEntry(0, "`conflicts` is not a list of tables")]
    return [
        BadConflictEntry(index, reason)
        for index, entry in enumerate(_entries(pm))
        if isinstance(reason := _read(entry), str)
    ]


def with_conflicts(pm: Postmortem, conflicts: Iterable[Conflict]) -> Postmortem:
    """`pm` with `conflicts` kept in it after the ones it keeps already (a conflict it keeps
    already is not added twice); changed in place, and returned. No conflicts: no key."""
    entries = list(_entries(pm))
    for conflict in conflicts:
        table = conflict.as_table()
        if table not in entries:
            entries.append(table)
    if entries:
        pm.extra[CONFLICTS_KEY] = entries
    else:
        pm.extra.pop(CONFLICTS_KEY, None)
    return pm


def in_load_order(pm: Postmortem, conflicts: Iterable[Conflict]) -> list[Conflict]:
    """Put `pm`'s timeline in the order loading its file gives (local times in the
    postmortem's zone; a merge orders them without it), and `conflicts` on the same events."""
    before = list(pm.timeline)
    pm.sort_timeline()
    if all(old is new for old, new in zip(before, pm.timeline, strict=True)):
        return list(conflicts)
    place = {id(event): number for number, event in enumerate(pm.timeline)}
    renumber: dict[int, int | None] = {i: place[id(e)] for i, e in enumerate(before)}
    return [_moved(conflict, "timeline", renumber) or conflict for conflict in conflicts]


def merge_conflict_tables(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """The conflicts kept by two versions of a file, merged like lines: an entry either side
    added is kept (once), one either side resolved (removed) is gone."""
    kept = [entry for entry in ours if entry in theirs or entry not in base]
    kept += [entry for entry in theirs if entry not in base and entry not in kept]
    return kept


def drop_conflict(pm: Postmortem, conflict: Conflict) -> bool:
    """Remove `conflict`'s entry (the first equal one) without changing any field; False when
    `pm` keeps no such entry."""
    entries = _entries(pm)
    table = conflict.as_table()
    for index, entry in enumerate(entries):
        if entry == table:
            del entries[index]
            if not entries:
                pm.extra.pop(CONFLICTS_KEY, None)
            else:
                pm.extra[CONFLICTS_KEY] = entries
            return True
    return False


def resolve(pm: Postmortem, conflict: Conflict, value: Any) -> None:
    """Settle `conflict`: set its field (or whole item) to `value`, in the file's terms (a
    TOML value, a table for a whole item; None leaves the field blank or deletes the item),
    and remove its entry. `value` is usually one side's (`conflict.ours`, `.theirs`,
    `.base`) or a combination the user wrote.

    `pm` is changed in place, as if its file were saved and loaded again: its fields hold
    new lists and items (a view of it shows them again). Other conflicts' item numbers
    follow: deleting `timeline[2]` makes a conflict on `timeline[5].event` one on
    `timeline[4].event`, and a deleted factor's number leaves the action items that
    addressed it. Raises `ConflictPathError` when the
    field names no place in `pm`, `ValidationError` (a `ValueError`) when `value` is not a
    valid value there; `pm` is unchanged then.
    """
    match = _FIELD.match(conflict.field)
    if match is None:
        raise ConflictPathError(f"{conflict.field!r} names no field")
    top, index_text, key = match.groups()
    data = to_dict(pm)
    data.pop(CONFLICTS_KEY, None)
    if index_text is None:
        target = data
        if key is not None:
            if top not in ("impact", "sections"):  # sections: a team's own (team_sections)
                raise ConflictPathError(f"{conflict.field!r} names no field")
            target = data.setdefault(top, {})
            if not isinstance(target, dict):
                raise ConflictPathError(f"{conflict.field!r} names no field")
            _set(target, key, value)
            if not target:
                data.pop(top)
        else:
            _set(target, top, value)
    else:
        items = data.get(top, [])
        index = int(index_text)
        if not isinstance(items, list) or not 0 <= index < len(items):
            raise ConflictPathError(
                f"{conflict.field!r}: the postmortem has no item {index + 1} there"
            )
        if key is not None:
            if not isinstance(items[index], dict):
                raise ConflictPathError(f"{conflict.field!r} names no field")
            _set(items[index], key, value)
        elif value is None:
            del items[index]
        else:
            if top in LIST_KEYS and not isinstance(value, dict):
                raise ValidationError(conflict.field, "expected a table (the whole item)")
            items[index] = value
        if not items:
            data.pop(top, None)
    deleted = int(index_text) if index_text is not None and key is None and value is None else None
    if deleted is not None and top == "factors":
        _unlink_factor(data, deleted + 1)
    after = [repr(table) for table in data.get(top, [])] if index_text is not None else []
    resolved = from_dict(data)  # validates: raises before anything changed
    renumber = _renumbering(pm, resolved, top, deleted, after) if index_text is not None else {}
    entries, removed = [], False
    for entry in _entries(pm):
        read = _read(entry)
        if not removed and read == conflict:
            removed = True
        elif isinstance(read, Conflict):
            moved = _moved(read, top, renumber)
            if moved is not None:
                entries.append(moved.as_table() if moved != read else entry)
        else:
            entries.append(entry)  # unreadable: kept for the person to see
    for name in Postmortem.__slots__:
        if name != "extra":
            setattr(pm, name, getattr(resolved, name))
    pm.extra.clear()
    pm.extra.update(resolved.extra)
    if entries:
        pm.extra[CONFLICTS_KEY] = entries


def resolve_in_place(pm: Postmortem, resolutions: Iterable[tuple[Conflict, Any]]) -> list[str]:
    """Settle each (conflict, value) as `resolve` does, in order, but keep `pm`'s own lists
    and items, changed where the resolutions changed them (an editor's panes hold them).

    Returns why each refused one was refused ("timeline[3].event: ..."); its conflict stays.
    """
    target = from_dict(to_dict(pm))
    refused = []
    for conflict, value in resolutions:
        try:
            resolve(target, conflict, value)
        except ValueError as error:  # ConflictPathError, ValidationError
            refused.append(f"{conflict.field}: {error}")
    # Nothing changed on our side since `pm`: the merge takes every change of the target's.
    merge(from_dict(to_dict(pm)), pm, target).apply_to(pm)
    return refused


def _set(table: dict[str, Any], key: str, value: Any) -> None:
    if value is None:
        table.pop(key, None)
    else:
        table[key] = value


def _unlink_factor(data: dict[str, Any], number: int) -> None:
    """Action items address factors by number: a deleted factor's number goes, later ones
    move down one."""
    for action in data.get("actions", []):
        numbers = action.get("factors") if isinstance(action, dict) else None
        if isinstance(numbers, list):
            action["factors"] = [
                n - 1 if isinstance(n, int) and not isinstance(n, bool) and n > number else n
                for n in numbers
                if n != number
            ]


def _renumbering(
    before: Postmortem, after: Postmortem, top: str, deleted: int | None, tables: list[str]
) -> dict[int, int | None]:
    """Each item number of list `top` before the change to its number after (None: gone).
    `tables`: the list's items as written, in their old order less the deleted one (the
    timeline is put in time order when it is read, so an event is found by its table)."""
    old = getattr(before, top, None)
    new = getattr(after, top, None)
    if not isinstance(old, list) or not isinstance(new, list):
        return {}
    survivors = [i for i in range(len(old)) if i != deleted]
    mapping: dict[int, int | None] = {i: None for i in range(len(old))}
    if top != "timeline":
        mapping.update({i: position for position, i in enumerate(survivors)})
        return mapping
    places: dict[str, list[int]] = {}
    for j, event in enumerate(new):
        places.setdefault(repr(item_table(event)), []).append(j)
    left = list(range(len(new)))
    unplaced = []
    for position, i in enumerate(survivors):
        free = places.get(tables[position], []) if position < len(tables) else []
        if free:
            mapping[i] = place = free.pop(0)
            left.remove(place)
        else:
            unplaced.append(i)
    for i, j in zip(unplaced, left, strict=False):  # an edited event: where it sorted
        mapping[i] = j
    return mapping


def _moved(conflict: Conflict, top: str, renumber: dict[int, int | None]) -> Conflict | None:
    """`conflict` with its item number in list `top` renumbered; None when its item is gone
    (its other side was deleted with the resolved item: nothing is left to choose)."""
    match = _FIELD.match(conflict.field)
    if match is None or not renumber:
        return conflict
    name, index_text, key = match.groups()
    if name != top or index_text is None:
        return conflict
    number = renumber.get(int(index_text), int(index_text))
    if number is None:
        return None
    field = f"{name}[{number}]" + (f".{key}" if key else "")
    return Conflict(field, conflict.base, conflict.ours, conflict.theirs)
