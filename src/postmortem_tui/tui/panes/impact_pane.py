"""Impact pane: duration, users, revenue, tickets and what users saw; numbers checked as typed.

A refused number leaves the saved value as it was; the typed text is kept in the `[impact]`
table as `draft_<field>` (e.g. `draft_users_affected`) so that no keystroke is lost.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from ...core.drafts import keep_draft, read_draft
from ...core.model import strip_control_chars
from ...core.timeline import derive_times, format_duration
from ...core.typed_values import TypedValueError, parse_percentage, parse_whole_number
from .pane import EditorPane, field_row

#: (field, label, kind) in the order shown; kind is "int", "percent" or "text".
IMPACT_FIELDS = (
    ("duration_minutes", "Duration (min)", "int"),
    ("users_affected", "Users affected", "int"),
    ("users_affected_percent", "Users affected %", "percent"),
    ("customer_tickets", "Customer tickets", "int"),
    ("revenue_impact", "Revenue impact", "text"),
    ("user_facing", "Users could not", "text"),
    ("reputation", "Reputation", "text"),
)


def parse_impact(kind: str, label: str, text: str) -> Any:
    """The value to store for what was typed; blank clears it. Raises `TypedValueError`."""
    if kind == "text":
        return strip_control_chars(text)
    if kind == "int":
        return parse_whole_number(text, label=label)
    return parse_percentage(text, label=label)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class ImpactPane(EditorPane):
    pane_title = "Impact"

    def compose(self) -> ComposeResult:
        impact = self.pm.impact
        for name, label, _kind in IMPACT_FIELDS:
            draft = read_draft(impact.extra, name)
            shown = draft if draft is not None else _shown(getattr(impact, name))
            field = Input(shown, id=name, compact=True, select_on_focus=False)
            if name == "duration_minutes":
                field.placeholder = self._derived_placeholder()
            yield field_row(label, field)
            yield Static("", id=f"{name}-error", classes="field-error")

    def on_mount(self) -> None:
        for name, _label, _kind in IMPACT_FIELDS:
            if read_draft(self.pm.impact.extra, name) is not None:  # kept on exit: say why
                field = self.query_one(f"#{name}", Input)
                self._changed(Input.Changed(field, field.value))

    def _derived_placeholder(self) -> str:
        derived = derive_times(self.pm)
        if derived.to_resolution is None:
            return "minutes (or add started/resolved events)"
        return f"from the timeline: {format_duration(derived.to_resolution)}"

    def pane_shown(self) -> None:
        self.query_one("#duration_minutes", Input).placeholder = self._derived_placeholder()

    def commit_fields(self) -> None:
        for field in self.query(Input):
            self._changed(Input.Changed(field, field.value))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        spec = next((f for f in IMPACT_FIELDS if f[0] == name), None)
        if spec is None:
            return
        event.stop()
        error = self.query_one(f"#{name}-error", Static)
        try:
            value = parse_impact(spec[2], spec[1], event.value)
        except TypedValueError as problem:
            error.update(Text(f"{problem}; kept as typed, not used yet"))
            error.add_class("-shown")
            if keep_draft(self.pm.impact.extra, name, strip_control_chars(event.value)):
                self.edited("impact")
            return
        error.remove_class("-shown")
        changed = keep_draft(self.pm.impact.extra, name, None)
        if getattr(self.pm.impact, name) != value:
            setattr(self.pm.impact, name, value)
            changed = True
        if changed:
            self.edited("impact")
