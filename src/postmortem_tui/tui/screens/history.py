"""The history of one postmortem: its saved versions, newest first, the highlighted one's
diff against the current text, and restoring one (asked first).

The screen lists and compares; the editor that opened it restores the chosen version (it
dismisses with it) and shows the restored postmortem, as after a reload. Reading the
versions (the history folder, git) happens in a thread: the screen paints at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...core.changes import DiffLine, text_diff, version_time
from ...core.timezones import zone_named
from ...storage.history import SavedVersion, saved_versions
from ...storage.workspace import Workspace, read_regular_file
from ..breakpoints import NARROW_WIDTH
from ..keys import UserAction, bindings_for
from ..user_text.shown import shown, shown_text
from ..widgets.keys_footer import KeysFooter

#: Below this many columns the list and the diff are stacked; from it on, side by side.
SIDE_BY_SIDE_WIDTH = 140
#: The fixed columns of the list; "What changed" takes what is left. Below NARROW_WIDTH the
#: time leaves out the year (the diff's heading has it).
COLUMNS = (("#", 3), ("Time", 19), ("Source", 13), ("What changed", 0))
NARROW_TIME = 14
DIFF_STYLES = {"-": "red", "+": "green", "@": "bold", "=": "bold", " ": ""}


class HistoryScreen(Screen[SavedVersion | None]):
    """The saved versions of the file at `path`; dismisses with the version to restore
    (the user confirmed), or None."""

    CSS_PATH = "../styles/history.tcss"
    HELP_TITLE = "History"
    AUTO_FOCUS = "#history-table"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "history.restore",
            "r,enter",
            "restore",
            "Restore",
            "Restore this version",
            "History",
            "Make the highlighted version the current text (asks first; the current text is "
            "kept as a new version, so a restore can be undone).",
        ),
        UserAction(
            "history.other_side",
            "tab",
            "app.focus_next",
            "List / diff",
            "",  # a key to press, not a command to look up
            "History",
            "Between the list of versions and the diff (arrows and page keys scroll it).",
            show=False,
        ),
        UserAction(
            "history.back",
            "escape,ctrl+l",
            "back",
            "Back",
            "Back to the postmortem",
            "History",
            "Back to the editor, nothing restored.",
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, workspace: Workspace, path: Path, zone_name: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.path = path
        self.zone_name = zone_name
        self.zone = zone_named(zone_name)
        self.versions: list[SavedVersion] | None = None
        self.current_text = ""

    def compose(self) -> ComposeResult:
        yield Static(id="history-where")
        with Container(id="history-body"):
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="history-diff") as diff:
                diff.border_title = "Differences from the current text"
                yield Static(id="history-diff-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        name = shown(self.path.name, one_line=True)
        zone = shown(self.zone_name, one_line=True)
        where = Text.assemble(("History ", "bold"), f"of {name}", (f"  · times in {zone}", "dim"))
        self.query_one("#history-where", Static).update(where)
        self._show_message("Reading the saved versions…")
        self._read_versions()

    # --- reading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history-read")
    def _read_versions(self) -> None:
        versions = saved_versions(self.workspace, self.path)
        try:
            current = read_regular_file(self.path).decode("utf-8", errors="replace")
        except OSError:
            current = ""
        try:
            self.app.call_from_thread(self._show_versions, versions, current)
        except RuntimeError:  # the app has stopped
            return

    def _show_versions(self, versions: list[SavedVersion], current: str) -> None:
        self.versions, self.current_text = versions, current
        self._fill_table()
        if not versions:
            self._show_message(
                "No saved versions yet. Each save keeps the version it replaces here, and "
                "commits of the file show too when the workspace is a git repository."
            )
        self.refresh_bindings()

    def _fill_table(self) -> None:
        table = self.query_one("#history-table", DataTable)
        at = table.cursor_row if table.row_count else 0
        table.clear(columns=True)
        narrow = self.size.width < NARROW_WIDTH
        summary_width = self._summary_width(narrow)
        for label, width in COLUMNS:
            if label == "Time" and narrow:
                width = NARROW_TIME
            table.add_column(label, key=label, width=width or summary_width)
        for version in self.versions or ():
            summary = shown_text(" ".join(version.summary.split()), one_line=True)
            if not version.readable:
                summary.stylize("red")
            summary.truncate(summary_width, overflow="ellipsis")
            table.add_row(
                Text(str(version.number), justify="right"),
                Text(version_time(version.at, self.zone, with_zone=False)[5 if narrow else 0 :]),
                shown_text(version.where, one_line=True),
                summary,
                key=str(version.number),
            )
        if table.row_count:
            table.move_cursor(row=min(at, table.row_count - 1), animate=False)
            self._show_diff()

    def _summary_width(self, narrow: bool) -> int:
        table_width = self.query_one("#history-table", DataTable).size.width or self.size.width
        fixed = sum(width + 2 for _, width in COLUMNS if width) + 2 + 2  # padding, border
        if narrow:
            fixed -= COLUMNS[1][1] - NARROW_TIME
        return max(12, table_width - fixed - 2)

    def on_resize(self) -> None:
        self.set_class(self.size.width >= SIDE_BY_SIDE_WIDTH, "-side-by-side")
        self.call_after_refresh(self._follow_size)

    def _follow_size(self) -> None:
        if self.versions:
            self._fill_table()

    # --- the highlighted version ------------------------------------------------------------

    def highlighted(self) -> SavedVersion | None:
        table = self.query_one("#history-table", DataTable)
        if not self.versions or not table.row_count or table.cursor_row < 0:
            return None
        return self.versions[min(table.cursor_row, len(self.versions) - 1)]

    @on(DataTable.RowHighlighted, "#history-table")
    def _highlighted(self) -> None:
        self._show_diff()

    @on(DataTable.RowSelected, "#history-table")
    def _chosen(self) -> None:
        self.action_restore()

    def _show_message(self, message: str) -> None:
        self.query_one("#history-diff-text", Static).update(Text(message, style="dim"))

    def _show_diff(self) -> None:
        version = self.highlighted()
        if version is None:
            return
        scroll = self.query_one("#history-diff", VerticalScroll)
        width = scroll.scrollable_content_region.width or max(40, self.size.width - 4)
        when = version_time(version.at, self.zone)
        label = f"version {version.number} ({when}, {version.where})"
        lines = text_diff(
            version.text,
            self.current_text,
            old_label=label,
            new_label="the current text",
            width=width,
        )
        text = Text()
        if not version.readable:
            heading = f"Version {version.number} does not load: {version.error}"
        elif version.number == len(self.versions or ()):
            heading = f"Version {version.number} is the earliest here."
        else:
            heading = f"What version {version.number} changed: {version.summary}"
        text.append_text(shown_text(" ".join(heading.split()), one_line=True, style="bold"))
        if version.subject:
            text.append("\n")
            text.append_text(shown_text(f"Commit: {version.subject}", one_line=True))
        text.append("\n\n")
        if not lines:
            text.append("The same text as the current one: restoring it changes nothing.")
        for line in lines:
            text.append_text(_diff_line(line))
            text.append("\n")
        self.query_one("#history-diff-text", Static).update(text)
        scroll.scroll_home(animate=False)

    # --- restoring --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return bool(self.versions)
        return True

    def action_restore(self) -> None:
        version = self.highlighted()
        if version is None:
            return
        if not version.readable:
            self.notify(
                f"Version {version.number} does not load ({version.error}); not restored.",
                severity="warning",
                markup=False,
            )
            return
        when = version_time(version.at, self.zone)
        question = (
            f"Make version {version.number} ({when}, {version.where}) the current text of "
            f"{self.path.name}?\n\nThe current text is kept as a new version first, so this "
            "can be undone from this screen."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(version)

        from ..forms.confirm import ConfirmDialog

        self.app.push_screen(
            ConfirmDialog(
                question,
                title="Restore this version?",
                confirm_label="Restore",
                cancel_label="Keep current",
            ),
            answered,
        )

    def action_back(self) -> None:
        self.dismiss(None)


def _diff_line(line: DiffLine) -> Text:
    """One line of the diff: its marker kept (NO_COLOR shows no colours), user text shown."""
    text = line.text if line.kind in "=@" else f"{line.kind} {line.text}"
    return shown_text(text, one_line=True, style=DIFF_STYLES.get(line.kind, ""))
