"""Where a review finding is, named as the editor shows it: a field by its label ("Review
on"), a list item by its own words ("09:48Z Queue disk usage alert fires…"). Pure, no Textual.

The labels come from the rules file's `[labels]` (so a review in another language names its
fields in that language); a field without a label is named by its path.
"""

from __future__ import annotations

import re

from .model import Postmortem, strip_control_chars

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Mapping

_PATH = re.compile(r"^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$")
#: The key whose words name an item of each list (lists of plain text are named by the text).
_NAMED_BY = {
    "timeline": "event",
    "five_whys": "question",
    "factors": "text",
    "actions": "text",
    "evidence": "text",
    "participants": "name",
}
#: About this many characters of an item's words name it; longer ones end in "…".
NAME_LENGTH = 32


def first_words(text: str, length: int = NAME_LENGTH) -> str:
    """`text` on one line, cut after the last whole word that fits in `length` characters."""
    text = " ".join(strip_control_chars(text).split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut and not text[length - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def place_in_pane(pm: Postmortem, field: str, labels: Mapping[str, str], pane_title: str) -> str:
    """`field` ("timeline[3].event", "review_on", "actions[1].owner") as a person finds it on
    the pane titled `pane_title`; "" when the field is the pane's whole list or section."""
    match = _PATH.match(field)
    if match is None:
        return field
    top, index, key = match.groups()
    name = labels.get(top, top)
    # A pane's own list ("Timeline" on the timeline pane) is not named again; other lists
    # of a pane are ("What went well" on the lessons pane).
    within = "" if name == pane_title else name
    if index is None:
        part = labels.get(f"{top}.{key}", key) if key else ""
        return ": ".join(p for p in (within, part) if p)
    words = _item_words(pm, top, int(index)) or f"{labels.get('item', 'item')} {int(index) + 1}"
    place = f"{within}: {words}" if within else words
    if key and key != _NAMED_BY.get(top):
        place += f" ({labels.get(f'{top}.{key}', key)})"
    return place


def _item_words(pm: Postmortem, top: str, index: int) -> str:
    """The words that name item `index` of list `top`: an event's time and first words, an
    action's or factor's first words, a person's name; "" when there are none."""
    items = getattr(pm, top, None)
    if not isinstance(items, list) or not 0 <= index < len(items):
        return ""
    item = items[index]
    if isinstance(item, str):
        return first_words(item)
    words = first_words(str(getattr(item, _NAMED_BY.get(top, "text"), "") or ""))
    if top == "timeline":
        # Here: only a timeline finding needs zones. The zone is named (`09:48 UTC`): a
        # finding is read away from the timeline's caption too (lint's lines, the review).
        from .timeline import event_time_in_list
        from .timezones import in_zone, zone_abbreviation, zone_of

        when = event_time_in_list(item.at, pm)
        if item.at is not None:
            when += " " + zone_abbreviation(in_zone(item.at, zone_of(pm)))
        return f"{when} {words}".strip()
    return words
