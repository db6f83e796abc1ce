"""Summary pane: title, date, severity, status, authors, tags, the follow-up review date,
what happened, why, and participants.

A date that is not a date is refused inline and the postmortem keeps its old one; the typed
text is kept as `draft_date` / `draft_review_on` so that no keystroke is lost.

The pane paints first and builds the rest after: its first frame has the title's input
(focused, so typing lands there at once) and the other fields drawn as text; the other
fields are mounted right after that frame is on screen, in a real terminal and under Pilot
alike. Tab pressed before they exist moves the focus once they do.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from ...core.model import SEVERITIES, STATUSES, Participant, Postmortem, strip_control_chars
from ..widgets.field_sketch import FieldSketch, SketchField
from ..widgets.list_editor import Column, ListEditor
from ..widgets.paint_first import after_the_next_frame
from .pane import EditorPane, field_row, keep_draft

if TYPE_CHECKING:
    from ..forms.form_screen import ItemForm

#: (field, label) of the date inputs; a refused entry is kept as `draft_<field>`.
DATE_FIELDS = {"date": "Date", "review_on": "Review on"}


def _participant_row(person: Participant) -> tuple[str, str]:
    return (person.name, person.role)


def _participant_form(person: Participant | None) -> ItemForm[Participant]:
    # The item forms are imported when a form first opens, not for the first frame.
    from ..forms.item_forms import participant_form

    return participant_form(person)


class SummaryPane(EditorPane):
    pane_title = "Summary"

    def __init__(self, pm: Postmortem, *, today: date, id: str | None = None) -> None:
        super().__init__(pm, today=today, id=id)
        #: True once every field is mounted (until then the first frame's sketch shows them).
        self.fields_built = False
        self._built = asyncio.Event()
        self._building = False
        #: Tab / shift+tab pressed before the fields existed: focus moves applied after.
        self._pending_focus_moves: list[str] = []

    def compose(self) -> ComposeResult:
        pm = self.pm
        yield field_row("Title", Input(pm.title, id="title", compact=True, select_on_focus=False))
        yield self._sketch()

    def _sketch(self) -> FieldSketch:
        """The fields after the title, as text: the first frame shows these."""
        pm = self.pm
        rows = [
            [
                SketchField("Date", self._date_text("date"), 13),
                SketchField("Severity", pm.severity or "(none)", 14, bar=False),
                SketchField("Status", pm.status, bar=False),
            ]
        ]
        if not pm.is_quick:
            rows.append([SketchField("Authors", ", ".join(pm.authors))])
            rows.append(
                [
                    SketchField("Tags", ", ".join(pm.tags), 38),
                    SketchField("Review on", self._date_text("review_on")),
                ]
            )
        texts = [("What happened", pm.summary), ("Why it happened (root cause)", pm.root_cause)]
        return FieldSketch(rows, texts, label_width=12, id="summary-sketch")

    def on_mount(self) -> None:
        after_the_next_frame(self, self._build_in_a_worker)

    def _build_in_a_worker(self) -> None:
        """The first frame is painted: build the rest (in a worker, so that the pane keeps
        handling its fields' messages meanwhile)."""
        self.run_worker(self.build_fields(), group="build-fields")

    async def wait_until_built(self) -> None:
        """Return once every field is mounted."""
        await self._built.wait()

    async def build_fields(self) -> None:
        """Mount the fields the first frame drew as text, in the sketch's place (once)."""
        if self._building:
            await self._built.wait()
            return
        self._building = True
        sketch = self.query_one(FieldSketch)
        try:
            with self.app.batch_update():  # one frame goes from the sketch to the fields
                await self.mount_all(self._fields(), before=sketch)
                sketch.display = False
        except NoScreen:
            if self.is_attached:
                raise
            return  # the pane went away meanwhile: the app is closing, or the file reloaded
        sketch.remove()  # not waited for: the fields' frame need not wait for it
        self.fields_built = True
        self._built.set()
        for name in DATE_FIELDS:
            if f"draft_{name}" in self.pm.extra:  # kept on exit: say again why it is not used
                field = self.query_one(f"#{name}", Input)
                self._date(Input.Changed(field, field.value))
        for move in self._pending_focus_moves:
            if move == "tab":
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
        self._pending_focus_moves.clear()

    def on_key(self, event: events.Key) -> None:
        """Tab before the fields exist would find nothing to go to: keep it for later."""
        if not self.fields_built and event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            self._pending_focus_moves.append(event.key)

    def _fields(self) -> Iterator[Widget]:
        """Every field after the title."""
        pm = self.pm
        yield Horizontal(
            Label("Date", classes="field-label"),
            self._date_input("date"),
            Label("Severity", classes="field-label short"),
            Select(
                [("(none)", ""), *((s, s) for s in SEVERITIES)],
                value=pm.severity,
                allow_blank=False,
                id="severity",
                compact=True,
            ),
            Label("Status", classes="field-label short"),
            Select(
                [(s, s) for s in STATUSES],
                value=pm.status,
                allow_blank=False,
                id="status",
                compact=True,
            ),
            classes="field-row",
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
        yield Horizontal(
            Label("Tags", classes="field-label"),
            Input(
                ", ".join(pm.tags),
                placeholder="labels, comma-separated",
                id="tags",
                compact=True,
                select_on_focus=False,
            ),
            Label("Review on", classes="field-label short"),
            self._date_input("review_on"),
            classes="field-row full-only",
        )
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
            form=_participant_form,
            id="participants",
        ).add_class("full-only")

    def _date_text(self, name: str) -> str:
        """The date field's text: a refused entry kept as typed, else the date."""
        value: date | None = getattr(self.pm, name)
        draft = self.pm.extra.get(f"draft_{name}")
        return draft if isinstance(draft, str) else (value.isoformat() if value else "")

    def _date_input(self, name: str) -> Input:
        return Input(
            self._date_text(name),
            placeholder="YYYY-MM-DD",
            id=name,
            compact=True,
            select_on_focus=False,
        )

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
            value = date.fromisoformat(text) if text else None
        except ValueError:
            error.update(
                Text(
                    f"{DATE_FIELDS[name]}: {text!r} is not a date (expected YYYY-MM-DD); "
                    "kept as typed, not used yet"
                )
            )
            error.add_class("-shown")
            if keep_draft(self.pm.extra, f"draft_{name}", text):
                self.edited(name)
            return
        error.remove_class("-shown")
        changed = keep_draft(self.pm.extra, f"draft_{name}", None)
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
