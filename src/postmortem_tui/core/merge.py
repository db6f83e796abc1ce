"""Three-way merge of postmortems: `merge(base, ours, theirs)`.

`base` is the version both sides started from, `ours` and `theirs` two versions made from it:
for the editor, what it loaded or last saved, what it holds now, and the file changed on disk
meanwhile (storage/session.py); for git, the merge base and the two branches (issue 11).

The rules:
- A field (a text, a date, a choice, a number, a key this version does not know) changed on
  one side takes that side's value; changed on both sides to the same value, that value.
- Changed on both sides to different values, it is a conflict. The merged postmortem holds
  ours there, and the `Conflict` holds base, ours and theirs: neither text is lost.
- The lists of items (participants, timeline, 5 Whys, factors, action items, evidence) are
  merged item by item: an item added on either side is kept; one deleted on one side and
  left as it was on the other is deleted; one edited on both sides is merged field by field.
  An item deleted on one side and edited on the other is kept as edited, and is a conflict
  on the whole item. The same item added on both sides (the same id, or without ids and
  equal in every field) is kept once; two items with different ids are two items.
- The lists of lines (authors, tags, what went well or poorly, where we got lucky) are
  merged line by line: added lines kept, deleted ones dropped. A changed line is an old line
  deleted and a new one added, so these lists never conflict.
- Order: when one side reordered a list and the other did not, its order wins; every other
  item goes after the item it follows on its own side. Events are then put in time order
  (equal times keep that order). Action items' factor numbers follow the merged factors.

Which item of one version is which of another: an item with an id (`id`, see `identity`;
every item read from a file has one, see `model.settle_ids`) is matched by its id and nothing
else. Items without one (made in code) are matched by content: equal in every field first,
then equal in the fields that name an item (`CONTENT_KEYS`: an event's time and text, then
either one), then by place: the items left over between the same two matched items are the
same items, in order, so an event whose time and text were both edited is still found where
it was. A wrong match loses nothing either: every value a side changed is in the result or
in a conflict. The merged items keep their ids.

How a conflict is kept in a file (for issue 11; `Conflict.as_table` gives the table): one
`[[conflicts]]` table per conflict, at the top level, naming the field with the path a lint
finding uses, the values as TOML values, and a side without a value left out:

    [[conflicts]]
    field = "timeline[3].event"
    base = "Deploy started"
    ours = "Deploy of 4.2 started"
    theirs = "Deploy started on the canary"

A whole item (`field = "timeline[3]"`) has the item's TOML tables as its values, the side
that deleted it left out. The index is the item's place in the merged list (an id once items
have ids). Today's reader keeps `[[conflicts]]` as an unknown key: such a file loads and
keeps them.
"""

from __future__ import annotations

import copy
from collections import deque
from operator import attrgetter

from .model import (
    DERIVED_ID_PREFIX,
    LIST_KEYS,
    ActionItem,
    Evidence,
    Factor,
    Impact,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
    item_table,
    timeline_sort_key,
)
from .record import FrozenRecord, Record, set_field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Sequence
    from datetime import tzinfo
    from typing import Any

    Flat = dict[str, Any]

__all__ = ["CONTENT_KEYS", "LINE_LISTS", "Conflict", "MergeResult", "identity", "merge"]

#: The postmortem's lists of lines, merged line by line.
LINE_LISTS = ("authors", "tags", "what_went_well", "what_went_poorly", "where_we_got_lucky")

#: The fields that name an item without an id, tried in order after an exact match.
CONTENT_KEYS: dict[type[Record], tuple[tuple[str, ...], ...]] = {
    TimelineEvent: (("at", "event"), ("event",), ("at",)),
    Factor: (("text",),),
    WhyStep: (("question",), ("answer",)),
    ActionItem: (("text",), ("ticket",)),
    Participant: (("name",),),
    Evidence: (("text",), ("link",)),
}

_SIDES = ("base", "ours", "theirs")
#: A key one side does not have (a key of `extra` added or removed).
_ABSENT = object()


def identity(item: object) -> Hashable | None:
    """The item's stable id (`id`, written to files from issue 11 on), or None: a line, an
    item made without one, or one whose id was worked out from its content when a file gave
    it none (`_…`, see model.settle_ids): content and place match those, as before ids."""
    return identity_of(getattr(item, "id", None))


def identity_of(value: object) -> str | None:
    """An `id` value as an identity: None unless a made (not worked out) id."""
    if not isinstance(value, str) or not value or value.startswith(DERIVED_ID_PREFIX):
        return None
    return value


class Conflict(FrozenRecord):
    """One field changed differently on both sides; None for a side that has no value."""

    __slots__ = ("field", "base", "ours", "theirs")  # noqa: RUF023 (field order)
    #: The path a finding names: `summary`, `impact.users_affected`, `timeline[3].event`,
    #: or `timeline[3]` for a whole item.
    field: str
    base: Any
    ours: Any
    theirs: Any

    def __init__(self, field: str, base: Any, ours: Any, theirs: Any) -> None:
        set_field(self, "field", field)
        set_field(self, "base", base)
        set_field(self, "ours", ours)
        set_field(self, "theirs", theirs)

    def as_table(self) -> dict[str, Any]:
        """The `[[conflicts]]` table a file keeps this conflict in (see the module's doc)."""
        table: dict[str, Any] = {"field": self.field}
        for side in _SIDES:
            value = getattr(self, side)
            if value is not None:
                table[side] = value
        return table


class MergeResult:
    """The merged postmortem and its conflicts (none: `clean`)."""

    __slots__ = ("_from_ours", "conflicts", "postmortem")

    def __init__(
        self,
        postmortem: Postmortem,
        conflicts: tuple[Conflict, ...],
        from_ours: dict[str, list[int | None]],
    ) -> None:
        self.postmortem = postmortem
        self.conflicts = conflicts
        #: Per list of items: for each merged item, the index of the `ours` item it merges.
        self._from_ours = from_ours

    @property
    def clean(self) -> bool:
        return not self.conflicts

    def apply_to(self, ours: Postmortem) -> None:
        """Make `ours` (the one given to `merge`, unchanged since) equal the merged postmortem,
        in place: its own list objects and its own items, changed where the merge changed
        them, so whatever holds them (an editor's list, an open form) follows. The result's
        new items move into `ours`: use the result no further."""
        merged = self.postmortem
        for name in Postmortem.__slots__:
            value = getattr(merged, name)
            if name in self._from_ours:
                _take_items(getattr(ours, name), value, self._from_ours[name])
            elif name in LINE_LISTS:
                getattr(ours, name)[:] = value
            elif name == "impact":
                _copy_fields(value, ours.impact)
            elif name == "extra":
                ours.extra.clear()
                ours.extra.update(value)
            else:
                setattr(ours, name, value)


def _take_items(own: list[Any], merged: list[Any], origins: list[int | None]) -> None:
    items = []
    for item, origin in zip(merged, origins, strict=True):
        if origin is None:
            items.append(item)
            continue
        kept = own[origin]
        if kept != item:
            _copy_fields(item, kept)
        items.append(kept)
    own[:] = items


def _copy_fields(source: Record, target: Record) -> None:
    for name in source.__slots__:
        setattr(target, name, getattr(source, name))


def merge(base: Postmortem, ours: Postmortem, theirs: Postmortem) -> MergeResult:
    """Merge the changes `ours` and `theirs` each made to `base` (see the module's doc).

    Pure: the three are not changed, and the result shares no list or table with them.
    """
    conflicts: list[Conflict] = []
    skip = (*LIST_KEYS, *LINE_LISTS, "impact")
    versions = (base, ours, theirs)
    flats = [_flat(version, skip) for version in versions]
    sections = _merge_team_sections(*(flat.pop(TEAM_SECTIONS, _ABSENT) for flat in flats))
    fields, clashes = _merge_flat(*flats)
    if sections is not None:
        merged_sections, section_clashes = sections
        if merged_sections:
            fields[TEAM_SECTIONS] = merged_sections
        clashes += section_clashes
    conflicts.extend(_conflict(key, *values) for key, *values in clashes)
    pm = _build(Postmortem, fields)

    fields, clashes = _merge_flat(*(_flat(version.impact) for version in versions))
    conflicts.extend(_conflict(f"impact.{key}", *values) for key, *values in clashes)
    pm.impact = _build(Impact, fields)

    for name in LINE_LISTS:
        merged = _ListMerge(name, [getattr(version, name) for version in versions], None)
        setattr(pm, name, [entry.item for entry in merged.entries])

    from_ours: dict[str, list[int | None]] = {}
    factor_numbers: dict[str, dict[int, int | None]] = {}
    for name in LIST_KEYS:
        flat = _action_flat(factor_numbers) if name == "actions" else _item_flat
        lists = [getattr(version, name) for version in versions]
        zone = _zone_of_merged(pm, lists) if name == "timeline" else None
        merged = _ListMerge(name, lists, flat, zone)
        setattr(pm, name, [entry.item for entry in merged.entries])
        from_ours[name] = [entry.ours for entry in merged.entries]
        conflicts.extend(merged.conflicts())
        if name == "factors":
            factor_numbers = merged.numbers()
    return MergeResult(pm, tuple(conflicts), from_ours)


def _zone_of_merged(pm: Postmortem, timelines: Sequence[Sequence[TimelineEvent]]) -> tzinfo | None:
    """The zone the merged timeline's local times are in: the merged postmortem's (None when
    every event of every side has an offset, as `Postmortem.timeline_zone`)."""
    if all(e.at is None or e.at.tzinfo is not None for events in timelines for e in events):
        return None
    from .timezones import zone_of

    return zone_of(pm)


# --- fields ---------------------------------------------------------------------------------


def _flat(record: Record, skip: tuple[str, ...] = ()) -> Flat:
    """A record's fields and its unknown keys in one mapping (they never share a name)."""
    values = {n: getattr(record, n) for n in record.__slots__ if n != "extra" and n not in skip}
    for key, value in getattr(record, "extra", {}).items():
        if key not in record.__slots__:
            values[key] = value
    return values


def _item_flat(side: str, item: Record) -> Flat:
    return _flat(item)


def _action_flat(
    factor_numbers: dict[str, dict[int, int | None]],
) -> Callable[[str, Record], Flat]:
    """An action item's fields with its factor numbers in the merged list's numbering: a
    deleted factor's number dropped, a number that named no factor on its side kept."""

    def flat(side: str, item: Record) -> Flat:
        values = _flat(item)
        numbers = factor_numbers.get(side, {})
        mapped = (numbers.get(n, n) for n in values["factors"])
        values["factors"] = [n for n in mapped if n is not None]
        return values

    return flat


def _same(one: Any, other: Any) -> bool:
    return one is other or (type(one) is type(other) and one == other)


#: The unknown key a team's own sections live under (core/team_sections.py): a table of
#: tables by section id, merged section by section.
TEAM_SECTIONS = "sections"


def _merge_team_sections(base: Any, ours: Any, theirs: Any) -> tuple[Flat, list[Any]] | None:
    """The team sections of the three versions merged by section id (a section changed on
    one side takes that side's; changed differently on both, a conflict named
    `sections.<id>` on the whole section); None when a side holds something else there
    (then the key is merged as one value)."""
    sides = [{} if side is _ABSENT else side for side in (base, ours, theirs)]
    if not all(isinstance(side, dict) for side in sides):
        return None
    if all(side is _ABSENT for side in (base, ours, theirs)):
        return {}, []
    merged, clashes = _merge_flat(*sides)
    return merged, [(f"{TEAM_SECTIONS}.{key}", *values) for key, *values in clashes]


def _merge_flat(base: Flat, ours: Flat, theirs: Flat) -> tuple[Flat, list[tuple[Any, ...]]]:
    """Three-way merge key by key: the merged values, and (key, base, ours, theirs) for each
    key changed differently on both sides (the merged value is ours then)."""
    merged: Flat = {}
    clashes: list[tuple[Any, ...]] = []
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        was, mine, other = (side.get(key, _ABSENT) for side in (base, ours, theirs))
        if _same(mine, other) or _same(other, was):
            value = mine
        elif _same(mine, was):
            value = other
        elif key == "id":  # ids worked out from an old item's content on each side
            value = other if identity_of(mine) is None and identity_of(other) else mine
        else:
            value = mine
            clashes.append((key, was, mine, other))
        if value is not _ABSENT:
            merged[key] = value
    return merged, clashes


def _plain(value: Any) -> Any:
    return None if value is _ABSENT else value


def _conflict(field: str, base: Any, ours: Any, theirs: Any) -> Conflict:
    return Conflict(field, _plain(base), _plain(ours), _plain(theirs))


def _copied(value: Any) -> Any:
    return copy.deepcopy(value) if isinstance(value, list | dict) else value


def _build(kind: type[Any], values: Flat) -> Any:
    """A new record of `kind` from merged values, sharing no list or table with them."""
    fields = {n: _copied(values[n]) for n in kind.__slots__ if n in values and n != "extra"}
    extra = {k: _copied(v) for k, v in values.items() if k not in kind.__slots__}
    return kind(**fields, extra=extra)


def _same_item(one: Record, other: Record) -> bool:
    """Equal in every field."""
    return one is other or _exact(one) == _exact(other)


def _copy_item(item: Record) -> Record:
    """A copy sharing no list or table (a record's `__init__` takes its fields in order)."""
    return type(item)(*(_copied(value) for value in item.field_values()))


#: The fields of a list item that hold lists or tables (frozen to be hashed).
_NESTED = ("factors", "extra")
#: Per kind of item: its other fields' getter, and its nested fields (`_exact`).
_GETTERS: dict[type, tuple[Callable[[Any], Any], tuple[str, ...]]] = {}


def _exact(item: Any) -> Hashable:
    """An item as a whole, hashable: equal for equal items. (A merge of a long timeline
    computes this for every event of every side: the fields are read by one attrgetter.)"""
    if not isinstance(item, Record):
        return item
    getters = _GETTERS.get(type(item))
    if getters is None:
        names = [n for n in item.__slots__ if n not in _NESTED]
        nested = tuple(n for n in item.__slots__ if n in _NESTED)
        # names[0] twice: attrgetter of one name gives the value, not a tuple
        getters = _GETTERS[type(item)] = (attrgetter(*names, names[0]), nested)
    plain, nested = getters
    return (plain(item), *(_frozen(getattr(item, name)) for name in nested))


def _frozen(value: Any) -> Hashable:
    """A hashable stand-in, equal for equal values (items compared as a whole)."""
    if isinstance(value, dict):
        return ("{", tuple(sorted((k, _frozen(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("[", tuple(_frozen(v) for v in value))
    if isinstance(value, Record):
        return (type(value).__name__, _frozen(_flat(value)))
    return (type(value).__name__, value)


# --- lists ----------------------------------------------------------------------------------


class _Entry:
    """One item of the merged list: where it is on each side, and what it became."""

    __slots__ = ("base", "clashes", "item", "ours", "theirs", "whole")

    def __init__(self, base: int | None, ours: int | None, theirs: int | None) -> None:
        self.base, self.ours, self.theirs = base, ours, theirs
        self.item: Any = None
        self.clashes: list[tuple[Any, ...]] = []
        #: Deleted on one side and edited on the other: (base, ours, theirs) as tables.
        self.whole: tuple[Any, Any, Any] | None = None

    def at(self, side: str) -> int | None:
        index: int | None = getattr(self, side)
        return index


class _ListMerge:
    """One list merged: `entries` in the merged order, each with its merged item."""

    def __init__(
        self,
        name: str,
        lists: Sequence[Sequence[Any]],
        flat: Callable[[str, Record], Flat] | None,
        zone: tzinfo | None = None,
    ) -> None:
        """`lists`: the list on each side (base, ours, theirs); `flat` gives an item's
        values, None for lines, which are matched whole; `zone`: the one local event times
        are in (events are put in time order as loading the file puts them)."""
        self.name = name
        self.sides = dict(zip(_SIDES, lists, strict=True))
        self.flat = flat
        entries = self._entries()
        kept = [entry for entry in entries if self._resolve(entry)]
        #: Items no side keeps (for the numbering of the others).
        self.dropped = [entry for entry in entries if entry.item is None]
        self.entries = _in_order(kept)
        if name == "timeline":
            self.entries.sort(key=lambda entry: timeline_sort_key(entry.item.at, zone))

    def _entries(self) -> list[_Entry]:
        base, ours, theirs = self.sides.values()
        to_ours, to_theirs = _pairs(base, ours), _pairs(base, theirs)
        entries = [
            _Entry(i, to_ours.get(i), to_theirs.get(i))
            for i in range(len(base))
            if i in to_ours or i in to_theirs
        ]
        ours_new = sorted(set(range(len(ours))) - set(to_ours.values()))
        theirs_new = sorted(set(range(len(theirs))) - set(to_theirs.values()))
        # The same item added on both sides is one item.
        twice = _pairs([ours[j] for j in ours_new], [theirs[k] for k in theirs_new], loose=False)
        entries.extend(
            _Entry(None, j, theirs_new[twice[n]] if n in twice else None)
            for n, j in enumerate(ours_new)
        )
        paired = set(twice.values())
        entries.extend(_Entry(None, None, k) for n, k in enumerate(theirs_new) if n not in paired)
        return entries

    def _values(self, side: str, entry: _Entry) -> Flat | None:
        index = entry.at(side)
        if index is None or self.flat is None:
            return None
        return self.flat(side, self.sides[side][index])

    def _resolve(self, entry: _Entry) -> bool:
        """Set the entry's merged item; False when it is deleted."""
        if self.flat is None:  # a line: matched only when equal
            side = "ours" if entry.ours is not None else "theirs"
            if entry.base is not None and (entry.ours is None or entry.theirs is None):
                return False  # deleted on one side, the same on the other
            entry.item = self.sides[side][entry.at(side)]  # type: ignore[index]
            return True
        side = "ours" if entry.ours is not None else "theirs"
        kind = type(self.sides[side][entry.at(side)])  # type: ignore[index]
        if self.flat is _item_flat:  # (an action item's factor numbers need its values)
            taken = self._unchanged_on_one_side(entry)
            if taken is False:
                return False
            if taken is not None:
                entry.item = taken
                return True
        was, mine, other = (self._values(side, entry) for side in _SIDES)
        if mine is not None and other is not None:
            blank = was if was is not None else _flat(kind())  # added on both sides
            values, entry.clashes = _merge_flat(blank, mine, other)
            entry.item = _build(kind, values)
            return True
        present = mine if mine is not None else other
        assert present is not None
        if was is not None and _frozen(present) == _frozen(was):
            return False  # deleted on one side, the same on the other
        entry.item = _build(kind, present)
        if was is not None:  # deleted on one side, edited on the other: kept, and said
            was_table, mine_table, other_table = (
                None if values is None else item_table(_build(kind, values))
                for values in (was, mine, other)
            )
            entry.whole = (was_table, mine_table, other_table)
        return True

    def _unchanged_on_one_side(self, entry: _Entry) -> Any:
        """The common cases without a field-by-field merge: a copy of the item when one side
        left it as it was (or both made it the same), False when it is deleted; None when
        the fields must be merged."""
        was, mine, other = (
            None if (index := entry.at(side)) is None else self.sides[side][index]
            for side in _SIDES
        )
        if mine is not None and other is not None:
            if _same_item(mine, other) or (was is not None and _same_item(other, was)):
                return _copy_item(mine)
            return _copy_item(other) if was is not None and _same_item(mine, was) else None
        present = mine if mine is not None else other
        if was is not None and present is not None and _same_item(present, was):
            return False  # deleted on one side, the same on the other
        return None

    def conflicts(self) -> list[Conflict]:
        found = []
        for index, entry in enumerate(self.entries):
            where = f"{self.name}[{index}]"
            if entry.whole is not None:
                found.append(Conflict(where, *entry.whole))
            found.extend(_conflict(f"{where}.{key}", *values) for key, *values in entry.clashes)
        return found

    def numbers(self) -> dict[str, dict[int, int | None]]:
        """Per side, each item's number (from 1) on that side to its number in the merge
        (None: deleted)."""
        numbers: dict[str, dict[int, int | None]] = {side: {} for side in _SIDES}
        # A base item deleted on both sides has no entry: its number names nothing now.
        numbers["base"] = dict.fromkeys(range(1, len(self.sides["base"]) + 1))
        numbered: list[tuple[int | None, _Entry]] = [*enumerate(self.entries, start=1)]
        for number, entry in [*numbered, *((None, e) for e in self.dropped)]:
            for side in _SIDES:
                index = entry.at(side)
                if index is not None:
                    numbers[side][index + 1] = number
        return numbers


def _in_order(entries: list[_Entry]) -> list[_Entry]:
    """The order of the side that reordered (theirs when neither did), with every other item
    after the item it follows on its own side."""
    lead, other = ("ours", "theirs") if _reordered(entries, "ours") else ("theirs", "ours")
    spine = _on_side(entries, lead)
    following: dict[int, list[_Entry]] = {}  # by id() of the spine entry they follow
    anchor = 0  # 0: before the first spine entry the other side has too
    for entry in _on_side(entries, other):
        if entry.at(lead) is not None:
            anchor = id(entry)
        else:
            following.setdefault(anchor, []).append(entry)
    ordered: list[_Entry] = []
    pending = following.get(0, [])
    for entry in spine:
        if entry.at(other) is not None:
            ordered.extend(pending)
            pending = following.get(id(entry), [])
        ordered.append(entry)
    ordered.extend(pending)
    return ordered


def _on_side(entries: list[_Entry], side: str) -> list[_Entry]:
    """The entries `side` has, in its order."""
    placed = [(index, n) for n, e in enumerate(entries) if (index := e.at(side)) is not None]
    return [entries[n] for _, n in sorted(placed)]


def _reordered(entries: list[_Entry], side: str) -> bool:
    """Whether `side` changed the order of the items it kept from the base."""
    order = [
        (index, e.base) for e in entries if e.base is not None and (index := e.at(side)) is not None
    ]
    bases = [base for _, base in sorted(order)]
    return bases != sorted(bases)


# --- which item is which --------------------------------------------------------------------


def _naming(fields: tuple[str, ...]) -> Callable[[Any], Hashable | None]:
    def key_of(item: Any) -> Hashable | None:
        values = tuple(getattr(item, name) for name in fields)
        return values if any(v not in (None, "") for v in values) else None

    return key_of


def _pairs(base: Sequence[Any], side: Sequence[Any], *, loose: bool = True) -> dict[int, int]:
    """Which item of `side` each item of `base` is (base index to side index); not `loose`:
    by id or as equal items only."""
    pairs: dict[int, int] = {}
    if not base or not side:
        return pairs
    used: set[int] = set()
    keys = CONTENT_KEYS.get(type(base[0]), ()) if loose else ()
    base_ids, side_ids = [identity(x) for x in base], [identity(x) for x in side]
    stages: list[Callable[[Any], Hashable | None]] = [_exact, *(_naming(k) for k in keys)]
    if any(i is not None for i in base_ids) and any(i is not None for i in side_ids):
        _pair_on(base_ids, side_ids, pairs, used)
    for key_of in stages:  # items with an id are matched by it only
        _pair_on(
            [
                None if i in pairs or n is not None else key_of(x)
                for i, (x, n) in enumerate(zip(base, base_ids, strict=True))
            ],
            [
                None if j in used or n is not None else key_of(x)
                for j, (x, n) in enumerate(zip(side, side_ids, strict=True))
            ],
            pairs,
            used,
        )
    if keys:
        _pair_by_place(base, side, pairs)
    return pairs


def _pair_on(
    base_keys: list[Hashable | None],
    side_keys: list[Hashable | None],
    pairs: dict[int, int],
    used: set[int],
) -> None:
    """Pair the items with equal keys (None: no key), in order."""
    waiting: dict[Hashable, deque[int]] = {}
    for j, key in enumerate(side_keys):
        if key is not None and j not in used:
            waiting.setdefault(key, deque()).append(j)
    if not waiting:
        return
    for i, key in enumerate(base_keys):
        if key is not None and i not in pairs and waiting.get(key):
            j = waiting[key].popleft()
            pairs[i] = j
            used.add(j)


def _pair_by_place(base: Sequence[Any], side: Sequence[Any], pairs: dict[int, int]) -> None:
    """Pair the items left over between the same two matched items, in order."""
    to_base = {j: i for i, j in pairs.items()}
    left: list[dict[int, list[int]]] = [{}, {}]
    for number, (items, matched) in enumerate(((base, pairs), (side, to_base))):
        gap = -1  # the base index of the matched item before (-1: none yet)
        for index, item in enumerate(items):
            if index in matched:
                gap = index if number == 0 else matched[index]
            elif identity(item) is None:
                left[number].setdefault(gap, []).append(index)
    for gap, indices in left[0].items():
        for i, j in zip(indices, left[1].get(gap, []), strict=False):
            pairs[i] = j
