"""Conflicts kept in a postmortem file (core/conflicts.py): read, written, resolved, and
reported by the review."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.conflicts import (
    BadConflictEntry,
    ConflictPathError,
    bad_conflict_entries,
    conflicts_in,
    drop_conflict,
    merge_conflict_tables,
    resolve,
    with_conflicts,
)
from postmortem_tui.core.merge import Conflict, merge
from postmortem_tui.core.model import (
    ActionItem,
    Factor,
    Postmortem,
    TimelineEvent,
    ValidationError,
    from_dict,
)
from postmortem_tui.core.review import review
from postmortem_tui.storage.workspace import dumps, parse_postmortem

TODAY = date(2026, 3, 20)


def at(minute: int) -> datetime:
    return datetime(2026, 3, 12, 9, minute, tzinfo=UTC)


def base() -> Postmortem:
    """One version each time (a copy: items made again would get new ids)."""
    return copy.deepcopy(_BASE)


_BASE = Postmortem(
    title="Checkout errors after a config push",
    summary="Checkout failed for 20 minutes.",
    timeline=[
        TimelineEvent(at=at(0), event="Config push reaches production"),
        TimelineEvent(at=at(3), event="Error rate alert fires"),
        TimelineEvent(at=at(20), event="Push rolled back"),
    ],
    factors=[Factor(text="No schema check"), Factor(text="No canary")],
    actions=[ActionItem(kind="prevent", text="Add a schema check", factors=[2])],
)


def conflicted() -> tuple[Postmortem, tuple[Conflict, ...]]:
    """A merge with a conflict on a field, on an item's field, and on a whole item; saved and
    loaded again, as the merge driver leaves it."""
    ours, theirs = base(), base()
    ours.summary, theirs.summary = "Checkout failed.", "Checkout was down."
    ours.timeline[1].event, theirs.timeline[1].event = "Alert fires", "Pager alert fires"
    del ours.factors[0]
    ours.actions[0].factors = [1]
    theirs.factors[0].text = "No schema check in the pipeline"
    result = merge(base(), ours, theirs)
    pm = with_conflicts(result.postmortem, result.conflicts)
    return parse_postmortem(dumps(pm).encode(), Path("x.toml")), result.conflicts


def test_conflicts_written_by_with_conflicts_load_back_equal() -> None:
    pm, conflicts = conflicted()
    assert [c.field for c in conflicts] == ["summary", "timeline[1].event", "factors[0]"]
    assert conflicts_in(pm) == list(conflicts)
    assert bad_conflict_entries(pm) == []


def test_with_conflicts_adds_each_conflict_once_and_none_leaves_no_key() -> None:
    pm, conflicts = conflicted()
    with_conflicts(pm, conflicts)
    assert conflicts_in(pm) == list(conflicts)
    clean = with_conflicts(base(), [])
    assert "conflicts" not in clean.extra


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        (["summary"], "not a table"),
        ([{"ours": "x"}], "no `field`"),
        ([{"field": 3}], "no `field`"),
        ([{"field": "timeline[x]"}], "names no field"),
        ([{"field": "summary", "mine": "x"}], "unknown key 'mine'"),
    ],
)
def test_hand_edited_junk_is_reported_never_raised(entries: list[Any], reason: str) -> None:
    pm = base()
    pm.extra["conflicts"] = [*entries, {"field": "summary", "ours": "a", "theirs": "b"}]
    assert conflicts_in(pm) == [Conflict("summary", None, "a", "b")]
    (bad,) = bad_conflict_entries(pm)
    assert bad.index == 0 and reason in bad.reason
    findings = [f for f in review(pm, today=TODAY) if f.rule_id == "bad-conflict-entry"]
    assert [(f.field, f.severity) for f in findings] == [("conflicts[0]", "error")]


def test_a_conflicts_key_that_is_not_a_list_is_reported() -> None:
    pm = base()
    pm.extra["conflicts"] = "summary"
    assert conflicts_in(pm) == []
    assert bad_conflict_entries(pm) == [BadConflictEntry(0, "`conflicts` is not a list of tables")]


def test_lint_reports_each_conflict_as_an_error_naming_the_field() -> None:
    pm, _ = conflicted()
    findings = [f for f in review(pm, today=TODAY) if f.rule_id == "merge-conflict"]
    assert [(f.field, f.severity) for f in findings] == [
        ("summary", "error"),
        ("timeline[1].event", "error"),
        ("factors[0]", "error"),
    ]
    assert findings[0].message == (
        "Unresolved merge conflict in summary: one version has “Checkout failed.”, "
        "the other “Checkout was down.”"
    )
    assert "one version has deleted it, the other “No schema check in the pipeline”" in (
        findings[2].message
    )
    assert findings[1].where == "Timeline, 03-12 09:03 UTC Alert fires"


def test_a_postmortem_without_conflicts_has_no_conflict_findings() -> None:
    assert not [f for f in review(base(), today=TODAY) if "conflict" in f.rule_id]


def test_resolve_sets_the_field_and_removes_only_that_entry() -> None:
    pm, _ = conflicted()
    summary = conflicts_in(pm)[0]
    resolve(pm, summary, "Checkout failed, then was down.")
    assert pm.summary == "Checkout failed, then was down."
    assert [c.field for c in conflicts_in(pm)] == ["timeline[1].event", "factors[0]"]
    event = conflicts_in(pm)[0]
    resolve(pm, event, event.theirs)
    assert pm.timeline[1].event == "Pager alert fires"
    assert [c.field for c in conflicts_in(pm)] == ["factors[0]"]


def test_resolving_the_last_conflict_leaves_no_conflicts_key() -> None:
    pm, _ = conflicted()
    for conflict in conflicts_in(pm):
        resolve(pm, conflict, conflict.ours)
    assert "conflicts" not in pm.extra
    assert "conflicts" not in dumps(pm)


def test_resolving_a_whole_item_to_deleted_unlinks_its_factor_number() -> None:
    pm, _ = conflicted()
    assert [f.text for f in pm.factors] == ["No schema check in the pipeline", "No canary"]
    assert pm.actions[0].factors == [2]
    resolve(pm, conflicts_in(pm)[2], None)
    assert [f.text for f in pm.factors] == ["No canary"]
    assert pm.actions[0].factors == [1]  # still "No canary"


def test_resolving_a_whole_item_to_a_table_replaces_it() -> None:
    pm, _ = conflicted()
    resolve(pm, conflicts_in(pm)[2], {"text": "No schema check (combined)"})
    assert pm.factors[0].text == "No schema check (combined)"


def test_deleting_an_item_renumbers_the_other_conflicts_on_its_list() -> None:
    pm = base()
    pm.extra["conflicts"] = [
        {"field": "timeline[0]", "base": {"event": "x"}, "ours": {"event": "Config push"}},
        {"field": "timeline[2].event", "ours": "Push rolled back", "theirs": "Rolled back"},
        {"field": "factors[1].text", "ours": "No canary", "theirs": "No canary stage"},
    ]
    resolve(pm, conflicts_in(pm)[0], None)
    assert [c.field for c in conflicts_in(pm)] == ["timeline[1].event", "factors[1].text"]
    resolve(pm, conflicts_in(pm)[0], "Rolled back")
    assert pm.timeline[1].event == "Rolled back"


def test_an_event_moved_by_its_new_time_keeps_the_other_conflicts_on_their_events() -> None:
    pm = base()
    pm.extra["conflicts"] = [
        {"field": "timeline[0].at", "ours": at(30), "theirs": at(0)},
        {"field": "timeline[2].event", "ours": "Push rolled back", "theirs": "Rolled back"},
    ]
    resolve(pm, conflicts_in(pm)[0], at(30))  # the first event sorts last now
    assert [e.event for e in pm.timeline][-1] == "Config push reaches production"
    (left,) = conflicts_in(pm)
    assert left.field == "timeline[1].event"
    assert pm.timeline[1].event == "Push rolled back"


def test_resolve_refuses_a_bad_value_or_place_and_changes_nothing() -> None:
    pm, _ = conflicted()
    before = copy.deepcopy(pm)
    with pytest.raises(ValidationError):
        resolve(pm, Conflict("status", None, "draft", "final"), "finished")
    with pytest.raises(ConflictPathError):
        resolve(pm, Conflict("timeline[9].event", None, "a", "b"), "a")
    with pytest.raises(ConflictPathError):
        resolve(pm, Conflict("summary.text", None, "a", "b"), "a")
    assert pm == before


def test_unreadable_entries_survive_a_resolve() -> None:
    pm, _ = conflicted()
    pm.extra["conflicts"].append("junk written by hand")
    resolve(pm, conflicts_in(pm)[0], "x")
    assert pm.extra["conflicts"][-1] == "junk written by hand"


def test_drop_conflict_keeps_the_field() -> None:
    pm, _ = conflicted()
    assert drop_conflict(pm, conflicts_in(pm)[0])
    assert pm.summary == "Checkout failed."
    assert not drop_conflict(pm, Conflict("summary", None, "a", "b"))


def test_conflict_tables_merge_like_lines() -> None:
    a, b, c = ({"field": name} for name in ("a", "b", "c"))
    assert merge_conflict_tables([a, b], [a, c], [a, b]) == [a, c]  # b resolved in ours
    assert merge_conflict_tables([], [a], [a, b]) == [a, b]  # a kept once


_values = st.one_of(st.none(), st.text(max_size=20), st.integers(-5, 5), st.booleans())
_junk = st.one_of(
    _values,
    st.dictionaries(st.sampled_from(["field", "base", "ours", "theirs", "x"]), _values),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_junk, max_size=5))
def test_any_conflicts_list_is_read_without_raising(entries: list[Any]) -> None:
    pm = from_dict({"schema_version": 1, "title": "t", "summary": "s"})
    pm.extra["conflicts"] = entries
    readable, bad = conflicts_in(pm), bad_conflict_entries(pm)
    assert len(readable) + len(bad) == len(entries)
    review(pm, today=TODAY)


def test_a_conflict_on_a_key_this_version_does_not_know_is_read_and_resolved() -> None:
    ours, theirs = base(), base()
    ours.extra["Owning team"], theirs.extra["Owning team"] = "Payments", "Platform"
    result = merge(base(), ours, theirs)
    pm = with_conflicts(result.postmortem, result.conflicts)
    pm = parse_postmortem(dumps(pm).encode(), Path("x.toml"))
    (conflict,) = conflicts_in(pm)
    assert conflict.field == "Owning team"
    resolve(pm, conflict, "Payments and Platform")
    assert pm.extra == {"Owning team": "Payments and Platform"}


_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["summary", "event", "delete-event", "factor", "delete-factor", "at"]),
        st.integers(0, 3),
        st.sampled_from(["a", "b", "c"]),
    ),
    max_size=4,
)


def _edited(edits: list[tuple[str, int, str]]) -> Postmortem:
    pm = base()
    for kind, number, word in edits:
        if kind == "summary":
            pm.summary = f"Summary {word}"
        elif kind == "event" and pm.timeline:
            pm.timeline[number % len(pm.timeline)].event = f"Event {word}"
        elif kind == "at" and pm.timeline:
            pm.timeline[number % len(pm.timeline)].at = at(40 + number)
            pm.sort_timeline()
        elif kind == "delete-event" and pm.timeline:
            del pm.timeline[number % len(pm.timeline)]
        elif kind == "factor" and pm.factors:
            pm.factors[number % len(pm.factors)].text = f"Factor {word}"
        elif kind == "delete-factor" and pm.factors:
            del pm.factors[number % len(pm.factors)]
            pm.actions[0].factors = [n for n in pm.actions[0].factors if n <= len(pm.factors)]
    return pm


@settings(max_examples=150, deadline=None)
@given(_EDITS, _EDITS, st.lists(st.sampled_from(["base", "ours", "theirs"]), min_size=8))
def test_resolving_every_conflict_of_any_merge_leaves_a_file_that_loads(
    ours_edits: list[tuple[str, int, str]],
    theirs_edits: list[tuple[str, int, str]],
    picks: list[str],
) -> None:
    result = merge(base(), _edited(ours_edits), _edited(theirs_edits))
    pm = with_conflicts(result.postmortem, result.conflicts)
    pm = parse_postmortem(dumps(pm).encode(), Path("x.toml"))
    for pick in picks:
        left = conflicts_in(pm)
        if not left:
            break
        conflict = left[0]
        resolve(pm, conflict, getattr(conflict, pick))
        assert len(conflicts_in(pm)) < len(left)
        assert (
            getattr(conflict, pick) is None
            or conflict.field.startswith(("timeline", "factors"))
            or getattr(pm, conflict.field) == getattr(conflict, pick)
        )
        pm = parse_postmortem(dumps(pm).encode(), Path("x.toml"))
    assert bad_conflict_entries(pm) == []


def _with_team_sections(**texts: str) -> Postmortem:
    pm = base()
    pm.extra["sections"] = {
        key: {"title": key.replace("_", " ").capitalize(), "text": text}
        for key, text in texts.items()
    }
    return pm


def test_different_team_sections_edited_on_two_branches_merge_cleanly() -> None:
    start = _with_team_sections(customer_communication="Status page.", security_review="None.")
    ours, theirs = copy.deepcopy(start), copy.deepcopy(start)
    ours.extra["sections"]["customer_communication"]["text"] = "Status page at 09:40."
    theirs.extra["sections"]["security_review"]["text"] = "No data was exposed."
    result = merge(start, ours, theirs)
    assert result.clean
    sections = result.postmortem.extra["sections"]
    assert sections["customer_communication"]["text"] == "Status page at 09:40."
    assert sections["security_review"]["text"] == "No data was exposed."


def test_one_team_section_edited_on_both_branches_is_a_conflict_that_resolves() -> None:
    start = _with_team_sections(customer_communication="Status page.")
    ours, theirs = copy.deepcopy(start), copy.deepcopy(start)
    ours.extra["sections"]["customer_communication"]["text"] = "Status page at 09:40."
    theirs.extra["sections"]["customer_communication"]["text"] = "Email to merchants."
    result = merge(start, ours, theirs)
    (conflict,) = result.conflicts
    assert conflict.field == "sections.customer_communication"
    pm = parse_postmortem(
        dumps(with_conflicts(result.postmortem, result.conflicts)).encode(), Path("x.toml")
    )
    (kept,) = conflicts_in(pm)
    resolve(pm, kept, kept.theirs)
    assert pm.extra["sections"]["customer_communication"]["text"] == "Email to merchants."
    assert conflicts_in(pm) == []
