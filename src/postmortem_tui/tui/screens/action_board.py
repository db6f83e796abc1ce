"""The action-items board: every open action item of the workspace, soonest due first,
filtered as you type; `x` marks one done, `enter` opens its postmortem at that item.

Reading the workspace and marking an item done run in threads (a big workspace parses many
files); the rows come from `storage/action_items.py`, and marking done saves the file as the
editor does (`mark_done`: atomic, history kept, a file changed elsewhere read again).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from ...core.follow_through import ActionQuestion, ActionRow, matches_text, select
from ...storage.action_items import mark_done, workspace_actions
from ...storage.workspace import StorageError, Workspace
from ..keys import UserAction, bindings_for
from ..user_text.input_field import UserTextInput
from ..user_text.shown import shown
from ..widgets.keys_footer import KeysFooter
from .app_screen import AppScreen

#: Fixed widths of every column but the action's text, which takes what is left.
COLUMNS = (("Due", 10), ("", 7), ("Owner", 14), ("Action", 0))
#: From this many columns on, the postmortem's title has a column too (below, the line
#: under the table names it).
WIDE_WIDTH = 110
#: The share of the flexible room the postmortem's column takes when it is shown.
POSTMORTEM_SHARE = 0.4
#: Actions that need a row under the cursor.
ROW_ACTIONS = {"mark_done", "open_item"}
OVERDUE_WORD = "overdue"


def _one_line(text: str) -> str:
    return shown(" ".join(text.split()), one_line=True)


def row_key(row: ActionRow) -> str:
    return f"{row.postmortem_id}/{row.number}/{row.id}"


def board_cells(
    row: ActionRow, text_width: int, today: date, postmortem_width: int = 0
) -> list[Text]:
    """One row's cells, plain text (never markup): overdue says so in a word, not only in
    colour, so it reads the same without colour. With `postmortem_width`, the postmortem's
    title last."""
    overdue = row.is_overdue(today)
    due = Text(row.due.isoformat() if row.due else "—", style="bold red" if overdue else "")
    mark = Text(OVERDUE_WORD if overdue else "", style="bold red")
    owner = Text(_one_line(row.owner) or "—", no_wrap=True, overflow="ellipsis")
    owner.truncate(COLUMNS[2][1], overflow="ellipsis")
    text = Text(_one_line(row.text) or "(no text)")
    text.truncate(text_width, overflow="ellipsis")
    if not postmortem_width:
        return [due, mark, owner, text]
    title = Text(_one_line(row.title) or _one_line(row.postmortem_id), style="dim")
    title.truncate(postmortem_width, overflow="ellipsis")
    return [due, mark, owner, text, title]


class ActionBoardScreen(AppScreen):
    """Every open action item of the workspace; marks them done and opens their postmortem."""

    CSS_PATH = "../styles/action_board.tcss"
    HELP_TITLE = "Action items board"
    AUTO_FOCUS = "#board-table"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "board.done",
            "x",
            "mark_done",
            "Done",
            "Mark the action item done",
            "Action items",
            help="Mark the highlighted item done and save its postmortem",
        ),
        UserAction(
            "board.open",
            "enter",
            "open_item",
            "Open",
            "Open its postmortem",
            "Action items",
            help="Open the highlighted item's postmortem at that item",
        ),
        UserAction(
            "board.filter",
            "slash",
            "filter",
            "Filter",
            "Filter action items",
            "Action items",
            help="Filter by owner, tag or text as you type; enter goes back to the list",
        ),
        UserAction(
            "board.reload",
            "r",
            "reload",
            "Reload",
            "Reload the action items",
            "Action items",
            help="Read the workspace again (changes from elsewhere)",
            show=False,
        ),
        UserAction(
            "board.back",
            "escape,ctrl+l",
            "back",
            "Back",
            "Back to the postmortems",
            "Action items",
            help="Back to the browser (esc clears the filter first)",
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.rows: list[ActionRow] = []
        #: Files that did not load, with why (their items are not on the board).
        self.broken: list[str] = []
        #: The workspace has been read at least once (the table is not "nothing open" yet).
        self.loaded = False
        #: A mark-done being saved: its row's key (a second `x` on it waits).
        self.saving: str | None = None
        self._suspended = False
        self._shown_widths = (0, 0)

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="board-bar"):
            yield Static(id="board-where")
            yield Static(id="board-count")
        yield UserTextInput(
            placeholder="Filter by owner, tag or text  ( / )", label="The filter", id="board-filter"
        )
        yield DataTable(id="board-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="board-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        root = shown(str(self.workspace.root), one_line=True)
        where = Text.assemble(("Open action items ", "bold"), (f"in {root}", "dim"))
        self.query_one("#board-where", Static).update(where)
        self.query_one("#board-detail", Static).update(Text("Reading the workspace…", "dim"))
        self.reload()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#board-table", DataTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#board-filter", Input)

    # --- reading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the workspace again (in a thread) and show it."""
        self._read_workspace()

    @work(thread=True, exclusive=True, group="board-read")
    def _read_workspace(self) -> None:
        rows, broken = workspace_actions(self.workspace, open_only=True)
        self.app.call_from_thread(self._show_read, rows, [reason for _, reason in broken])

    def _show_read(self, rows: list[ActionRow], broken: list[str]) -> None:
        self.rows = select(rows, ActionQuestion("open"), self.pm_app.today())
        self.broken = broken
        self.loaded = True
        self.show_rows()

    # --- the list ---------------------------------------------------------------------------

    def matching(self) -> list[ActionRow]:
        query = self.filter_input.value
        return [row for row in self.rows if matches_text(row, query)]

    def selected_row(self) -> ActionRow | None:
        table = self.table
        if not table.row_count or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((row for row in self.rows if row_key(row) == key), None)

    def column_widths(self) -> tuple[int, int]:
        """The action's column and the postmortem's (0: not shown) at the screen's width."""
        fixed = sum(width + 2 for _, width in COLUMNS if width) + 2  # cell padding, scrollbar
        room = max(12, self.size.width - fixed - 2)
        if self.size.width < WIDE_WIDTH:
            return room, 0
        postmortem = int((room - 2) * POSTMORTEM_SHARE)
        return room - 2 - postmortem, postmortem

    def show_rows(self, select_key: str | None = None) -> None:
        """Fill the table with the rows the filter lets through, the cursor kept on the same
        item (or, when it is gone, at the same place)."""
        table = self.table
        current = self.selected_row()
        if select_key is None and current is not None:
            select_key = row_key(current)
        at_row = max(0, table.cursor_row)
        matching = self.matching()
        widths = self._shown_widths = self.column_widths()
        width, postmortem_width = widths
        today = self.pm_app.today()
        table.clear(columns=True)
        for label, column_width in COLUMNS:
            table.add_column(label, key=label.lower() or "mark", width=column_width or width)
        if postmortem_width:
            table.add_column("Postmortem", key="postmortem", width=postmortem_width)
        for row in matching:
            table.add_row(*board_cells(row, width, today, postmortem_width), key=row_key(row))
        keys = [row_key(row) for row in matching]
        at = keys.index(select_key) if select_key in keys else min(at_row, len(keys) - 1)
        if at > 0:
            table.move_cursor(row=at, animate=False)
        self._show_count(matching, today)
        self._row_highlighted()
        self.refresh_bindings()

    def _show_count(self, matching: list[ActionRow], today: date) -> None:
        overdue = sum(1 for row in matching if row.is_overdue(today))
        count = (
            f"{len(matching)} of {len(self.rows)}"
            if self.filter_input.value
            else (f"{len(self.rows)}")
        )
        text = f"{count} open"
        if overdue:
            text += f" · {overdue} overdue"
        if self.broken:
            files = "file" if len(self.broken) == 1 else "files"
            text += f" · {len(self.broken)} {files} not read"
        self.query_one("#board-count", Static).update(Content(text))

    @on(DataTable.RowHighlighted, "#board-table")
    def _row_highlighted(self) -> None:
        self.query_one("#board-detail", Static).update(self.detail_text(self.selected_row()))

    def detail_text(self, row: ActionRow | None) -> Text:
        """A line about the highlighted item: its postmortem, kind, priority and ticket."""
        if row is None:
            if not self.loaded:
                return Text("Reading the workspace…", style="dim")
            if self.rows:
                return Text("No open action item matches the filter; esc shows them all.", "dim")
            if self.broken:
                return Text.assemble(
                    ("No open action items in the files that load. ", "dim"),
                    ("Not read: ", "bold red"),
                    _one_line(self.broken[0]),
                )
            return Text("No open action items: every follow-up is done.", style="dim")
        parts = [row.kind]
        if row.priority:
            parts.append(f"{row.priority} priority")
        if row.ticket:
            parts.append(_one_line(row.ticket))
        return Text.assemble(
            (_one_line(row.title) or _one_line(row.postmortem_id), "bold"),
            f" · {' · '.join(parts)} · ",
            ("x done · enter opens it", "dim"),
        )

    def on_resize(self) -> None:
        if self.rows and self.column_widths() != self._shown_widths:
            self.show_rows()

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        if self._suspended:
            self._suspended = False
            self.reload()  # back from the editor: the items may have changed there

    @on(Input.Changed, "#board-filter")
    def _filter_changed(self) -> None:
        if self.loaded:
            self.show_rows()

    @on(Input.Submitted, "#board-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def on_key(self, event: object) -> None:
        # Down from the filter goes to the list, as in the browser.
        if getattr(event, "key", "") == "down" and self.focused is self.filter_input:
            self.table.focus()

    # --- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ROW_ACTIONS:
            return self.is_mounted and self.selected_row() is not None
        return True

    def action_filter(self) -> None:
        self.filter_input.focus()

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        if self.filter_input.value:
            self.filter_input.value = ""
            self.table.focus()
            return
        self.app.pop_screen()

    def action_open_item(self) -> None:
        row = self.selected_row()
        if row is not None:
            path = self.workspace.root / f"{row.postmortem_id}.toml"
            self.pm_app.open_postmortem(path, pane="actions", field=f"actions[{row.number - 1}]")

    @on(DataTable.RowSelected, "#board-table")
    def _row_chosen(self) -> None:
        self.action_open_item()

    def action_mark_done(self) -> None:
        row = self.selected_row()
        if row is None or self.saving is not None:
            return
        self.saving = row_key(row)
        self._mark_done(row)

    @work(thread=True, group="board-save")
    def _mark_done(self, row: ActionRow) -> None:
        path = self.workspace.root / f"{row.postmortem_id}.toml"
        try:
            outcome = mark_done(self.workspace, path, row.id)
        except StorageError as error:
            outcome = f"failed: {error}"
        except OSError as error:
            outcome = f"failed: {path.name}: {error.strerror or error}"
        self.app.call_from_thread(self._marked, row, outcome)

    def _marked(self, row: ActionRow, outcome: str) -> None:
        self.saving = None
        what = _one_line(row.text) or "(no text)"
        if outcome == "done":
            self.notify(f"{what}", title="Marked done", markup=False)
        elif outcome == "already done":
            self.notify(f"{what}: already marked done elsewhere", title="Done", markup=False)
        elif outcome == "gone":
            self.notify(
                f"{what}: no longer in {row.postmortem_id}.toml (changed elsewhere); "
                "the board is read again",
                title="Not marked",
                severity="warning",
                markup=False,
            )
        else:
            self.notify(
                outcome.removeprefix("failed: "), title="Not saved", severity="error", markup=False
            )
            return
        # The item leaves the board at once; reading the workspace again picks up the rest.
        self.rows = [r for r in self.rows if row_key(r) != row_key(row)]
        self.show_rows()
        self.reload()
