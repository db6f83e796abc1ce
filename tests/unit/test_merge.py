"""The three-way merge of postmortems (core/merge.py): examples of each rule, and properties
over random edits: an unchanged side gives the other side, appends from both sides are all
kept, nothing either side typed is lost, and the result always loads."""

from __future__ import annotations

import copy
import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.merge import Conflict, identity, merge
from postmortem_tui.core.model import (
    LIST_KEYS,
    ActionItem,
    Evidence,
    Factor,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
    from_dict,
    timeline_sort_key,
    to_dict,
)
from postmortem_tui.storage.workspace import dumps, parse_postmortem

START = datetime(2026, 3, 4, 22, 50, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


def base_postmortem() -> Postmortem:
    return Postmortem(
        title="Queue backlog after a broker failover",
        date=date(2026, 3, 4),
        summary="Webhook deliveries queued for 40 minutes.",
        authors=["Platform on-call"],
        what_went_well=["The alert fired within a minute."],
        timeline=[
            TimelineEvent(at(0), "Broker failover starts", "started"),
            TimelineEvent(at(5), "Queue depth alert fires", "detected"),
            TimelineEvent(at(30), "Consumers restarted", "mitigated"),
        ],
        factors=[Factor("No alert on consumer lag"), Factor("Failover drops consumer leases")],
        actions=[
            ActionItem(text="Alert on consumer lag", factors=[1]),
            ActionItem(kind="mitigate", text="Keep leases across failover", factors=[2]),
        ],
        participants=[Participant("Messaging on-call", "responder")],
        five_whys=[WhyStep("Why did deliveries queue?", "Consumers stopped.")],
        evidence=[Evidence("metric", "Queue depth graph", "https://metrics.example.com/q")],
    )


def versions() -> tuple[Postmortem, Postmortem, Postmortem]:
    base = base_postmortem()
    return base, copy.deepcopy(base), copy.deepcopy(base)


def events(pm: Postmortem) -> list[str]:
    return [event.event for event in pm.timeline]


def without_ids(*pms: Postmortem) -> None:
    """Items as a file written before ids, or made in code, have them: matched by content."""
    for pm in pms:
        for kind in LIST_KEYS:
            for item in getattr(pm, kind):
                item.id = ""


# --- the rules, one example each ------------------------------------------------------------


def test_a_field_changed_on_one_side_takes_that_side() -> None:
    base, ours, theirs = versions()
    ours.summary = "Typed in the editor."
    theirs.root_cause = "Leases were not renewed after the failover."
    theirs.impact.users_affected = 1200
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.postmortem.summary == "Typed in the editor."
    assert result.postmortem.root_cause == "Leases were not renewed after the failover."
    assert result.postmortem.impact.users_affected == 1200


def test_the_same_field_changed_differently_is_a_conflict_with_both_texts() -> None:
    base, ours, theirs = versions()
    ours.summary = "Ours."
    theirs.summary = "Theirs."
    ours.timeline[1].event = "Queue depth alert fires (ours)"
    theirs.timeline[1].event = "Queue depth alert fires (theirs)"
    result = merge(base, ours, theirs)
    assert result.postmortem.summary == "Ours."  # ours stays in the field
    assert result.conflicts == (
        Conflict("summary", base.summary, "Ours.", "Theirs."),
        Conflict(
            "timeline[1].event",
            "Queue depth alert fires",
            "Queue depth alert fires (ours)",
            "Queue depth alert fires (theirs)",
        ),
    )
    assert result.conflicts[0].as_table() == {
        "field": "summary",
        "base": base.summary,
        "ours": "Ours.",
        "theirs": "Theirs.",
    }


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    base, ours, theirs = versions()
    ours.severity = theirs.severity = "major"
    assert merge(base, ours, theirs).clean


def test_a_note_appended_on_disk_joins_an_editor_s_typing_in_time_order() -> None:
    base, ours, theirs = versions()
    ours.summary = "Typed while the note was added."
    ours.timeline[0].event = "Broker failover starts (zone b)"
    theirs.timeline.append(TimelineEvent(at(12), "kubectl get pods\nconsumer-0 CrashLoop"))
    theirs.sort_timeline()
    result = merge(base, ours, theirs)
    assert result.clean
    assert events(result.postmortem) == [
        "Broker failover starts (zone b)",
        "Queue depth alert fires",
        "kubectl get pods\nconsumer-0 CrashLoop",
        "Consumers restarted",
    ]
    assert result.postmortem.summary == "Typed while the note was added."


def test_an_event_edited_in_time_and_text_is_found_by_its_id() -> None:
    base, ours, theirs = versions()
    ours.timeline[1] = dataclasses.replace(
        ours.timeline[1], at=at(6), event="Queue depth alert fires at 10k"
    )
    theirs.timeline[1].link = "https://alerts.example.com/1"
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.postmortem.timeline[1] == TimelineEvent(
        at(6),
        "Queue depth alert fires at 10k",
        "detected",
        "https://alerts.example.com/1",
        id=base.timeline[1].id,
    )
    assert len(result.postmortem.timeline) == 3


def test_an_event_without_an_id_edited_in_time_and_text_is_found_by_its_place() -> None:
    base, ours, theirs = versions()
    without_ids(base, ours, theirs)
    ours.timeline[1] = TimelineEvent(at(6), "Queue depth alert fires at 10k", "detected", id="")
    theirs.timeline[1].link = "https://alerts.example.com/1"
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.postmortem.timeline[1] == TimelineEvent(
        at(6), "Queue depth alert fires at 10k", "detected", "https://alerts.example.com/1", id=""
    )
    assert len(result.postmortem.timeline) == 3


def test_deleted_on_one_side_and_untouched_on_the_other_is_deleted() -> None:
    base, ours, theirs = versions()
    del ours.timeline[1]
    del theirs.factors[0]
    theirs.actions[0].factors = []
    theirs.actions[1].factors = [1]
    result = merge(base, ours, theirs)
    assert result.clean
    assert events(result.postmortem) == ["Broker failover starts", "Consumers restarted"]
    assert [f.text for f in result.postmortem.factors] == ["Failover drops consumer leases"]


def test_a_factor_deleted_on_both_sides_takes_its_links_along() -> None:
    """An action item only relinked on one side (its factor went) and deleted on the other
    is deleted: dropping the link to a factor both sides deleted is no edit."""
    base, ours, theirs = versions()
    for side in (ours, theirs):
        del side.factors[0]
        side.actions[1].factors = [1]
    ours.actions[0].factors = []
    del theirs.actions[0]
    result = merge(base, ours, theirs)
    assert result.clean
    assert [a.text for a in result.postmortem.actions] == ["Keep leases across failover"]
    assert result.postmortem.actions[0].factors == [1]


def test_deleted_on_one_side_and_edited_on_the_other_is_kept_and_a_conflict() -> None:
    base, ours, theirs = versions()
    del ours.factors[1]
    ours.actions[1].factors = []
    theirs.factors[1].text = "Failover drops consumer leases after 30 s"
    result = merge(base, ours, theirs)
    assert [f.text for f in result.postmortem.factors] == [
        "No alert on consumer lag",
        "Failover drops consumer leases after 30 s",
    ]
    leases = base.factors[1].id
    assert result.conflicts == (
        Conflict(
            "factors[1]",
            {"id": leases, "text": "Failover drops consumer leases"},
            None,
            {"id": leases, "text": "Failover drops consumer leases after 30 s"},
        ),
    )


def test_lines_are_merged_line_by_line_and_never_conflict() -> None:
    base, ours, theirs = versions()
    ours.authors = ["Platform on-call", "Messaging team"]
    theirs.authors = ["Platform SRE"]
    ours.what_went_well.append("Consumers restarted cleanly.")
    result = merge(base, ours, theirs)
    assert result.clean
    assert sorted(result.postmortem.authors) == ["Messaging team", "Platform SRE"]
    assert result.postmortem.what_went_well[-1] == "Consumers restarted cleanly."


def test_the_reordering_side_wins_and_action_items_follow_their_factors() -> None:
    base, ours, theirs = versions()
    theirs.factors.reverse()  # the actions pane renumbers the links as it moves factors
    theirs.actions[0].factors, theirs.actions[1].factors = [2], [1]
    ours.factors.insert(0, Factor("Runbook lacks a failover step"))
    for action in ours.actions:
        action.factors = [n + 1 for n in action.factors]
    ours.actions[0].owner = "@messaging"
    result = merge(base, ours, theirs)
    assert result.clean
    texts = [f.text for f in result.postmortem.factors]
    assert texts == [
        "Runbook lacks a failover step",
        "Failover drops consumer leases",
        "No alert on consumer lag",
    ]
    lag, leases = result.postmortem.actions
    assert texts[lag.factors[0] - 1] == "No alert on consumer lag" and lag.owner == "@messaging"
    assert texts[leases.factors[0] - 1] == "Failover drops consumer leases"


def test_the_same_item_added_on_both_sides_is_kept_once() -> None:
    base, ours, theirs = versions()
    chat = Evidence("chat", "Incident channel", "https://chat.example.com/1")
    for side in (ours, theirs):  # the same item (a cherry-picked commit): the same id
        side.evidence.append(copy.deepcopy(chat))
    assert len(merge(base, ours, theirs).postmortem.evidence) == 2


def test_items_without_ids_added_equal_on_both_sides_are_kept_once() -> None:
    base, ours, theirs = versions()
    without_ids(base, ours, theirs)
    for side in (ours, theirs):
        side.evidence.append(Evidence("chat", "Incident channel", "https://x.example.com", id=""))
    assert len(merge(base, ours, theirs).postmortem.evidence) == 2


def test_two_items_with_different_ids_are_two_items_however_alike() -> None:
    base, ours, theirs = versions()
    for side in (ours, theirs):  # two people each add a note: two events, both kept
        side.timeline.append(TimelineEvent(at(40), "Backlog drained"))
    result = merge(base, ours, theirs)
    assert result.clean
    assert events(result.postmortem).count("Backlog drained") == 2


def test_items_with_ids_are_matched_by_id_only() -> None:
    base, ours, theirs = versions()
    for side in (base, ours, theirs):
        for number, factor in enumerate(side.factors):
            factor.id = f"f{number}"
    ours.factors[0].text = "Renamed here"
    theirs.factors[0].id = "f-new"  # another item, not an edit of f0
    result = merge(base, ours, theirs)
    assert [identity(f) for f in result.postmortem.factors] == ["f-new", "f0", "f1"]
    assert not result.clean  # f0: deleted there (another id), edited here
    assert any(c.field.startswith("factors[") and c.theirs is None for c in result.conflicts)


def test_identity_is_the_item_s_id() -> None:
    assert identity(Factor("x", id="f1")) == "f1"
    assert identity(Factor("x", id="")) is None
    assert identity(Factor("x", extra={"id": "f1"}, id="")) is None  # a key, not the id
    assert identity("a line") is None


def test_the_merge_keeps_every_item_s_id() -> None:
    base, ours, theirs = versions()
    ours.timeline[0].event = "Broker failover starts (zone b)"
    theirs.factors.reverse()
    theirs.actions[0].factors, theirs.actions[1].factors = [2], [1]
    added = TimelineEvent(at(40), "Backlog drained")
    theirs.timeline.append(added)
    pm = merge(base, ours, theirs).postmortem
    for kind in LIST_KEYS:
        expected = {item.id for item in getattr(base, kind)}
        expected |= {added.id} if kind == "timeline" else set()
        assert {item.id for item in getattr(pm, kind)} == expected, kind


def test_unknown_keys_merge_like_fields() -> None:
    base, ours, theirs = versions()
    ours.extra["jira"] = "OPS-1"
    theirs.timeline[0].extra["source"] = "pager"
    result = merge(base, ours, theirs)
    assert result.clean
    assert result.postmortem.extra == {"jira": "OPS-1"}
    assert result.postmortem.timeline[0].extra == {"source": "pager"}


def test_the_result_shares_nothing_with_its_inputs() -> None:
    base, ours, theirs = versions()
    theirs.tags = ["queue"]
    result = merge(base, ours, theirs)
    result.postmortem.tags.append("broker")
    result.postmortem.actions[0].factors.append(2)
    assert theirs.tags == ["queue"] and ours.actions[0].factors == [1]


def test_apply_to_changes_ours_in_place_and_keeps_its_items() -> None:
    base, ours, theirs = versions()
    ours.summary = "Typed."
    theirs.timeline[2].milestone = "resolved"
    theirs.timeline.append(TimelineEvent(at(40), "Backlog drained"))
    theirs.impact.customer_tickets = 3
    lists = {name: getattr(ours, name) for name in ("timeline", "factors", "authors")}
    items = list(ours.timeline)
    result = merge(base, ours, theirs)
    merged = copy.deepcopy(result.postmortem)
    result.apply_to(ours)
    assert ours == merged
    assert all(getattr(ours, name) is kept for name, kept in lists.items())
    assert all(a is b for a, b in zip(ours.timeline, items, strict=False))  # same objects
    assert ours.timeline[2].milestone == "resolved"


def test_a_conflict_table_is_kept_by_today_s_file_format() -> None:
    base, ours, theirs = versions()
    ours.title, theirs.title = "Ours", "Theirs"
    del ours.timeline[0]
    theirs.timeline[0].event = "Broker failover starts in zone b"
    result = merge(base, ours, theirs)
    pm = result.postmortem
    pm.extra["conflicts"] = [c.as_table() for c in result.conflicts]
    again = parse_postmortem(dumps(pm).encode(), Path("kept.toml"))
    assert again.extra["conflicts"] == pm.extra["conflicts"]
    whole = again.extra["conflicts"][1]
    assert whole["field"] == "timeline[0]" and "ours" not in whole  # deleted in ours
    assert whole["theirs"]["event"] == "Broker failover starts in zone b"


# --- properties -----------------------------------------------------------------------------

WORDS = st.sampled_from(["deploy", "alert", "rollback", "queue", "broker", "lease", "disk", ""])
TEXTS = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
MINUTES = st.integers(min_value=0, max_value=24 * 60)


def new_item(kind: str, tag: str, n: int, draw: Any) -> Any:
    """An item whose text holds `tag` (unique across a test), so each append is distinct."""
    text = f"{draw(TEXTS)} {tag}"
    if kind == "timeline":
        return TimelineEvent(at(draw(MINUTES)), text, draw(st.sampled_from(["", "detected"])))
    if kind == "factors":
        return Factor(text)
    if kind == "actions":
        return ActionItem(text=text, owner=draw(st.sampled_from(["", "@ops"])))
    if kind == "participants":
        return Participant(text, draw(WORDS))
    if kind == "five_whys":
        return WhyStep(text, draw(TEXTS))
    return Evidence("log", text, draw(WORDS))


ITEM_LISTS = ("timeline", "factors", "actions", "participants", "five_whys", "evidence")


@st.composite
def postmortems(draw: Any) -> Postmortem:
    pm = Postmortem(title=draw(TEXTS), summary=draw(TEXTS), date=date(2026, 3, 4))
    pm.tags = draw(st.lists(WORDS, max_size=3))
    for kind in ITEM_LISTS:
        count = draw(st.integers(min_value=0, max_value=4))
        setattr(pm, kind, [new_item(kind, f"b{kind}{n}", n, draw) for n in range(count)])
    for action in pm.actions:
        action.factors = draw(st.lists(st.integers(1, max(1, len(pm.factors))), max_size=2))
        action.factors = [n for n in action.factors if n <= len(pm.factors)]
    pm.sort_timeline()
    return pm


@st.composite
def edited(draw: Any, base: Postmortem, side: str) -> Postmortem:
    """`base` after a few random edits, as an editor would make them."""
    pm = copy.deepcopy(base)
    for step in range(draw(st.integers(min_value=0, max_value=6))):
        kind = draw(st.sampled_from(ITEM_LISTS))
        items = getattr(pm, kind)
        action = draw(st.sampled_from(["add", "delete", "edit", "field", "move", "line"]))
        if action == "add":
            items.append(new_item(kind, f"{side}{step}", step, draw))
        elif action == "delete" and items and kind != "factors":
            del items[draw(st.integers(0, len(items) - 1))]
        elif action == "edit" and items:
            item = items[draw(st.integers(0, len(items) - 1))]
            name = {"timeline": "event", "five_whys": "answer", "participants": "role"}
            setattr(item, name.get(kind, "text"), f"{draw(TEXTS)} {side}{step}")
            if kind == "timeline" and draw(st.booleans()):
                item.at = at(draw(MINUTES))
        elif action == "field":
            pm.summary = f"{draw(TEXTS)} {side}{step}"
        elif action == "move" and len(items) > 1 and kind != "timeline":
            items.reverse()
            if kind == "factors":
                count = len(items)
                for item in pm.actions:
                    item.factors = [count + 1 - n for n in item.factors]
        elif action == "line":
            pm.tags.append(f"{side}{step}")
    pm.sort_timeline()
    return pm


def leaves(value: Any) -> set[Any]:
    """Every value in a postmortem's data (action items' factor numbers aside: renumbered)."""
    found: set[Any] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k != "factors" or not _numbers(v))
        elif isinstance(item, list):
            stack.extend(item)
        elif item is not None:
            found.add((type(item).__name__, item))
    return found


def _numbers(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(n, int) for n in value)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_merging_with_an_unchanged_side_gives_the_other_side(data: st.DataObject) -> None:
    base = data.draw(postmortems())
    other = data.draw(edited(base, "o"))
    assert merge(base, copy.deepcopy(base), other).postmortem == other
    assert merge(base, other, copy.deepcopy(base)).postmortem == other
    assert merge(base, copy.deepcopy(base), other).clean


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_appends_from_both_sides_are_all_kept(data: st.DataObject) -> None:
    base = data.draw(postmortems())
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    added = []
    for side, pm in (("o", ours), ("t", theirs)):
        for n in range(data.draw(st.integers(0, 4))):
            kind = data.draw(st.sampled_from(ITEM_LISTS))
            item = new_item(kind, f"{side}{n}", n, data.draw)
            getattr(pm, kind).append(item)
            added.append((kind, item))
        pm.sort_timeline()
    result = merge(base, ours, theirs)
    assert result.clean
    for kind, item in added:
        assert item in getattr(result.postmortem, kind)
    for kind in ITEM_LISTS:
        total = len(getattr(base, kind)) + sum(1 for k, _ in added if k == kind)
        assert len(getattr(result.postmortem, kind)) == total


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_nothing_typed_on_either_side_is_lost_and_the_result_loads(data: st.DataObject) -> None:
    base = data.draw(postmortems())
    ours, theirs = data.draw(edited(base, "o")), data.draw(edited(base, "t"))
    result = merge(base, ours, theirs)
    pm = result.postmortem
    kept = leaves(to_dict(pm)) | leaves([c.as_table() for c in result.conflicts])
    typed = (leaves(to_dict(ours)) | leaves(to_dict(theirs))) - leaves(to_dict(base))
    assert typed <= kept
    keys = [timeline_sort_key(event.at) for event in pm.timeline]
    assert keys == sorted(keys)
    assert from_dict(to_dict(pm)) == pm
    for action in pm.actions:
        assert all(1 <= n <= len(pm.factors) for n in action.factors)


def test_events_are_merged_into_the_order_the_file_loads_them_in() -> None:
    # 09:00 in New York is 13:00 UTC: after the 12:00Z event, as loading the file orders them.
    base = Postmortem(
        title="Zones",
        timezone="America/New_York",
        timeline=[TimelineEvent(datetime(2026, 3, 12, 12, 0, tzinfo=UTC), "UTC event")],
    )
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.timeline.append(TimelineEvent(datetime(2026, 3, 12, 9, 0), "Local event"))
    merged = merge(base, ours, theirs).postmortem
    assert [e.event for e in merged.timeline] == ["UTC event", "Local event"]
