"""Impact pane: duration, users, revenue, tickets and what users saw; numbers checked as typed.

A refused number leaves the saved value as it was; the typed text is kept in the `[impact]`
table as `draft_<field>` (e.g. `draft_users_affected`) so that no keystroke is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from ...core.drafts import keep_draft, read_draft
from ...core.model import Impact, strip_control_chars
from ...core.timeline import derive_times, format_duration
from ...core.typed_values import (
    TypedValueError,
    parse_duration_minutes,
    parse_percentage,
    parse_whole_number,
)
from ..user_text.input_field import UserTextInput
from ..user_text.shown import shown_text
from .pane import EditorPane, field_row

#: (field, label, kind) in the order shown; kind is "minutes", "int", "percent" or "text".
IMPACT_FIELDS = (
    ("duration_minutes", "Duration", "minutes"),
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
    if kind == "minutes":
        return parse_duration_minutes(text, label=label)
    return parse_percentage(text, label=label)


def saved_impact(impact: Impact) -> dict[str, Any]:
    """What `impact` holds, by the field names of IMPACT_FIELDS."""
    return {
        "duration_minutes": impact.duration_minutes,
        "users_affected": impact.users_affected,
        "users_affected_percent": impact.users_affected_percent,
        "customer_tickets": impact.customer_tickets,
        "revenue_impact": impact.revenue_impact,
        "user_facing": impact.user_facing,
        "reputation": impact.reputation,
    }


def store_impact(impact: Impact, name: str, value: Any) -> None:
    """Keep `value` (what `parse_impact` made of the entry) as the field `name` of `impact`."""
    match name:
        case "duration_minutes":
            impact.duration_minutes = value
        case "users_affected":
            impact.users_affected = value
        case "users_affected_percent":
            impact.users_affected_percent = value
        case "customer_tickets":
            impact.customer_tickets = value
        case "revenue_impact":
            impact.revenue_impact = value
        case "user_facing":
            impact.user_facing = value
        case "reputation":
            impact.reputation = value
        case _:
            raise KeyError(name)


def _shown(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "minutes":
        return format_duration(timedelta(minutes=value))  # reads back as the same minutes
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class ImpactPane(EditorPane):
    def compose(self) -> ComposeResult:
        for name, label, _kind in IMPACT_FIELDS:
            field = UserTextInput(
                self._field_text(name), label=label, id=name, compact=True, select_on_focus=False
            )
            if name == "duration_minutes":
                field.placeholder = self._derived_placeholder()
            yield field_row(label, field)
            yield Static("", id=f"{name}-error", classes="field-error")

    def _field_text(self, name: str) -> str:
        """What the field `name` shows for the postmortem: a refused entry, else the value."""
        draft = read_draft(self.pm.impact.extra, name)
        if draft is not None:
            return draft
        kind = next(kind for field, _label, kind in IMPACT_FIELDS if field == name)
        return _shown(saved_impact(self.pm.impact)[name], kind)

    def on_mount(self) -> None:
        for name, _label, _kind in IMPACT_FIELDS:
            if read_draft(self.pm.impact.extra, name) is not None:  # kept on exit: say why
                self.commit_impact(name, self.query_one(f"#{name}", Input).value)

    def _derived_placeholder(self) -> str:
        derived = derive_times(self.pm)
        if derived.to_resolution is None:
            return "90m, 1h 30m, 1d 2h (or add started/resolved events)"
        return f"from the timeline: {format_duration(derived.to_resolution)}"

    def pane_shown(self) -> None:
        self.query_one("#duration_minutes", Input).placeholder = self._derived_placeholder()

    def show_model(self, highlighted: Mapping[str, Any]) -> None:
        super().show_model(highlighted)
        saved = saved_impact(self.pm.impact)
        for name, label, kind in IMPACT_FIELDS:
            field = self.query_one(f"#{name}", Input)
            draft = read_draft(self.pm.impact.extra, name)
            try:  # `1,200` typed shows the 1200 saved: left as typed
                shown = draft is None and parse_impact(kind, label, field.value) == saved[name]
            except TypedValueError:
                shown = draft == strip_control_chars(field.value)
            if not shown:
                field.value = self._field_text(name)
        self.pane_shown()

    def commit_fields(self) -> None:
        for name, _label, _kind in IMPACT_FIELDS:
            self.commit_impact(name, self.query_one(f"#{name}", Input).value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if any(event.input.id == name for name, _label, _kind in IMPACT_FIELDS):
            event.stop()
            self.commit_impact(event.input.id or "", event.value)

    def commit_impact(self, name: str, typed: str) -> None:
        """One impact field (a name of IMPACT_FIELDS); a refused number is kept as a draft."""
        spec = next(f for f in IMPACT_FIELDS if f[0] == name)
        error = self.query_one(f"#{name}-error", Static)
        # The field as loaded is no edit: its reason is shown again, nothing is written.
        as_loaded = typed == self._field_text(name)
        try:
            value = parse_impact(spec[2], spec[1], typed)
        except TypedValueError as problem:
            error.update(shown_text(f"{problem}; kept as typed, not used yet"))
            error.add_class("-shown")
            if not as_loaded and keep_draft(self.pm.impact.extra, name, strip_control_chars(typed)):
                self.edited("impact")
            return
        error.remove_class("-shown")
        if as_loaded:
            return
        changed = keep_draft(self.pm.impact.extra, name, None)
        if saved_impact(self.pm.impact)[name] != value:
            store_impact(self.pm.impact, name, value)
            changed = True
        if changed:
            self.edited("impact")
