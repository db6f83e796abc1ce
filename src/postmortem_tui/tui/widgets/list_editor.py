"""The one list editor: a table of items with add, edit, delete, move, undo and redo.

Every list in a postmortem (timeline events, factors, 5 Whys, action items, participants,
evidence, lessons) is edited through this widget and a typed `ItemForm`. It edits the
model's list in place and posts `ListEditor.Changed`; one changed item updates its row's
cells in place, so a long table is never rebuilt for a one-line edit. `take_draft` lets an
open form's typed text join the list before the app leaves. Undo and redo belong to the
editing session (every list edit, several steps deep): the keys live here and run the
screen's actions; `restored` shows a list that undo or redo put back.

The table spans the width it is given: its columns are sized before the first row is added,
from the room its containers leave, and only resized (never rebuilt) when the terminal is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar, runtime_checkable

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey, RowKey

from ..keys import UserAction, bindings_for
from ..user_text.shown import shown_cell

T = TypeVar("T")

#: The review mark a row shows per severity (hints are listed in the review pane only).
MARKS: dict[str, Text] = {
    "error": Text("!", style="bold red"),
    "warning": Text("?", style="bold yellow"),
}
_NO_MARK = Text(" ")
#: What the legend under a list says about each review mark.
MARK_LEGEND = {"error": "! review error", "warning": "? review warning"}
#: The highlighted row of the focused list: a character, not only a colour, so it shows
#: with NO_COLOR and on terminals where background shades merge.
CURSOR_MARK = "▶"
#: The narrowest a growing column becomes before the table scrolls sideways instead.
MIN_COLUMN_WIDTH = 6


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
    """One column of a list: its width at 80 columns, and its share of any other width.

    `grow` columns take the room a wider terminal gives (by weight, up to `max_width`) and give
    it back on a narrower one, down to `min_width` (MIN_COLUMN_WIDTH, or `width` if narrower);
    when no column grows, the last one does.
    """

    label: str
    width: int
    grow: int = 0
    min_width: int | None = None
    max_width: int | None = None

    @property
    def narrowest(self) -> int:
        return self.min_width if self.min_width is not None else min(MIN_COLUMN_WIDTH, self.width)


def fit_widths(columns: Sequence[Column], room: int) -> list[int]:
    """The widths (padding excluded) that make `columns` fill `room` cells, or come as close
    as the columns' narrowest and widest allow."""
    widths = [column.width for column in columns]
    sharing = [i for i, column in enumerate(columns) if column.grow] or [len(columns) - 1]
    while sharing and (spare := room - sum(widths)):
        weights = [columns[i].grow or 1 for i in sharing]
        shares = [spare * weight // sum(weights) for weight in weights]
        shares[weights.index(max(weights))] += spare - sum(shares)  # integer division's rest
        at_limit = []
        for i, share in zip(sharing, shares, strict=True):
            column = columns[i]
            widest = column.max_width if column.max_width is not None else room
            widths[i] = min(max(widths[i] + share, column.narrowest), widest)
            if widths[i] in (column.narrowest, widest):
                at_limit.append(i)
        if not at_limit:
            break
        sharing = [i for i in sharing if i not in at_limit]  # the others take the rest
    return widths


class RowLead:
    """A row's first cell: the cursor mark when the row is highlighted in the focused table,
    then the review mark.

    It reads the table as it is drawn. The table caches a cell by whether its row has the
    cursor and by the table's focus, so the mark is drawn again exactly when either changes,
    with no cell update on every cursor move.
    """

    def __init__(self, table: ListTable, key: RowKey, mark: Text | None) -> None:
        self.table = table
        self.key = key
        self.mark = mark

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.table
        here = table.has_focus and table.cursor_row == table.get_row_index(self.key)
        lead = Text(CURSOR_MARK if here else " ", style="bold", end="")
        if self.mark is not None:
            lead.append_text(self.mark)
        yield lead

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = 1 if self.mark is None else 2
        return Measurement(width, width)


class ListTable(DataTable[RenderableType]):
    """The table inside a list editor: its columns span its width, home and end go to the
    first and last item."""

    # The vertical scroll bar's column is kept even when not needed, so the columns fit the
    # same width before and after the rows arrive. No horizontal bar: the columns fit the
    # width (Textual would also keep a line for it under a short list with a stable gutter).
    DEFAULT_CSS = """
    ListTable {
        scrollbar-size-vertical: 1; scrollbar-gutter: stable; scrollbar-size-horizontal: 0;
    }
    """

    def __init__(self, columns: Sequence[Column], *, lead_width: int, show_header: bool) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, show_header=show_header)
        self.specs = tuple(columns)
        self.lead_width = lead_width

    def add_list_columns(self) -> None:
        """The lead column (cursor and review marks) and the list's columns."""
        self.add_column("", width=self.lead_width, key="lead")
        for number, column in enumerate(self.specs):
            self.add_column(column.label, width=column.width, key=f"c{number}")

    def fit_columns(self, width: int) -> bool:
        """Size the columns to fill `width` cells; returns whether any width changed."""
        padding = 2 * self.cell_padding * (len(self.specs) + 1)
        room = width - self.lead_width - padding
        changed = False
        for number, fitted in enumerate(fit_widths(self.specs, room)):
            column = self.columns[ColumnKey(f"c{number}")]
            if column.width != fitted:
                column.width = fitted
                changed = True
        return changed

    def on_resize(self, event: events.Resize) -> None:
        # Only the widths change: the rows stay, and only the visible ones are drawn again.
        if self.fit_columns(self.scrollable_content_region.width):
            width = sum(column.get_render_width(self) for column in self.columns.values())
            self.virtual_size = Size(width, self.virtual_size.height)
            self.notify_style_update()  # drops the cells drawn at the old widths

    def action_scroll_home(self) -> None:
        self.action_scroll_top()

    def action_scroll_end(self) -> None:
        self.action_scroll_bottom()


class ListEditor(Vertical, Generic[T]):
    """A titled table over a list of items, edited through a modal form.

    With `marked=True` the first column shows the review's mark for each item; `set_marks`
    rewrites only the marks that changed, so a long table is never rebuilt for a review.
    With `fill=True` the list takes the height its pane has left (the pane's one list);
    other lists take up to half the terminal's height. A line under the table explains the
    marks its rows show: the review's, and those `legend` names for the items.
    """

    DEFAULT_CSS = """
    ListEditor { height: auto; }
    ListEditor.-fill { height: 1fr; min-height: 8; }
    ListEditor > .list-title { text-style: bold; }
    ListEditor > .list-body { height: auto; }
    ListEditor.-fill > .list-body { height: 1fr; }
    ListEditor ListTable { height: auto; max-height: 50vh; }
    ListEditor.-fill ListTable { max-height: 100%; }
    ListEditor ListTable:focus { border-left: thick $accent; }
    ListEditor ListTable { border-left: blank; }
    ListEditor > .list-empty { color: $text-muted; }
    ListEditor > .list-legend { color: $text-muted; height: auto; display: none; }
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
            help="Delete the highlighted item (ctrl+z brings it back)",
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
        # Undo and redo are the session's, for every list: the screen runs them (and says
        # when there is something to undo). ctrl+y, not only ctrl+shift+z: terminals without
        # the kitty keyboard protocol, tmux among them, send ctrl+shift+z as ctrl+z.
        UserAction(
            "list.undo",
            "ctrl+z,u",
            "screen.undo_list_edit",
            "Undo",
            "Undo list edit",
            "Lists",
            help="Take back the last add, edit, delete, move or done mark in a list (many steps)",
        ),
        UserAction(
            "list.redo",
            "ctrl+y,ctrl+shift+z",
            "screen.redo_list_edit",
            "Redo",
            "Redo list edit",
            "Lists",
            help="Make the last undone list edit again",
            show=False,  # the footer has no room at 80 columns; undo's message names the key
        ),
        UserAction(
            "list.first",
            "home",
            "first_item",
            "First",
            "Go to first item",
            "Lists",
            help="Highlight the first item (pageup and pagedown move a page)",
            show=False,
        ),
        UserAction(
            "list.last",
            "end",
            "last_item",
            "Last",
            "Go to last item",
            "Lists",
            help="Highlight the last item",
            show=False,
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

    class Changed(Message):
        """The list was edited: `change` is add, edit, delete, move, or restore (undo or
        redo put the list back: nothing else needs renumbering)."""

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
        fill: bool = False,
        legend: Callable[[Sequence[T]], Sequence[str]] | None = None,
        id: str | None = None,
    ) -> None:
        """`field` names the postmortem's list ("timeline"; by default the id, `-` as `_`);
        `legend` says what the marks its rows show mean (those the items have now)."""
        super().__init__(id=id, classes="-fill" if fill else "")
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
        self.legend = legend
        self._legend_due = False
        self.field = field if field is not None else (id or "").replace("-", "_")
        self.marked = marked
        #: The review's worst severity per item index, and the mark each row shows now.
        self._marks: dict[int, str] = {}
        self._shown_marks: dict[RowKey, str] = {}
        self._open_form: _OpenForm[T] | None = None
        self._table: ListTable | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title), classes="list-title")
        self._table = table = ListTable(
            self.columns, lead_width=2 if self.marked else 1, show_header=self.show_header
        )
        table.add_list_columns()
        # The table sits in a box of its own: a filling list's box takes the height left, and
        # the table fills up to all of it (a short list stays short).
        yield Vertical(table, classes="list-body")
        yield Static(Text(self.empty_text), classes="list-empty")
        yield Static("", classes="list-legend")

    def on_mount(self) -> None:
        # No table when the list was removed while being built (the editor closed right after
        # it opened, or the file was reloaded): nothing to show then.
        if self.query(ListTable):
            # Sized before the first row: a resize after that only changes widths.
            self.table.fit_columns(self._room_before_layout())
            self.rebuild()

    def _room_before_layout(self) -> int:
        """The table's width before the first layout: the nearest container already laid
        out, less the borders, padding and scroll bars of the widgets in between."""
        table = self.table
        gutters = table.styles.gutter.width + table.styles.scrollbar_size_vertical
        for node in table.ancestors:
            if not isinstance(node, Widget):
                break
            if node.size.width:
                return node.scrollable_content_region.width - gutters
            gutters += node.styles.gutter.width
        return self.app.size.width - gutters

    @property
    def table(self) -> ListTable:
        # Kept, not queried: every row's lead cell asks for it (2,000 queries: ~10 ms).
        return self._table if self._table is not None else self.query_one(ListTable)

    @property
    def cursor_index(self) -> int | None:
        """The index of the highlighted item, or None when the list is empty."""
        if not self.items:
            return None
        return min(self.table.cursor_row, len(self.items) - 1)

    # --- showing --------------------------------------------------------------------------

    def _cells(self, item: T) -> list[RenderableType]:
        return [shown_cell(c) for c in self.row(item)]

    def _lead(self, key: RowKey, mark: str) -> RowLead:
        if not self.marked:
            return RowLead(self.table, key, None)
        self._shown_marks[key] = mark
        return RowLead(self.table, key, MARKS.get(mark, _NO_MARK))

    def _row_cells(self, item: T, key: RowKey, mark: str) -> list[RenderableType]:
        """A new row's cells: the cursor and review marks first."""
        return [self._lead(key, mark), *self._cells(item)]

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
        self._legend_later()

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
        self._legend_later()

    def set_marks(self, marks: Mapping[int, str]) -> None:
        """Show the review's worst severity per item index; only changed marks repaint."""
        if not self.marked:
            return
        self._marks = dict(marks)
        table = self.table
        for index, key in enumerate(self._keys):
            mark = self._marks.get(index, "")
            if self._shown_marks.get(key, "") != mark:
                table.update_cell(key, "lead", self._lead(key, mark))
        self._legend_later()

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

    def _legend_later(self) -> None:
        """Write the legend once the current edits are done (many rows may change first)."""
        if not self._legend_due:
            self._legend_due = True
            self.call_later(self._show_legend)

    def _show_legend(self) -> None:
        self._legend_due = False
        shown = set(self._shown_marks.values())
        notes = [text for severity, text in MARK_LEGEND.items() if severity in shown]
        if notes:
            notes[-1] += " (F10 lists them)"
        if self.legend is not None:
            notes.extend(self.legend(self.items))
        legend = self.query_one(".list-legend", Static)
        legend.update(Text("Marks: " + " · ".join(notes)) if notes else "")
        legend.display = bool(notes)

    def _changed(self, change: str, index: int, other: int = -1) -> None:
        self._legend_later()
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

    def replace_items(self, items: Sequence[T], index: int) -> None:
        """Make the list `items` as one edit (several added at once), with the cursor on
        item `index`; undo takes the whole edit back."""
        self.items[:] = items  # in place: the postmortem holds this list object
        self.rebuild()
        if self.items:
            self.table.move_cursor(row=min(index, len(self.items) - 1))
        self._changed("add", self.cursor_index or 0)

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
        self.items.pop(index)
        key = self._keys.pop(index)
        self._shown_marks.pop(key, None)
        self.table.remove_row(key)
        self._show_empty()
        self._changed("delete", index)
        self.notify("Deleted. ctrl+z brings it back.", timeout=4)

    def restored(self, index: int | None = None) -> None:
        """Undo or redo put this list's items back: show them, with the cursor on `index`
        (where it was, for None)."""
        self.rebuild()
        if index is not None and self.items:
            self.table.move_cursor(row=min(index, len(self.items) - 1))
        self._changed("restore", self.cursor_index or 0)

    def action_first_item(self) -> None:
        self.table.action_scroll_top()

    def action_last_item(self) -> None:
        self.table.action_scroll_bottom()

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
