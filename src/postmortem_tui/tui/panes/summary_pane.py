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
from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from ...core.drafts import keep_draft, read_draft
from ...core.model import SEVERITIES, STATUSES, Participant, Postmortem, strip_control_chars
from ...core.typed_values import TypedValueError, parse_optional_date
from ..breakpoints import NARROW_WIDTH
from ..user_text.input_field import UserTextInput
from ..user_text.shown import shown_text
from ..widgets.field_sketch import FieldSketch, SketchField
from ..widgets.paint_first import after_the_next_frame
from .pane import EditorPane, changed_text, field_row, show_text

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from ..forms.form_screen import ItemForm
    from ..user_text.area_field import UserTextArea
    from ..widgets.list_editor import ListEditor

DateField = Literal["date", "review_on"]
#: (field, label) of the date inputs; a refused entry is kept as `draft_<field>`.
DATE_FIELDS: dict[DateField, str] = {"date": "Date", "review_on": "Review on"}


def _participant_row(person: Participant) -> tuple[str, str]:
    return (person.name, person.role)


def _participant_form(person: Participant | None) -> ItemForm[Participant]:
    # The item forms are imported when a form first opens, not for the first frame.
    from ..forms.item_forms import participant_form

    return participant_form(person)


def _words(typed: str) -> list[str]:
    """A comma-separated field's words (authors, tags)."""
    return [w.strip() for w in strip_control_chars(typed).split(",") if w.strip()]


class SummaryPane(EditorPane):
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
        title = UserTextInput(
            pm.title, label="Title", id="title", compact=True, select_on_focus=False
        )
        yield field_row("Title", title)
        yield self._sketch()

    def _sketch(self) -> FieldSketch:
        """The fields after the title, as text: the first frame shows these."""
        pm = self.pm
        rows = [
            [
                SketchField("Date", self._date_text("date"), 13),
                SketchField("Severity", f"{pm.severity or '(none)':<11}▼", 13),
                SketchField("Status", f"{pm.status:<11}▼"),
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
        # Narrow screens stack the fields of a row (the `-narrow` styles); the sketch too.
        stacked = self.app.size.width < NARROW_WIDTH
        return FieldSketch(rows, texts, label_width=12, stacked=stacked, id="summary-sketch")

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
            if read_draft(self.pm.extra, name) is not None:  # kept on exit: say again why
                self.commit_date(name, self._typed(f"#{name}"))
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
        # Imported here, after the first frame: text areas and the list's DataTable (~15 ms).
        from ..user_text.area_field import UserTextArea
        from ..widgets.choice_select import ChoiceSelect
        from ..widgets.list_editor import Column, ListEditor

        pm = self.pm
        yield Horizontal(
            Label("Date", classes="field-label"),
            self._date_input("date"),
            Label("Severity", classes="field-label short"),
            ChoiceSelect(
                [("(none)", ""), *((s, s) for s in SEVERITIES)], value=pm.severity, id="severity"
            ),
            Label("Status", classes="field-label short"),
            ChoiceSelect([(s, s) for s in STATUSES], value=pm.status, id="status"),
            classes="field-row stacks",
        )
        yield Static("", id="date-error", classes="field-error")
        yield field_row(
            "Authors",
            UserTextInput(
                ", ".join(pm.authors),
                label="Authors",
                placeholder="teams or roles, comma-separated",
                id="authors",
                compact=True,
                select_on_focus=False,
            ),
            classes="full-only",
        )
        yield Horizontal(
            Label("Tags", classes="field-label"),
            UserTextInput(
                ", ".join(pm.tags),
                label="Tags",
                placeholder="labels, comma-separated",
                id="tags",
                compact=True,
                select_on_focus=False,
            ),
            Label("Review on", classes="field-label short"),
            self._date_input("review_on"),
            classes="field-row stacks full-only",
        )
        yield Static("", id="review_on-error", classes="field-error")
        yield Label("What happened", classes="area-label")
        yield UserTextArea(pm.summary, label="What happened", id="summary", soft_wrap=True)
        yield Label("Why it happened (root cause)", classes="area-label")
        yield UserTextArea(pm.root_cause, label="Why it happened", id="root_cause", soft_wrap=True)
        yield ListEditor(
            pm.participants,
            title="Participants",
            columns=[Column("Name", 24), Column("Role", 40)],
            row=_participant_row,
            form=_participant_form,
            field="participants",
            id="participants",
        ).add_class("full-only")

    def _date_text(self, name: DateField) -> str:
        """The date field's text: a refused entry kept as typed, else the date."""
        value = self._saved_date(name)
        draft = read_draft(self.pm.extra, name)
        return draft if draft is not None else (value.isoformat() if value else "")

    def _date_input(self, name: DateField) -> Input:
        return UserTextInput(
            self._date_text(name),
            label=DATE_FIELDS[name],
            placeholder="YYYY-MM-DD",
            id=name,
            compact=True,
            select_on_focus=False,
        )

    def _typed(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    # --- to the postmortem: one typed method per field ---------------------------------------

    def commit_fields(self) -> None:
        self.commit_title(self._typed("#title"))
        if not self.fields_built:  # the other fields are still text: nothing typed in them
            return
        self.commit_date("date", self._typed("#date"))
        self.commit_authors(self._typed("#authors"))
        self.commit_tags(self._typed("#tags"))
        self.commit_date("review_on", self._typed("#review_on"))
        self.commit_summary(self._text_area("#summary").typed_text)
        self.commit_root_cause(self._text_area("#root_cause").typed_text)

    def show_model(self, highlighted: Mapping[str, Any]) -> None:
        super().show_model(highlighted)
        pm = self.pm
        show_text(self.query_one("#title", Input), pm.title)
        if not self.fields_built:  # they are built from the postmortem as it is then
            return
        for name in DATE_FIELDS:
            if self._typed(f"#{name}").strip() != self._date_text(name):
                self.query_one(f"#{name}", Input).value = self._date_text(name)
        for name, chosen in (("severity", pm.severity), ("status", pm.status)):
            select = self.query_one(f"#{name}", Select)
            if select.value != chosen:
                select.value = chosen  # the pane sees no change: the model has it already
        for name, words in (("authors", pm.authors), ("tags", pm.tags)):
            if _words(self._typed(f"#{name}")) != words:
                self.query_one(f"#{name}", Input).value = ", ".join(words)
        show_text(self._text_area("#summary"), pm.summary)
        show_text(self._text_area("#root_cause"), pm.root_cause)

    def _text_area(self, selector: str) -> UserTextArea:
        return self.query_one(selector)  # type: ignore[return-value]

    def commit_title(self, typed: str) -> None:
        if (title := changed_text(self.pm.title, typed)) is not None:
            self.pm.title = title
            self.edited("title")

    def _saved_date(self, name: DateField) -> date | None:
        return self.pm.date if name == "date" else self.pm.review_on

    def _store_date(self, name: DateField, value: date | None) -> None:
        if name == "date":
            self.pm.date = value
        else:
            self.pm.review_on = value

    def commit_date(self, name: DateField, typed: str) -> None:
        """The incident date or the review date; a refused entry is kept as a draft."""
        error = self.query_one(f"#{name}-error", Static)
        # The field as loaded is no edit: its reason is shown again, nothing is written.
        as_loaded = typed == self._date_text(name)
        text = strip_control_chars(typed).strip()
        try:
            value = parse_optional_date(text, label=DATE_FIELDS[name])
        except TypedValueError as problem:
            error.update(shown_text(f"{problem}; kept as typed, not used yet"))
            error.add_class("-shown")
            if not as_loaded and keep_draft(self.pm.extra, name, text):
                self.edited(name)
            return
        error.remove_class("-shown")
        if as_loaded:
            return
        changed = keep_draft(self.pm.extra, name, None)
        if value != self._saved_date(name):
            self._store_date(name, value)
            changed = True
        if changed:
            self.edited(name)

    def commit_severity(self, chosen: str) -> None:
        if chosen != self.pm.severity:
            self.pm.severity = chosen
            self.edited("severity")

    def commit_status(self, chosen: str) -> None:
        if chosen and chosen != self.pm.status:  # a postmortem always has a status
            self.pm.status = chosen
            self.edited("status")

    def commit_authors(self, typed: str) -> None:
        if typed == ", ".join(self.pm.authors):  # as loaded, or no change
            return
        authors = _words(typed)
        if authors != self.pm.authors:
            self.pm.authors = authors
            self.edited("authors")

    def commit_tags(self, typed: str) -> None:
        if typed == ", ".join(self.pm.tags):  # as loaded, or no change
            return
        tags = _words(typed)
        if tags != self.pm.tags:
            self.pm.tags = tags
            self.edited("tags")

    def commit_summary(self, typed: str) -> None:
        if (text := changed_text(self.pm.summary, typed)) is not None:
            self.pm.summary = text
            self.edited("summary")

    def commit_root_cause(self, typed: str) -> None:
        if (text := changed_text(self.pm.root_cause, typed)) is not None:
            self.pm.root_cause = text
            self.edited("root_cause")

    # --- from the widgets ---------------------------------------------------------------------

    @on(Input.Changed, "#title")
    def _title(self, event: Input.Changed) -> None:
        self.commit_title(event.value)

    @on(Input.Changed, "#date")
    def _date(self, event: Input.Changed) -> None:
        self.commit_date("date", event.value)

    @on(Input.Changed, "#review_on")
    def _review_on(self, event: Input.Changed) -> None:
        self.commit_date("review_on", event.value)

    @on(Select.Changed, "#severity")
    def _severity(self, event: Select.Changed) -> None:
        self.commit_severity("" if event.value is Select.NULL else str(event.value))

    @on(Select.Changed, "#status")
    def _status(self, event: Select.Changed) -> None:
        self.commit_status("" if event.value is Select.NULL else str(event.value))

    @on(Input.Changed, "#authors")
    def _authors(self, event: Input.Changed) -> None:
        self.commit_authors(event.value)

    @on(Input.Changed, "#tags")
    def _tags(self, event: Input.Changed) -> None:
        self.commit_tags(event.value)

    # By handler name, not `@on(TextArea.Changed)`: the classes load after the first frame.
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "summary":
            self.commit_summary(self._text_area("#summary").typed_text)
        elif event.text_area.id == "root_cause":
            self.commit_root_cause(self._text_area("#root_cause").typed_text)

    def on_list_editor_changed(self, event: ListEditor.Changed) -> None:
        event.stop()
        self.edited("participants")
