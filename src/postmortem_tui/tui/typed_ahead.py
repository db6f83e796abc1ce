"""Keys typed ahead go where the keys before them left the focus, however fast they come.

Textual hands each key to the widget focused when the app reads it, by posting it to that
widget's queue; a key the widget does not take itself then travels up, queue by queue, to
the app, which looks up its binding. Keys read in the same burst (typed ahead over SSH, or
pasted) meanwhile queue up on the old widget: `ab<left>c` typed `abc` (the left arrow's
binding ran after the `c`), the keys after an `a` that opens a form went to the table
under it, and the keys after a dialog's Enter went into a field of a dialog that was gone.

`HoldsTyping` (mixed into the app) keeps keys and pastes aside while something they depend
on is pending, and hands them on in order once nothing is:
- a key a text field does not simply insert, until it has travelled up to the app and its
  binding has run (printable characters typed into a text field go straight on: typing
  speed does not pay for this);
- a screen just opened, until it has put the focus somewhere;
- a dialog's Enter or Escape (`act_after_keys_before`), until the dialog has acted on it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from itertools import count

from textual import events
from textual.app import App
from textual.dom import DOMNode, NoScreen
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

#: Seconds after which held keys go on even if what held them never finished (its widget
#: went away first): keys late, never keys lost.
HELD_AT_MOST = 1.0
#: How often the app looks for a hold past that time while something is held.
WATCH_EVERY = 0.25


class HoldsTyping(App[None]):
    """An app that holds keys and pastes while something they depend on is pending.

    It starts holding: the first screen lets typing through once it has put the focus where
    typing goes (`ready_for_typing`, whose own deadline the app sets).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        #: Keys and pastes read while holding, in order; None while not holding.
        self._held_input: list[events.Event] | None = []
        #: The holds pending, each with the time after which it lets go by itself.
        self._holds: dict[int, float] = {0: float("inf")}  # 0: the first screen's
        self._hold_ids = count(1)
        self._watch: Timer | None = None
        #: Screens opened without the focus yet, and what lets their hold go.
        self._awaiting_focus: dict[Screen[object], Callable[[], None]] = {}

    # --- holding and letting go ------------------------------------------------------------

    def hold_typing(self) -> Callable[[], None]:
        """Keys and pastes read from now on wait until the returned function is called (only
        the first call counts) and every other hold has ended, or HELD_AT_MOST seconds."""
        hold = next(self._hold_ids)
        self._holds[hold] = time.monotonic() + HELD_AT_MOST
        if self._held_input is None:
            self._held_input = []
        if self._watch is None:
            self._watch = self.set_interval(WATCH_EVERY, self._let_overdue_holds_go)
        else:
            self._watch.resume()
        return lambda: self._let_go(hold)

    def ready_for_typing(self) -> None:
        """The first screen has put the focus where typing goes (only the first call counts)."""
        self._let_go(0)

    def _let_go(self, hold: int) -> None:
        if self._holds.pop(hold, None) is not None and not self._holds:
            if self._watch is not None:
                self._watch.pause()
            self.call_later(self._let_held_input_through)  # behind the keys held so far

    def _let_overdue_holds_go(self) -> None:
        now = time.monotonic()
        for hold, deadline in list(self._holds.items()):
            if deadline < now:
                self._let_go(hold)

    async def _let_held_input_through(self) -> None:
        if self._holds:
            return  # held again before this ran: the next release hands them on
        held, self._held_input = self._held_input or [], None
        for index, event in enumerate(held):
            if self._held_input is not None:
                # A key just handled holds typing again: the rest wait, ahead of the keys
                # read since.
                self._held_input[:0] = held[index:]
                return
            await self._hand_on(event)

    # --- reading keys ------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        typed = isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded
        if not typed:
            await super().on_event(event)
        elif self._held_input is not None:
            self._held_input.append(event)
        else:
            await self._hand_on(event)

    async def _hand_on(self, event: events.Event) -> None:
        """Handle one key or paste as Textual does, holding the ones after it until it has
        travelled up to the app unless the focused field simply takes it.

        A key a text field does not take itself waits until the field has taken the keys
        typed before it: a priority binding (ctrl+s keeps a form) would otherwise run while
        the last characters typed are still on their way into the field.
        """
        focused = self.focused
        if _is_text_field(focused) and not _taken_in_place(focused, event):
            release = self.hold_typing()

            def after_the_keys_before() -> None:
                self.call_later(self._handle_now, event, release)

            if focused.call_later(after_the_keys_before):
                return
            release()
        await self._handle_now(event, _nothing)

    async def _handle_now(self, event: events.Event, release: Callable[[], None]) -> None:
        try:
            target: MessagePump = self.focused or self.screen
            await super().on_event(event)
            if event.is_forwarded and not _taken_in_place(self.focused, event):
                self._hold_until_travelled(target)
        finally:
            release()

    def _hold_until_travelled(self, target: MessagePump) -> None:
        """Hold typing until a key posted to `target` now has reached the app, and then what
        its binding posted to `target` (an Input's Submitted, a Button's Pressed, an option
        list's choice) has too: a hop follows each up, queue by queue, right behind it."""
        release = self.hold_typing()

        def hop(node: MessagePump, second_pass: bool) -> None:
            if node is self and not second_pass:
                node = target  # the binding has run: follow what it posted
                second_pass = True
            elif node is self:
                release()
                return
            else:
                node = node._parent or self
            if not node.call_later(hop, node, second_pass):
                release()  # closed meanwhile (a dialog dismissed): nothing more to follow

        if not target.call_later(hop, target, False):
            release()

    # --- screens opened ------------------------------------------------------------------

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)

    def _screen_changed(self, screen: Screen[object]) -> None:
        if screen.focused is None and not screen.is_mounted and screen not in self._awaiting_focus:
            self._awaiting_focus[screen] = self.hold_typing()
            screen.call_later(self._nothing_to_focus, screen)  # once it is built

    def _nothing_to_focus(self, screen: Screen[object]) -> None:
        """A screen without a widget to focus (a notice, a fake in a test) holds nothing."""
        if screen.focused is None and not screen.focus_chain:
            self._focus_came(screen)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        try:
            screen = event.widget.screen
        except NoScreen:
            return
        self._focus_came(screen)

    def _focus_came(self, screen: Screen[object]) -> None:
        release = self._awaiting_focus.pop(screen, None)
        if release is not None:
            release()


def _is_text_field(widget: object) -> bool:
    """An Input or a TextArea. TextArea's module is not imported for this: until something
    has imported it (after the first frame), no widget can be one."""
    if isinstance(widget, Input):
        return True
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


def _taken_in_place(focused: object, event: events.Event) -> bool:
    """A key or paste the focused text field takes in its own handler (a character typed,
    text pasted), so nothing after it depends on where it travels."""
    if not _is_text_field(focused) or getattr(focused, "read_only", False):
        return False
    if isinstance(event, events.Paste):
        return True
    return isinstance(event, events.Key) and event.is_printable


def act_after_keys_before(node: DOMNode, act: Callable[[], object]) -> None:
    """Run `act` once the focused widget has handled the keys read before this one, holding
    the keys read after it until `act` is done; they then go where `act` left the focus.

    For a priority binding of a dialog (Enter, Escape), which runs as soon as the app reads
    its key. Without a `HoldsTyping` app, `act` still runs behind the keys before it. It does
    not run if the node's screen has stopped being the current one by then.
    """
    app = node.app
    screen = node.screen
    target = screen.focused or screen
    release = app.hold_typing() if isinstance(app, HoldsTyping) else _nothing

    def run() -> None:
        try:
            if screen.is_current:  # not closed meanwhile by a key or a click before this one
                act()
        finally:
            release()

    if not target.call_later(run):
        run()  # the widget is closing: nothing is queued ahead of this key there


def _nothing() -> None:
    """Nothing was held."""
