"""Lessons pane: went well, went poorly, got lucky, lessons learned, evidence, appendix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, TextArea

from ...core.model import Evidence, Postmortem
from ..forms.item_forms import evidence_form, text_form
from ..user_text.area_field import UserTextArea
from ..widgets.list_editor import Column, ListEditor
from .pane import EditorPane, changed_text, show_text


def lesson_lists(pm: Postmortem) -> tuple[tuple[str, str, list[str]], ...]:
    """(field, title, the list itself) of the three lists of one-line lessons."""
    return (
        ("what_went_well", "What went well", pm.what_went_well),
        ("what_went_poorly", "What went poorly", pm.what_went_poorly),
        ("where_we_got_lucky", "Where we got lucky", pm.where_we_got_lucky),
    )


def _line(text: str) -> tuple[Text]:
    return (Text(text, no_wrap=True, overflow="ellipsis"),)


def _evidence_row(evidence: Evidence) -> tuple[str, Text, Text]:
    return (
        evidence.kind,
        Text(evidence.text, no_wrap=True, overflow="ellipsis"),
        Text(evidence.link, no_wrap=True, overflow="ellipsis"),
    )


class LessonsPane(EditorPane):
    def compose(self) -> ComposeResult:
        for name, title, lines in lesson_lists(self.pm):
            yield ListEditor(
                lines,
                title=title,
                columns=[Column(title, 70, grow=1)],
                row=_line,
                form=text_form(title.lower(), title),
                empty_text="Nothing yet: press a to add a line.",
                show_header=False,
                field=name,
                id=name.replace("_", "-"),
            )
        yield Label("Lessons learned", classes="area-label")
        yield UserTextArea(
            self.pm.lessons_learned, label="Lessons learned", id="lessons_learned", soft_wrap=True
        )
        yield ListEditor(
            self.pm.evidence,
            title="Evidence",
            columns=[
                Column("Kind", 15),
                Column("What it shows", 30, grow=2),
                Column("Link", 21, grow=1),
            ],
            row=_evidence_row,
            form=evidence_form,
            empty_text="No evidence yet: press a to add a log, metric or report.",
            field="evidence",
            id="evidence",
        )
        yield Label("Appendix", classes="area-label")
        yield UserTextArea(self.pm.appendix, label="Appendix", id="appendix", soft_wrap=True)

    def show_model(self, highlighted: Mapping[str, Any]) -> None:
        super().show_model(highlighted)
        show_text(self.query_one("#lessons_learned", UserTextArea), self.pm.lessons_learned)
        show_text(self.query_one("#appendix", UserTextArea), self.pm.appendix)

    def commit_fields(self) -> None:
        self.commit_lessons_learned(self.query_one("#lessons_learned", UserTextArea).typed_text)
        self.commit_appendix(self.query_one("#appendix", UserTextArea).typed_text)

    def commit_lessons_learned(self, typed: str) -> None:
        if (text := changed_text(self.pm.lessons_learned, typed)) is not None:
            self.pm.lessons_learned = text
            self.edited("lessons_learned")

    def commit_appendix(self, typed: str) -> None:
        if (text := changed_text(self.pm.appendix, typed)) is not None:
            self.pm.appendix = text
            self.edited("appendix")

    @on(TextArea.Changed, "#lessons_learned")
    def _lessons_learned(self, event: TextArea.Changed) -> None:
        event.stop()
        self.commit_lessons_learned(self.query_one("#lessons_learned", UserTextArea).typed_text)

    @on(TextArea.Changed, "#appendix")
    def _appendix(self, event: TextArea.Changed) -> None:
        event.stop()
        self.commit_appendix(self.query_one("#appendix", UserTextArea).typed_text)

    @on(ListEditor.Changed)
    def _list(self, event: ListEditor.Changed) -> None:
        """The list edits the postmortem's own list in place; say which one changed."""
        event.stop()
        self.edited(event.editor.field or "lessons")
