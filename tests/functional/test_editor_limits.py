"""Fields take no more than a postmortem may hold: a paste past the limit is refused with a
notice naming the field, before anything is written, so every saved file loads again
(issue 10, defect 5)."""

from __future__ import annotations

from pathlib import Path

from editor_support import SIZE, opened, sample_app, wait_for
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget

from postmortem_tui.core.limits import MAX_FIELD_CHARS
from postmortem_tui.storage.listing import workspace_rows
from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.forms.form_screen import ItemForm

TOO_LONG = "log line " * (1_100_000 // 9)


def notices(pilot: Pilot[None]) -> list[str]:
    return [n.message for n in pilot.app._notifications]


async def paste_into(pilot: Pilot[None], field: Widget, text: str) -> None:
    """Paste `text` as a terminal would: the app hands it to the focused widget."""
    field.focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def test_pasting_past_the_limit_is_refused_and_what_is_saved_loads(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    assert len(TOO_LONG) > MAX_FIELD_CHARS
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        title, summary = screen.pm.title, screen.pm.summary

        await paste_into(pilot, screen.query_one("#title"), TOO_LONG)
        await wait_for(pilot, lambda: any(n.startswith("Title holds") for n in notices(pilot)))
        await paste_into(pilot, screen.query_one("#summary"), TOO_LONG)
        await wait_for(
            pilot, lambda: any(n.startswith("What happened holds") for n in notices(pilot))
        )
        assert (screen.pm.title, screen.pm.summary) == (title, summary)
        await paste_into(pilot, screen.query_one("#summary"), "More detail. ")  # this fits
        await wait_for(pilot, lambda: screen.pm.summary == f"More detail. {summary}")

        await pilot.press("f4", "a")  # a new contributing factor
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        await paste_into(pilot, app.screen.query_one("#field-text"), TOO_LONG)
        await wait_for(
            pilot, lambda: any(n.startswith("Contributing factor holds") for n in notices(pilot))
        )
        assert notices(pilot)[-1].endswith("so nothing was added.")
        await pilot.press(*"Retries have no ceiling", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))

        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    saved = load(path).postmortem
    assert "Retries have no ceiling" in [factor.text for factor in saved.factors]
    assert not [row for row in workspace_rows(Workspace(workspace_path)) if row.broken]
