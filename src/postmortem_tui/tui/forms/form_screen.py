"""One typed form for every list item: a modal of labelled fields that returns the item.

The form never changes the postmortem itself. It hands the typed values to a `build`
function; a `FieldError` from it is shown under the field it names, and the form stays
open with nothing else changed. When the app leaves with the form still open, `draft()`
says what to keep: the built item, or a `salvage`d one that keeps every typed character.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from ..keys import UserAction, bindings_for
from ..typed_ahead import act_after_keys_before
from ..user_text.area_field import UserTextArea
from ..user_text.input_field import UserTextInput
from ..user_text.shown import shown_styled, shown_text
from ..widgets.choice_select import ChoiceSelect
from ..widgets.keys_footer import KeysFooter
from .field_keys import field_focus_actions
from .tick_box import TickBox

T = TypeVar("T")

#: "lines": a text area for a few lines where Enter keeps the item, as in the one-line fields
#: (a burst like `10:50<Tab><Tab>text<Enter>` adds the event); ctrl+j starts a new line.
FieldKind = Literal["text", "choice", "check", "area", "lines"]
#: The class of a text area in which Enter keeps the item.
ENTER_KEEPS = "-enter-keeps"


class FieldError(ValueError):
    """A typed value that cannot be used; `field` names the form field, `reason` says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class FormField:
    """One labelled input in an item form."""

    name: str
    label: str
    kind: FieldKind = "text"
    choices: tuple[tuple[str, str], ...] = ()  # (shown, stored) for kind="choice"
    placeholder: str = ""


class ItemForm(ModalScreen[T | None], Generic[T]):
    """Edit one item; dismisses with the built item, or None when cancelled."""

    DEFAULT_CSS = """
    ItemForm { align: center middle; }
    ItemForm > #form {
        width: 76; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ItemForm #form-title { text-style: bold; margin-bottom: 1; }
    ItemForm .form-row { height: auto; }
    ItemForm .form-field { height: auto; }
    ItemForm .form-label { width: 18; color: $text-muted; }
    ItemForm .form-row Input, ItemForm .form-row Select { width: 1fr; }
    ItemForm .form-row Input, ItemForm .form-row Select {
        border-left: vkey $foreground 30% !important;  /* over a compact input's "none" */
    }
    ItemForm .form-row Input:focus, ItemForm .form-row Select:focus {
        border-left: thick $accent !important;
    }
    ItemForm .field-error { color: $error; text-style: bold; display: none; height: auto; }
    ItemForm .field-error.-shown { display: block; }
    ItemForm #live {
        color: $text-muted; height: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ItemForm TextArea { height: 4; width: 1fr; }
    ItemForm #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ItemForm #buttons Button { margin-left: 1; min-width: 10; }
    """

    HELP_TITLE = "Item form"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "form.submit",
            "ctrl+s",
            "submit",
            "Done",
            "Done: keep this item",
            "Form",
            help="Check the fields and keep the item (also the Done button)",
            priority=True,
        ),
        UserAction(
            "form.cancel",
            "escape",
            "cancel_typed",
            "Cancel",
            "Cancel this form",
            "Form",
            help="Close without changing anything (also the Cancel button)",
            priority=True,
        ),
        UserAction(
            "form.enter",
            "enter",
            "enter",
            "Done",
            "Done: keep this item",
            "Form",
            help="In a field or on Done: keep the item (in an event's text too); on Cancel: "
            "close. Keys typed after it go where it leaves the focus",
            show=False,
            priority=True,
        ),
        UserAction(
            "form.new_line",
            "ctrl+j",
            "new_line",
            "New line",
            "Start a new line in this field",
            "Form",
            help="In a few-lines field (an event's text) where Enter keeps the item",
            show=False,
            priority=True,
        ),
        *field_focus_actions("form", "Form"),
    )
    BINDINGS = bindings_for(ACTIONS)

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        values: Mapping[str, Any],
        build: Callable[[dict[str, Any]], T],
        *,
        live: Callable[[dict[str, Any]], Text | str] | None = None,
        salvage: Callable[[dict[str, Any]], T | None] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = tuple(fields)
        self.initial = dict(values)
        self.build = build
        self.live = live
        self.salvage = salvage
        self._values_at_mount: dict[str, Any] | None = None
        self._live_shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(self.form_title), id="form-title")
            for spec in self.fields:
                with Vertical(classes="form-row"):
                    with Horizontal(classes="form-field"):
                        label = "" if spec.kind == "check" else spec.label
                        yield Label(Text(label), classes="form-label")
                        yield self._input_for(spec)
                    yield Static("", id=f"error-{spec.name}", classes="field-error")
            if self.live is not None:
                yield Static("", id="live")
            with Horizontal(id="buttons"):
                yield Button("Done", variant="primary", id="done", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        # The form's own keys; without it the editor's footer shows keys that do nothing here.
        yield KeysFooter()

    def _input_for(self, spec: FormField) -> Widget:
        value = self.initial.get(spec.name)
        widget_id = f"field-{spec.name}"
        if spec.kind == "choice":
            return ChoiceSelect(spec.choices, value=str(value or ""), id=widget_id)
        if spec.kind == "check":
            return TickBox(spec.label, bool(value), id=widget_id, compact=True)
        if spec.kind in ("area", "lines"):
            classes = ENTER_KEEPS if spec.kind == "lines" else ""
            return UserTextArea(
                str(value or ""),
                label=spec.label,
                id=widget_id,
                soft_wrap=True,
                classes=classes,
                placeholder=spec.placeholder,
            )
        return UserTextInput(
            str(value or ""),
            label=spec.label,
            placeholder=spec.placeholder,
            id=widget_id,
            select_on_focus=False,
            compact=True,
        )

    def on_mount(self) -> None:
        self._values_at_mount = self.values()
        self._update_live()
        self.query_one(f"#field-{self.fields[0].name}").focus()

    def values(self) -> dict[str, Any]:
        """What is typed now, by field name (text as typed, choices as stored, checks as bool)."""
        out: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Input):
                out[spec.name] = widget.value
            elif isinstance(widget, TextArea):
                out[spec.name] = widget.text
            elif isinstance(widget, Checkbox):
                out[spec.name] = widget.value
            elif isinstance(widget, Select):
                value = widget.value
                out[spec.name] = "" if value is Select.NULL else value
        return out

    def draft(self) -> T | None:
        """What leaving now keeps: the item as Done would build it, or, when `build` refuses
        a value, the `salvage`d item that keeps the typed text; None when nothing was typed.
        """
        if self._values_at_mount is None:
            return None  # not shown yet: nothing can have been typed
        try:
            values = self.values()
        except NoMatches:
            return None
        if values == self._values_at_mount:
            return None
        if not any(isinstance(v, str) and v.strip() for v in values.values()):
            return None  # only choices changed, no text: nothing worth keeping
        try:
            return self.build(values)
        except FieldError:
            return None if self.salvage is None else self.salvage(values)

    def show_error(self, field: str, reason: str) -> None:
        for error in self.query(".field-error"):
            error.remove_class("-shown")
        label = self.query_one(f"#error-{field}", Static)
        label.update(shown_text(reason))
        label.add_class("-shown")
        self.query_one(f"#field-{field}").focus()

    def _clear_error(self) -> None:
        for error in self.query(".field-error.-shown"):
            error.remove_class("-shown")

    def _update_live(self) -> None:
        if self.live is None:
            return
        live = self.live(self.values())
        text = shown_text(live) if isinstance(live, str) else shown_styled(live)
        # Most keys (the event's text) leave the line as it is: an update would cost a repaint.
        shown = (text.plain, str(text.style), tuple(text.spans))
        if shown != self._live_shown:
            self._live_shown = shown
            self.query_one("#live", Static).update(text)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _edited(self) -> None:
        self._update_live()

    @on(Input.Submitted)
    @on(Button.Pressed, "#done")
    def action_submit(self) -> None:
        try:
            item = self.build(self.values())
        except FieldError as error:
            self.show_error(error.field, error.reason)
            return
        self._clear_error()
        self.dismiss(item)

    def _in_lines_field(self) -> TextArea | None:
        focused = self.focused
        return focused if isinstance(focused, TextArea) and focused.has_class(ENTER_KEEPS) else None

    def _enter_acts(self) -> Callable[[], None] | None:
        """What Enter does where the focus is; None leaves it to the widget (a choice opens,
        a tick box ticks, a text area starts a new line)."""
        focused = self.focused
        if isinstance(focused, Button):
            return self.action_cancel if focused.id == "cancel" else self.action_submit
        if isinstance(focused, Input) or self._in_lines_field() is not None:
            return self.action_submit
        return None

    def _choosing(self) -> bool:
        """A choice's list is open (escape closes the list, not the form)."""
        return any(select.expanded for select in self.query(Select))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A priority binding that declines lets the key go on to the focused widget.
        if action == "new_line":
            return self._in_lines_field() is not None
        if action == "enter":
            return self._enter_acts() is not None
        if action == "cancel_typed":
            return not self._choosing()
        return True

    # Enter and Escape run on the focused field's queue, behind the keys typed before them;
    # the keys typed after them wait, then go where they leave the focus (the screen under
    # a closed form, or the field a refused value names).
    def action_enter(self) -> None:
        acts = self._enter_acts()
        if acts is not None:
            act_after_keys_before(self, acts)

    def action_cancel_typed(self) -> None:
        act_after_keys_before(self, self.action_cancel)

    def action_new_line(self) -> None:
        area = self._in_lines_field()
        if area is not None:
            area.call_later(area.insert, "\n")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
