"""The sections of a postmortem: which fields each one holds, in the order they are written.

The editor has one pane per section (and a few panes, such as the preview, that edit none);
the review groups and orders its findings by section. Pure, no Textual.
"""

from __future__ import annotations

from .record import FrozenRecord, set_field

__all__ = ["SECTIONS", "Section", "section_named"]


class Section(FrozenRecord):
    """One section: its id, its title, and the postmortem's top-level fields it holds."""

    __slots__ = ("id", "title", "fields")  # noqa: RUF023
    id: str
    title: str
    fields: tuple[str, ...]

    def __init__(self, *, id: str, title: str, fields: tuple[str, ...]) -> None:
        set_field(self, "id", id)
        set_field(self, "title", title)
        set_field(self, "fields", fields)


SECTIONS: tuple[Section, ...] = (
    Section(
        id="summary",
        title="Summary",
        fields=(
            "title",
            "date",
            "status",
            "severity",
            "format",
            "authors",
            "tags",
            "review_on",
            "summary",
            "root_cause",  # edited on the summary pane, under what happened
            "participants",
        ),
    ),
    Section(id="timeline", title="Timeline", fields=("timezone", "timeline")),
    Section(id="factors", title="Contributing factors", fields=("five_whys", "factors")),
    Section(id="impact", title="Impact", fields=("impact",)),
    Section(id="actions", title="Action items", fields=("actions",)),
    Section(
        id="lessons",
        title="Lessons",
        fields=(
            "what_went_well",
            "what_went_poorly",
            "where_we_got_lucky",
            "lessons_learned",
            "appendix",
            "evidence",
        ),
    ),
    # The team's own sections: `[sections.<id>]`, kept among the file's unknown keys.
    Section(id="team", title="Team sections", fields=("sections",)),
)


def section_named(section_id: str) -> Section:
    """The section with this id; raises KeyError for an unknown one."""
    for section in SECTIONS:
        if section.id == section_id:
            return section
    raise KeyError(section_id)
