"""Summary pane: title, date, severity, status, authors, tags, the follow-up review date,
what happened, why, and participants.

A date that is not a date is refused inline and the postmortem keeps its old one; the typed
text is kept as `draft_date` / `draft_review_on` so that no keystroke is lost.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static, TextArea

from ...core.drafts import keep_draft, read_draft
from ...core.model import SEVERITIES, STATUSES, Participant, strip_control_chars
from ...core.typed_values import TypedValueError, parse_optional_date
from ..forms.item_forms import participant_form
from ..widgets.list_editor import Column, ListEditor
from .pane import EditorPane, field_row

#: (field, label) of the date inputs; a refused entry is kept as `draft_<field>`.
DATE_FIELDS = {"date": "Date", "review_on": "Review on"}


def _participant_row(person: Participant) -> tuple[str, str]:
    return (person.name, person.role)


class SummaryPane(EditorPane):
    pane_title = "Summary"

    def compose(self) -> ComposeResult:
        pm = self.pm
        yield field_row("Title", Input(pm.title, id="title", compact=True, select_on_focus=False))
        with Horizontal(classes="field-row"):
            yield Label("Date", classes="field-label")
            yield self._date_input("date")
            yield Label("Severity", classes="field-label short")
            yield Select(
                [("(none)", ""), *((s, s) for s in SEVERITIES)],
                value=pm.severity,
                allow_blank=False,
                id="severity",
                compact=True,
            )
            yield Label("Status", classes="field-label short")
            yield Select(
                [(s, s) for s in STATUSES],
                value=pm.status,
                allow_blank=False,
                id="status",
                compact=True,
            )
        yield Static("", id="date-error", classes="field-error")
        yield field_row(
            "Authors",
            Input(
                ", ".join(pm.authors),
                placeholder="teams or roles, comma-separated",
                id="authors",
                compact=True,
                select_on_focus=False,
            ),
            classes="full-only",
        )
        with Horizontal(classes="field-row full-only"):
            yield Label("Tags", classes="field-label")
            yield Input(
                ", ".join(pm.tags),
                placeholder="labels, comma-separated",
                id="tags",
                compact=True,
                select_on_focus=False,
            )
            yield Label("Review on", classes="field-label short")
            yield self._date_input("review_on")
        yield Static("", id="review_on-error", classes="field-error")
        yield Label("What happened", classes="area-label")
        yield TextArea(pm.summary, id="summary", soft_wrap=True)
        yield Label("Why it happened (root cause)", classes="area-label")
        yield TextArea(pm.root_cause, id="root_cause", soft_wrap=True)
        yield ListEditor(
            pm.participants,
            title="Participants",
            columns=[Column("Name", 24), Column("Role", 40)],
            row=_participant_row,
            form=participant_form,
            id="participants",
        ).add_class("full-only")

    def _date_input(self, name: str) -> Input:
        value: date | None = getattr(self.pm, name)
        draft = read_draft(self.pm.extra, name)
        return Input(
            draft if draft is not None else (value.isoformat() if value else ""),
            placeholder="YYYY-MM-DD",
            id=name,
            compact=True,
            select_on_focus=False,
        )

    def on_mount(self) -> None:
        for name in DATE_FIELDS:
            if read_draft(self.pm.extra, name) is not None:  # kept on exit: say again why
                field = self.query_one(f"#{name}", Input)
                self._date(Input.Changed(field, field.value))

    def commit_fields(self) -> None:
        handlers = {
            "title": self._title,
            "date": self._date,
            "review_on": self._date,
            "authors": self._authors,
            "tags": self._tags,
        }
        for field in self.query(Input):
            handler = handlers.get(field.id or "")
            if handler is not None:
                handler(Input.Changed(field, field.value))
        for area in self.query(TextArea):
            self.store_text(area)

    @on(Input.Changed, "#title")
    def _title(self, event: Input.Changed) -> None:
        title = strip_control_chars(event.value)
        if title != self.pm.title:
            self.pm.title = title
            self.edited("title")

    @on(Input.Changed, "#date")
    @on(Input.Changed, "#review_on")
    def _date(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        error = self.query_one(f"#{name}-error", Static)
        text = strip_control_chars(event.value).strip()
        try:
            value = parse_optional_date(text, label=DATE_FIELDS[name])
        except TypedValueError as problem:
            error.update(Text(f"{problem}; kept as typed, not used yet"))
            error.add_class("-shown")
            if keep_draft(self.pm.extra, name, text):
                self.edited(name)
            return
        error.remove_class("-shown")
        changed = keep_draft(self.pm.extra, name, None)
        if value != getattr(self.pm, name):
            setattr(self.pm, name, value)
            changed = True
        if changed:
            self.edited(name)

    @on(Select.Changed, "#severity")
    @on(Select.Changed, "#status")
    def _choice(self, event: Select.Changed) -> None:
        name = event.select.id or ""
        value = "" if event.value is Select.NULL else str(event.value)
        if name == "status" and not value:
            return
        if getattr(self.pm, name) != value:
            setattr(self.pm, name, value)
            self.edited(name)

    @on(Input.Changed, "#authors")
    def _authors(self, event: Input.Changed) -> None:
        authors = [a.strip() for a in strip_control_chars(event.value).split(",") if a.strip()]
        if authors != self.pm.authors:
            self.pm.authors = authors
            self.edited("authors")

    @on(Input.Changed, "#tags")
    def _tags(self, event: Input.Changed) -> None:
        tags = [t.strip() for t in strip_control_chars(event.value).split(",") if t.strip()]
        if tags != self.pm.tags:
            self.pm.tags = tags
            self.edited("tags")

    @on(TextArea.Changed, "#summary")
    @on(TextArea.Changed, "#root_cause")
    def _text(self, event: TextArea.Changed) -> None:
        self.store_text(event.text_area)

    @on(ListEditor.Changed)
    def _participants(self, event: ListEditor.Changed) -> None:
        event.stop()
        self.edited("participants")
