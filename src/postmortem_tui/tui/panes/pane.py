"""What every editor pane shares: the postmortem it edits and the message it sends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from ...core.model import Postmortem, strip_control_chars
from ...core.review import Finding
from ..widgets.review_marks import focus_field, item_marks, list_editors, mark_lists

if TYPE_CHECKING:
    from ...core.team_sections import SectionSpec
    from ..user_text.area_field import UserTextArea
    from ..widgets.list_editor import ListEditor


class EditorPane(VerticalScroll):
    """One pane of the editor; posts `EditorPane.Edited` after it changes the postmortem.

    A pane reads its fields from the postmortem's attributes when it composes them, and
    writes each back through a typed method (`SummaryPane.commit_title(typed)`): a widget's id
    names the widget, never the attribute it edits.
    """

    # A one-column scroll bar leaves room for the summary's selects at 80 columns; an empty
    # list without a header still shows where the focus is.
    DEFAULT_CSS = """
    EditorPane { scrollbar-size-vertical: 1; }
    EditorPane ListEditor > .list-empty { border-left: blank; }
    EditorPane ListEditor:focus-within > .list-empty { border-left: thick $accent; }
    """

    can_focus = False
    #: The workspace's own sections (`[[sections]]` of postmortem.toml), set by the editor.
    team_sections: tuple[SectionSpec, ...] = ()
    #: The latest review's findings, bound from the editor screen.
    findings: reactive[tuple[Finding, ...]] = reactive((), init=False)

    class Edited(Message):
        """The pane changed the postmortem; `what` names the part (e.g. "timeline")."""

        def __init__(self, pane: EditorPane, what: str, count: int) -> None:
            super().__init__()
            self.pane = pane
            self.what = what
            #: The pane's edits so far, this one included.
            self.count = count

    def __init__(self, pm: Postmortem, *, today: date, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pm = pm
        self.today = today
        self._edits = 0
        #: How many of the edits the editor has heard of (their Edited messages arrived).
        self.edits_heard = 0

    def edited(self, what: str) -> None:
        self._edits += 1
        self.post_message(self.Edited(self, what, self._edits))

    def on_list_editor_changed(self, event: ListEditor.Changed) -> None:
        """Keep the list just edited in view: a new row may have grown it past the bottom."""
        self.call_after_refresh(event.editor.scroll_visible, animate=False)

    def commit_drafts(self) -> bool:
        """Bring typed text that has not reached the postmortem yet into it, synchronously:
        open item forms' drafts and fields whose Changed message is still on its way.

        Returns whether the postmortem changed since the editor last heard of an edit (an
        `Edited` message still on its way counts: the field's own Changed arrived first).
        """
        taken = False
        for editor in list_editors(self):
            taken = editor.take_draft() or taken
        self.commit_fields()
        return taken or self._edits != self.edits_heard

    def commit_fields(self) -> None:
        """Commit every field's value to the postmortem now (panes with fields override it,
        calling their typed `commit_<field>` methods)."""

    def held_view(self) -> dict[str, Any]:
        """Before the postmortem changes under the pane (changes merged from disk): commit
        what its fields show, and say which item each of its lists highlights."""
        self.commit_fields()
        return {editor.field: editor.highlighted for editor in list_editors(self)}

    def show_model(self, highlighted: Mapping[str, Any]) -> None:
        """The postmortem changed under the pane: show it again. Panes with fields extend
        this; a field that shows its value already is left as it is, focus and cursor with
        it. Each list keeps its cursor on the item it was on (`highlighted`, by list)."""
        for editor in list_editors(self):
            editor.show_items(highlighted.get(editor.field))

    def add_item(self) -> None:
        """Open the form for a new item of this pane's main list (panes with one override)."""

    def toggle_done(self) -> None:
        """Mark the highlighted item done or open again (the action items pane overrides)."""

    def pane_shown(self) -> None:
        """Called each time the pane comes into view; refresh what others may have changed."""

    def watch_findings(self, findings: tuple[Finding, ...]) -> None:
        self.show_findings(findings)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        """The review ran: mark the items it flags in this pane's marked lists."""
        mark_lists(self, item_marks(findings))

    def focus_field(self, field: str, span: tuple[int, int] | None = None) -> bool:
        """Focus where this pane edits `field`; False when it has no place for it."""
        return focus_field(self, field, span)


def changed_text(saved: str, typed: str) -> str | None:
    """`typed` as the postmortem keeps it (control characters dropped), or None when it is
    no edit: the text as loaded (control characters and all, so opening a file never
    rewrites it) or what the postmortem holds already."""
    if typed == saved:
        return None
    text = strip_control_chars(typed)
    return None if text == saved else text


def show_text(field: Input | UserTextArea, text: str) -> None:
    """Show `text` in a field unless the field shows it already; a text area keeps its
    cursor where it was, as far as the new text reaches."""
    if isinstance(field, Input):
        if changed_text(text, field.value) is not None:
            field.value = text
        return
    if changed_text(text, field.typed_text) is not None:
        cursor = field.cursor_location
        field.load_given(text)
        field.move_cursor(cursor)  # clamped to the new text


def field_row(label: str, field: Widget, *, classes: str = "") -> Horizontal:
    """A one-line labelled field: `Title     [input...]`."""
    return Horizontal(
        # A Static, not a Label: Label's CSS (its variants) would be parsed for the first frame.
        Static(Text(label), classes="field-label"),
        field,
        classes=f"field-row {classes}".strip(),
    )
