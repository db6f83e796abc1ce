"""The merge conflicts dialog: each conflict shown with both versions, resolved by a key."""

from __future__ import annotations

from burst_support import DialogHost, send_burst
from editor_support import wait_for
from textual.widgets import Static

from postmortem_tui.core.merge import Conflict
from postmortem_tui.tui.forms.merge_conflicts import MergeConflictsDialog

TITLE = Conflict("title", "Queue full", "Queue disk full", "Broker queue full")
EVENT = Conflict(
    "timeline[3].event", "Deploy started", "Deploy of 4.2 started", "Deploy on the canary"
)
SEVERITY = Conflict("severity", "minor", "major", "critical")
ITEM = Conflict("factors[1]", {"text": "Leases drop"}, None, {"text": "Leases drop after 30 s"})


async def resolved_with(conflicts: list[Conflict], *keys: str) -> list[tuple[Conflict, object]]:
    dialog = MergeConflictsDialog(conflicts)
    host = DialogHost(dialog)
    async with host.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: host.screen is dialog and dialog.focused is not None)
        send_burst(host, *keys)
        await wait_for(pilot, lambda: bool(host.results))
    return host.results[0]


async def test_each_conflict_takes_the_side_chosen() -> None:
    resolved = await resolved_with([TITLE, SEVERITY, ITEM], "o", "t", "t")
    assert resolved == [
        (TITLE, "Queue disk full"),
        (SEVERITY, "critical"),
        (ITEM, {"text": "Leases drop after 30 s"}),
    ]


async def test_a_deleted_item_can_stay_deleted() -> None:
    assert await resolved_with([ITEM], "o") == [(ITEM, None)]


async def test_two_texts_are_combined_by_hand() -> None:
    # c opens the combined text (ours, then theirs on the next line); ctrl+s keeps it.
    resolved = await resolved_with([EVENT], "c", " (canary first)", "ctrl+s")
    assert resolved == [(EVENT, "Deploy of 4.2 started\nDeploy on the canary (canary first)")]


async def test_a_one_line_field_stays_on_one_line() -> None:
    resolved = await resolved_with([TITLE], "c", "ctrl+s")
    assert resolved == [(TITLE, "Queue disk full Broker queue full")]


async def test_escape_keeps_what_was_resolved_and_leaves_the_rest() -> None:
    assert await resolved_with([TITLE, SEVERITY], "t", "escape") == [(TITLE, "Broker queue full")]


async def test_a_choice_cannot_be_combined() -> None:
    resolved = await resolved_with([SEVERITY], "c", "o")
    assert resolved == [(SEVERITY, "major")]


async def test_both_versions_are_shown_as_plain_text() -> None:
    hostile = Conflict("summary", "", "[bold]ours[/bold]", "\x1b[31mtheirs")
    dialog = MergeConflictsDialog([hostile])
    async with DialogHost(dialog).run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: dialog.focused is not None)
        ours = str(dialog.query_one("#merge-ours", Static).render())
        theirs = str(dialog.query_one("#merge-theirs", Static).render())
        assert "[bold]ours[/bold]" in ours
        assert "\x1b" not in theirs and "theirs" in theirs
