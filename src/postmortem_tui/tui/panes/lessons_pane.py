"""Lessons pane: went well, went poorly, got lucky, lessons learned, evidence, appendix."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, TextArea

from ...core.model import Evidence
from ..forms.item_forms import evidence_form, text_form
from ..widgets.list_editor import Column, ListEditor
from .pane import EditorPane

#: (field, title) of the three lists of one-line lessons.
LESSON_LISTS = (
    ("what_went_well", "What went well"),
    ("what_went_poorly", "What went poorly"),
    ("where_we_got_lucky", "Where we got lucky"),
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
        for name, title in LESSON_LISTS:
            yield ListEditor(
                getattr(self.pm, name),
                title=title,
                columns=[Column(title, 70)],
                row=_line,
                form=text_form(title.lower(), title),
                empty_text="Nothing yet: press a to add a line.",
                show_header=False,
                id=name.replace("_", "-"),
            )
        yield Label("Lessons learned", classes="area-label")
        yield TextArea(self.pm.lessons_learned, id="lessons_learned", soft_wrap=True)
        yield ListEditor(
            self.pm.evidence,
            title="Evidence",
            columns=[Column("Kind", 15), Column("What it shows", 30), Column("Link", 21)],
            row=_evidence_row,
            form=evidence_form,
            empty_text="No evidence yet: press a to add a log, metric or report.",
            id="evidence",
        )
        yield Label("Appendix", classes="area-label")
        yield TextArea(self.pm.appendix, id="appendix", soft_wrap=True)

    def commit_fields(self) -> None:
        for area in self.query(TextArea):
            self.store_text(area)

    @on(TextArea.Changed)
    def _text(self, event: TextArea.Changed) -> None:
        event.stop()
        self.store_text(event.text_area)

    @on(ListEditor.Changed)
    def _list(self, event: ListEditor.Changed) -> None:
        event.stop()
        self.edited((event.editor.id or "lessons").replace("-", "_"))
