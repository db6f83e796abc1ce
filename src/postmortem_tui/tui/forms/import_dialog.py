"""Import timeline events from a file or from pasted lines: a preview of the records that
would become events, each ticked or not, and only the ticked ones come back.

The dialog reads and plans (`core.timeline_import`) but never changes the postmortem: it
dismisses with an `ImportChoice`, and the timeline pane adds its events as one list edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from ...core.model import Postmortem, TimelineEvent
from ...core.timeline import event_time_in_list, times_caption
from ...core.timezones import zone_of
from ..keys import UserAction, bindings_for
from ..user_text.input_field import UserTextInput
from ..user_text.shown import shown_text
from ..widgets.list_editor import CURSOR_MARK
from .field_keys import field_focus_actions

if TYPE_CHECKING:
    from ...core.timeline_import import ImportPlan, InputFile

#: Up to this many events are ticked when the preview opens (a few pasted lines are meant to
#: go in); more start unticked, so a 600-message channel becomes only what the user picks.
TICKED_UP_TO = 20
#: The name pasted text is reported under.
PASTED = "pasted text"
#: The author column's width in the preview.
AUTHOR_WIDTH = 12


@dataclass(frozen=True)
class ImportChoice:
    """What the user picked: the events to add (in time order) and the line that says so."""

    events: list[TimelineEvent]
    report: str


def _count(number: int) -> str:
    return f"{number} event" if number == 1 else f"{number} events"


def choice_report(plan: ImportPlan, picked: int) -> str:
    """`added 2 events; 4 left unticked; 1 skipped (1 duplicate)`."""
    parts = [f"added {_count(picked)}"]
    if unticked := len(plan.events) - picked:
        parts.append(f"{unticked} left unticked")
    parts.append(plan.skipped_text())
    return "; ".join(parts)


def preview_line(event: TimelineEvent, pm: Postmortem) -> Text:
    """One record in the preview: its time on the postmortem's clock, who wrote it, and
    the first line of what it says, each shown safely."""
    from ...core.timeline_import import AUTHOR_KEY

    author = event.extra.get(AUTHOR_KEY, "")[:AUTHOR_WIDTH]
    first = event.event.split("\n", 1)[0]
    line = shown_text(event_time_in_list(event.at, pm).ljust(12), one_line=True, style="bold")
    line.append_text(shown_text(f" {author.ljust(AUTHOR_WIDTH)} ", one_line=True, style="dim"))
    line.append_text(shown_text(first, one_line=True))
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


class ImportPicks(OptionList):
    """The preview's records, each with a tick box drawn as a character (it shows without
    colour): space ticks one, `a` all, `n` none, enter adds the ticked."""

    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction("import.tick", "space", "toggle", "Tick", "", "Import", "Tick or untick one"),
        UserAction("import.all", "a", "tick_all", "All", "Tick all", "Import", "Tick every record"),
        UserAction("import.none", "n", "tick_none", "None", "Untick all", "Import", "Untick all"),
        UserAction(
            "import.add",
            "enter",
            "screen.add_ticked",
            "Add ticked",
            "Add the ticked events",
            "Import",
            "Add the ticked records to the timeline, in time order",
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Text] = []
        self.ticked: set[int] = set()
        self._cursor: int | None = None  # the row drawn with the cursor mark

    def show_lines(self, lines: list[Text], *, ticked: bool) -> None:
        """Show `lines`, all ticked or none, the first highlighted."""
        self.lines = lines
        self.ticked = set(range(len(lines))) if ticked else set()
        self._cursor = None
        self.clear_options()
        self.add_options(self._prompt(index) for index in range(len(lines)))
        if lines:
            self.highlighted = 0

    def _prompt(self, index: int) -> Text:
        # The cursor is a character, not only a shade: it shows with NO_COLOR and 256 colours.
        lead = CURSOR_MARK if index == self._cursor else " "
        box = Text(f"{lead}[x] " if index in self.ticked else f"{lead}[ ] ", style="bold")
        return box + self.lines[index]

    @on(OptionList.OptionHighlighted)
    def _move_cursor_mark(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        before, self._cursor = self._cursor, event.option_index
        for index in {before, self._cursor} - {None}:
            assert index is not None
            self.replace_option_prompt_at_index(index, self._prompt(index))

    def _set_ticks(self, ticked: set[int]) -> None:
        changed = ticked ^ self.ticked
        self.ticked = ticked
        for index in sorted(changed):
            self.replace_option_prompt_at_index(index, self._prompt(index))

    def action_toggle(self) -> None:
        if self.highlighted is not None:
            self._set_ticks(self.ticked ^ {self.highlighted})

    def action_tick_all(self) -> None:
        self._set_ticks(set(range(len(self.lines))))

    def action_tick_none(self) -> None:
        self._set_ticks(set())


class ImportDialog(ModalScreen[ImportChoice | None]):
    """Preview the events a file (or `pasted` text) would add; dismiss with those ticked."""

    DEFAULT_CSS = """
    ImportDialog { align: center middle; }
    ImportDialog > Vertical {
        width: 78; max-width: 100%; height: 22; max-height: 100%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    ImportDialog #import-title { text-style: bold; }
    ImportDialog #import-path { border-left: vkey $foreground 30%; }
    ImportDialog #import-path:focus { border-left: thick $accent; }
    ImportDialog #import-status { height: auto; }
    ImportDialog #import-status.-error { color: $error; text-style: bold; }
    ImportDialog #import-columns { color: $text-muted; padding-left: 2; }
    ImportDialog ImportPicks { height: 1fr; border: none; border-left: blank; }
    ImportDialog ImportPicks:focus { border: none; border-left: thick $accent; }
    ImportDialog #import-keys { color: $text-muted; }
    """

    HELP_TITLE = "Import timeline events"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "import.cancel",
            "escape,ctrl+l",  # ctrl+l too, as the editor's Back: escape is slow in tmux
            "cancel",
            "Cancel",
            "Cancel the import",
            "Import",
            help="Close without adding anything",
        ),
        *field_focus_actions("import", "Import"),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, pm: Postmortem, *, pasted: str | None = None) -> None:
        super().__init__()
        self.pm = pm
        self.pasted = pasted
        self.plan: ImportPlan | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Import timeline events", id="import-title")
            path = UserTextInput(
                label="The file to import",
                placeholder="a chat log, shell history, log, syslog or Slack export",
                id="import-path",
                compact=True,
            )
            path.display = self.pasted is None
            yield path
            yield Static(self._opening_status(), id="import-status")
            yield Static(
                Text(f"     {'Time'.ljust(12)} {'Author'.ljust(AUTHOR_WIDTH)} What it says"),
                id="import-columns",
            )
            yield ImportPicks(id="import-picks")
            yield Static(
                "space tick · a all · n none · enter add ticked · esc cancel", id="import-keys"
            )

    def _opening_status(self) -> Text:
        if self.pasted is None:
            return Text("Type the path of a file and press enter.")
        return Text("Reading the pasted lines…")

    def on_mount(self) -> None:
        if self.pasted is not None:
            from ...core.timeline_import import InputFile

            self.query_one(ImportPicks).focus()
            self._plan([InputFile(PASTED, self.pasted)])
        else:
            self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    def _read_path(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not name:
            self._status("Type the path of a file.", error=True)
            return
        self._status("Reading…")
        self._read(name)

    @work(thread=True, exclusive=True, group="import-read")
    def _read(self, name: str) -> None:
        from ...core.timeline_import import ImportFormatError
        from ...storage.imports import ImportInputError, read_path

        try:
            files = read_path(str(Path(name).expanduser()))
        except (ImportInputError, ImportFormatError) as error:
            self.app.call_from_thread(self._refuse, str(error))
            return
        self.app.call_from_thread(self._plan, files)

    def _plan(self, files: list[InputFile]) -> None:
        """Read `files` as the format they are in and show the events they would add."""
        from ...core.timeline_import import (
            ImportFormatError,
            ParseContext,
            detect,
            plan_import,
            read_records,
        )

        zone = zone_of(self.pm)
        context = ParseContext(zone, self.pm.date or datetime.now(zone).date())
        try:
            name = detect(files[0].text, hint="")
            plan = plan_import(self.pm.timeline, read_records(files, name, context), tz=zone)
        except ImportFormatError as error:
            self._refuse(f"{files[0].name}: {error}" if self.pasted is None else str(error))
            return
        self._show(plan)

    def _show(self, plan: ImportPlan) -> None:
        self.plan = plan
        ticked = len(plan.events) <= TICKED_UP_TO
        picks = self.query_one(ImportPicks)
        picks.show_lines([preview_line(event, self.pm) for event in plan.events], ticked=ticked)
        count = _count(len(plan.events))
        if not plan.events:
            self._status(f"Nothing new to add; {plan.skipped_text()}.", error=True)
            return
        start = "all ticked" if ticked else "none ticked yet: space ticks one, a ticks all"
        caption = times_caption(self.pm)
        self._status(f"{count} to add, {start}; {plan.skipped_text()}. {caption}.")
        picks.focus()

    def _refuse(self, reason: str) -> None:
        """Say in one line why nothing can be imported; the previous preview goes."""
        self.plan = None
        self.query_one(ImportPicks).show_lines([], ticked=False)
        self._status(reason, error=True)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.update(shown_text(text, one_line=True))
        status.set_class(error, "-error")

    def action_add_ticked(self) -> None:
        if self.plan is None:
            return
        ticked = sorted(self.query_one(ImportPicks).ticked)
        events = [self.plan.events[index] for index in ticked]
        self.dismiss(ImportChoice(events, choice_report(self.plan, len(events))))

    def action_cancel(self) -> None:
        self.dismiss(None)
