"""Panes commit to the postmortem through typed methods: every field reaches its attribute
with the same `Edited` name the editor reacts to, whether typed or taken as a draft."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from editor_support import SIZE, editor, sample_app, wait_for
from textual.widgets import Input, Select, TextArea

import postmortem_tui.tui.panes as panes_package
from postmortem_tui.core.model import Postmortem
from postmortem_tui.tui.panes.pane import EditorPane

#: (pane, widget id, what is entered, what the postmortem then holds, the Edited name)
FIELDS: list[tuple[str, str, str, Callable[[Postmortem], object], object, str]] = [
    ("summary", "title", "Queue \x1bstalled", lambda pm: pm.title, "Queue stalled", "title"),
    ("summary", "date", "2026-01-02", lambda pm: pm.date, date(2026, 1, 2), "date"),
    ("summary", "review_on", "2026-05-01", lambda pm: pm.review_on, date(2026, 5, 1), "review_on"),
    ("summary", "authors", "SRE, Payments", lambda pm: pm.authors, ["SRE", "Payments"], "authors"),
    ("summary", "tags", "queue, db", lambda pm: pm.tags, ["queue", "db"], "tags"),
    ("summary", "severity", "minor", lambda pm: pm.severity, "minor", "severity"),
    ("summary", "summary", "Jobs waited.", lambda pm: pm.summary, "Jobs waited.", "summary"),
    (
        "summary",
        "root_cause",
        "A full disk.",
        lambda pm: pm.root_cause,
        "A full disk.",
        "root_cause",
    ),
    ("impact", "users_affected", "1,200", lambda pm: pm.impact.users_affected, 1200, "impact"),
    (
        "impact",
        "users_affected_percent",
        "7%",
        lambda pm: pm.impact.users_affected_percent,
        7.0,
        "impact",
    ),
    (
        "impact",
        "reputation",
        "A status post",
        lambda pm: pm.impact.reputation,
        "A status post",
        "impact",
    ),
    (
        "lessons",
        "lessons_learned",
        "Alert on disk.",
        lambda pm: pm.lessons_learned,
        "Alert on disk.",
        "lessons_learned",
    ),
    ("lessons", "appendix", "Graphs.", lambda pm: pm.appendix, "Graphs.", "appendix"),
]


def enter(pane: EditorPane, widget_id: str, value: str) -> None:
    widget = pane.query_one(f"#{widget_id}")
    if isinstance(widget, Input | Select):
        widget.value = value
    elif isinstance(widget, TextArea):
        widget.clear()
        widget.insert(value)
    else:
        raise AssertionError(f"no field #{widget_id}")


def recording(pane: EditorPane) -> list[str]:
    """The `what` of every edit the pane reports from now on."""
    seen: list[str] = []
    report = pane.edited

    def edited(what: str) -> None:
        seen.append(what)
        report(what)

    pane.edited = edited  # type: ignore[method-assign]
    return seen


@pytest.mark.parametrize(
    ("pane_id", "widget_id", "value", "held", "expected", "what"),
    FIELDS,
    ids=[f"{f[0]}-{f[1]}" for f in FIELDS],
)
@pytest.mark.parametrize("path", ["typed", "draft"])
async def test_each_field_commits_to_its_attribute(
    workspace_path: Path,
    config_path: Path,
    pane_id: str,
    widget_id: str,
    value: str,
    held: Callable[[Postmortem], object],
    expected: object,
    what: str,
    path: str,
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await screen.action_goto(pane_id)
        pane = screen.pane(pane_id)
        assert pane is not None
        await pilot.pause()
        seen = recording(pane)
        assert held(screen.pm) != expected
        if path == "typed":
            enter(pane, widget_id, value)
            await wait_for(pilot, lambda: held(screen.pm) == expected)
        else:  # the change message has not arrived: leaving takes it from the widget
            widget = pane.query_one(f"#{widget_id}")
            with widget.prevent(Input.Changed, TextArea.Changed, Select.Changed):
                enter(pane, widget_id, value)
            await pilot.pause()
            if isinstance(widget, Select):
                return  # a choice has no draft: it reaches the postmortem at once
            assert held(screen.pm) != expected
            assert pane.commit_drafts()
            assert held(screen.pm) == expected
        assert seen == [what]


def test_no_pane_reaches_the_model_by_a_computed_name() -> None:
    """getattr/setattr with a widget's id was how panes used to find their attribute."""
    for path in Path(panes_package.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "setattr(" not in source and "getattr(" not in source, path.name
