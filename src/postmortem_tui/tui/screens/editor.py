"""The postmortem editor: a header, seven panes behind one key each, and autosave.

What is saved when, and what a conflict means, is the `EditingSession`'s business (plain
Python, storage/session.py); this screen turns its "a save is due" into timers and thread
workers and shows its state. Every change reaches the disk within AUTOSAVE_DELAY of the first
unsaved change, written by a worker from a snapshot taken here, so typing never waits for the
disk. A file changed on disk by another program (`postmortem note`, another session) is
never overwritten: its changes are merged in and shown here, and only when both changed the
same field does the user choose to reload it or to keep their version as a copy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Select

from ...core.list_history import LIST_FIELDS, ListStep
from ...core.model import Postmortem
from ...core.review import Finding
from ...storage.session import AUTOSAVE_DELAY, EditingSession, SaveResult, SaveState, Snapshot
from ...storage.workspace import (
    LoadedPostmortem,
    SaveError,
    StorageError,
    Workspace,
    render_toml,
)
from ..keys import UserAction, bindings_for
from ..panes.pane import EditorPane
from ..panes.registry import PANES, Pane, pane_editing, pane_named
from ..panes.review_pane import ReviewPane, final_question
from ..panes.summary_pane import SummaryPane
from ..widgets.header import PostmortemHeader
from ..widgets.pane_bar import PaneBar
from ..widgets.review_marks import list_editors
from .app_screen import AppScreen

if TYPE_CHECKING:
    from ...core.merge import Conflict
    from ...core.team_sections import SectionSpec
    from ...storage.history import SavedVersion
    from ..forms.conflict import ConflictChoice
    from ..widgets.review_coach import ReviewCoach

__all__ = ["AUTOSAVE_DELAY", "EditorScreen"]

#: How often an editor with nothing to save looks for changes made to its file on disk.
DISK_CHECK_SECONDS = 2.0

#: What the header shows changed: these parts of the postmortem (the `what` of an edit).
HEADER_PARTS = frozenset({"title", "date", "severity", "status", "authors", "timeline", "impact"})


class EditorScreen(AppScreen):
    """Edit one postmortem; `save_before_exit` is what the app calls on the way out.

    The header follows the screen's reactives (`save_state`, `findings`, `header_version`)
    through `data_bind`, the panes its `findings`; nothing calls into them to redraw.
    """

    CSS_PATH = "../styles/editor.tcss"

    #: The session's save state, as the header shows it.
    save_state: reactive[SaveState] = reactive("saved", init=False)
    #: The latest review's findings, for the header's count and the panes' marks (None until
    #: the first review has run).
    findings: reactive[tuple[Finding, ...] | None] = reactive(None, init=False)
    #: Bumped when a part of the postmortem the header shows changed.
    header_version: reactive[int] = reactive(0, init=False)

    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        *(
            UserAction(
                f"editor.goto_{pane.id}",
                pane.key,
                f"goto('{pane.id}')",
                pane.name,
                pane.command,
                "Panes",
                f"Show the {pane.name.lower()} pane ({pane.key.upper()}).",
                show=pane.in_footer,
                priority=True,
            )
            for pane in PANES
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
            "editor.next_field",
            "tab",
            "next_field",
            "Next field",
            "",  # a key to press, not a command to look up
            "Panes",
            "Next field; from a pane's last field, on to the next pane (the pane bar shows it).",
            show=False,
        ),
        UserAction(
            "editor.previous_field",
            "shift+tab",
            "previous_field",
            "Previous field",
            "",
            "Panes",
            "Previous field; from a pane's first field, back to the last one of the pane before.",
            show=False,
        ),
        # Before the file's keys: what only this pane does is the last to be left off the footer.
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
            "editor.history",
            "ctrl+r",
            "history",
            "History",
            "Show saved versions",
            "File",
            "See the saved versions of this postmortem, compare one with the current text, "
            "restore one.",
            show=False,
            priority=True,
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
            "editor.promote",
            "ctrl+f",
            "promote",
            "Full format",
            "Promote to full format",
            "File",
            "Turn a quick postmortem into a full one, with every pane.",
            priority=True,
        ),
        UserAction(
            "editor.resolve_conflicts",
            "f12",
            "resolve_conflicts",
            "Conflicts",
            "Resolve merge conflicts",
            "File",
            "Pick or combine the versions a merge kept of a field both sides changed "
            "(shown while the postmortem has such conflicts).",
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
        field: str = "",
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.session = EditingSession(workspace, loaded, autosave_delay=AUTOSAVE_DELAY)
        self._today = today
        self.initial_pane = pane
        #: Where on that pane to start ("actions[2]": the third action item), if not its top.
        self.initial_field = field
        self.current_pane = ""
        self._panes: dict[str, EditorPane] = {}
        #: The workspace's own sections (`[[sections]]`), read after the first frame.
        self.team_sections: tuple[SectionSpec, ...] = ()
        #: The built-in panes the workspace's `[template]` leaves out of this format.
        self.hidden_panes: frozenset[str] = frozenset()
        #: Mounted after the first frame (it draws nothing), and again on a reload.
        self._coach: ReviewCoach | None = None
        self._autosave_timer: Timer | None = None
        self._conflict_dialog_open = False
        #: Whether undo and redo of list edits were possible when the footer last showed keys.
        self._undo_shown = (False, False)
        # Review: the status before the last change, and the one to go back to when
        # finalising with errors is cancelled.
        self._status = loaded.postmortem.status
        self._finalising_from: str | None = None

    # --- what is being edited -----------------------------------------------------------------

    @property
    def pm(self) -> Postmortem:
        return self.session.postmortem

    @property
    def path(self) -> Path:
        """The file this editor saves to (a copy's path after "keep mine as a copy")."""
        return self.session.path

    @property
    def today(self) -> date:
        return self._today if self._today is not None else self.pm_app.today()

    @property
    def is_dirty(self) -> bool:
        return self.session.is_dirty

    def available_panes(self) -> list[Pane]:
        """The registry's panes this postmortem's format shows, in order."""
        quick = self.pm.is_quick
        team = bool(self.team_sections) or "sections" in self.pm.extra  # core.team_sections
        return [
            pane
            for pane in PANES
            if (pane.in_quick or not quick)
            and (team or not pane.only_with_team_sections)
            and pane.id not in self.hidden_panes
        ]

    # --- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield PostmortemHeader(self.pm).data_bind(
            EditorScreen.save_state, EditorScreen.findings, EditorScreen.header_version
        )
        yield ContentSwitcher(id="panes")
        yield PaneBar(id="pane-bar")
        if self.is_mounted:  # composed again (a reload): the fields are built already
            from ..widgets.keys_footer import KeysFooter

            yield KeysFooter()
            yield self._new_coach()

    def _new_coach(self) -> ReviewCoach:
        """The review coach; its first review runs once it is mounted and painted."""
        from ..widgets.review_coach import ReviewCoach  # after the first frame: it is not drawn

        self._coach = ReviewCoach(self.pm, today=self.today, workspace_root=self.workspace.root)
        return self._coach

    async def on_mount(self) -> None:
        self.set_class(self.pm.is_quick, "-quick")
        await self.action_goto(self.initial_pane)
        if self.initial_field and (first := self._panes.get(self.initial_pane)) is not None:
            first.focus_field(self.initial_field)
        # Queued behind the first field's focus (both go through the app's queue): keys typed
        # while the editor was starting go to that field, in order.
        self.pm_app.ready_for_typing()
        if "conflicts" in self.pm.extra:  # core/conflicts.py's CONFLICTS_KEY
            self._say_conflicts_are_kept()

        async def after_the_fields() -> None:
            # Paint first, build the rest after: the summary builds the fields its first
            # frame drew as text; then the footer (it recomposes its keys on every change of
            # bindings, and building the fields makes several), the review coach with its
            # first review, and the save warm-up's thread.
            pane = self._panes.get(self.initial_pane)
            if isinstance(pane, SummaryPane):
                await pane.wait_until_built()
            from ..widgets.keys_footer import KeysFooter  # after the first frame, as it is

            await self.mount(KeysFooter())
            self.refresh_bindings()  # a footer mounted now has missed the last change of keys
            await self.mount(self._new_coach())
            self._read_team_sections()
            self.pm_app.started()
            self.call_after_refresh(self._warm_up_saving)
            self.set_interval(DISK_CHECK_SECONDS, self._check_disk)

        self.run_worker(after_the_fields(), group="first-frame")

    def _why_no_pane(self, pane_id: str) -> str:
        if pane_named(pane_id).only_with_team_sections:
            return (
                "The workspace declares no sections of its own ([[sections]] in postmortem.toml)."
            )
        if pane_id in self.hidden_panes:
            return "The workspace's template leaves this pane out ([template] in postmortem.toml)."
        return "The quick format has no such pane: ctrl+f promotes it to full."

    def _read_team_sections(self) -> None:
        """The workspace's own sections, for the team pane; a bad `postmortem.toml` is said
        in a notice and the editor goes on without them."""
        from ...core.review_config import ReviewConfigError  # after the first frame
        from ...storage.review_settings import load_team_template

        try:
            template = load_team_template(self.workspace.root)
        except ReviewConfigError as error:
            self.notify(f"{error}; going on without the team's sections", severity="warning")
            return
        self.team_sections = sections = template.sections
        # The summary pane holds the title and the details: never left out.
        self.hidden_panes = frozenset(
            name
            for name in ("timeline", "factors", "impact", "actions", "lessons")
            if not template.shows(self.pm.format, name) and name != self.current_pane
        )
        if (sections or self.hidden_panes) and self.current_pane:
            self.query_one(PaneBar).show(self.available_panes(), self.current_pane)
            self.refresh_bindings()

    def _warm_up_saving(self) -> None:
        """Render the file once, off the UI thread and before any typing: storage keeps each
        item's text, so the first autosave is as cheap as later ones (2,000 events: ~8 ms, not
        ~32 ms holding the GIL while keys are being typed)."""
        snapshot = Snapshot(0, self.session.snapshot_data())
        self._render_in_background(snapshot)

    @work(thread=True, group="warm-up")
    def _render_in_background(self, snapshot: Snapshot) -> None:
        try:
            render_toml(snapshot.data)
        except Exception as error:  # only a warm-up: a real save reports its own errors
            self.log.warning("save warm-up", error)

    @property
    def header(self) -> PostmortemHeader:
        return self.query_one(PostmortemHeader)

    def pane(self, pane_id: str) -> EditorPane | None:
        """The pane, if it has been shown (panes are built the first time they are shown)."""
        return self._panes.get(pane_id)

    async def action_goto(self, pane_id: str) -> None:
        if pane_id not in {p.id for p in self.available_panes()}:
            self.notify(self._why_no_pane(pane_id))
            return
        entry = pane_named(pane_id)
        switcher = self.query_one(ContentSwitcher)
        pane = self._panes.get(pane_id)
        if pane is None:
            pane = entry.build(self.pm, today=self.today)
            pane.team_sections = self.team_sections
            self._panes[pane_id] = pane
            if self.current_pane:
                # No frame of a pane half built (its lists without their rows): it costs a
                # full repaint and delays the rows. The first pane paints first, as it is.
                with self.app.batch_update():
                    await switcher.mount(pane)
            else:
                await switcher.mount(pane)
            pane.findings = self.findings or ()
        switcher.current = entry.widget_id
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

    async def action_next_field(self) -> None:
        await self._move_focus(+1)

    async def action_previous_field(self) -> None:
        await self._move_focus(-1)

    async def _move_focus(self, step: int) -> None:
        """Tab and shift+tab: field to field within the pane; past its last (or first) field
        to the next (or previous) pane, never silently round to the same pane's top. The
        panes run on from the last to the first, as the pane bar shows."""
        chain = self.focus_chain
        focused = self.focused
        if focused in chain:
            at = chain.index(focused)
            if 0 <= at + step < len(chain):
                chain[at + step].focus()
                return
        elif chain:
            (chain[0] if step > 0 else chain[-1]).focus()
            return
        panes = [pane.id for pane in self.available_panes()]
        here = panes.index(self.current_pane) if self.current_pane in panes else 0
        await self.action_goto(panes[(here + step) % len(panes)])
        if step < 0 and self.focus_chain:
            self.focus_chain[-1].focus()

    def action_choose_pane(self) -> None:
        def chosen(pane_id: str | None) -> None:
            if pane_id:
                self.run_worker(self.action_goto(pane_id))

        from ..forms.goto_pane import GoToPaneDialog  # dialogs load when first opened

        self.app.push_screen(GoToPaneDialog(self.available_panes()), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "goto" and parameters:
            return any(p.id == parameters[0] for p in self.available_panes())
        if action == "toggle_done":
            return self.current_pane == "actions"
        if action == "promote":
            return self.pm.is_quick
        if action == "resolve_conflicts":
            # core/conflicts.py's CONFLICTS_KEY, not imported: the merge is not on the start path
            return "conflicts" in self.pm.extra
        if action == "add_event":
            return not self.pm.is_quick
        if action == "undo_list_edit":
            return self.session.can_undo
        if action == "redo_list_edit":
            return self.session.can_redo
        return True

    # --- editing ------------------------------------------------------------------------------

    @on(EditorPane.Edited)
    def _edited(self, event: EditorPane.Edited) -> None:
        event.stop()
        event.pane.edits_heard = max(event.pane.edits_heard, event.count)
        if event.what in HEADER_PARTS:
            self.header_version += 1
        if event.what in LIST_FIELDS:
            cursor = next(
                (e.cursor_index for e in list_editors(event.pane) if e.field == event.what), None
            )
            self.session.list_edited(event.what, cursor)
        self.mark_changed()
        if event.what == "status":
            self._status_changed()

    def mark_changed(self) -> None:
        """Something in the postmortem changed: it reaches the disk within AUTOSAVE_DELAY."""
        self.session.changed()
        if self._coach is not None:  # else its first review, still to come, sees this change
            self._coach.schedule()
        self._follow_session()

    def _follow_session(self) -> None:
        """Show the session's state, and have a timer wherever an autosave is due."""
        self.save_state = self.session.state
        undo = (self.session.can_undo, self.session.can_redo)
        if undo != self._undo_shown:  # not on every key typed: the footer redraws its keys
            self._undo_shown = undo
            self.refresh_bindings()
        if self._autosave_timer is None:
            wait = self.session.autosave_wait()
            if wait is not None:  # (a timer of 0 s is refused by Textual)
                self._autosave_timer = self.set_timer(max(wait, 0.001), self._autosave)

    async def action_add_event(self) -> None:
        await self.action_goto("timeline")
        pane = self.pane("timeline")
        if pane is not None:
            pane.add_item()

    async def action_add_action(self) -> None:
        await self.action_goto("actions")
        pane = self.pane("actions")
        if pane is not None:
            pane.add_item()

    def action_toggle_done(self) -> None:
        pane = self.pane("actions")
        if pane is not None and self.current_pane == "actions":
            pane.toggle_done()

    async def action_undo_list_edit(self) -> None:
        await self._show_list_step(self.session.undo(), redone=False)

    async def action_redo_list_edit(self) -> None:
        await self._show_list_step(self.session.redo(), redone=True)

    async def _show_list_step(self, step: ListStep | None, *, redone: bool) -> None:
        """Undo or redo changed the postmortem's lists: show them, on the pane and item where
        the edit was made."""
        if step is None:
            return
        for pane in self._panes.values():
            for editor in list_editors(pane):
                if editor.field in step.changed:
                    editor.restored(step.index if editor.field == step.field else None)
        where = pane_editing(step.field)
        if where.id != self.current_pane:
            await self.action_goto(where.id)
        shown = self.pane(where.id)
        if shown is not None and where.id == self.current_pane:
            shown.focus_field(step.field if step.index is None else f"{step.field}[{step.index}]")
        self._follow_session()
        key = "ctrl+y redoes it" if not redone else "ctrl+z undoes it again"
        self.notify(f"{step.describe(redone=redone)}. {key}.", timeout=4, markup=False)

    def _say_conflicts_are_kept(self) -> None:
        from ...core.conflicts import conflicts_in

        count = len(conflicts_in(self.pm))
        if count:
            self.notify(
                f"A merge kept both versions of {count} "
                f"{'field' if count == 1 else 'fields'} changed on both sides. "
                "f12 shows them one by one: keep one version or combine them.",
                title="Merge conflicts",
                severity="warning",
                markup=False,
                timeout=20,
            )

    def action_resolve_conflicts(self) -> None:
        from ...core.conflicts import conflicts_in  # only with conflicts in the file
        from ..forms.merge_conflicts import MergeConflictsDialog, Resolution

        conflicts = conflicts_in(self.pm)
        if not conflicts:
            self.notify("This postmortem has no merge conflicts to resolve.")
            return
        places = {f.field: f.where for f in self.findings if f.rule_id == "merge-conflict"}

        def chosen(resolutions: list[Resolution] | None) -> None:
            if resolutions:
                self._resolve_conflicts(resolutions)

        dialog = MergeConflictsDialog(conflicts, place=lambda field: places.get(field, field))
        self.app.clear_notifications()  # the notice about them would cover the dialog's keys
        self.app.push_screen(dialog, chosen)

    def _resolve_conflicts(self, resolutions: list[tuple[Conflict, Any]]) -> None:
        """Apply what the conflicts dialog chose and show it where it is."""
        from ...core.conflicts import conflicts_in

        held = {pane: pane.held_view() for pane in self._panes.values()}
        refused = self.session.resolve_conflicts(resolutions)
        self._show_changed_postmortem(held)
        self._follow_session()
        if self._coach is not None:
            self._coach.review_now()
        left = len(conflicts_in(self.pm))
        if refused:
            self.notify("\n".join(refused), title="Not resolved", severity="error", markup=False)
        elif left:
            self.notify(f"{left} merge conflicts left: f12 resolves them.", markup=False)
        else:
            self.notify("Every merge conflict is resolved; the file is saved as you go.")

    async def action_promote(self) -> None:
        if not self.pm.is_quick:
            return
        self.pm.format = "full"
        self.set_class(False, "-quick")
        self.header_version += 1
        self.mark_changed()
        self.query_one(PaneBar).show(self.available_panes(), self.current_pane)
        self.refresh_bindings()
        self.notify("Promoted to the full format: every pane is open now (F2-F8).")

    # --- review -------------------------------------------------------------------------------

    def on_review_coach_reviewed(self, event: ReviewCoach.Reviewed) -> None:
        event.stop()
        self.findings = findings = tuple(event.findings)
        for pane in self._panes.values():  # panes are built later, so they are not bound
            pane.findings = findings
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
            if self._coach is not None:
                self._coach.review_now()
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

        from ..forms.confirm import ConfirmDialog

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
        self.header_version += 1
        self.mark_changed()

    # --- saving -------------------------------------------------------------------------------

    def _autosave(self) -> None:
        self._autosave_timer = None
        wait = self.session.autosave_wait()
        if wait is not None and wait > 0.01:  # still typing: one timer per key costs more
            self._autosave_timer = self.set_timer(wait, self._autosave)
        elif wait is not None:
            self._start_save()

    def action_save(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        if self.session.in_conflict:
            self._ask_about_conflict()
            return
        self._start_save()

    def _start_save(self) -> None:
        """Take a snapshot here, on the UI thread, and write it in a worker."""
        snapshot = self.session.begin_save()
        self.save_state = self.session.state
        if snapshot is not None:
            self._write_in_background(snapshot)

    @work(thread=True, group="save")
    def _write_in_background(self, snapshot: Snapshot) -> None:
        result = self.session.write(snapshot)
        try:
            self.app.call_from_thread(self._after_save, result)
        except RuntimeError:  # the app has stopped: the file is written, nobody to tell
            return

    def _after_save(self, result: SaveResult) -> None:
        if result.outcome == "conflict":  # changed on disk: merged in, unless it collides
            self._take_in(lambda: self.session.finish_save(result))
            return
        self.session.finish_save(result)
        self._follow_session()
        if result.outcome == "failed":
            self.notify(
                result.message, title="Not saved", severity="error", markup=False, timeout=10
            )

    # --- the file changed on disk -------------------------------------------------------------

    def _check_disk(self) -> None:
        # A stat here, a thread only when the file was touched: a worker's messages to this
        # screen repaint it under an open form (~17 KB every check over SSH).
        if not self.session.in_conflict and self.session.touched_on_disk():
            self._read_disk_in_background()

    @work(thread=True, exclusive=True, group="disk-check")
    def _read_disk_in_background(self) -> None:
        on_disk = self.session.changed_on_disk()
        if on_disk is not None:
            try:
                self.app.call_from_thread(self._take_in, lambda: self.session.take_in(on_disk))
            except RuntimeError:  # the app has stopped
                return

    def _show_changed_postmortem(self, held: dict[EditorPane, dict[str, Any]]) -> None:
        """The postmortem changed under the panes (a merge, resolved conflicts): show it
        again, each pane's lists on the items `held` says, the header, the format's panes
        and the keys with it."""
        for pane, highlighted in held.items():
            pane.show_model(highlighted)
        self._status = self.pm.status
        self.header_version += 1
        self.set_class(self.pm.is_quick, "-quick")
        self.query_one(PaneBar).show(self.available_panes(), self.current_pane)
        self.refresh_bindings()

    def _take_in(self, merge: Callable[[], bool]) -> None:
        """Merge the file's changes into the postmortem (`merge`, the session's) and show
        them where they are, leaving the focus and what is being typed alone; or, when they
        collide with this session's, say it is a conflict."""
        was_in_conflict = self.session.in_conflict
        held = {pane: pane.held_view() for pane in self._panes.values()}
        if merge():
            self.notify(
                f"Changes saved to {self.session.path.name} elsewhere are shown here now.",
                markup=False,
                timeout=4,
            )
            self._show_changed_postmortem(held)
            if self._coach is not None:
                self._coach.schedule()
        self._follow_session()
        if self.session.in_conflict and not was_in_conflict:
            # No dialog here: keys typed from before it appeared would answer it. The header
            # says "conflict"; ctrl+s opens the choice when the user is ready.
            self.notify(
                f"{self.session.path.name} was changed by another program or session. Nothing "
                "is overwritten, and your version is kept in its history as you type. "
                "Press ctrl+s to choose: reload it, or keep yours as a copy.",
                title="The file changed on disk",
                severity="warning",
                markup=False,
                timeout=20,
            )

    def save_before_exit(self) -> None:
        """Save now, synchronously; on a conflict keep this version as a copy.

        Raises `SaveError` when the file cannot be written (the app reports it).
        """
        self.take_drafts()
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        try:
            self.session.save_before_leaving()
        finally:
            self.save_state = self.session.state

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
                # On this screen's own message loop: the header is bound again as it is
                # composed, which needs the screen (not a worker) to be the one running.
                self.call_later(self._reload)
            elif choice == "copy":
                self._keep_copy()
            else:
                self.notify(
                    "Your version goes on being kept in the history until you choose: "
                    "press ctrl+s.",
                    timeout=6,
                )

        from ..forms.conflict import ConflictDialog

        self.app.push_screen(ConflictDialog(self.session.path.name), chosen)

    def _keep_copy(self) -> None:
        original = self.session.path.name
        try:
            copy = self.session.keep_copy()
        except StorageError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        self._follow_session()
        self.notify(
            f"Your version is saved as {copy.name}; {original} is "
            "unchanged. You are editing the copy now.",
            title="Kept as a copy",
            markup=False,
            timeout=10,
        )

    async def _reload(self) -> None:
        self.take_drafts()  # the conflict copy keeps what is typed in an open form too
        kept = self.session.conflict_copy
        try:
            self.session.reload()
        except StorageError as error:
            self.notify(str(error), title="Cannot reload", severity="error", markup=False)
            return
        await self._show_reloaded()
        where = f" Your version is kept in {kept}." if kept is not None else ""
        self.notify(f"Reloaded from disk.{where}", markup=False, timeout=10)

    async def _show_reloaded(self) -> None:
        """The session read its file again: build the panes anew on the same pane."""
        self._status, self._finalising_from = self.pm.status, None
        current = self.current_pane or "summary"
        self._panes.clear()
        await self.recompose()
        self._follow_session()
        self.set_class(self.pm.is_quick, "-quick")
        if current not in {p.id for p in self.available_panes()}:
            current = "summary"
        await self.action_goto(current)

    # --- history ------------------------------------------------------------------------------

    def action_history(self) -> None:
        """Show the saved versions; what is typed is saved first, so the diff is against it."""
        if self.session.in_conflict:
            self.notify(
                "The file changed on disk and collides with your version: press ctrl+s to "
                "choose what to keep before looking at its history.",
                severity="warning",
                markup=False,
            )
            return
        try:
            self.save_before_exit()
        except SaveError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        from ...storage.history import viewer_zone_name
        from .history import HistoryScreen  # the screen loads when first opened

        def chosen(version: SavedVersion | None) -> None:
            if version is not None:
                # On this screen's own message loop, as a reload is (the header is bound
                # again as it is composed).
                self.call_later(self._restore, version)

        zone = viewer_zone_name(self.pm_app.settings)
        self.app.push_screen(HistoryScreen(self.workspace, self.path, zone), chosen)

    async def _restore(self, version: SavedVersion) -> None:
        """Write `version` as the file (the text it replaces is kept as a new version), and
        show it."""
        from ...storage.history import restore

        try:
            restored = restore(self.workspace, self.path, version)
            if restored is not None:
                self.session.reload()
        except StorageError as error:
            self.notify(str(error), title="Not restored", severity="error", markup=False)
            return
        if restored is None:
            self.notify(
                f"Version {version.number} is the current text already; nothing changed.",
                markup=False,
            )
            return
        await self._show_reloaded()
        self.notify(
            f"Restored version {version.number}. The text it replaced is kept as version 1 "
            "in the history (ctrl+r): restore that to undo.",
            title="Restored",
            markup=False,
            timeout=10,
        )

    # --- export and leaving -------------------------------------------------------------------

    def action_export(self) -> None:
        default = self.workspace.exports_dir() / f"{self.session.id}.md"

        def chosen(path: Path | None) -> None:
            if path is not None:
                import copy  # the thread gets a snapshot: typing goes on while it renders

                self._export(copy.deepcopy(self.pm), path)

        from ..forms.export_path import ExportPathDialog

        self.app.push_screen(ExportPathDialog(default), chosen)

    @work(thread=True, group="export")
    def _export(self, pm: Postmortem, path: Path) -> None:
        """Write `pm` to `path`: JSON for a `.json` path, Markdown for any other."""
        from ...core.export import MARKDOWN, format_for_path
        from ...storage.exports import write_export

        export_format = format_for_path(path, default=MARKDOWN)
        try:
            # A document: no status as of today (`export --as-of` adds one).
            write_export(pm, path, export_format, today=None, workspace=self.workspace)
        except (OSError, StorageError) as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Not exported", severity="error", markup=False
            )
            return
        self.app.call_from_thread(
            self.notify,
            f"Exported to {path}",
            title=f"{export_format.title} written",
            markup=False,
        )

    def action_back(self) -> None:
        try:
            self.save_before_exit()
        except SaveError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        if self.app.screen_stack[0] is self:  # `postmortem edit`: the first screen
            self.app.exit()
        else:
            self.dismiss()
