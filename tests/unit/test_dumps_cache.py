"""`dumps` keeps each item's rendered TOML: a changed item must never come out stale."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from postmortem_tui.core.model import ActionItem, Postmortem, TimelineEvent
from postmortem_tui.storage.workspace import dumps


def postmortem() -> Postmortem:
    at = datetime(2026, 1, 30, 9, 0, tzinfo=UTC)
    return Postmortem(
        title="Queue disk filled",
        timeline=[TimelineEvent(at=at, event="Disk alert fires"), TimelineEvent(event="Paged")],
        actions=[ActionItem(text="Alert at 70% disk usage")],
    )


def test_an_item_changed_in_place_is_written_as_it_is_now() -> None:
    pm = postmortem()
    first = dumps(pm)
    pm.timeline[0].event = "Disk alert fires at 95%"
    pm.actions[0].done = True
    second = dumps(pm)
    assert second != first
    assert 'event = "Disk alert fires at 95%"' in second
    assert "done = true" in second


def test_equal_items_render_alike_and_types_stay_apart() -> None:
    pm = postmortem()
    pm.timeline.append(dataclasses.replace(pm.timeline[0]))
    text = dumps(pm)
    assert text.count('event = "Disk alert fires"') == 2
    pm.actions[0].extra = {"points": 1}
    one = dumps(pm)
    pm.actions[0].extra = {"points": "1"}
    assert 'points = "1"' in dumps(pm) and "points = 1\n" in one
