"""A finding names its field as a person sees it on the pane; the path in the file stays."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from postmortem_tui.core.model import (
    ActionItem,
    Factor,
    Impact,
    Postmortem,
    TimelineEvent,
    WhyStep,
)
from postmortem_tui.core.review import Finding, review
from postmortem_tui.core.review_places import first_words

TODAY = date(2026, 3, 20)


def postmortem() -> Postmortem:
    return Postmortem(
        title="Checkout errors after a config push",
        date=date(2026, 3, 12),
        timeline=[
            TimelineEvent(
                at=datetime(2026, 3, 12, 22, 52, tzinfo=UTC),
                event="Routine maintenance restarts the pool; someone forgot to drain it",
            ),
            TimelineEvent(at=datetime(2026, 3, 13, 0, 10, tzinfo=UTC), event="Human error, again"),
        ],
        five_whys=[WhyStep(question="Why did the pool empty?", answer="Because of human error")],
        factors=[Factor(text="The pipeline has no schema check for configs")],
        impact=Impact(user_facing="Operator error left checkout down"),
        actions=[
            ActionItem(kind="detect", text="Alert when the pool has no free connections"),
            ActionItem(kind="detect", text="", owner="@platform", due=date(2026, 4, 1)),
        ],
        what_went_well=["Sam was at fault for the rollback"],
    )


def where(findings: list[Finding], field: str) -> set[str]:
    return {f.where for f in findings if f.field == field}


@pytest.mark.parametrize(
    ("field", "named"),
    [
        ("timeline[0].event", "Timeline, 22:52 UTC Routine maintenance restarts…"),
        ("timeline[1].event", "Timeline, 03-13 00:10 UTC Human error, again"),
        ("five_whys[0].answer", "Contributing factors, 5 Whys: Why did the pool empty? (because…)"),
        ("impact.user_facing", "Impact, Users could not"),
        ("actions[0].owner", "Action items, Alert when the pool has no free… (owner)"),
        ("actions[1].text", "Action items, item 2"),
        ("actions", "Action items"),
        ("review_on", "Summary, Review on"),
        ("summary", "Summary, What happened"),
        ("what_went_well[0]", "Lessons, What went well: Sam was at fault for the…"),
    ],
)
def test_findings_name_fields_as_the_panes_show_them(field: str, named: str) -> None:
    findings = review(postmortem(), today=TODAY)
    assert where(findings, field) == {named}


def test_the_json_keeps_the_path_beside_the_name() -> None:
    finding = next(f for f in review(postmortem(), today=TODAY) if f.field == "actions[0].due")
    shown = finding.as_json()
    assert shown["field"] == "actions[0].due"
    assert shown["where"] == "Action items, Alert when the pool has no free… (due date)"
    assert shown["pane"] == "actions"


def test_a_finding_made_without_a_place_is_named_by_its_pane() -> None:
    finding = Finding("empty-impact", "warning", "impact", None, "The impact is empty", "")
    assert (finding.place, finding.where) == ("", "Impact")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Short one", "Short one"),
        ("Retries doubled\nthe   backlog", "Retries doubled the backlog"),
        ("A text that runs on for rather longer than a name", "A text that runs on for rather…"),
        ("Supercalifragilisticexpialidocious-and-more-so", "Supercalifragilisticexpialidoci…"),
        ("Ends with a comma, then goes on for a while", "Ends with a comma, then goes on…"),
    ],
)
def test_first_words_cut_at_a_word(text: str, shown: str) -> None:
    assert first_words(text) == shown
