"""The postmortem editor: a header, seven panes behind one key each, and autosave.

Every change marks the postmortem unsaved; once typing pauses for a moment (and at the
latest AUTOSAVE_DELAY after the first unsaved change) a thread worker writes the file
through the core's atomic save, so typing never waits for the disk. A file changed on disk
by someone else is never overwritten: the user chooses to reload it or to keep their version
as a copy.
"""

from __future__ import annotations

import importlib
import threading
import time
from datetime import date
from pathlib import Path
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Select

from ...core.model import Postmortem
from ...core.review import Finding
from ...storage.workspace import (
    ConflictError,
    LoadedPostmortem,
    PostmortemFileError,
    SaveError,
    StorageError,
    Workspace,
    dumps,
    load,
    write_atomically,
)
from ..forms.confirm import ConfirmDialog
from ..forms.conflict import ConflictChoice, ConflictDialog
from ..forms.export_path import ExportPathDialog
from ..forms.goto_pane import GoToPaneDialog
from ..keys import UserAction, bindings_for
from ..panes.actions_pane import ActionsPane
from ..panes.pane import EditorPane
from ..panes.review_pane import ReviewPane, final_question
from ..panes.summary_pane import SummaryPane
from ..panes.timeline_pane import TimelinePane
from ..widgets.header import PostmortemHeader, SaveState
from ..widgets.pane_bar import PaneBar
from ..widgets.review_coach import ReviewCoach

#: Every change reaches the disk within this many seconds (plus the time a save takes).
AUTOSAVE_DELAY = 1.5
#: A pause in typing of this share of AUTOSAVE_DELAY saves sooner, so saves (which take the
#: GIL for a while on big postmortems) fall between bursts of typing, not inside them.
AUTOSAVE_QUIET_SHARE = 1 / 3

#: (id, key, short name, "module.Class" of the pane under widgets/, in the quick format too)
PANES: tuple[tuple[str, str, str, str, bool], ...] = (
    ("summary", "f2", "Summary", "summary_pane.SummaryPane", True),
    ("timeline", "f3", "Timeline", "timeline_pane.TimelinePane", False),
    ("factors", "f4", "Factors", "factors_pane.FactorsPane", False),
    ("impact", "f5", "Impact", "impact_pane.ImpactPane", False),
    ("actions", "f6", "Actions", "actions_pane.ActionsPane", True),
    ("lessons", "f7", "Lessons", "lessons_pane.LessonsPane", False),
    ("preview", "f8", "Preview", "preview_pane.PreviewPane", True),
    ("review", "f10", "Review", "review_pane.ReviewPane", True),
)


def pane_class(pane_id: str) -> type[EditorPane]:
    """The pane's class, imported when the pane is first shown: the first frame needs only
    the summary, and the preview alone pulls in Markdown, markdown-it and Pygments (~30 ms)."""
    module_name, class_name = next(p[3] for p in PANES if p[0] == pane_id).split(".")
    module = importlib.import_module(f"..panes.{module_name}", __package__)
    return getattr(module, class_name)  # type: ignore[no-any-return]


_PANE_COMMANDS = {
    "summary": "Go to summary",
    "timeline": "Go to timeline",
    "factors": "Go to contributing factors",
    "impact": "Go to impact",
    "actions": "Go to action items",
    "lessons": "Go to lessons",
    "preview": "Go to preview",
    "review": "Go to review",
}

SaveOutcome = Literal["saved", "conflict", "failed"]


class EditorScreen(Screen[None]):
    """Edit one postmortem; `save_before_exit` is what the app calls on the way out."""

    CSS_PATH = "../styles/editor.tcss"

    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        *(
            UserAction(
                f"editor.goto_{pane_id}",
                key,
                f"goto('{pane_id}')",
                name,
                _PANE_COMMANDS[pane_id],
                "Panes",
                f"Show the {name.lower()} pane ({key.upper()}).",
                show=pane_id == "review",
                priority=True,
            )
            for pane_id, key, name, _cls, _quick in PANES
        ),
        UserAction(
            "editor.choose_pane",
            "ctrl+g",
            "choose_pane",
            "Go to",
            "Go to pane…",
            "Panes",
            "Pick a pane by name or number (for terminals without function keys).",
            show=False,
            priority=True,
        ),
        UserAction(
            "editor.save", "ctrl+s", "save", "Save", "Save", "File", "Save now.", priority=True
        ),
        UserAction(
            "editor.export",
            "f9,ctrl+o",
            "export",
            "Export",
            "Export Markdown",
            "File",
            "Write the Markdown export to the workspace's exports folder or a path you type.",
            priority=True,
        ),
        UserAction(
            "editor.back",
            "ctrl+l,escape",
            "back",
            "Back",
            "Back to postmortems",
            "File",
            "Save and close this postmortem.",
        ),
        UserAction(
            "editor.add_event",
            "ctrl+t",
            "add_event",
            "Add event",
            "Add timeline event",
            "Timeline",
            "Open the form for a new timeline event.",
            show=False,
            priority=True,
        ),
        UserAction(
            "editor.add_action",
            "ctrl+n",
            "add_action",
            "Add action",
            "Add action item",
            "Action items",
            "Open the form for a new action item.",
            show=False,
            priority=True,
        ),
        UserAction(
            "editor.toggle_done",
            "x,space",
            "toggle_done",
            "Done",
            "Toggle done",
            "Action items",
            "Mark the highlighted action item done, or open again.",
        ),
        UserAction(
            "editor.promote",
            "ctrl+f",
            "promote",
            "Full format",
            "Promote to full format",
            "File",
            "Turn a quick postmortem into a full one, with every pane.",
            priority=True,
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(
        self,
        workspace: Workspace,
        loaded: LoadedPostmortem,
        *,
        today: date | None = None,
        pane: str = "summary",
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self._loaded = loaded
        self._today = today
        self.initial_pane = pane
        self.current_pane = ""
        self._panes: dict[str, EditorPane] = {}
        # Saving: a change bumps the generation; a save records the generation it wrote.
        self._generation = 0
        self._saved_generation = 0
        self._save_lock = threading.Lock()
        self._autosave_timer: Timer | None = None
        self._first_unsaved = self._last_change = 0.0  # time.monotonic() of those changes
        self._in_conflict = False
        self._conflict_dialog_open = False
        # Review: the status before the last change, and the one to go back to when
        # finalising with errors is cancelled.
        self._status = loaded.postmortem.status
        self._finalising_from: str | None = None

    # --- what is being edited -----------------------------------------------------------------

    @property
    def pm(self) -> Postmortem:
        return self._loaded.postmortem

    @property
    def path(self) -> Path:
        """The file this editor saves to (a copy's path after "keep mine as a copy")."""
        return self._loaded.path

    @property
    def today(self) -> date:
        if self._today is not None:
            return self._today
        app_today = getattr(self.app, "today", None)
        return app_today() if callable(app_today) else date.today()

    @property
    def is_dirty(self) -> bool:
        return self._generation != self._saved_generation

    def available_panes(self) -> list[tuple[str, str, str]]:
        quick = self.pm.is_quick
        return [(i, k, n) for i, k, n, _c, in_quick in PANES if in_quick or not quick]

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield PostmortemHeader(self.pm)
        yield ContentSwitcher(id="panes")
        yield PaneBar(id="pane-bar")
        yield ReviewCoach(self.pm, today=self.today, workspace_root=self.workspace.root)
        if self.is_mounted:  # composed again (a reload): the fields are built already
            yield Footer()

    async def on_mount(self) -> None:
        self.set_class(self.pm.is_quick, "-quick")
        coach = self.query_one(ReviewCoach)
        coach.hold_first_review()
        await self.action_goto(self.initial_pane)

        async def after_the_fields() -> None:
            # Paint first, build the rest after: the summary builds the fields its first
            # frame drew as text; then the footer (it recomposes its keys on every change of
            # bindings, and building the fields makes several), the first review and the
            # save warm-up's thread.
            pane = self._panes.get(self.initial_pane)
            if isinstance(pane, SummaryPane):
                await pane.wait_until_built()
            await self.mount(Footer())
            coach.release_first_review()
            self.call_after_refresh(self._warm_up_saving)

        self.run_worker(after_the_fields(), group="first-frame")

    @work(thread=True, group="warm-up")
    def _warm_up_saving(self) -> None:
        """Render the file once, off the UI thread and before any typing: the core keeps each
        item's text, so the first autosave is as cheap as later ones (2,000 events: ~8 ms, not
        ~32 ms holding the GIL while keys are being typed)."""
        try:
            dumps(self.pm)
        except Exception as error:  # only a warm-up: a real save reports its own errors
            self.log.warning("save warm-up", error)

    @property
    def header(self) -> PostmortemHeader:
        return self.query_one(PostmortemHeader)

    def pane(self, pane_id: str) -> EditorPane | None:
        """The pane, if it has been shown (panes are built the first time they are shown)."""
        return self._panes.get(pane_id)

    async def action_goto(self, pane_id: str) -> None:
        available = {p[0] for p in self.available_panes()}
        if pane_id not in available:
            self.notify("The quick format has no such pane: ctrl+f promotes it to full.")
            return
        switcher = self.query_one(ContentSwitcher)
        pane = self._panes.get(pane_id)
        if pane is None:
            pane = pane_class(pane_id)(self.pm, today=self.today, id=f"{pane_id}-pane")
            self._panes[pane_id] = pane
            await switcher.mount(pane)
            for coach in self.query(ReviewCoach):
                pane.show_findings(coach.findings)
        switcher.current = f"{pane_id}-pane"
        self.current_pane = pane_id
        pane.pane_shown()
        self.query_one(PaneBar).show(self.available_panes(), pane_id)
        self._focus_first(pane)
        self.refresh_bindings()

    def _focus_first(self, pane: Widget) -> None:
        # No scrolling to it: the first field is at the pane's top, and a scroll computed
        # while the pane's lists are still filling in lands a line off at random.
        for widget in pane.query("*"):
            if widget.focusable:
                widget.focus(scroll_visible=False)
                return
        if pane.focusable:
            pane.focus()

    def action_choose_pane(self) -> None:
        def chosen(pane_id: str | None) -> None:
            if pane_id:
                self.run_worker(self.action_goto(pane_id))

        self.app.push_screen(GoToPaneDialog(self.available_panes()), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "goto" and parameters:
            return any(p[0] == parameters[0] for p in self.available_panes())
        if action == "toggle_done":
            return self.current_pane == "actions"
        if action == "promote":
            return self.pm.is_quick
        if action == "add_event":
            return not self.pm.is_quick
        return True

    # --- editing ------------------------------------------------------------------------------

    @on(EditorPane.Edited)
    def _edited(self, event: EditorPane.Edited) -> None:
        event.stop()
        if event.what == "title":
            self.header.show_title()
        elif event.what in ("date", "severity", "status", "authors", "timeline", "impact"):
            self.header.show_facts()
        self.mark_changed()
        if event.what == "status":
            self._status_changed()

    def mark_changed(self) -> None:
        """Something in the postmortem changed: it reaches the disk within AUTOSAVE_DELAY."""
        self._generation += 1
        for coach in self.query(ReviewCoach):
            coach.schedule()
        if self._in_conflict:
            return
        self._set_state("unsaved")
        self._last_change = time.monotonic()
        if self._autosave_timer is None:
            self._first_unsaved = self._last_change
            self._autosave_timer = self.set_timer(self._autosave_wait(), self._autosave)

    def _autosave_wait(self) -> float:
        """Seconds until the autosave: a pause after the last change, within the maximum."""
        now = time.monotonic()
        quiet_until = self._last_change + AUTOSAVE_DELAY * AUTOSAVE_QUIET_SHARE
        return max(0.0, min(quiet_until, self._first_unsaved + AUTOSAVE_DELAY) - now)

    def _set_state(self, state: SaveState) -> None:
        if self.header.save_state != state:
            self.header.save_state = state

    async def action_add_event(self) -> None:
        await self.action_goto("timeline")
        pane = self.pane("timeline")
        if isinstance(pane, TimelinePane):
            pane.events.add_item()

    async def action_add_action(self) -> None:
        await self.action_goto("actions")
        pane = self.pane("actions")
        if isinstance(pane, ActionsPane):
            pane.add_item()

    def action_toggle_done(self) -> None:
        pane = self.pane("actions")
        if isinstance(pane, ActionsPane) and self.current_pane == "actions":
            pane.toggle_done()

    async def action_promote(self) -> None:
        if not self.pm.is_quick:
            return
        self.pm.format = "full"
        self.set_class(False, "-quick")
        self.header.show_facts()
        self.mark_changed()
        self.query_one(PaneBar).show(self.available_panes(), self.current_pane)
        self.refresh_bindings()
        self.notify("Promoted to the full format: every pane is open now (F2-F8).")

    # --- review -------------------------------------------------------------------------------

    @on(ReviewCoach.Reviewed)
    def _reviewed(self, event: ReviewCoach.Reviewed) -> None:
        event.stop()
        self.header.show_findings(event.findings)
        for pane in self._panes.values():
            pane.show_findings(event.findings)
        if self._finalising_from is not None:
            self._confirm_final(event.findings)

    @on(ReviewPane.JumpTo)
    async def _jump(self, event: ReviewPane.JumpTo) -> None:
        event.stop()
        finding = event.finding
        await self.action_goto(finding.pane)
        pane = self.pane(finding.pane)
        if pane is not None and self.current_pane == finding.pane:
            pane.focus_field(finding.field, finding.span)

    def _status_changed(self) -> None:
        """Becoming final waits for a review of the final version: errors ask first."""
        if self.pm.status == "final" and self._status != "final":
            self._finalising_from = self._status
            for coach in self.query(ReviewCoach):
                coach.review_now()
        elif self.pm.status != "final":
            self._finalising_from = None
        self._status = self.pm.status

    def _confirm_final(self, findings: list[Finding]) -> None:
        previous, self._finalising_from = self._finalising_from, None
        errors = [f for f in findings if f.severity == "error"]
        if previous is None or self.pm.status != "final" or not errors:
            return

        def answered(finalise: bool | None) -> None:
            if not finalise and self.pm.status == "final":
                self._keep_status(previous)

        self.app.push_screen(
            ConfirmDialog(
                final_question(errors),
                title="Finalise with errors?",
                confirm_label="Finalise",
                cancel_label=f"Keep {previous}",
            ),
            answered,
        )

    def _keep_status(self, status: str) -> None:
        """Go back to `status` (finalising was cancelled)."""
        self.pm.status = self._status = status
        pane = self.pane("summary")
        if pane is not None:
            for select in pane.query("#status").results(Select):
                select.value = status  # the pane sees no change: the model has it already
        self.header.show_facts()
        self.mark_changed()

    # --- saving -------------------------------------------------------------------------------

    def _autosave(self) -> None:
        wait = self._autosave_wait()
        if wait > 0.01:  # still typing: one timer per key would cost more than this check
            self._autosave_timer = self.set_timer(wait, self._autosave)
            return
        self._autosave_timer = None
        if self.is_dirty and not self._in_conflict:
            self._set_state("saving…")
            self._save_in_background()

    def action_save(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        if self._in_conflict:
            self._ask_about_conflict()
            return
        self._set_state("saving…")
        self._save_in_background()

    @work(thread=True, exclusive=True, group="save")
    def _save_in_background(self) -> None:
        outcome, message = self._save_now()
        self.app.call_from_thread(self._after_save, outcome, message)

    def _save_now(self) -> tuple[SaveOutcome, str]:
        """Write the postmortem if it changed; safe from any thread (one save at a time)."""
        with self._save_lock:
            generation = self._generation
            if generation == self._saved_generation:
                return "saved", ""
            try:
                self._loaded = self.workspace.save(
                    LoadedPostmortem(self._loaded.path, self.pm, self._loaded.fingerprint)
                )
            except ConflictError as error:
                return "conflict", str(error)
            except StorageError as error:
                return "failed", str(error)
            self._saved_generation = generation
            return "saved", ""

    def _after_save(self, outcome: SaveOutcome, message: str) -> None:
        if outcome == "conflict":
            self._in_conflict = True
            self._set_state("conflict")
            self._ask_about_conflict()
        elif outcome == "failed":
            self._set_state("save failed")
            self.notify(message, title="Not saved", severity="error", markup=False, timeout=10)
        elif self.is_dirty:
            # Typed while saving: go round again.
            self._set_state("unsaved")
            if self._autosave_timer is None:
                self._first_unsaved = time.monotonic()
                self._autosave_timer = self.set_timer(self._autosave_wait(), self._autosave)
        else:
            self._set_state("saved")

    def save_before_exit(self) -> None:
        """Save now, synchronously; on a conflict keep this version as a copy.

        Raises `SaveError` when the file cannot be written (the app reports it).
        """
        self.take_drafts()
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        if not self.is_dirty:
            return
        if not self._in_conflict:
            outcome, message = self._save_now()
            if outcome == "saved":
                return
            if outcome == "failed":
                raise SaveError(message)
        self._keep_copy(leaving=True)

    def take_drafts(self) -> None:
        """Text typed but not yet in the postmortem (an open item form, a field whose change
        is still on its way) joins it now, so leaving never loses a keystroke."""
        taken = False
        for pane in list(self._panes.values()):
            try:
                taken = pane.commit_drafts() or taken
            except Exception as error:  # a draft that cannot be taken must not stop the save
                self.log.error("draft not taken", pane.id, error)
        if taken:
            self.mark_changed()

    # --- conflicts ----------------------------------------------------------------------------

    def _ask_about_conflict(self) -> None:
        if self._conflict_dialog_open:
            return
        self._conflict_dialog_open = True

        def chosen(choice: ConflictChoice | None) -> None:
            self._conflict_dialog_open = False
            if choice == "reload":
                self.run_worker(self._reload(), exclusive=True, group="reload")
            elif choice == "copy":
                self._keep_copy()
            else:
                self.notify("Autosave is paused until you choose: press ctrl+s.", timeout=6)

        self.app.push_screen(ConflictDialog(self._loaded.path.name), chosen)

    def _keep_copy(self, *, leaving: bool = False) -> None:
        original = self._loaded.path.name
        with self._save_lock:
            generation = self._generation
            try:
                self._loaded = self.workspace.save_copy(
                    LoadedPostmortem(self._loaded.path, self.pm, self._loaded.fingerprint)
                )
            except StorageError as error:
                if leaving:
                    raise
                self.notify(str(error), title="Not saved", severity="error", markup=False)
                return
            self._saved_generation = generation
        self._in_conflict = False
        if not leaving:
            self._set_state("saved")
            self.notify(
                f"Your version is saved as {self._loaded.path.name}; {original} is "
                "unchanged. You are editing the copy now.",
                title="Kept as a copy",
                markup=False,
                timeout=10,
            )

    async def _reload(self) -> None:
        try:
            loaded = load(self._loaded.path)
        except PostmortemFileError as error:
            self.notify(str(error), title="Cannot reload", severity="error", markup=False)
            return
        with self._save_lock:
            self._loaded = loaded
            self._generation = self._saved_generation = 0
        self._in_conflict = False
        self._status, self._finalising_from = self.pm.status, None
        current = self.current_pane or "summary"
        self._panes.clear()
        await self.recompose()
        self.set_class(self.pm.is_quick, "-quick")
        if current not in {p[0] for p in self.available_panes()}:
            current = "summary"
        await self.action_goto(current)
        self.notify("Reloaded from disk.", timeout=4)

    # --- export and leaving -------------------------------------------------------------------

    def action_export(self) -> None:
        default = self.workspace.exports_dir() / f"{self._loaded.id}.md"

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._export(path)

        self.app.push_screen(ExportPathDialog(default), chosen)

    @work(thread=True, group="export")
    def _export(self, path: Path) -> None:
        try:
            from ...core.export import to_markdown

            text = to_markdown(self.pm, today=self.today)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, text.encode("utf-8"))
        except (OSError, StorageError) as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Not exported", severity="error", markup=False
            )
            return
        self.app.call_from_thread(
            self.notify, f"Exported to {path}", title="Markdown written", markup=False
        )

    def action_back(self) -> None:
        try:
            self.save_before_exit()
        except SaveError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        if getattr(self.app, "quit_when_editor_closes", False):
            self.app.exit()
        else:
            self.dismiss()
