"""Precision and recall of blame and vagueness detection on a labelled corpus of our own."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from postmortem_tui.core.model import ActionItem, Participant, Postmortem, TimelineEvent
from postmortem_tui.core.review import review

CORPUS = Path(__file__).parent.parent / "data" / "review_corpus.toml"
THRESHOLD = 0.9
BLAME_RULES = {"blame-person", "blame-phrase"}
VAGUE_RULES = {"vague-action", "action-too-short"}


def load_corpus() -> dict:
    return tomllib.loads(CORPUS.read_text(encoding="utf-8"))


def corpus_postmortem(corpus: dict) -> Postmortem:
    """Each sentence as a timeline event, each action text as an owned, dated item."""
    return Postmortem(
        title="Corpus",
        participants=[Participant(name=name) for name in corpus["participants"]],
        timeline=[TimelineEvent(event=s["text"]) for s in corpus["sentence"]],
        actions=[
            ActionItem(text=a["text"], owner=corpus["owners"][0], due=date(2026, 5, 1))
            for a in corpus["action"]
        ],
    )


def flagged_indexes(pm: Postmortem, prefix: str, rules: set[str]) -> set[int]:
    findings = review(pm, today=date(2026, 4, 1))
    return {
        int(f.field[len(prefix) + 1 :].split("]")[0])
        for f in findings
        if f.rule_id in rules and f.field.startswith(prefix + "[")
    }


def score(labels: list[bool], flagged: set[int]) -> tuple[float, float, list[int], list[int]]:
    true_pos = [i for i, positive in enumerate(labels) if positive and i in flagged]
    false_pos = [i for i, positive in enumerate(labels) if not positive and i in flagged]
    false_neg = [i for i, positive in enumerate(labels) if positive and i not in flagged]
    precision = len(true_pos) / max(1, len(true_pos) + len(false_pos))
    recall = len(true_pos) / max(1, len(true_pos) + len(false_neg))
    return precision, recall, false_pos, false_neg


def test_corpus_is_big_enough_and_mostly_neutral_facts_that_name_people() -> None:
    corpus = load_corpus()
    assert len(corpus["sentence"]) + len(corpus["action"]) >= 120
    names = [p.split()[0] for p in corpus["participants"]] + ["@"]
    neutral_named = [
        s
        for s in corpus["sentence"]
        if s["label"] == "neutral" and any(n in s["text"] for n in names)
    ]
    assert len(neutral_named) >= 40
    assert {s["label"] for s in corpus["sentence"]} == {"blame", "neutral"}
    assert {a["label"] for a in corpus["action"]} == {"vague", "concrete"}


@pytest.mark.parametrize(
    ("section", "prefix", "positive", "rules"),
    [
        ("sentence", "timeline", "blame", BLAME_RULES),
        ("action", "actions", "vague", VAGUE_RULES),
    ],
    ids=["blame", "vagueness"],
)
def test_precision_and_recall(section: str, prefix: str, positive: str, rules: set[str]) -> None:
    corpus = load_corpus()
    items = corpus[section]
    labels = [item["label"] == positive for item in items]
    flagged = flagged_indexes(corpus_postmortem(corpus), prefix, rules)
    precision, recall, false_pos, false_neg = score(labels, flagged)
    print(
        f"\n{positive}: precision {precision:.3f}, recall {recall:.3f} "
        f"({sum(labels)} {positive}, {len(labels) - sum(labels)} not)"
    )
    for label, indexes in (("false alarm", false_pos), ("missed", false_neg)):
        for i in indexes:
            print(f"  {label}: {items[i]['text']}")
    assert precision >= THRESHOLD
    assert recall >= THRESHOLD


def test_score_counts_false_alarms_and_misses() -> None:
    precision, recall, false_pos, false_neg = score([True, True, False, False], {0, 2})
    assert (precision, recall, false_pos, false_neg) == (0.5, 0.5, [2], [1])
