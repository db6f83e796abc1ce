"""The workspace browser: every postmortem in a table, newest first, filtered as you type."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from ...core.model import new_postmortem
from ...core.search import (
    EMPTY_QUERY,
    QueryError,
    SearchDocument,
    SearchQuery,
    joined_sections,
    matches,
    parse_query,
    places,
)
from ...storage.index import PostmortemSummary
from ...storage.listing import workspace_rows
from ...storage.workspace import PostmortemFileError, StorageError, Workspace, load
from ..keys import UserAction, bindings_for
from ..user_text.input_field import UserTextInput
from ..user_text.shown import shown
from ..widgets.keys_footer import KeysFooter
from ..widgets.paint_first import after_the_next_frame
from .app_screen import AppScreen

if TYPE_CHECKING:
    from ..forms.new_postmortem import NewPostmortemRequest

#: Fixed widths of every column but the title, which takes what is left.
COLUMNS = (("Date", 10), ("Severity", 8), ("Status", 6), ("Title", 0), ("Open", 4), ("Late", 4))
SEVERITY_STYLES = {"critical": "bold red", "major": "yellow", "minor": ""}
#: Actions that need a row under the cursor.
ROW_ACTIONS = {"open", "export", "delete"}
#: Rows added before the first frame; the rest follow once it is painted (1,000 rows: ~60 ms).
FIRST_ROWS = 60


def display_text(text: str) -> str:
    """One line of user text or a file name, safe to show: runs of white space (line breaks
    too) as one space, and every character that could act on the terminal shown."""
    return shown(" ".join(text.split()), one_line=True)


def row_document(row: PostmortemSummary) -> SearchDocument:
    """What a query can see of a row before the workspace's texts are read (or of a file
    read since): its title, id, date, severity and status."""
    return SearchDocument(
        title=row.title,
        date=row.date,
        severity=row.severity,
        status=row.status,
        tags=(),
        owners=(),
        text=joined_sections([("title", (row.title, row.id))]),
    )


def row_cells(row: PostmortemSummary, title_width: int, today: date) -> list[Text]:
    """The cells of one table row, all plain text (never markup); `today` counts late items."""
    when = Text(row.date.isoformat() if row.date else "")
    if row.broken:
        title = Text(
            f"{shown(row.id, one_line=True)}.toml: {display_text(row.broken)}", style="red"
        )
        title.truncate(title_width, overflow="ellipsis")
        return [when, Text("—"), Text("broken", style="bold red"), title, Text(""), Text("")]
    severity = Text(row.severity or "—", style=SEVERITY_STYLES.get(row.severity, ""))
    title = Text(display_text(row.title) or "(untitled)")
    title.truncate(title_width, overflow="ellipsis")
    open_count = Text(str(row.open_actions) if row.open_actions else "—", justify="right")
    late = row.overdue_actions(today)
    late_count = Text(str(late) if late else "—", style="bold red" if late else "", justify="right")
    return [when, severity, Text(row.status), title, open_count, late_count]


class WorkspaceScreen(AppScreen):
    """Lists the workspace; opens, creates, exports and trashes postmortems."""

    HELP_TITLE = "Workspace browser"
    AUTO_FOCUS = "#browser-table"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "browser.new",
            "n",
            "new",
            "New",
            "New postmortem",
            "Postmortems",
            help="Write a new postmortem (a title, then full or quick)",
        ),
        UserAction(
            "browser.open",
            "enter",
            "open",
            "Open",
            "Open postmortem",
            "Postmortems",
            help="Open the highlighted postmortem in the editor",
        ),
        UserAction(
            "browser.export",
            "e",
            "export",
            "Export",
            "Export Markdown",
            "Postmortems",
            help="Write the highlighted postmortem to exports/<id>.md",
        ),
        UserAction(
            "browser.delete",
            "d,delete",
            "delete",
            "Delete",
            "Delete postmortem",
            "Postmortems",
            help="Move the highlighted postmortem to .trash/ (asks first)",
        ),
        UserAction(
            "browser.sample",
            "s",
            "sample",
            "Sample",
            "Open the sample postmortem",
            "Postmortems",
            help="Copy the finished example into the workspace and open it",
        ),
        UserAction(
            "browser.actions",
            "a",
            "action_board",
            "Actions",
            "Action items board",
            "Postmortems",
            help="Every open action item of the workspace, soonest due first",
        ),
        UserAction(
            "browser.filter",
            "slash",
            "filter",
            "Filter",
            "Filter postmortems",
            "List",
            help='Search every text as you type: words, "phrases", tag: severity: status: '
            "owner: after: before: (enter goes back to the list)",
        ),
        UserAction(
            "browser.clear",
            "escape",
            "clear_filter",
            "Clear",
            "Clear the filter",
            "List",
            help="Show every postmortem again",
            show=False,
        ),
        UserAction(
            "browser.reload",
            "r",
            "reload",
            "Reload",
            "Reload the list",
            "List",
            help="Read the workspace again (changes from elsewhere)",
            show=False,
        ),
        UserAction(
            "browser.trends",
            "t",
            "trends",
            "Trends",
            "Show trends",
            "List",
            help="Incidents, times to detect and resolve, and action items month by month",
            show=False,  # the footer is full at 80 columns; help and the palette list it
        ),
        UserAction(
            "browser.help",
            "question_mark",
            "app.help",
            "Help",
            "Help",
            "App",
            help="Every key of this screen (also f1)",
            show=False,  # the footer always shows "f1 help"
        ),
        UserAction("browser.quit", "q", "app.quit", "Quit", "Quit", "App", help="Leave the app"),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.rows: list[PostmortemSummary] = []
        self._suspended = False
        self._shown_title_width = 0
        self._rows_generation = 0  # a newer show_rows drops the rows still to be added
        #: every postmortem's texts by id, read in a thread when a search first needs them
        self.documents: dict[str, SearchDocument] | None = None
        self._reloads = 0
        self._documents_asked = 0  # the reload generation whose texts are being read
        self.search_query: SearchQuery = EMPTY_QUERY
        self.query_error = ""

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="browser-bar"):
            yield Static(id="browser-where")
            yield Static(id="browser-count")
        yield UserTextInput(
            placeholder="Search: words, tag: severity: status: owner: after: before:  ( / )",
            label="The search",
            id="browser-filter",
        )
        yield DataTable(id="browser-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="browser-detail")
        yield Static(id="browser-welcome")
        yield KeysFooter()

    def on_mount(self) -> None:
        root = shown(str(self.workspace.root), one_line=True)
        where = Text.assemble(("Postmortems ", "bold"), (f"in {root}", "dim"))
        self.query_one("#browser-where", Static).update(where)
        self.query_one("#browser-welcome", Static).update(self.welcome_text())
        self.reload()
        after_the_next_frame(self, self.pm_app.started)
        self.pm_app.ready_for_typing()  # the table has the focus: keys typed ahead go to it

    def welcome_text(self) -> Text:
        lines = Text.assemble(
            ("Welcome to postmortem-tui\n\n", "bold"),
            "No postmortems here yet. A postmortem is a blameless write-up of an incident: "
            "what happened, why, and what will stop it happening again.\n\n",
            ("  n       ", "bold"),
            "write a new postmortem (full, or quick for small ones)\n",
            ("  s       ", "bold"),
            "open the sample postmortem, a finished example\n",
            ("  ?  f1   ", "bold"),
            "help: every key on this screen\n",
            ("  ctrl+p  ", "bold"),
            "command palette: every action by name, and themes\n",
            ("  ctrl+q  ", "bold"),
            "quit\n\n",
            (f"Files are kept in {shown(str(self.workspace.root), one_line=True)}", "dim"),
        )
        return lines

    # --- the list ---------------------------------------------------------------------------

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#browser-table", DataTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#browser-filter", Input)

    def selected_row(self) -> PostmortemSummary | None:
        table = self.table
        if not table.row_count or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((row for row in self.rows if row.id == key), None)

    def reload(self, select_id: str | None = None) -> None:
        """Read the workspace again and redraw, keeping the cursor on the same postmortem."""
        if select_id is None and (current := self.selected_row()) is not None:
            select_id = current.id
        self.rows = workspace_rows(self.workspace)
        self.documents = None  # read again when a search needs them
        self._reloads += 1
        self.show_rows(select_id)

    def title_width(self) -> int:
        fixed = sum(width + 2 for _, width in COLUMNS if width) + 2  # cell padding, scrollbar
        return max(12, self.size.width - fixed - 2)  # at 60 columns every column fits

    def show_rows(self, select_id: str | None = None) -> None:
        table = self.table
        empty = not self.rows
        self.set_class(empty, "-empty")
        query = self.filter_input.value
        matching = self.matching_rows(query)
        width = self._shown_title_width = self.title_width()
        table.clear(columns=True)
        for label, column_width in COLUMNS:
            table.add_column(label, key=label.lower(), width=column_width or width)
        self._rows_generation += 1
        ids = [row.id for row in matching]
        at = ids.index(select_id) if select_id in ids else 0
        first = max(FIRST_ROWS, at + 1)
        today = self.pm_app.today()
        for row in matching[:first]:
            table.add_row(*row_cells(row, width, today), key=row.id)
        if matching[first:]:
            rest = functools.partial(
                self._add_rows, self._rows_generation, matching[first:], width, today
            )
            after_the_next_frame(self, rest)
        if at:
            table.move_cursor(row=at, animate=False)
        self._row_highlighted()
        count = f"{len(matching)} of {len(self.rows)}" if query else f"{len(self.rows)}"
        if not self.search_query.is_empty() and self.documents is None:
            count = f"{count} (searching every text…)"
        self.query_one("#browser-count", Static).update(Content(count))
        if empty:
            self.set_focus(None)
        elif self.focused is None:
            table.focus()
        self.refresh_bindings()

    def matching_rows(self, text: str) -> list[PostmortemSummary]:
        """The rows the search `text` finds; with a query that cannot be read, every row
        (the reason is shown under the list). Until the texts are read, the titles and ids."""
        try:
            self.search_query, self.query_error = parse_query(text), ""
        except QueryError as error:
            self.search_query, self.query_error = EMPTY_QUERY, str(error)
        self.filter_input.set_class(bool(self.query_error), "-invalid")
        if self.search_query.is_empty():
            return list(self.rows)
        documents = self.documents
        if documents is None:
            if self._documents_asked != self._reloads:
                self._documents_asked = self._reloads
                self._read_documents(self._reloads)
            documents = {}
        query = self.search_query
        return [
            row
            for row in self.rows
            if not row.broken and matches(query, documents.get(row.id) or row_document(row))
        ]

    @work(thread=True, group="browser-search")
    def _read_documents(self, generation: int) -> None:
        from ...storage.details import workspace_details

        found = {
            d.id: d.document for d in workspace_details(self.workspace) if d.document is not None
        }
        self.app.call_from_thread(self._documents_read, generation, found)

    def _documents_read(self, generation: int, documents: dict[str, SearchDocument]) -> None:
        if generation != self._reloads:  # the workspace was read again meanwhile
            return
        self.documents = documents
        if not self.search_query.is_empty():
            self.show_rows()

    def _add_rows(
        self, generation: int, rows: list[PostmortemSummary], width: int, today: date
    ) -> None:
        if generation == self._rows_generation:
            for row in rows:
                self.table.add_row(*row_cells(row, width, today), key=row.id)

    def on_resize(self) -> None:
        # Rebuilding 1,000 rows costs tens of milliseconds: only when the title column changes.
        if self.rows and self.title_width() != self._shown_title_width:
            self.show_rows()

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        if not self._suspended:
            return
        self._suspended = False
        self.reload()

    @on(Input.Changed, "#browser-filter")
    def _filter_changed(self) -> None:
        self.show_rows()

    @on(Input.Submitted, "#browser-filter")
    def _filter_done(self) -> None:
        if self.query_error:
            self.notify(
                self.query_error, title="Search not understood", severity="warning", markup=False
            )
            return
        self.table.focus()

    @on(DataTable.RowHighlighted, "#browser-table")
    def _row_highlighted(self) -> None:
        self.query_one("#browser-detail", Static).update(self.detail_text(self.selected_row()))

    def detail_text(self, row: PostmortemSummary | None) -> Text:
        """One or two lines about the highlighted row: its id and what enter does; during a
        search, where it matched; a search that cannot be read, why."""
        if self.query_error:
            return Text.assemble(
                ("Search not understood: ", "bold red"), display_text(self.query_error)
            )
        if row is None:
            return Text("No postmortem matches the search; esc shows them all.", style="dim")
        if self.search_query.texts and not row.broken:
            document = (self.documents or {}).get(row.id) or row_document(row)
            found = places(self.search_query, document, limit=2)
            if found:
                parts: list[str | tuple[str, str]] = []
                for place in found:
                    parts += [(f"{place.section}: ", "bold"), display_text(place.excerpt), "  "]
                return Text.assemble(*parts)
        if row.broken:
            return Text.assemble(
                ("Does not load: ", "bold red"),
                display_text(row.broken),
                ("  (fix the file; d moves it to the trash)", "dim"),
            )
        overdue = row.overdue_actions(self.pm_app.today())
        late = f", {overdue} overdue" if overdue else ""
        return Text.assemble(
            ("enter opens it", "dim"),
            f" · {row.format or 'full'} · {row.open_actions} open action items{late} · ",
            (shown(row.id, one_line=True), "dim"),
        )

    @on(DataTable.RowSelected, "#browser-table")
    def _row_chosen(self) -> None:
        self.action_open()

    def on_key(self, event: object) -> None:
        # Down from the filter goes to the list, as a user would expect.
        key = getattr(event, "key", "")
        if key == "down" and self.focused is self.filter_input:
            self.table.focus()

    # --- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ROW_ACTIONS:
            return self.is_mounted and self.selected_row() is not None
        if action == "clear_filter":
            return self.is_mounted and bool(self.filter_input.value)
        if action in ("filter", "trends"):
            return bool(self.rows)
        return True

    def action_filter(self) -> None:
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""
        self.table.focus()

    def action_reload(self) -> None:
        self.reload()

    def action_trends(self) -> None:
        from .trends import TrendsScreen  # not on the browser's start path

        self.app.push_screen(TrendsScreen(self.workspace))

    def action_open(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.pm_app.open_postmortem(Path(row.path))

    def action_action_board(self) -> None:
        from .action_board import ActionBoardScreen  # only when the board is opened

        self.app.push_screen(ActionBoardScreen(self.workspace))

    def action_new(self) -> None:
        from ..forms.new_postmortem import NewPostmortemDialog

        self.app.push_screen(NewPostmortemDialog(self.pm_app.today()), self._create)

    def _create(self, request: NewPostmortemRequest | None) -> None:
        if request is None:
            return
        pm = new_postmortem(
            request.title,
            incident_date=request.incident_date,
            quick=request.quick,
            timezone=self._new_zone(),
        )
        try:
            loaded = self.workspace.ensure().create(pm)
        except StorageError as error:
            self.notify(str(error), title="Not created", severity="error", markup=False)
            return
        self.reload(select_id=loaded.id)
        self.pm_app.open_loaded(loaded)

    def _new_zone(self) -> str:
        """The configured zone for new postmortems, else (and when it is not a zone, saying
        so) the system's."""
        from ...core.timezones import system_zone_name
        from ...storage.settings import UnknownDefaultZoneError, default_zone_name

        try:
            return default_zone_name(self.pm_app.settings)
        except UnknownDefaultZoneError as error:
            zone = system_zone_name()
            self.notify(
                f"{error}; using {zone}", title="Time zone", severity="warning", markup=False
            )
            return zone

    def action_sample(self) -> None:
        try:
            path = self.workspace.add_sample()
        except (StorageError, OSError) as error:
            self.notify(str(error), title="Sample not added", severity="error", markup=False)
            return
        self.reload(select_id=path.stem)
        self.pm_app.open_postmortem(path)

    def action_export(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        from ...storage.exports import write_export  # the renderers are only needed here

        try:
            loaded = load(Path(row.path))
            target = self.workspace.exports_dir() / f"{loaded.id}.md"
            write_export(
                loaded.postmortem, target, today=None, workspace=self.workspace
            )  # a document: no status as of today (`export --as-of` adds one)
        except PostmortemFileError as error:
            self.notify(str(error), title="Cannot export", severity="error", markup=False)
            return
        except (StorageError, OSError) as error:
            self.notify(str(error), title="Export failed", severity="error", markup=False)
            return
        self.notify(f"Exported to {target}", title="Markdown written", markup=False)

    def action_delete(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        from ..forms.confirm import ConfirmDialog

        name = display_text(row.title) or shown(row.id, one_line=True)
        trash = shown(str(self.workspace.root / ".trash"), one_line=True)
        question = Text.assemble(
            "Move ",
            (name, "bold"),
            " to the trash?\n\n",
            f"The file goes to {trash}/ and can be moved back.",
        )
        dialog = ConfirmDialog(
            question, title="Delete postmortem", confirm_label="Move to trash", dangerous=True
        )
        self.app.push_screen(dialog, lambda yes: self._trash(Path(row.path)) if yes else None)

    def _trash(self, path: Path) -> None:
        try:
            target = self.workspace.trash(path)
        except OSError as error:
            self.notify(f"{path.name}: {error.strerror}", title="Not deleted", markup=False)
            return
        except StorageError as error:
            self.notify(str(error), title="Not deleted", severity="error", markup=False)
            return
        self.reload()
        self.notify(f"Moved to {target}", title="In the trash", markup=False)
