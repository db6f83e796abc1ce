"""Keys typed ahead land where the keys before them moved the focus, in every form and dialog.

Each burst is posted to the app at once, as a terminal delivers keys read in one go over a
slow link or from a paste: Textual hands a key to the widget focused when it reads the key,
so a tab that moves the focus only later leaves the keys after it in the old field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from burst_support import DialogHost, send_burst
from editor_support import SIZE, editor, opened, sample_app, wait_for
from textual import events
from textual.screen import Screen

from postmortem_tui.core.model import (
    ActionItem,
    Evidence,
    Factor,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
)
from postmortem_tui.tui.forms.export_path import ExportPathDialog
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.forms.item_forms import (
    action_form,
    event_form,
    evidence_form,
    factor_form,
    participant_form,
    text_form,
    why_form,
)
from postmortem_tui.tui.forms.new_postmortem import NewPostmortemDialog, NewPostmortemRequest

INCIDENT = Postmortem(title="Disk full on the primary", date=date(2026, 3, 12), timezone="UTC")


async def dismissed_with(dialog: Screen[Any], *keys: str) -> Any:
    """What `dialog` dismisses with after `keys` arrive in one burst once it has focus."""
    host = DialogHost(dialog)
    async with host.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: host.screen is dialog and dialog.focused is not None)
        send_burst(host, *keys)
        await wait_for(pilot, lambda: bool(host.results))
    return host.results[0]


async def test_event_form_time_tab_tab_text_enter() -> None:
    event = await dismissed_with(event_form(INCIDENT, None), "10:00", "tab", "tab", "text", "enter")
    assert isinstance(event, TimelineEvent)
    assert (event.at.strftime("%H:%M"), event.event) == ("10:00", "text")


@pytest.mark.parametrize(
    ("form", "keys", "kind", "fields", "expected"),
    [
        (
            lambda: why_form(None),
            ("Why was the disk full", "tab", "Logs were never rotated", "enter"),
            WhyStep,
            ("question", "answer"),
            ("Why was the disk full", "Logs were never rotated"),
        ),
        (  # the kind (a choice) has focus first
            lambda: action_form(INCIDENT, None),
            ("tab", "Alert at 70% disk", "tab", "@storage", "enter"),
            ActionItem,
            ("text", "owner"),
            ("Alert at 70% disk", "@storage"),
        ),
        (
            lambda: participant_form(None),
            ("Storage on-call", "tab", "incident commander", "enter"),
            Participant,
            ("name", "role"),
            ("Storage on-call", "incident commander"),
        ),
        (
            lambda: evidence_form(None),
            ("tab", "Disk usage graph", "tab", "https://example.com/g", "enter"),
            Evidence,
            ("text", "link"),
            ("Disk usage graph", "https://example.com/g"),
        ),
    ],
    ids=["why", "action", "participant", "evidence"],
)
async def test_item_forms_take_each_field_in_its_place(
    form: Callable[[], Screen[Any]],
    keys: tuple[str, ...],
    kind: type,
    fields: tuple[str, str],
    expected: tuple[str, str],
) -> None:
    item = await dismissed_with(form(), *keys)
    assert isinstance(item, kind)
    assert tuple(getattr(item, name) for name in fields) == expected


@pytest.mark.parametrize(
    ("form", "kind"),
    [
        (lambda: factor_form(None), Factor),
        (lambda: text_form("What went well", "Went well")(None), str),
    ],
    ids=["factor", "lesson"],
)
async def test_one_field_forms_keep_keys_typed_on_a_button_out(
    form: Callable[[], Screen[Any]], kind: type
) -> None:
    # Tab to Done: the x is not typed into the field; shift+tab back, enter keeps the item.
    item = await dismissed_with(form(), "Retries have no ceiling", "tab", "x", "shift+tab", "enter")
    assert isinstance(item, kind)
    assert (item if isinstance(item, str) else item.text) == "Retries have no ceiling"


async def test_new_postmortem_title_tab_date_enter() -> None:
    dialog = NewPostmortemDialog(date(2026, 4, 1))
    request = await dismissed_with(dialog, "Checkout errors", "tab", "2026-03-12", "enter")
    assert request == NewPostmortemRequest("Checkout errors", date(2026, 3, 12), quick=False)


async def test_export_path_keys_after_tab_leave_the_path_alone(tmp_path: Path) -> None:
    default = tmp_path / "disk-full.md"
    # Tab to the Export button: the x is not typed into the path, enter exports.
    assert await dismissed_with(ExportPathDialog(default), "tab", "x", "enter") == default


async def test_a_burst_that_opens_the_event_form_fills_it(
    workspace_path: Path, config_path: Path
) -> None:
    # ctrl+t and the keys after it read in one go: the form opens while they wait.
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("f3")
        count = len(editor(app).pm.timeline)
        app.post_message(events.Key("ctrl+t", None))
        send_burst(app, "10:50", "tab", "tab", "Replica lag alert cleared", "enter")
        await wait_for(pilot, lambda: len(editor(app).pm.timeline) > count)
        assert not isinstance(app.screen, ItemForm)
        event = editor(app).pm.timeline[-1]
        assert event.event == "Replica lag alert cleared"
        assert event.at is not None and event.at.strftime("%H:%M") == "10:50"
