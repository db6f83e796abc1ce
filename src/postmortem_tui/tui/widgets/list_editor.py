"""The one list editor: a table of items with add, edit, delete, move and undo.

Every list in a postmortem (timeline events, factors, 5 Whys, action items, participants,
evidence, lessons) is edited through this widget and a typed `ItemForm`. It edits the
model's list in place and posts `ListEditor.Changed`; one changed item updates its row's
cells in place, so a long table is never rebuilt for a one-line edit. `take_draft` lets an
open form's typed text join the list before the app leaves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar, runtime_checkable

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowKey

from ..keys import UserAction, bindings_for
from ..user_text.shown import shown_cell

T = TypeVar("T")

#: The review mark a row shows per severity (hints are listed in the review pane only).
MARKS: dict[str, Text] = {
    "error": Text("!", style="bold red"),
    "warning": Text("?", style="bold yellow"),
}
_NO_MARK = Text("")


@runtime_checkable
class DraftingForm(Protocol):
    """A form that can hand over what is typed so far (the item forms do)."""

    def draft(self) -> Any: ...


@dataclass
class _OpenForm(Generic[T]):
    """The form this list opened, and what its item does when it comes back."""

    form: ModalScreen[T | None]
    apply: Callable[[T], None]


@dataclass(frozen=True)
class Column:
    label: str
    width: int | None = None


class ListTable(DataTable[RenderableType]):
    """The table inside a list editor (a type of its own so tests and styles can find it)."""


class ListEditor(Vertical, Generic[T]):
    """A titled table over a list of items, edited through a modal form.

    With `marked=True` the first column shows the review's mark for each item; `set_marks`
    rewrites only the marks that changed, so a long table is never rebuilt for a review.
    """

    DEFAULT_CSS = """
    ListEditor { height: auto; }
    ListEditor > .list-title { text-style: bold; }
    ListEditor > ListTable { height: auto; max-height: 12; }
    ListEditor > ListTable:focus { border-left: thick $accent; }
    ListEditor > ListTable { border-left: thick transparent; }
    ListEditor > .list-empty { color: $text-muted; }
    """

    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "list.add",
            "a,insert",
            "add",
            "Add",
            "Add item to this list",
            "Lists",
            help="Add an item to the list that has focus",
        ),
        UserAction(
            "list.edit",
            "e",
            "edit",
            "Edit",
            "Edit item",
            "Lists",
            help="Edit the highlighted item (also enter)",
            show=False,
        ),
        UserAction(
            "list.delete",
            "d,delete",
            "delete",
            "Delete",
            "Delete item",
            "Lists",
            help="Delete the highlighted item (u brings it back)",
        ),
        UserAction(
            "list.move_up",
            "shift+up,K",
            "move(-1)",
            "Move up",
            "Move item up",
            "Lists",
            help="Move the highlighted item up among items of the same time or kind",
            show=False,
        ),
        UserAction(
            "list.move_down",
            "shift+down,J",
            "move(1)",
            "Move down",
            "Move item down",
            "Lists",
            help="Move the highlighted item down among items of the same time or kind",
            show=False,
        ),
        UserAction(
            "list.undo",
            "u",
            "undo_delete",
            "Undo delete",
            "Undo delete",
            "Lists",
            help="Bring back the item deleted last",
            show=False,
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

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
        field: str | None = None,
        marked: bool = False,
        id: str | None = None,
    ) -> None:
        """`field` names the postmortem's list ("timeline"; by default the id, `-` as `_`)."""
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
        self.field = field if field is not None else (id or "").replace("-", "_")
        self.marked = marked
        #: The review's worst severity per item index, and the mark each row shows now.
        self._marks: dict[int, str] = {}
        self._shown_marks: dict[RowKey, str] = {}
        self._open_form: _OpenForm[T] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title), classes="list-title")
        table: ListTable = ListTable(
            cursor_type="row", zebra_stripes=False, show_header=self.show_header
        )
        if self.marked:
            table.add_column("", width=1, key="mark")
        for number, column in enumerate(self.columns):
            table.add_column(column.label, width=column.width, key=f"c{number}")
        yield table
        yield Static(Text(self.empty_text), classes="list-empty")

    def on_mount(self) -> None:
        # No table when the list was removed while being built (the editor closed right after
        # it opened, or the file was reloaded): nothing to show then.
        if self.query(ListTable):
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
        return [shown_cell(c) for c in self.row(item)]

    def _row_cells(self, item: T, key: RowKey, mark: str) -> list[RenderableType]:
        """A new row's cells, its review mark first when the list is marked."""
        if not self.marked:
            return self._cells(item)
        self._shown_marks[key] = mark
        return [MARKS.get(mark, _NO_MARK), *self._cells(item)]

    def _new_key(self) -> RowKey:
        self._next_key += 1
        return RowKey(str(self._next_key))

    def rebuild(self) -> None:
        """Show every item again (after a reorder or a reload)."""
        table = self.table
        row = table.cursor_row
        table.clear()
        self._shown_marks.clear()
        self._keys = [self._new_key() for _ in self.items]
        for index, (key, item) in enumerate(zip(self._keys, self.items, strict=True)):
            table.add_row(*self._row_cells(item, key, self._marks.get(index, "")), key=key.value)
        self._show_empty()
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))

    @property
    def highlighted(self) -> T | None:
        """The item under the cursor, or None when the list is empty."""
        index = self.cursor_index
        return None if index is None else self.items[index]

    def show_items(self, follow: T | None = None) -> None:
        """Show the list again after it changed under the editor (changes merged from disk),
        the cursor on `follow` (the item it was on) while that is still in the list."""
        self.rebuild()
        index = next((i for i, item in enumerate(self.items) if item is follow), None)
        if index is not None:
            self.table.move_cursor(row=index)

    def rebuild_cells(self) -> None:
        """Recompute every row in place (when something the rows show changed elsewhere)."""
        for index in range(len(self.items)):
            self.refresh_item(index)

    def refresh_item(self, index: int) -> None:
        """Update one item's row in place."""
        table = self.table
        for number, cell in enumerate(self._cells(self.items[index])):
            table.update_cell(self._keys[index], f"c{number}", cell)

    def set_marks(self, marks: Mapping[int, str]) -> None:
        """Show the review's worst severity per item index; only changed marks repaint."""
        if not self.marked:
            return
        self._marks = dict(marks)
        table = self.table
        for index, key in enumerate(self._keys):
            mark = self._marks.get(index, "")
            if self._shown_marks.get(key, "") != mark:
                self._shown_marks[key] = mark
                table.update_cell(key, "mark", MARKS.get(mark, _NO_MARK))

    def mark_at(self, index: int) -> str:
        """The review mark item `index` shows: "error", "warning" or ""."""
        return self._shown_marks.get(self._keys[index], "")

    def show_item(self, index: int | None) -> None:
        """Focus the table with the cursor on item `index` (the first item for None)."""
        table = self.table
        if self.items:
            table.move_cursor(row=min(index or 0, len(self.items) - 1))
        table.focus()

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
        self._open(None, self._insert)

    def _open(self, original: T | None, apply: Callable[[T], None]) -> None:
        opened = _OpenForm(self.form(original), apply)
        self._open_form = opened

        def finished(item: T | None) -> None:
            if self._open_form is opened:
                self._open_form = None
            if item is not None:
                opened.apply(item)

        self.app.push_screen(opened.form, finished)

    def take_draft(self) -> bool:
        """Put what is typed in this list's open form into the list, as Done would.

        Refused values are kept by the form's salvage. The form stays open and now edits
        the item it added. Returns whether the list changed.
        """
        opened = self._open_form
        if opened is None or not isinstance(opened.form, DraftingForm):
            return False
        draft = opened.form.draft()
        if draft is None:
            return False
        opened.apply(draft)
        opened.apply = functools.partial(self._replace, draft)
        return True

    def _insert(self, item: T) -> None:
        after = self.cursor_index
        index = len(self.items) if after is None else after + 1
        self.items.insert(index, item)
        index = self._place(item, index)
        if index == len(self.items) - 1:
            key = self._new_key()
            self._keys.append(key)
            self.table.add_row(*self._row_cells(item, key, ""), key=key.value)
            self._show_empty()
        else:
            self.rebuild()
        self.table.move_cursor(row=index)
        self._changed("add", index)

    def _replace(self, original: T, item: T) -> None:
        index = next((i for i, other in enumerate(self.items) if other is original), None)
        if index is None:
            return  # the item went away while its form was open
        self.items[index] = item
        new = self._place(item, index)
        if new == index:
            self.refresh_item(index)
        else:
            self.rebuild()
            self.table.move_cursor(row=new)
        self._changed("edit", new, index)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        index = self.cursor_index
        if index is None:
            return
        original = self.items[index]
        self._open(original, functools.partial(self._replace, original))

    def action_delete(self) -> None:
        index = self.cursor_index
        if index is None:
            return
        item = self.items.pop(index)
        self._deleted = (index, item)
        key = self._keys.pop(index)
        self._shown_marks.pop(key, None)
        self.table.remove_row(key)
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
