"""Tab and shift+tab in every form and dialog: the focus moves before the next key is read.

Textual hands each key to the widget that has focus when the app reads the key, by posting
it to that widget's queue; its own tab binding is not priority, so it only moves the focus
once the old field gets to the tab. Keys read in the same burst (typed ahead over SSH, or
pasted) are by then queued on the old field: `10:00`, tab, tab, `text` typed `10:00text`
into the time. A priority binding runs while the app reads the key, so the keys after it
go to the field the tab moved to.
"""

from __future__ import annotations

from ..keys import UserAction


def field_focus_actions(prefix: str, group: str) -> tuple[UserAction, UserAction]:
    """The tab and shift+tab actions of one dialog, ids `<prefix>.next_field` and
    `<prefix>.previous_field`, listed on its help screen under `group`."""
    return (
        UserAction(
            f"{prefix}.next_field",
            "tab",
            "app.focus_next",
            "Next field",
            "",  # a key to press, not a command to look up
            group,
            help="Next field or button; keys typed after it go there, however fast they come",
            show=False,
            priority=True,
        ),
        UserAction(
            f"{prefix}.previous_field",
            "shift+tab",
            "app.focus_previous",
            "Previous field",
            "",
            group,
            help="Previous field or button",
            show=False,
            priority=True,
        ),
    )
