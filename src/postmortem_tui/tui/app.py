"""The Textual app: a thin shell that opens screens, keeps settings and saves on the way out."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import threading
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..storage.settings import Settings, load_settings, save_settings
from ..storage.workspace import LoadedPostmortem, PostmortemFileError, StorageError, Workspace, load
from .breakpoints import NARROW, NARROW_WIDTH
from .palette import app_commands, screen_commands
from .typed_ahead import HoldsTyping
from .user_text.shown import shown

#: The signals that mean "the terminal is going away" or "stop now": save first, then leave.
#: (ctrl+c typed in the app is a key, not SIGINT; SIGINT comes from `kill -INT` or a tool.)
EXIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)
#: Seconds after which start-up counts as over even if the first screen never said so.
STARTED_AT_THE_LATEST = 3.0
#: How long an orderly exit may take after one of them before the process ends anyway.
EXIT_GRACE_SECONDS = 3.0


def _end_process_after(seconds: float, code: int) -> None:
    """End the process after `seconds` unless it has ended by itself (a daemon thread)."""

    def end() -> None:
        time.sleep(seconds)  # a deadline, not a synchronisation: the normal exit races it
        os._exit(code)

    threading.Thread(target=end, name="exit-deadline", daemon=True).start()


class PostmortemApp(HoldsTyping):
    """Browser as the base screen; the editor pushed on top of it."""

    TITLE = "postmortem-tui"
    # A first screen's own CSS_PATH is not read (only pushed screens' are): the app brings
    # the browser's styles under `postmortem`, the editor's under `postmortem edit` (the
    # browser never shows there); help and dialogs bring theirs when pushed.
    CSS_PATH: ClassVar[list[str | Path]] = ["styles/global.tcss", "styles/workspace.tcss"]
    EDIT_CSS_PATH: ClassVar[list[str | Path]] = ["styles/global.tcss", "styles/editor.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        Binding("f1", "help", "Help", show=False, priority=True, id="app.help"),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        open_path: Path | None = None,
        today: date | None = None,
        opened: LoadedPostmortem | None = None,
    ) -> None:
        if opened is not None:
            open_path = opened.path
        super().__init__(css_path=self.EDIT_CSS_PATH if open_path is not None else self.CSS_PATH)
        self.workspace = workspace
        self.open_path = open_path
        #: `open_path` as the caller loaded it already (the command line checks it first).
        self._opened = opened
        self._today = today
        self.settings: Settings = load_settings()
        self._signals_installed: list[signal.Signals] = []
        self._quit_despite_failed_save = False
        #: Why `open_path` did not load (until on_mount says so).
        self._opening: PostmortemFileError | None = None

    # --- dates and settings ----------------------------------------------------------------

    def today(self) -> date:
        """Today, or the date fixed by the caller (tests and snapshots)."""
        return self._today or date.today()

    def get_default_screen(self) -> Screen[None]:
        if self.open_path is not None:
            try:
                loaded = self._opened or load(self.open_path)
            except PostmortemFileError as error:
                self._opening = error  # the browser is shown, with the reason, in on_mount
            else:
                # The editor is the first screen: leaving it quits. A browser under it would
                # never be seen, and any screen under it would cost the first frame.
                from .screens.editor import EditorScreen

                return EditorScreen(self.workspace, loaded, today=self._today)
        from .screens.workspace import WorkspaceScreen

        return WorkspaceScreen(self.workspace)

    def started(self) -> None:
        """The first screen is built: collect garbage from here on if start-up put it off
        (the command line does), keeping what start-up built out of every later collection."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def on_mount(self) -> None:
        self.set_timer(STARTED_AT_THE_LATEST, self.started)  # whatever the first screen does
        self.set_timer(STARTED_AT_THE_LATEST, self.ready_for_typing)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self._install_signal_handlers()
        if self._opening is not None:
            self.notify(str(self._opening), title="Cannot open", severity="error", markup=False)
        self._opening = None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice, the app's and its widgets', goes through the sanitiser: they quote
        file names and user text (and those that do say `markup=False`)."""
        super().notify(
            shown(message),
            title=shown(title, one_line=True),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def on_resize(self, event: events.Resize) -> None:
        """Below 80 columns the app has the class `-narrow`; the styles follow it."""
        self.set_class(event.size.width < NARROW_WIDTH, NARROW)

    def watch_theme(self, theme: str) -> None:
        if theme == self.settings.theme:
            return
        self.settings.theme = theme
        self._save_settings()

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except StorageError as error:
            self.notify(str(error), title="Settings not saved", severity="warning", markup=False)

    def action_toggle_cursor_blink(self) -> None:
        self.settings.cursor_blink = not self.settings.cursor_blink
        self._save_settings()
        for widget in self.screen.query("Input, TextArea"):
            widget.cursor_blink = self.settings.cursor_blink  # type: ignore[attr-defined]
        state = "blinks" if self.settings.cursor_blink else "stays still"
        self.notify(f"The text cursor now {state}.")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = self.settings.cursor_blink  # type: ignore[attr-defined]
        from textual.widgets import Input

        field = event.widget
        if isinstance(field, Input) and field.is_attached:
            # A field entered with its cursor past its right edge (the end of a long text
            # while the start is shown) gets it at the start: typing lands where it is seen.
            # (Only once it has been laid out: a field focused as its pane is built is not.)
            region, cursor = field.content_region, field.cursor_screen_offset
            if region.width and not region.x <= cursor.x < region.right:
                field.cursor_position = 0

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A text field the focus moved away from shows the start of its text again, not
        the end where typing stopped (a long title reads "Payment webhooks delayed…", not
        "…by a full queue disk"). Not when the whole app or screen lost the focus: the user
        comes back to the cursor where it was."""
        from textual.widgets import Input

        field = event.widget
        if not isinstance(field, Input) or not field.is_attached:
            return
        if field.screen.focused not in (None, field):
            # Scrolled, not the cursor moved: moving it would move the terminal's cursor to
            # this field, away from the one the focus went to.
            field.scroll_to(x=0, animate=False, immediate=True)

    # --- opening postmortems -----------------------------------------------------------------

    def open_postmortem(self, path: Path, *, pane: str = "summary", field: str = "") -> bool:
        """Open the editor on `path` (on `pane`, at `field` such as "actions[2]"); if the
        file does not load, say why and stay put."""
        try:
            loaded = load(path)
        except PostmortemFileError as error:
            self.notify(str(error), title="Cannot open", severity="error", markup=False)
            return False
        self.open_loaded(loaded, pane=pane, field=field)
        return True

    def open_loaded(
        self, loaded: LoadedPostmortem, *, pane: str = "summary", field: str = ""
    ) -> None:
        from .screens.editor import EditorScreen  # imported when first needed: a fast start

        editor = EditorScreen(self.workspace, loaded, today=self._today, pane=pane, field=field)
        self.push_screen(editor)

    # --- help and commands -----------------------------------------------------------------

    def action_help(self) -> None:
        """Show the keys of the screen in front; pressed again, close the help."""
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: the active screen's actions first, then app-wide ones and themes."""
        own = list(screen_commands(self, screen))
        yield from own
        taken = {command.title for command in own}
        for command in [*app_commands(self), *super().get_system_commands(screen)]:
            if command.title not in taken:
                taken.add(command.title)
                yield command

    # --- leaving ----------------------------------------------------------------------------

    def save_open_editors(self) -> list[str]:
        """Ask every open editor to save now; returns the reasons of any that failed."""
        failures = []
        for screen in list(self.screen_stack):
            save_before_exit = getattr(screen, "save_before_exit", None)
            if not callable(save_before_exit):
                continue
            try:
                save_before_exit()
            except Exception as error:  # a failed save must not stop the others
                failures.append(str(error))
        return failures

    async def action_quit(self) -> None:
        """Save every open postmortem, then quit; if a save fails, stay unless asked twice."""
        failures = self.save_open_editors()
        if failures and not self._quit_despite_failed_save:
            self._quit_despite_failed_save = True
            self.notify(
                "\n".join(failures) + "\nPress ctrl+q again to quit without saving.",
                title="Not saved",
                severity="error",
                markup=False,
                timeout=15,
            )
            return
        self.exit()

    def save_and_exit(self, signum: int | None = None) -> None:
        """What SIGHUP and SIGTERM do: save whatever can be saved, then leave.

        The leaving is guarded: with the terminal gone (SIGHUP), Textual's shutdown can block
        for ever writing the terminal's reset to a dead pty, and the process would linger.
        Everything is on disk by then, so after a grace period the process ends regardless.
        """
        self.save_open_editors()
        if signum is not None and not self.is_headless:  # a real terminal, not a Pilot test
            _end_process_after(EXIT_GRACE_SECONDS, 128 + signum)
        self.exit()

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            try:
                loop.add_signal_handler(signum, self.save_and_exit, signum)
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # not the main thread, or a platform without these signals
            self._signals_installed.append(signum)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in self._signals_installed:
            loop.remove_signal_handler(signum)
        self._signals_installed.clear()


def make_app(
    workspace: Workspace,
    *,
    open_path: Path | None = None,
    today: date | None = None,
    opened: LoadedPostmortem | None = None,
) -> PostmortemApp:
    """The one way the CLI and the tests build the app.

    With `open_path` (or `opened`, that file loaded already), the editor opens on that file
    and leaving it quits; otherwise the workspace browser is where the app starts. `today`
    fixes the date (for snapshots).
    """
    return PostmortemApp(workspace, open_path=open_path, today=today, opened=opened)
