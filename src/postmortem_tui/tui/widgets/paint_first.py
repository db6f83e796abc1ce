"""Paint first, build the rest after: run work once the screen's current state is painted.

Not `call_after_refresh`: while the app starts up Textual paints nothing and runs those
callbacks at once, so work scheduled with it from a first screen lands before the first
frame (and later, a callback can run before a paint that is still due). The app's own queue
is handled only after start-up; from there a layout refresh is requested, and the screen's
layout signal follows that layout's paint.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen
from textual.widget import Widget


def after_the_next_frame(node: Widget, callback: Callable[[], object]) -> None:
    """Call `callback` (on `node`) once the screen has laid out and painted what it has now.

    Headless (under Pilot) the screen is laid out the same way, without the output.
    """

    def laid_out(screen: Screen) -> None:
        screen.screen_layout_refresh_signal.unsubscribe(node)
        callback()

    def request_a_frame() -> None:
        if not node.is_running:  # removed meanwhile
            return
        node.screen.screen_layout_refresh_signal.subscribe(node, laid_out)
        node.screen.refresh(layout=True)  # one is usually due; this makes sure it comes

    node.app.call_later(request_a_frame)
