"""The team's own sections: one text area per section the workspace's `postmortem.toml`
declares (`[[sections]]`), then any the postmortem holds that it no longer declares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Label, TextArea

from ...core.team_sections import SectionSpec, ordered_sections, section_text, set_section_text
from ..user_text.area_field import UserTextArea
from ..user_text.shown import shown_text
from .pane import EditorPane, changed_text, show_text

_PREFIX = "team-"


class TeamPane(EditorPane):
    def _specs(self) -> list[SectionSpec]:
        """The declared sections of this format, then the ones only the file holds."""
        declared = tuple(s for s in self.team_sections if self.pm.format in s.formats)
        return [
            next((d for d in declared if d.id == s.id), SectionSpec(s.id, s.title))
            for s in ordered_sections(self.pm, declared)
        ]

    def compose(self) -> ComposeResult:
        self._spec_of: dict[str, SectionSpec] = {}
        for spec in self._specs():
            title = f"{spec.title} (required)" if spec.required else spec.title
            yield Label(shown_text(title), classes="area-label")
            area = UserTextArea(
                section_text(self.pm, spec.id),
                label=spec.title,
                id=f"{_PREFIX}{spec.id}",
                soft_wrap=True,
                placeholder=spec.prompt,
            )
            self._spec_of[f"{_PREFIX}{spec.id}"] = spec
            yield area

    def _areas(self) -> list[tuple[UserTextArea, SectionSpec]]:
        return [
            (area, self._spec_of[area.id])
            for area in self.query(UserTextArea)
            if area.id in self._spec_of
        ]

    def show_model(self, highlighted: Mapping[str, Any]) -> None:
        super().show_model(highlighted)
        for area, spec in self._areas():
            show_text(area, section_text(self.pm, spec.id))

    def commit_fields(self) -> None:
        for area, spec in self._areas():
            self.commit_section(spec, area.typed_text)

    def commit_section(self, spec: SectionSpec, typed: str) -> None:
        if (text := changed_text(section_text(self.pm, spec.id), typed)) is not None:
            order = [s.id for s in self.team_sections]
            set_section_text(self.pm, spec, text, order=order)
            self.edited("sections")

    def focus_field(self, field: str, span: tuple[int, int] | None = None) -> bool:
        section_id = field.removeprefix("sections.")
        for area, spec in self._areas():
            if spec.id == section_id:
                area.focus()
                return True
        return super().focus_field(field, span)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        spec = self._spec_of.get(area.id or "")
        if isinstance(area, UserTextArea) and spec is not None:
            event.stop()
            self.commit_section(spec, area.typed_text)
