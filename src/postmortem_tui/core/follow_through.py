"""Follow-through: the action items of every postmortem as rows, which rows a question
selects, and the rows as text lines, CSV and JSON (`postmortem actions`, the app's board).

Plain Python, no disk: storage reads the postmortems, the command line and the board show
the rows. The formats are a public contract, described in docs/follow-through.md: the CSV
columns and JSON keys keep their names and order, new ones are only ever added at the end.
"""

from __future__ import annotations

from .record import FrozenRecord, set_field
from .terminal_text import shown

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date
    from typing import Any

    from .model import Postmortem

#: Which items a question is about: not done, done, or both.
STATES = ("open", "done", "all")
#: The CSV columns and the JSON keys of one item, in this order (docs/follow-through.md).
COLUMNS = (
    "postmortem",
    "title",
    "number",
    "id",
    "kind",
    "text",
    "owner",
    "due",
    "done",
    "overdue",
    "priority",
    "ticket",
)
JSON_VERSION = 1
#: A cell starting with one of these is a formula (or starts one) in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The owner column of the text lines is never wider than this.
OWNER_WIDTH = 18


class ActionRow(FrozenRecord):
    """One action item with the postmortem it belongs to (`number`: its place, from 1)."""

    __slots__ = (  # noqa: RUF023 (field order)
        "postmortem_id",
        "title",
        "tags",
        "number",
        "id",
        "kind",
        "text",
        "owner",
        "due",
        "done",
        "priority",
        "ticket",
    )
    postmortem_id: str
    title: str
    tags: tuple[str, ...]
    number: int
    id: str
    kind: str
    text: str
    owner: str
    due: date | None
    done: bool
    priority: str
    ticket: str

    def __init__(
        self,
        postmortem_id: str,
        title: str = "",
        tags: tuple[str, ...] = (),
        number: int = 1,
        id: str = "",
        kind: str = "prevent",
        text: str = "",
        owner: str = "",
        due: date | None = None,
        done: bool = False,
        priority: str = "",
        ticket: str = "",
    ) -> None:
        set_field(self, "postmortem_id", postmortem_id)
        set_field(self, "title", title)
        set_field(self, "tags", tags)
        set_field(self, "number", number)
        set_field(self, "id", id)
        set_field(self, "kind", kind)
        set_field(self, "text", text)
        set_field(self, "owner", owner)
        set_field(self, "due", due)
        set_field(self, "done", done)
        set_field(self, "priority", priority)
        set_field(self, "ticket", ticket)

    def is_overdue(self, today: date) -> bool:
        return not self.done and self.due is not None and self.due < today


def action_rows(postmortem_id: str, pm: Postmortem) -> list[ActionRow]:
    """A row for each of the postmortem's action items, in file order."""
    tags = tuple(pm.tags)
    return [
        ActionRow(
            postmortem_id,
            title=pm.title,
            tags=tags,
            number=number,
            id=item.id,
            kind=item.kind,
            text=item.text,
            owner=item.owner,
            due=item.due,
            done=item.done,
            priority=item.priority,
            ticket=item.ticket,
        )
        for number, item in enumerate(pm.actions, start=1)
    ]


def same_owner(owner: str, wanted: str) -> bool:
    """Owners compare without case and without a leading `@` (`@Payments` is `payments`)."""
    return owner.strip().lstrip("@").casefold() == wanted.strip().lstrip("@").casefold()


class ActionQuestion(FrozenRecord):
    """Which rows to list: `state` (open, done, all), only overdue ones, one owner, due
    before a day (items without a due date are left out then), a tag of the postmortem."""

    __slots__ = ("state", "overdue", "owner", "due_before", "tag")  # noqa: RUF023
    state: str
    overdue: bool
    owner: str
    due_before: date | None
    tag: str

    def __init__(
        self,
        state: str = "open",
        *,
        overdue: bool = False,
        owner: str = "",
        due_before: date | None = None,
        tag: str = "",
    ) -> None:
        if state not in STATES:
            raise ValueError(f"state must be one of {', '.join(STATES)}")
        set_field(self, "state", state)
        set_field(self, "overdue", overdue)
        set_field(self, "owner", owner)
        set_field(self, "due_before", due_before)
        set_field(self, "tag", tag)

    @property
    def wants_open_only(self) -> bool:
        """Only open items can answer (overdue items are open ones)."""
        return self.state == "open" or self.overdue

    def asks(self, row: ActionRow, today: date) -> bool:
        if row.done != (self.state == "done") and self.state != "all":
            return False
        if self.overdue and not row.is_overdue(today):
            return False
        if self.owner and not same_owner(row.owner, self.owner):
            return False
        if self.due_before is not None and (row.due is None or row.due >= self.due_before):
            return False
        return not self.tag or any(t.casefold() == self.tag.casefold() for t in row.tags)


def by_due_date(rows: Iterable[ActionRow]) -> list[ActionRow]:
    """Soonest due first, items without a due date last; then by postmortem and place."""
    from datetime import date

    return sorted(rows, key=lambda r: (r.due or date.max, r.due is None, r.postmortem_id, r.number))


def select(rows: Iterable[ActionRow], question: ActionQuestion, today: date) -> list[ActionRow]:
    """The rows the question asks for, soonest due first."""
    return by_due_date(row for row in rows if question.asks(row, today))


def matches_text(row: ActionRow, query: str) -> bool:
    """Every word of `query` is in the item's text, owner, ticket, the postmortem's title, id
    or tags (case-insensitive): the board's filter."""
    haystack = " ".join(
        (row.text, row.owner, row.ticket, row.kind, row.title, row.postmortem_id, *row.tags)
    ).casefold()
    return all(word in haystack for word in query.casefold().split())


# --- formats ---------------------------------------------------------------------------------


def row_values(row: ActionRow, today: date) -> dict[str, Any]:
    """One item under the documented keys (`COLUMNS`), as JSON has them."""
    return {
        "postmortem": row.postmortem_id,
        "title": row.title,
        "number": row.number,
        "id": row.id,
        "kind": row.kind,
        "text": row.text,
        "owner": row.owner,
        "due": row.due.isoformat() if row.due else None,
        "done": row.done,
        "overdue": row.is_overdue(today),
        "priority": row.priority,
        "ticket": row.ticket,
    }


def json_report(rows: list[ActionRow], today: date) -> dict[str, Any]:
    """`actions --format json`: the version, the day overdue is judged on, counts, items."""
    return {
        "version": JSON_VERSION,
        "today": today.isoformat(),
        "counts": {
            "items": len(rows),
            "open": sum(1 for r in rows if not r.done),
            "overdue": sum(1 for r in rows if r.is_overdue(today)),
        },
        "actions": [row_values(row, today) for row in rows],
    }


def spreadsheet_safe(cell: str) -> str:
    """A cell no spreadsheet reads as a formula: one starting (after blanks) with `=`, `+`,
    `-`, `@`, a tab or a carriage return (or one of the first four after blanks and line
    breaks) gets a `'` in front. Characters that could act on a
    terminal are made visible (`shown`), line breaks kept (CSV quotes them)."""
    if cell.startswith(FORMULA_STARTS) or cell.lstrip(" \t\r\n").startswith(FORMULA_STARTS):
        return "'" + shown(cell)
    return shown(cell)


def csv_cells(row: ActionRow, today: date) -> list[str]:
    """One CSV record in `COLUMNS` order: text as it is (made formula-safe), numbers and
    dates as text, `true`/`false` for the two flags, empty for no due date."""
    values = row_values(row, today)
    cells = []
    for column in COLUMNS:
        value = values[column]
        if isinstance(value, bool):
            cells.append("true" if value else "false")
        elif value is None:
            cells.append("")
        else:
            cells.append(spreadsheet_safe(str(value)))
    return cells


def _cut(text: str, width: int) -> str:
    """`text` in at most `width` characters, an ellipsis where it was cut."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + "…"


def _one_line(text: str) -> str:
    return shown(" ".join(text.split()), one_line=True)


def text_lines(rows: list[ActionRow], today: date, width: int = 80) -> list[str]:
    """Short lines for a terminal, a login banner or a cron mail, none wider than `width`:
    items grouped under their postmortem (the group of the soonest due item first), each
    `overdue`/`done` marked in words, then one line of counts. No lines for no rows."""
    if not rows:
        return []
    groups: dict[str, list[ActionRow]] = {}
    for row in rows:  # rows are soonest due first: so are the groups
        groups.setdefault(row.postmortem_id, []).append(row)
    owner_width = min(OWNER_WIDTH, max(len(_one_line(r.owner) or "-") for r in rows))
    lines = []
    for postmortem_id, items in groups.items():
        heading = f"{_one_line(postmortem_id)}  {_one_line(items[0].title)}".rstrip()
        lines.append(_cut(heading, width))
        for row in items:
            mark = "overdue" if row.is_overdue(today) else "done" if row.done else ""
            due = row.due.isoformat() if row.due else "no due"
            owner = _cut(_one_line(row.owner) or "-", owner_width)
            what = _one_line(row.text) or "(no text)"
            if row.ticket:
                what += f" [{_one_line(row.ticket)}]"
            lines.append(_cut(f"  {mark:<7} {due:<10}  {owner:<{owner_width}}  {what}", width))
    overdue = sum(1 for r in rows if r.is_overdue(today))
    items_word = "action item" if len(rows) == 1 else "action items"
    where = "postmortem" if len(groups) == 1 else "postmortems"
    summary = f"{len(rows)} {items_word} in {len(groups)} {where}"
    if overdue:
        summary += f", {overdue} overdue"
    lines.append(_cut(f"{summary} (as of {today.isoformat()})", width))
    return lines
