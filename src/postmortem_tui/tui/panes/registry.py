"""The one registry of the editor's panes: everything the editor, the pane bar, the go-to
dialog, the help screen, the palette and the review know about a pane.

Adding a pane is one entry here plus its class (and its CSS, if it needs any). Each entry
imports its class only when the pane is first shown: the first frame needs only the summary,
and the preview alone pulls in Markdown, markdown-it and Pygments (~30 ms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ...core.model import Postmortem
from ...core.sections import Section, section_named
from .pane import EditorPane

__all__ = ["PANES", "Pane", "pane_editing", "pane_named"]


@dataclass(frozen=True, kw_only=True)
class Pane:
    """One pane of the editor."""

    id: str  # also the name in `goto('<id>')` and in a finding's `pane`
    key: str  # Textual key: "f2"
    name: str  # short, for the pane bar, the footer and the go-to dialog: "Factors"
    command: str  # palette wording: "Go to contributing factors"
    in_quick: bool  # the quick format shows it too
    section: Section | None  # the part of the postmortem it edits (None: it edits none)
    load: Callable[[], type[EditorPane]]  # imports and returns the pane's class
    in_footer: bool = False  # its key is shown in the footer too (the bar may cut it off)
    #: shown only when the workspace declares sections of its own (`[[sections]]`)
    only_with_team_sections: bool = False

    @property
    def heading(self) -> str:
        """Its title above its findings on the review pane: the section's title."""
        return self.section.title if self.section is not None else self.name

    @property
    def widget_id(self) -> str:
        return f"{self.id}-pane"

    def build(self, pm: Postmortem, *, today: date) -> EditorPane:
        """A new pane editing `pm` (its module is imported now, the first time)."""
        return self.load()(pm, today=today, id=self.widget_id)


def _summary() -> type[EditorPane]:
    from .summary_pane import SummaryPane

    return SummaryPane


def _timeline() -> type[EditorPane]:
    from .timeline_pane import TimelinePane

    return TimelinePane


def _factors() -> type[EditorPane]:
    from .factors_pane import FactorsPane

    return FactorsPane


def _impact() -> type[EditorPane]:
    from .impact_pane import ImpactPane

    return ImpactPane


def _actions() -> type[EditorPane]:
    from .actions_pane import ActionsPane

    return ActionsPane


def _lessons() -> type[EditorPane]:
    from .lessons_pane import LessonsPane

    return LessonsPane


def _team() -> type[EditorPane]:
    from .team_pane import TeamPane

    return TeamPane


def _preview() -> type[EditorPane]:
    from .preview_pane import PreviewPane

    return PreviewPane


def _review() -> type[EditorPane]:
    from .review_pane import ReviewPane

    return ReviewPane


#: Every pane, in the order of the pane bar and the go-to dialog.
PANES: tuple[Pane, ...] = (
    Pane(
        id="summary",
        key="f2",
        name="Summary",
        command="Go to summary",
        in_quick=True,
        section=section_named("summary"),
        load=_summary,
    ),
    Pane(
        id="timeline",
        key="f3",
        name="Timeline",
        command="Go to timeline",
        in_quick=False,
        section=section_named("timeline"),
        load=_timeline,
    ),
    Pane(
        id="factors",
        key="f4",
        name="Factors",
        command="Go to contributing factors",
        in_quick=False,
        section=section_named("factors"),
        load=_factors,
    ),
    Pane(
        id="impact",
        key="f5",
        name="Impact",
        command="Go to impact",
        in_quick=False,
        section=section_named("impact"),
        load=_impact,
    ),
    Pane(
        id="actions",
        key="f6",
        name="Actions",
        command="Go to action items",
        in_quick=True,
        section=section_named("actions"),
        load=_actions,
    ),
    Pane(
        id="lessons",
        key="f7",
        name="Lessons",
        command="Go to lessons",
        in_quick=False,
        section=section_named("lessons"),
        load=_lessons,
    ),
    Pane(
        id="team",
        key="f11",
        name="Team",
        command="Go to the team's own sections",
        in_quick=True,
        section=section_named("team"),
        load=_team,
        only_with_team_sections=True,
    ),
    Pane(
        id="preview",
        key="f8",
        name="Preview",
        command="Go to preview",
        in_quick=True,
        section=None,
        load=_preview,
    ),
    Pane(
        id="review",
        key="f10",
        name="Review",
        command="Go to review",
        in_quick=True,
        section=None,
        load=_review,
        in_footer=True,
    ),
)


def pane_named(pane_id: str) -> Pane:
    """The registry's entry for `pane_id`; raises KeyError for an unknown one."""
    for pane in PANES:
        if pane.id == pane_id:
            return pane
    raise KeyError(pane_id)


def pane_editing(field: str) -> Pane:
    """The pane that edits the postmortem's field `field` ("timeline", "five_whys")."""
    for pane in PANES:
        if pane.section is not None and field in pane.section.fields:
            return pane
    raise KeyError(field)
