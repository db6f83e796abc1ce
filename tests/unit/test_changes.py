"""core/changes.py: what changed between two versions, in words, and the diff of their text."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.changes import (
    DiffLine,
    _columns,
    _split,
    change_summary,
    describe_changes,
    diff_text,
    pair_items,
    text_diff,
    version_time,
)
from postmortem_tui.core.model import (
    ActionItem,
    Factor,
    Postmortem,
    TimelineEvent,
)
from postmortem_tui.core.terminal_text import shown
from postmortem_tui.core.timezones import zone_named


def base() -> Postmortem:
    """The same version each time: a copy of one postmortem (new items get new ids)."""
    return copy.deepcopy(_BASE)


_BASE = Postmortem(
    title="Queue backlog after a broker failover",
    date=date(2026, 3, 4),
    status="draft",
    timeline=[
        TimelineEvent(datetime(2026, 3, 4, 23, 19, tzinfo=UTC), "Failover", "started"),
        TimelineEvent(datetime(2026, 3, 4, 23, 50, tzinfo=UTC), "Queue alert", "detected"),
    ],
    factors=[Factor("Retry job has no rate limit"), Factor("No disk alert below 95%")],
    actions=[
        ActionItem(text="Rate-limit the retry job", owner="@queue"),
        ActionItem(text="Alert at 80% disk", owner="@storage"),
        ActionItem(text="Runbook for volume expansion", owner="@storage"),
    ],
)


def test_equal_versions_have_no_changes() -> None:
    assert describe_changes(base(), base()) == []
    assert change_summary(base(), base()) == "same content as the version before"
    assert change_summary(None, base()) == "earliest version here"


def test_the_summary_names_fields_items_and_done_actions() -> None:
    after = base()
    after.title = "Queue backlog after a failover"
    after.status = "review"
    after.timeline.append(TimelineEvent(None, "Backlog drained"))
    after.timeline.append(TimelineEvent(None, "All clear"))
    after.actions[2].done = True
    assert change_summary(base(), after) == (
        "title changed; status draft → review; 2 events added; action 3 marked done"
    )


def test_edited_removed_reordered_and_reopened() -> None:
    before = base()
    before.actions[0].done = True
    after = copy.deepcopy(before)
    after.timeline[1].event = "Queue disk alert"  # the same event: its time names it
    del after.factors[0]
    after.actions[0].done = False
    after.actions[0].owner = "@queue-team"
    after.actions.reverse()
    assert describe_changes(before, after) == [
        "event 2 edited",
        "1 factor removed",
        "action 3 open again",
        "action 3 edited",
        "actions reordered",
    ]


def test_items_with_ids_are_matched_by_id_only() -> None:
    before = [Factor("Retry job", id="f1"), Factor("Disk alert", id="f2")]
    after = [Factor("Disk alert", id="f3"), Factor("Retry job, unbounded", id="f1")]
    assert pair_items(before, after) == {0: 1}
    lines = describe_changes(Postmortem("t", factors=before), Postmortem("t", factors=after))
    assert lines == ["1 factor added", "1 factor removed", "factor 2 edited"]


def test_fields_added_and_cleared() -> None:
    after = base()
    after.summary = "Webhooks were late for two hours."
    assert describe_changes(base(), after) == ["summary added"]
    assert describe_changes(after, base()) == ["summary cleared"]


def test_merge_conflicts_kept_in_a_file_are_counted() -> None:
    conflicted = base()
    conflicted.extra["conflicts"] = [{"field": "summary", "ours": "a", "theirs": "b"}]
    assert describe_changes(base(), conflicted) == ["1 merge conflict to resolve"]
    assert describe_changes(conflicted, base()) == ["1 merge conflict resolved"]


def test_version_time_is_shown_in_the_zone() -> None:
    at = datetime(2026, 3, 4, 23, 50, 5, tzinfo=UTC)
    assert version_time(at, zone_named("UTC")) == "2026-03-04 23:50:05 UTC"
    assert version_time(at, zone_named("America/New_York")) == "2026-03-04 18:50:05 EST"
    assert version_time(at, zone_named("UTC"), with_zone=False) == "2026-03-04 23:50:05"


def test_the_diff_marks_lines_and_shows_escapes() -> None:
    old = 'title = "Queue backlog"\nstatus = "draft"\n'
    new = 'title = "Queue \x1b]0;owned\x07backlog"\nstatus = "draft"\n'
    lines = text_diff(old, new, old_label="version 2", new_label="now")
    text = diff_text(lines)
    assert text.splitlines()[:3] == ["- version 2", "+ now", "@ line 1"]
    assert '- title = "Queue backlog"' in text
    assert "\x1b" not in text and "\x07" not in text
    assert "␛]0;owned␇" in text
    assert text_diff(old, old, old_label="a", new_label="b") == []


def test_a_long_line_goes_on_under_its_marker() -> None:
    new = 'event = "' + "word " * 40 + '"'
    text = diff_text(text_diff("", new, old_label="a", new_label="b", width=40))
    body = text.splitlines()[3:]
    assert len(body) > 3
    assert all(line.startswith("+ ") for line in body)
    assert all(len(line) <= 40 for line in body)


lines_of_text = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(old=lines_of_text, new=lines_of_text, width=st.integers(min_value=20, max_value=120))
def test_every_diff_line_fits_and_is_safe(old: list[str], new: list[str], width: int) -> None:
    """Every line of a diff fits the width (wide characters count two) with its marker, and
    holds nothing that could act on a terminal; equal texts give no diff."""
    old_text, new_text = "\n".join(old), "\n".join(new)
    lines = text_diff(old_text, new_text, old_label="a", new_label="b", width=width)
    if old_text.splitlines() == new_text.splitlines():
        assert lines == []
        return
    for line in lines:
        assert shown(line.text, one_line=True) == line.text
        if line.kind in "-+ ":
            assert _columns(line.text) + 2 <= width


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400),
    width=st.integers(min_value=20, max_value=120),
)
def test_a_cut_line_puts_back_together(text: str, width: int) -> None:
    safe = shown(text, one_line=True)
    pieces = _split(DiffLine("+", safe), width)
    assert all(piece.kind == "+" for piece in pieces)
    assert all(piece.text.startswith("  ") for piece in pieces[1:])
    assert pieces[0].text + "".join(piece.text[2:] for piece in pieces[1:]) == safe
    assert all(_columns(piece.text) + 2 <= width for piece in pieces)
