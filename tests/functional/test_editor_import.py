"""Importing timeline events in the editor: the preview from a file or pasted lines, ticking
some, and only those added, in time order, as one list edit that is saved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from editor_support import SIZE, sample_app, wait_for
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from postmortem_tui.storage.workspace import load
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.forms.import_dialog import ImportDialog, ImportPicks
from postmortem_tui.tui.keys import actions_in_reach
from postmortem_tui.tui.widgets.list_editor import ListTable

DATA = Path(__file__).parent.parent / "data" / "import"


async def open_import(pilot: Pilot[None]) -> ImportDialog:
    await pilot.press("f3")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#timeline-list ListTable")))
    pilot.app.screen.query_one("#timeline-list ListTable", ListTable).focus()
    await pilot.pause()
    # The key is in the timeline's action table: the footer, help and palette offer it.
    assert "timeline.import" in {a.id for a, _ in actions_in_reach(pilot.app.screen)}
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ImportDialog))
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportDialog)
    return dialog


async def read_file(pilot: Pilot[None], dialog: ImportDialog, path: Path) -> ImportPicks:
    await pilot.press(*str(path), "enter")
    await wait_for(pilot, lambda: dialog.plan is not None)
    return dialog.query_one(ImportPicks)


async def paste(pilot: Pilot[None], text: str) -> ImportDialog:
    """Paste `text` as a terminal does (to the focused widget); the preview it opens."""
    pilot.app.post_message(events.Paste(text))
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ImportDialog))
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportDialog)
    await wait_for(pilot, lambda: dialog.plan is not None)
    return dialog


def kept_notifications(app: PostmortemApp) -> list[str]:
    """The messages `app` notifies from now on, kept for the test to read."""
    messages: list[str] = []
    show = app.notify

    def notify(message: str, **options: Any) -> None:
        messages.append(message)
        show(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    return messages


def status(dialog: ImportDialog) -> str:
    return str(dialog.query_one("#import-status").render())


async def test_picking_two_records_adds_them_in_time_order_and_saves(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    messages = kept_notifications(app)
    before = len(load(path).postmortem.timeline)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_import(pilot)
        picks = await read_file(pilot, dialog, DATA / "chat.txt")
        assert picks.option_count == 4
        assert "4 events to add" in status(dialog)
        # A few records start ticked; none, then the last and the first.
        await pilot.press("n", "end", "space", "home", "space", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportDialog))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "status page updated" in path.read_text())
    timeline = load(path).postmortem.timeline
    assert len(timeline) == before + 2
    added = [e for e in timeline if e.extra.get("source", "").startswith("chat.txt")]
    assert [e.event for e in added] == [
        "replication lag alert on db-primary-east",
        "status page updated",
    ]
    times = [e.at for e in timeline if e.at is not None]
    assert times == sorted(times)
    assert "Added 2 events; 2 left unticked; none skipped." in messages


async def test_records_the_timeline_has_are_left_out_and_counted(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_import(pilot)
        await read_file(pilot, dialog, DATA / "chat.txt")
        await pilot.press("enter")  # four records start ticked
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportDialog))
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportDialog))
        again = app.screen
        assert isinstance(again, ImportDialog)
        picks = await read_file(pilot, again, DATA / "chat.txt")
        assert picks.option_count == 0
        assert "Nothing new to add; 4 skipped (4 duplicate)." in status(again)


async def test_a_long_channel_adds_only_the_records_picked(
    workspace_path: Path, config_path: Path, tmp_path: Path
) -> None:
    messages = [
        {"type": "message", "ts": f"{1773309600 + 60 * n}.000100", "user": "U1", "text": f"m{n}"}
        for n in range(600)
    ]
    export = tmp_path / "channel"
    export.mkdir()
    (export / "2026-03-12.json").write_text(json.dumps(messages), encoding="utf-8")
    app, path = sample_app(workspace_path, config_path)
    before = len(load(path).postmortem.timeline)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_import(pilot)
        picks = await read_file(pilot, dialog, export)
        assert picks.option_count == 600
        assert picks.ticked == set()  # a long channel starts with nothing ticked
        await pilot.press("space", "down", "down", "space", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportDialog))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: '"m2"' in path.read_text())
    timeline = load(path).postmortem.timeline
    assert len(timeline) == before + 2
    assert {"m0", "m2"} <= {e.event for e in timeline}


async def test_several_pasted_lines_open_the_preview(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    before = len(load(path).postmortem.timeline)
    pasted = (DATA / "chat.txt").read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await wait_for(pilot, lambda: bool(app.screen.query("#timeline-list ListTable")))
        app.screen.query_one("#timeline-list ListTable", ListTable).focus()
        dialog = await paste(pilot, pasted)
        assert dialog.query_one(ImportPicks).option_count == 4
        await pilot.press("enter")  # a few pasted lines start ticked
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportDialog))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "writes paused" in path.read_text())
    assert len(load(path).postmortem.timeline) == before + 4


async def test_an_unreadable_path_says_why_and_writes_nothing(
    workspace_path: Path, config_path: Path, tmp_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    saved = path.read_text()
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\xff\xfe\x00not text")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_import(pilot)
        await pilot.press(*str(tmp_path / "missing.log"), "enter")
        await wait_for(pilot, lambda: "no such file" in status(dialog))
        assert dialog.query_one("#import-status").has_class("-error")
        await pilot.press("ctrl+a", "ctrl+k", *str(binary), "enter")
        await wait_for(pilot, lambda: "not UTF-8" in status(dialog))
        await pilot.press("enter")  # nothing to add: the dialog stays
        assert isinstance(app.screen, ImportDialog)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportDialog))
        assert not isinstance(app.screen, ItemForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.read_text() == saved


async def test_several_lines_pasted_into_the_event_form_open_the_preview(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    before = len(load(path).postmortem.timeline)
    pasted = (DATA / "app.log").read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3", "ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        form = app.screen
        dialog = await paste(pilot, pasted)  # into the time field, which has focus
        assert dialog.query_one(ImportPicks).option_count == 3
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is form)
        assert form.query_one("#field-at", Input).value == ""  # no line kept in the field
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "writes paused" in path.read_text())
    assert len(load(path).postmortem.timeline) == before + 3
