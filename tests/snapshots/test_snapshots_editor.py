"""Each editor pane on the shipped sample at 80x24, with a fixed today for overdue marks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from snapshot_support import editor_complete
from textual.pilot import Pilot
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from postmortem_tui.core.model import to_dict
from postmortem_tui.storage.workspace import Workspace, load, render_toml
from postmortem_tui.tui.app import PostmortemApp, make_app
from postmortem_tui.tui.panes.preview_pane import PreviewPane

TODAY = date(2026, 4, 1)
SIZE = (80, 24)


def sample_editor(workspace_path: Path, config_path: Path) -> PostmortemApp:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("cursor_blink = false\n", encoding="utf-8")
    path = Workspace(workspace_path).add_sample()
    return make_app(Workspace(workspace_path), open_path=path, today=TODAY)


@pytest.mark.parametrize("key", ["f2", "f3", "f4", "f5", "f6", "f7"])
def test_editor_pane(snap_compare, workspace_path: Path, config_path: Path, key: str) -> None:  # type: ignore[no-untyped-def]
    app = sample_editor(workspace_path, config_path)

    async def show_pane(pilot: Pilot[None]) -> None:
        await editor_complete(pilot)
        await pilot.press(key)

    assert snap_compare(app, run_before=show_pane, terminal_size=SIZE)


def test_editor_preview(snap_compare, workspace_path: Path, config_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = sample_editor(workspace_path, config_path)

    async def show_preview(pilot: Pilot[None]) -> None:
        await editor_complete(pilot)
        await pilot.press("f8")
        markdown = pilot.app.screen.query_one("#preview-markdown", Markdown)
        for _ in range(200):  # bounded: the Markdown widget renders in a few frames
            if markdown.source and markdown.children:
                break
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(app, run_before=show_preview, terminal_size=SIZE)


def test_editor_preview_action_items(snap_compare, workspace_path: Path, config_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The preview at the action items: the factors each addresses, and no status as of the
    app's today (the preview shows the document `export` writes)."""
    app = sample_editor(workspace_path, config_path)

    async def show_action_items(pilot: Pilot[None]) -> None:
        await editor_complete(pilot)
        await pilot.press("f8")
        markdown = pilot.app.screen.query_one("#preview-markdown", Markdown)
        heading = None
        for _ in range(200):  # bounded: the Markdown widget renders in a few frames
            line = markdown.source.splitlines().index("## Action Items")
            headings = [b for b in markdown.query(MarkdownBlock) if b.source_range[0] == line]
            if headings:
                heading = headings[0]
                break
            await pilot.pause(0.02)
        assert heading is not None, "the preview has no Action Items heading"
        pane = pilot.app.screen.query_one(PreviewPane)
        pane.scroll_to_widget(heading, animate=False, top=True)
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, run_before=show_action_items, terminal_size=SIZE)


def test_editor_event_form(snap_compare, workspace_path: Path, config_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = sample_editor(workspace_path, config_path)

    async def fill_the_form(pilot: Pilot[None]) -> None:
        await editor_complete(pilot)
        await pilot.press("f3", "ctrl+t", *"25:99", "enter")

    assert snap_compare(app, run_before=fill_the_form, terminal_size=SIZE)


def test_timeline_with_a_long_event(snap_compare, workspace_path: Path, config_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An event of three lines: its row shows the first, the text under the table all three."""
    sample_editor(workspace_path, config_path)
    (path,) = Workspace(workspace_path).root.glob("*.toml")
    pm = load(path).postmortem
    pm.timeline[1].event = (
        "Queue disk usage alert fires at 95%\n"
        "Seen: writes slow on two brokers, the retry job still running\n"
        "Decided: pause the retry job before expanding the volume"
    )
    path.write_text(render_toml(to_dict(pm)), encoding="utf-8")
    app = make_app(Workspace(workspace_path), open_path=path, today=TODAY)

    async def highlight_it(pilot: Pilot[None]) -> None:
        await editor_complete(pilot)
        await pilot.press("f3", "down")

    assert snap_compare(app, run_before=highlight_it, terminal_size=SIZE)


def test_editor_import_preview(snap_compare, workspace_path: Path, config_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = sample_editor(workspace_path, config_path)
    pasted = (Path(__file__).parent.parent / "data" / "import" / "chat.txt").read_text("utf-8")

    async def paste_a_chat(pilot: Pilot[None]) -> None:
        from textual import events

        from postmortem_tui.tui.forms.import_dialog import ImportDialog

        await editor_complete(pilot)
        await pilot.press("f3")
        pilot.app.post_message(events.Paste(pasted))
        for _ in range(250):  # bounded: the preview reads the lines after it opens
            screen = pilot.app.screen
            if isinstance(screen, ImportDialog) and screen.plan is not None:
                break
            await pilot.pause(0.02)
        else:
            raise AssertionError("the import preview did not open")
        await pilot.press("down", "space")
        await pilot.pause()

    assert snap_compare(app, run_before=paste_a_chat, terminal_size=SIZE)
