"""The pane registry is the one source of what the editor, the go-to dialog, the pane bar,
the help screen, the palette and the review know about panes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from editor_support import SIZE, editor, sample_app, wait_for
from textual.widgets import OptionList

from postmortem_tui.core.review import Finding
from postmortem_tui.core.sections import SECTIONS
from postmortem_tui.tui.forms.goto_pane import GoToPaneDialog
from postmortem_tui.tui.panes.pane import EditorPane
from postmortem_tui.tui.panes.registry import PANES, Pane, pane_named
from postmortem_tui.tui.panes.review_pane import ReviewPane
from postmortem_tui.tui.screens.editor import EditorScreen
from postmortem_tui.tui.widgets.pane_bar import PaneBar


@pytest.mark.parametrize("pane", PANES, ids=lambda p: p.id)
def test_every_pane_has_its_goto_action_from_the_registry(pane: Pane) -> None:
    actions = {a.id: a for a in EditorScreen.ACTIONS}
    goto = actions[f"editor.goto_{pane.id}"]
    assert goto.keys == pane.key
    assert goto.action == f"goto('{pane.id}')"
    assert goto.description == pane.name
    assert goto.command == pane.command
    assert goto.show == pane.in_footer


def test_the_editor_has_no_goto_action_the_registry_does_not_name() -> None:
    gotos = [a for a in EditorScreen.ACTIONS if a.action.startswith("goto(")]
    assert [a.id for a in gotos] == [f"editor.goto_{p.id}" for p in PANES]
    assert len({p.key for p in PANES}) == len(PANES)
    assert len({p.id for p in PANES}) == len(PANES)


def test_every_section_of_the_postmortem_has_exactly_one_pane() -> None:
    edited = [p.section.id for p in PANES if p.section is not None]
    assert edited == [s.id for s in SECTIONS]
    assert all(p.section is None or p.section.id == p.id for p in PANES)


@pytest.mark.parametrize("pane", PANES, ids=lambda p: p.id)
def test_every_entry_loads_an_editor_pane(pane: Pane) -> None:
    assert issubclass(pane.load(), EditorPane)


def test_the_first_frame_imports_no_pane_it_does_not_show() -> None:
    """Importing the editor leaves the preview (and Markdown with it) unimported until shown."""
    probe = (
        "import sys\n"
        "from postmortem_tui.tui.screens.editor import EditorScreen\n"
        "from postmortem_tui.tui.panes.registry import pane_named\n"
        "names = ('postmortem_tui.tui.panes.preview_pane', 'textual.widgets._markdown')\n"
        "print([n in sys.modules for n in names])\n"
        "pane_named('preview').load()\n"
        "print([n in sys.modules for n in names])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["[False, False]", "[True, True]"]


async def test_go_to_dialog_and_pane_bar_list_the_registry(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=(160, 24)) as pilot:
        shown = [p for p in PANES if not p.only_with_team_sections]  # the sample has none
        bar = str(app.screen.query_one(PaneBar).visual)
        assert all(f" {p.key} {p.name}" in bar for p in shown), bar
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, GoToPaneDialog))
        options = app.screen.query_one(OptionList).options
        assert [o.id for o in options] == [p.id for p in shown]
        assert [str(o.prompt) for o in options] == [
            f"{n}  {p.name}  ({p.key})" for n, p in enumerate(shown, start=1)
        ]


async def test_review_findings_are_headed_by_the_registry(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    findings = [
        Finding("test-rule", "hint", section.fields[0], None, "flagged", "") for section in SECTIONS
    ]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10")
        await wait_for(pilot, lambda: editor(app).current_pane == "review")
        review = editor(app).pane("review")
        assert isinstance(review, ReviewPane)
        await wait_for(pilot, lambda: bool(review.findings))  # the sample's own review is in
        review.show_findings(findings)
        headings = [str(o.prompt) for o in review.query_one(OptionList).options if o.disabled]
        expected = [pane_named(s.id) for s in SECTIONS]
        assert headings == [f"{p.heading} ({p.key})" for p in expected]
        assert headings[2] == "Contributing factors (f4)"
