"""Three thousand merges of random edit pairs (issue 11): items matched by their ids never
drop an item that either side kept or added, the result always renders with the storage
renderer and loads back equal (its conflicts kept in the file), and a merge of edits that
touch different things is clean and holds every change, action items' links to factors
included, however the factors were reordered.

Each side edits a small postmortem as the editor would: adds, deletes, edits and moves items
in every list (renumbering the action items' links when factors move or go), edits fields.
"""

from __future__ import annotations

import copy
import dataclasses
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.merge import LINE_LISTS, MergeResult, merge
from postmortem_tui.core.model import (
    LIST_KEYS,
    ActionItem,
    Evidence,
    Factor,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
    item_table,
    timeline_sort_key,
)
from postmortem_tui.storage.workspace import dumps, parse_postmortem

#: Three thousand merges, as issue 11 asks; small postmortems keep them to a few seconds.
MERGES = 3000
#: Each example is one seed for a `random.Random` that makes the postmortem and both sides'
#: edits: a third of the time of drawing every choice from hypothesis (which would shrink a
#: failure further); a failure names its seed, and `random.Random(seed)` replays it.
SEEDS = st.integers(min_value=0, max_value=2**64 - 1)
START = datetime(2026, 3, 4, 22, 50, tzinfo=UTC)
WORDS = ("deploy", "alert", "rollback", "queue", "broker", "lease", "disk", "retry")
#: The text field an edit changes, per list.
TEXT_FIELD = {
    "participants": "role",
    "timeline": "event",
    "five_whys": "answer",
    "factors": "text",
    "actions": "text",
    "evidence": "text",
}


def words(rng: random.Random, tag: str = "") -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
    return f"{text} {tag}".strip()


def new_item(rng: random.Random, kind: str, item_id: str) -> Any:
    text = words(rng, item_id)
    if kind == "timeline":
        at = None if rng.random() < 0.1 else START + timedelta(minutes=rng.randint(0, 120))
        return TimelineEvent(at, text, rng.choice(("", "detected")), id=item_id)
    if kind == "factors":
        return Factor(text, id=item_id)
    if kind == "actions":
        return ActionItem(text=text, owner=rng.choice(("", "@ops")), id=item_id)
    if kind == "participants":
        return Participant(text, rng.choice(("", "responder")), id=item_id)
    if kind == "five_whys":
        return WhyStep(text, words(rng), id=item_id)
    return Evidence("log", text, rng.choice(("", "https://logs.example.com")), id=item_id)


def clone(pm: Postmortem) -> Postmortem:
    """A copy sharing no list or item (`copy.deepcopy`, five times faster)."""
    copied = copy.copy(pm)
    for kind in LIST_KEYS:
        setattr(copied, kind, [_clone_item(item) for item in getattr(pm, kind)])
    for name in LINE_LISTS:
        setattr(copied, name, list(getattr(pm, name)))
    copied.impact, copied.extra = copy.deepcopy(pm.impact), copy.deepcopy(pm.extra)
    return copied


def _clone_item(item: Any) -> Any:
    copied = copy.copy(item)
    copied.extra = copy.deepcopy(item.extra)
    if isinstance(item, ActionItem):
        copied.factors = list(item.factors)
    return copied


def base_postmortem(rng: random.Random) -> Postmortem:
    pm = Postmortem(title=words(rng), summary=words(rng), date=date(2026, 3, 4))
    pm.root_cause = words(rng)
    for kind in LIST_KEYS:
        count = rng.randint(0, 3)
        setattr(pm, kind, [new_item(rng, kind, f"b{kind[:2]}{n}") for n in range(count)])
    for action in pm.actions:
        action.factors = sorted(
            rng.sample(range(1, len(pm.factors) + 1), k=min(2, len(pm.factors)))
        )
    pm.sort_timeline()
    return pm


# --- editing as the editor does ----------------------------------------------------------------


def link_ids(pm: Postmortem) -> list[list[str]]:
    return [[pm.factors[n - 1].id for n in action.factors] for action in pm.actions]


def relink(pm: Postmortem, links: list[list[str]]) -> None:
    """After the factors changed: each action item names the same factors by their new
    numbers (a deleted one dropped), as the editor's factors pane renumbers them."""
    numbers = {factor.id: n for n, factor in enumerate(pm.factors, start=1)}
    for position, (action, ids) in enumerate(zip(pm.actions, links, strict=True)):
        renumbered = [numbers[i] for i in ids if i in numbers]
        if renumbered != action.factors:
            pm.actions[position] = dataclasses.replace(action, factors=renumbered)


class Editor:
    """One side's edits, limited to some of the base items (`mine`) when the two sides must
    touch different things; what it changed, for the checks."""

    def __init__(self, base: Postmortem, side: str, mine: set[str] | None) -> None:
        self.pm = clone(base)
        self.side = side
        self.mine = mine
        self.made = 0
        self.moved: set[str] = set()
        self.fields: dict[str, str] = {}

    def may_touch(self, item: Any) -> bool:
        return self.mine is None or item.id in self.mine or not item.id.startswith("b")

    def edit(
        self, rng: random.Random, steps: int, *, fields: tuple[str, ...], moves: tuple[str, ...]
    ) -> None:
        for _ in range(steps):
            kind = rng.choice(LIST_KEYS)
            items = getattr(self.pm, kind)
            touchable = [n for n, item in enumerate(items) if self.may_touch(item)]
            what = rng.choice(("add", "add", "delete", "edit", "edit", "move", "field"))
            links = link_ids(self.pm)
            if what == "add":
                self.made += 1
                items.insert(
                    rng.randint(0, len(items)), new_item(rng, kind, f"{self.side}{self.made}")
                )
            elif what == "delete" and touchable:
                del items[rng.choice(touchable)]
            elif what == "edit" and touchable:
                self._edit_item(rng, kind, rng.choice(touchable))
                links = link_ids(self.pm)
            elif what == "move" and kind in moves and len(items) > 1:
                item = items.pop(rng.randrange(len(items)))
                items.insert(rng.randint(0, len(items)), item)
                self.moved.add(kind)
            elif what == "field" and fields:
                name = rng.choice(fields)
                self.fields[name] = words(rng, f"{self.side}-{name}")
                setattr(self.pm, name, self.fields[name])
            if kind == "factors":
                relink(self.pm, links)
        self.pm.sort_timeline()

    def _edit_item(self, rng: random.Random, kind: str, index: int) -> None:
        items = getattr(self.pm, kind)
        item = items[index]
        self.made += 1
        changes: dict[str, Any] = {TEXT_FIELD[kind]: words(rng, f"{self.side}{self.made}")}
        if kind == "timeline" and rng.random() < 0.5:
            changes["at"] = START + timedelta(minutes=rng.randint(0, 120))
        if kind == "actions":
            changes["done"] = not item.done
            mine = [n for n, f in enumerate(self.pm.factors, start=1) if self.may_touch(f)]
            if mine and rng.random() < 0.5:
                changes["factors"] = sorted(rng.sample(mine, k=rng.randint(1, min(2, len(mine)))))
        items[index] = dataclasses.replace(item, **changes)  # the form's way: the id is kept


# --- what a merge must give --------------------------------------------------------------------


def content(pm: Postmortem, kind: str, item: Any, factors: set[str]) -> Any:
    """An item as the merge compares it: action items' links as the ids of the factors the
    merged postmortem has (a link to a deleted factor goes with it)."""
    table = item_table(item)
    if kind == "actions":
        ids = [pm.factors[n - 1].id for n in item.factors]
        table["factors"] = [i for i in ids if i in factors]
    return table


def expected_ids(
    kind: str, base: Postmortem, ours: Postmortem, theirs: Postmortem, factors: set[str]
) -> set[str]:
    """Every item either side added or kept, less those one side deleted and the other left
    as they were."""
    was = {item.id: item for item in getattr(base, kind)}
    sides = [(pm, {item.id: item for item in getattr(pm, kind)}) for pm in (ours, theirs)]
    expected = set()
    for pm, items in sides:
        other = sides[1][1] if items is sides[0][1] else sides[0][1]
        for item_id, item in items.items():
            if item_id not in was or item_id in other:
                expected.add(item_id)
            elif content(pm, kind, item, factors) != content(base, kind, was[item_id], factors):
                expected.add(item_id)  # edited here, deleted there: kept, as a conflict
    return expected


def check_kept_and_loads(
    result: MergeResult, base: Postmortem, ours: Postmortem, theirs: Postmortem
) -> None:
    pm = result.postmortem
    factors = {factor.id for factor in pm.factors}
    for kind in LIST_KEYS:
        ids = [item.id for item in getattr(pm, kind)]
        assert len(ids) == len(set(ids)), kind
        assert set(ids) == expected_ids(kind, base, ours, theirs, factors), kind
    keys = [timeline_sort_key(event.at) for event in pm.timeline]
    assert keys == sorted(keys)
    for action in pm.actions:
        assert all(1 <= n <= len(pm.factors) for n in action.factors)
    pm.extra["conflicts"] = [conflict.as_table() for conflict in result.conflicts]
    if not pm.extra["conflicts"]:
        del pm.extra["conflicts"]
    assert parse_postmortem(dumps(pm).encode(), Path("merged.toml")) == pm


@settings(max_examples=MERGES, deadline=None)
@given(SEEDS)
def test_no_item_either_side_kept_or_added_is_dropped_and_the_result_loads(seed: int) -> None:
    rng = random.Random(seed)
    base = base_postmortem(rng)
    fields = ("summary", "root_cause", "title")
    ours, theirs = Editor(base, "o", None), Editor(base, "t", None)
    ours.edit(rng, rng.randint(0, 8), fields=fields, moves=LIST_KEYS)
    theirs.edit(rng, rng.randint(0, 8), fields=fields, moves=LIST_KEYS)
    result = merge(base, ours.pm, theirs.pm)
    check_kept_and_loads(result, base, ours.pm, theirs.pm)


@settings(max_examples=MERGES // 3, deadline=None)
@given(SEEDS)
def test_edits_of_different_things_merge_cleanly_and_all_land(seed: int) -> None:
    rng = random.Random(seed)
    base = base_postmortem(rng)
    base_ids = [item.id for kind in LIST_KEYS for item in getattr(base, kind)]
    split = rng.randint(0, 1)
    owners = {item_id: n % 2 == split for n, item_id in enumerate(base_ids)}
    ours = Editor(base, "o", {i for i, mine in owners.items() if mine})
    theirs = Editor(base, "t", {i for i, mine in owners.items() if not mine})
    # Each list is reordered on one side at most: both moving items is not disjoint.
    ours_moves = tuple(k for k in LIST_KEYS if rng.random() < 0.5)
    theirs_moves = tuple(k for k in LIST_KEYS if k not in ours_moves)
    ours.edit(rng, rng.randint(0, 8), fields=("summary",), moves=ours_moves)
    theirs.edit(rng, rng.randint(0, 8), fields=("root_cause", "title"), moves=theirs_moves)
    result = merge(base, ours.pm, theirs.pm)
    assert result.clean, result.conflicts
    check_kept_and_loads(result, base, ours.pm, theirs.pm)

    pm = result.postmortem
    for name in ("summary", "root_cause", "title"):
        side = ours if name in ours.fields else theirs
        assert getattr(pm, name) == getattr(side.pm, name)
    factors = {factor.id for factor in pm.factors}
    for kind in LIST_KEYS:
        was = {item.id: content(base, kind, item, factors) for item in getattr(base, kind)}
        merged = {item.id: content(pm, kind, item, factors) for item in getattr(pm, kind)}
        for editor in (ours, theirs):
            for item in getattr(editor.pm, kind):
                now = content(editor.pm, kind, item, factors)
                if item.id in merged and now != was.get(item.id):
                    assert merged[item.id] == now, (kind, item.id)  # the change landed
        for editor in (ours, theirs):
            order = [item.id for item in getattr(editor.pm, kind) if item.id in merged]
            if kind in editor.moved and kind != "timeline":
                assert [i for i in merged if i in order] == order, kind
