"""The one list editor: a table of items with add, edit, delete, move and undo.

Every list in a postmortem (timeline events, factors, 5 Whys, action items, participants,
evidence, lessons) is edited through this widget and a typed `ItemForm`. It edits the
model's list in place and posts `ListEditor.Changed`; one changed item updates its row's
cells in place, so a long table is never rebuilt for a one-line edit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowKey

T = TypeVar("T")


@dataclass(frozen=True)
class Column:
    label: str
    width: int | None = None


class ListTable(DataTable[RenderableType]):
    """The table inside a list editor (a type of its own so tests and styles can find it)."""


class ListEditor(Vertical, Generic[T]):
    """A titled table over a list of items, edited through a modal form."""

    DEFAULT_CSS = """
    ListEditor { height: auto; }
    ListEditor > .list-title { text-style: bold; }
    ListEditor > ListTable { height: auto; max-height: 12; }
    ListEditor > ListTable:focus { border-left: thick $accent; }
    ListEditor > ListTable { border-left: thick transparent; }
    ListEditor > .list-empty { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,insert", "add", "Add", id="list.add"),
        Binding("e", "edit", "Edit", id="list.edit", show=False),
        Binding("d,delete", "delete", "Delete", id="list.delete"),
        Binding("shift+up,K", "move(-1)", "Move up", id="list.move_up", show=False),
        Binding("shift+down,J", "move(1)", "Move down", id="list.move_down", show=False),
        Binding("u", "undo_delete", "Undo delete", id="list.undo", show=False),
    ]

    class Changed(Message):
        """The list was edited: `change` is add, edit, delete, move or undo."""

        def __init__(self, editor: ListEditor[Any], change: str, index: int, other: int) -> None:
            super().__init__()
            self.editor = editor
            self.change = change
            self.index = index
            self.other = other

        @property
        def control(self) -> ListEditor[Any]:
            return self.editor

    def __init__(
        self,
        items: list[T],
        *,
        title: str,
        columns: Sequence[Column],
        row: Callable[[T], Sequence[RenderableType]],
        form: Callable[[T | None], ModalScreen[T | None]],
        sort_key: Callable[[T], Any] | None = None,
        empty_text: str = "Nothing yet: press a to add.",
        show_header: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.items = items
        self.title = title
        self.columns = tuple(columns)
        self.row = row
        self.form = form
        self.sort_key = sort_key
        self.empty_text = empty_text
        self.show_header = show_header
        self._keys: list[RowKey] = []
        self._next_key = 0
        self._deleted: tuple[int, T] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title), classes="list-title")
        table: ListTable = ListTable(
            cursor_type="row", zebra_stripes=False, show_header=self.show_header
        )
        for number, column in enumerate(self.columns):
            table.add_column(column.label, width=column.width, key=f"c{number}")
        yield table
        yield Static(Text(self.empty_text), classes="list-empty")

    def on_mount(self) -> None:
        self.rebuild()

    @property
    def table(self) -> ListTable:
        return self.query_one(ListTable)

    @property
    def cursor_index(self) -> int | None:
        """The index of the highlighted item, or None when the list is empty."""
        if not self.items:
            return None
        return min(self.table.cursor_row, len(self.items) - 1)

    # --- showing --------------------------------------------------------------------------

    def _cells(self, item: T) -> list[RenderableType]:
        return [Text(c) if isinstance(c, str) else c for c in self.row(item)]

    def _new_key(self) -> RowKey:
        self._next_key += 1
        return RowKey(str(self._next_key))

    def rebuild(self) -> None:
        """Show every item again (after a reorder or a reload)."""
        table = self.table
        row = table.cursor_row
        table.clear()
        self._keys = [self._new_key() for _ in self.items]
        for key, item in zip(self._keys, self.items, strict=True):
            table.add_row(*self._cells(item), key=key.value)
        self._show_empty()
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))

    def rebuild_cells(self) -> None:
        """Recompute every row in place (when something the rows show changed elsewhere)."""
        for index in range(len(self.items)):
            self.refresh_item(index)

    def refresh_item(self, index: int) -> None:
        """Update one item's row in place."""
        table = self.table
        for number, cell in enumerate(self._cells(self.items[index])):
            table.update_cell(self._keys[index], f"c{number}", cell)

    def _show_empty(self) -> None:
        self.query_one(".list-empty").display = not self.items

    def _changed(self, change: str, index: int, other: int = -1) -> None:
        self.post_message(self.Changed(self, change, index, other))

    def _place(self, item: T, index: int) -> int:
        """Put an item where the sort order wants it (stable); returns its new index."""
        if self.sort_key is None:
            return index
        self.items.pop(index)
        key = self.sort_key(item)
        new = len(self.items)
        for position, other in enumerate(self.items):
            if key < self.sort_key(other):
                new = position
                break
        self.items.insert(new, item)
        return new

    # --- editing --------------------------------------------------------------------------

    def action_add(self) -> None:
        self.add_item()

    def add_item(self) -> None:
        """Open the form for a new item; it joins the list when the form is done."""

        def added(item: T | None) -> None:
            if item is None:
                return
            after = self.cursor_index
            index = len(self.items) if after is None else after + 1
            self.items.insert(index, item)
            index = self._place(item, index)
            if index == len(self.items) - 1:
                key = self._new_key()
                self._keys.append(key)
                self.table.add_row(*self._cells(item), key=key.value)
                self._show_empty()
            else:
                self.rebuild()
            self.table.move_cursor(row=index)
            self._changed("add", index)

        self.app.push_screen(self.form(None), added)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        index = self.cursor_index
        if index is None:
            return
        original = self.items[index]

        def edited(item: T | None) -> None:
            if item is None or index >= len(self.items) or self.items[index] is not original:
                return
            self.items[index] = item
            new = self._place(item, index)
            if new == index:
                self.refresh_item(index)
            else:
                self.rebuild()
                self.table.move_cursor(row=new)
            self._changed("edit", new, index)

        self.app.push_screen(self.form(original), edited)

    def action_delete(self) -> None:
        index = self.cursor_index
        if index is None:
            return
        item = self.items.pop(index)
        self._deleted = (index, item)
        self.table.remove_row(self._keys.pop(index))
        self._show_empty()
        self._changed("delete", index)
        self.notify("Deleted. Press u to undo.", timeout=4)

    def action_undo_delete(self) -> None:
        if self._deleted is None:
            return
        index, item = self._deleted
        self._deleted = None
        index = min(index, len(self.items))
        self.items.insert(index, item)
        index = self._place(item, index)
        self.rebuild()
        self.table.move_cursor(row=index)
        self._changed("undo", index)

    def action_move(self, step: int) -> None:
        index = self.cursor_index
        if index is None:
            return
        other = index + step
        if not 0 <= other < len(self.items):
            return
        items = self.items
        if self.sort_key is not None and self.sort_key(items[index]) != self.sort_key(items[other]):
            self.notify("This list keeps its order; change the item to move it.", timeout=4)
            return
        items[index], items[other] = items[other], items[index]
        self.refresh_item(index)
        self.refresh_item(other)
        self.table.move_cursor(row=other)
        self._changed("move", other, index)
