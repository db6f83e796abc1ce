"""Item ids in the editor, pressing real keys: a moved factor keeps its id and its action
items' links (through undo and redo, and on disk), an item added in the app gets an id, and
a file written before ids is not rewritten by opening it and gets them on the next save."""

from __future__ import annotations

import re
from pathlib import Path

from editor_support import SIZE, TODAY, on_disk, opened, sample_app, wait_for
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from postmortem_tui.core.model import LIST_KEYS, Postmortem
from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.app import make_app
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.screens.editor import EditorScreen

ID = re.compile(r"_?[0-9a-f]{8}")  # made here, or worked out from a file without ids


def links(pm: Postmortem) -> list[list[str]]:
    """Each action item's factors, by the factors' ids."""
    return [[pm.factors[n - 1].id for n in action.factors] for action in pm.actions]


def ids(pm: Postmortem) -> dict[str, list[str]]:
    return {key: [item.id for item in getattr(pm, key)] for key in LIST_KEYS}


async def focus_list(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen.focused, DataTable))


async def test_a_moved_factor_keeps_its_id_and_its_action_items_through_undo_and_save(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        pm = screen.pm
        before_ids, before_links = ids(pm), links(pm)
        first = pm.factors[0].id
        await focus_list(pilot, "f4")
        await pilot.press("shift+down")  # factor 1 becomes factor 2
        await wait_for(pilot, lambda: pm.factors[1].id == first)
        assert links(pm) == before_links
        assert sorted(ids(pm)["factors"]) == sorted(before_ids["factors"])
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: pm.factors[0].id == first)
        assert ids(pm) == before_ids and links(pm) == before_links
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: pm.factors[1].id == first)
        assert links(pm) == before_links
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: load(path).postmortem.factors[1].id == first)
        saved = load(path).postmortem
        assert links(saved) == before_links
        assert ids(saved) == ids(pm)


async def test_an_item_added_in_the_app_gets_a_fresh_id_that_is_saved(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        taken = {factor.id for factor in screen.pm.factors}
        await focus_list(pilot, "f4")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ItemForm))
        pilot.app.screen.query_one("#field-text", Input).value = "Disk growth has no forecast"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(screen.pm.factors) == len(taken) + 1)
        added = next(f for f in screen.pm.factors if f.text == "Disk growth has no forecast")
        assert ID.fullmatch(added.id) and added.id not in taken
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Disk growth has no forecast" in on_disk(path))
        saved = load(path).postmortem.factors
        assert [f.id for f in saved if f.text == "Disk growth has no forecast"] == [added.id]


OLD_FILE = """\
schema_version = 1
title = "Queue backlog after a broker failover"
date = 2026-03-04
timezone = "UTC"
status = "draft"
format = "full"

[[timeline]]
at = 2026-03-04T22:50:00Z
event = "Broker failover starts"
milestone = "started"

[[timeline]]
at = 2026-03-04T22:55:00Z
event = "Queue depth alert fires"
milestone = "detected"

[[factors]]
text = "No alert on consumer lag"

[[factors]]
text = "Failover drops consumer leases"

[[actions]]
kind = "prevent"
text = "Alert on consumer lag"
done = false
factors = [
    1,
]
"""


async def test_a_file_without_ids_is_not_rewritten_on_open_and_gets_them_on_save(
    workspace_path: Path, config_path: Path
) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("cursor_blink = false\n", encoding="utf-8")
    workspace_path.mkdir(parents=True, exist_ok=True)
    path = workspace_path / "2026-03-04-queue-backlog.toml"
    path.write_text(OLD_FILE, encoding="utf-8")
    app = make_app(Workspace(workspace_path), open_path=path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert isinstance(screen, EditorScreen)
        in_memory = ids(screen.pm)
        assert all(ID.fullmatch(i) for key in LIST_KEYS for i in in_memory[key])
        assert on_disk(path) == OLD_FILE  # opening wrote nothing
        await focus_list(pilot, "f6")
        await pilot.press("x")  # mark the action item done: a change to save
        await wait_for(pilot, lambda: screen.pm.actions[0].done)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "done = true" in on_disk(path))
    saved = load(path).postmortem
    assert ids(saved) == in_memory  # the ids it was shown with are the ones written
    assert on_disk(path).count("\nid = ") == 5
