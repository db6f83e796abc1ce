"""What changed between two versions of a postmortem, in words and as a diff of the file text.

`describe_changes(before, after)` gives short phrases ("title changed", "2 events added",
"action 3 marked done"); `change_summary` joins them into the one line the history lists.
Which item of one version is which of the other follows the merge's rules (core/merge.py):
an item with an id is matched by its id only, then items equal in every field, then items
equal in the fields that name them (`CONTENT_KEYS`), then the items left over between two
matched items, in order. So the history and a merge agree on what "the same event" is.

`text_diff(old, new)` is a unified diff of two file texts, each line at most `width`
columns (a longer line goes on under the same `-` or `+`), with every character that could
act on a terminal made visible: it is printed as it is, and shown in the app as plain text.
"""

from __future__ import annotations

from .merge import CONTENT_KEYS, identity
from .model import LIST_KEYS, Postmortem
from .terminal_text import shown
from .timezones import in_zone, zone_abbreviation

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Sequence
    from datetime import datetime, tzinfo
    from typing import Any

__all__ = [
    "DiffLine",
    "change_summary",
    "describe_changes",
    "diff_text",
    "pair_items",
    "text_diff",
    "version_time",
]

#: How one item of each list is called in a summary (singular, plural).
ITEM_NOUNS: dict[str, tuple[str, str]] = {
    "participants": ("participant", "participants"),
    "timeline": ("event", "events"),
    "five_whys": ("why", "whys"),
    "factors": ("factor", "factors"),
    "actions": ("action", "actions"),
    "evidence": ("evidence item", "evidence items"),
}

#: The postmortem's other fields as a summary names them, in the order they are written.
FIELD_NAMES: dict[str, str] = {
    "title": "title",
    "date": "date",
    "timezone": "time zone",
    "status": "status",
    "severity": "severity",
    "format": "format",
    "authors": "authors",
    "tags": "tags",
    "review_on": "review date",
    "summary": "summary",
    "root_cause": "root cause",
    "what_went_well": "what went well",
    "what_went_poorly": "what went poorly",
    "where_we_got_lucky": "where we got lucky",
    "lessons_learned": "lessons learned",
    "appendix": "appendix",
    "impact": "impact",
}

#: Fields whose value is a short choice: the summary says from what to what.
_CHOICES = ("status", "severity", "format")
NO_CHANGE = "same content as the version before"


def pair_items(before: Sequence[Any], after: Sequence[Any]) -> dict[int, int]:
    """Which item of `after` each item of `before` is (index to index), by the merge's rules:
    id, then equal items, then the naming fields, then place between matched items."""
    pairs: dict[int, int] = {}
    if not before or not after:
        return pairs
    used: set[int] = set()
    before_ids = [identity(item) for item in before]
    after_ids = [identity(item) for item in after]
    _pair_on(before_ids, after_ids, pairs, used)
    stages: list[Callable[[Any], Hashable | None]] = [_whole]
    stages += [_naming(fields) for fields in CONTENT_KEYS.get(type(before[0]), ())]
    for key_of in stages:  # an item with an id is matched by it only
        _pair_on(
            [
                None if i in pairs or key is not None else key_of(item)
                for i, (item, key) in enumerate(zip(before, before_ids, strict=True))
            ],
            [
                None if j in used or key is not None else key_of(item)
                for j, (item, key) in enumerate(zip(after, after_ids, strict=True))
            ],
            pairs,
            used,
        )
    _pair_by_place(before, after, pairs)
    return pairs


def _whole(item: Any) -> Hashable:
    return repr(item)  # records have no hash; equal records have equal reprs


def _naming(fields: tuple[str, ...]) -> Callable[[Any], Hashable | None]:
    def key_of(item: Any) -> Hashable | None:
        values = tuple(getattr(item, name) for name in fields)
        return repr(values) if any(v not in (None, "") for v in values) else None

    return key_of


def _pair_on(
    before_keys: list[Hashable | None],
    after_keys: list[Hashable | None],
    pairs: dict[int, int],
    used: set[int],
) -> None:
    waiting: dict[Hashable, list[int]] = {}
    for j, key in enumerate(after_keys):
        if key is not None and j not in used:
            waiting.setdefault(key, []).append(j)
    for i, key in enumerate(before_keys):
        if key is not None and i not in pairs and waiting.get(key):
            j = waiting[key].pop(0)
            pairs[i] = j
            used.add(j)


def _pair_by_place(before: Sequence[Any], after: Sequence[Any], pairs: dict[int, int]) -> None:
    """The items without an id left over between the same two matched items, in order."""
    to_before = {j: i for i, j in pairs.items()}
    left: list[dict[int, list[int]]] = [{}, {}]
    for number, (items, matched) in enumerate(((before, pairs), (after, to_before))):
        gap = -1
        for index, item in enumerate(items):
            if index in matched:
                gap = index if number == 0 else matched[index]
            elif identity(item) is None:
                left[number].setdefault(gap, []).append(index)
    for gap, indices in left[0].items():
        for i, j in zip(indices, left[1].get(gap, []), strict=False):
            pairs[i] = j


def _count(number: int, nouns: tuple[str, str]) -> str:
    return f"{number} {nouns[0] if number == 1 else nouns[1]}"


def _list_changes(name: str, before: Sequence[Any], after: Sequence[Any]) -> list[str]:
    nouns = ITEM_NOUNS[name]
    pairs = pair_items(before, after)
    phrases = []
    added = len(after) - len(pairs)
    removed = len(before) - len(pairs)
    if added:
        phrases.append(f"{_count(added, nouns)} added")
    if removed:
        phrases.append(f"{_count(removed, nouns)} removed")
    edited: list[int] = []
    for i, j in sorted(pairs.items(), key=lambda pair: pair[1]):
        old, new = before[i], after[j]
        if old == new:
            continue
        if name == "actions" and old.done != new.done:
            phrases.append(f"action {j + 1} {'marked done' if new.done else 'open again'}")
            old_fields = old.field_values()
            new_fields = new.field_values()
            done_at = old.__slots__.index("done")
            if old_fields[:done_at] + old_fields[done_at + 1 :] == (
                new_fields[:done_at] + new_fields[done_at + 1 :]
            ):
                continue
        edited.append(j)
    if len(edited) == 1:
        phrases.append(f"{nouns[0]} {edited[0] + 1} edited")
    elif edited:
        phrases.append(f"{_count(len(edited), nouns)} edited")
    kept = sorted(pairs.items())
    if [j for _, j in kept] != sorted(j for _, j in kept):
        phrases.append(f"{nouns[1]} reordered")
    return phrases


def _field_change(name: str, before: Postmortem, after: Postmortem) -> str | None:
    old, new = getattr(before, name), getattr(after, name)
    if old == new:
        return None
    label = FIELD_NAMES[name]
    if name in _CHOICES and old and new:
        return f"{label} {old} → {new}"
    if old in ("", None, []):
        return f"{label} added"
    if new in ("", None, []):
        return f"{label} cleared"
    return f"{label} changed"


def describe_changes(before: Postmortem, after: Postmortem) -> list[str]:
    """What changed from `before` to `after`, in short phrases, in the order of the file; an
    empty list when they are equal."""
    phrases = []
    for name in FIELD_NAMES:
        phrase = _field_change(name, before, after)
        if phrase is not None:
            phrases.append(phrase)
    for name in LIST_KEYS:
        phrases.extend(_list_changes(name, getattr(before, name), getattr(after, name)))
    if before.extra != after.extra:
        old_conflicts = len(_tables(before.extra.get("conflicts")))
        new_conflicts = len(_tables(after.extra.get("conflicts")))
        if old_conflicts != new_conflicts:
            if new_conflicts > old_conflicts:
                phrases.append(f"{_count(new_conflicts - old_conflicts, _CONFLICT)} to resolve")
            else:
                phrases.append(f"{_count(old_conflicts - new_conflicts, _CONFLICT)} resolved")
        rest = {k: v for k, v in before.extra.items() if k != "conflicts"}
        if rest != {k: v for k, v in after.extra.items() if k != "conflicts"}:
            phrases.append("other keys changed")
    return phrases


_CONFLICT = ("merge conflict", "merge conflicts")


def _tables(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def change_summary(before: Postmortem | None, after: Postmortem) -> str:
    """The one line the history shows for a version (`after`) against the one before it:
    `title changed; 2 events added; action 3 marked done`. `before` None: the earliest."""
    if before is None:
        return "earliest version here"
    phrases = describe_changes(before, after)
    if not phrases:
        return NO_CHANGE
    return "; ".join(phrases)


# --- the text -------------------------------------------------------------------------------


class DiffLine:
    """One line of a diff to show: `kind` is "-" (only in the old text), "+" (only in the
    new), " " (in both), "@" (where a part starts) or "=" (a heading)."""

    __slots__ = ("kind", "text")

    def __init__(self, kind: str, text: str) -> None:
        self.kind = kind
        self.text = text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DiffLine):
            return NotImplemented
        return (self.kind, self.text) == (other.kind, other.text)

    def __repr__(self) -> str:
        return f"DiffLine({self.kind!r}, {self.text!r})"


def text_diff(
    old: str,
    new: str,
    *,
    old_label: str,
    new_label: str,
    width: int = 80,
    context: int = 2,
) -> list[DiffLine]:
    """A unified diff of two file texts, as lines of at most `width` columns (a longer line is
    cut and goes on under the same marker, indented), every character that could act on a
    terminal made visible. A part starts with `@ line N` (N: its first line in `new`).
    Empty when the texts are equal."""
    import difflib  # only the history's diff needs it

    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines)
    groups = list(matcher.get_grouped_opcodes(context))
    if not groups:
        return []
    lines = [
        DiffLine("=", shown(f"- {old_label}", one_line=True)),
        DiffLine("=", shown(f"+ {new_label}", one_line=True)),
    ]
    for group in groups:
        first_new = group[0][3] + 1
        lines.append(DiffLine("@", f"@ line {first_new}"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(_line(" ", line) for line in old_lines[i1:i2])
                continue
            if tag in ("replace", "delete"):
                lines.extend(_line("-", line) for line in old_lines[i1:i2])
            if tag in ("replace", "insert"):
                lines.extend(_line("+", line) for line in new_lines[j1:j2])
    return [piece for line in lines for piece in _split(line, width)]


def _line(kind: str, text: str) -> DiffLine:
    return DiffLine(kind, shown(text, one_line=True))


def _split(line: DiffLine, width: int) -> list[DiffLine]:
    """The line cut into pieces of `width` columns with its marker (a piece goes on
    indented by two): the marker stays on every piece, so a cut line reads without colour."""
    if line.kind in "=@":
        return [line]
    room = max(10, width - 2)
    text = line.text
    if _columns(text) <= room:
        return [line]
    pieces, rest, first = [], text, True
    while rest:
        space = room if first else room - 2
        piece, rest = _cut(rest, space)
        pieces.append(DiffLine(line.kind, piece if first else f"  {piece}"))
        first = False
    return pieces


def _columns(text: str) -> int:
    import unicodedata

    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, columns: int) -> tuple[str, str]:
    """A start of `text` that fits `columns` (at least one character; ending after a space
    when one is in its second half), and the rest."""
    import unicodedata

    used = 0
    for index, char in enumerate(text):
        wide = 2 if not char.isascii() and unicodedata.east_asian_width(char) in "WF" else 1
        if used + wide > columns and index:
            # After the last space when it is not far back: words stay whole where they can.
            space = text.rfind(" ", 0, index)
            if space >= index // 2:
                index = space + 1
            return text[:index], text[index:]
        used += wide
    return text, ""


def diff_text(lines: Sequence[DiffLine]) -> str:
    """The diff as plain text: `-`, `+` or a space before each line, headings as they are."""
    return "\n".join(
        line.text if line.kind in "=@" else f"{line.kind} {line.text}" for line in lines
    )


def version_time(at: datetime, zone: tzinfo, *, with_zone: bool = True) -> str:
    """When a saved version was the file's text, as a list shows it in `zone`:
    `2026-04-01 14:32:05 UTC` (seconds always: saves come seconds apart)."""
    local = in_zone(at, zone)
    text = local.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text} {zone_abbreviation(local)}" if with_zone else text
