"""A postmortem whose every text field holds terminal escapes (OSC 0 sets the window title,
OSC 52 writes the clipboard), C1 controls, bidi overrides and zero-width characters: every
place it reaches the screen shows them, none is obeyed (issue 10, defect 2). Opening it
writes nothing (defect 11)."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

from editor_support import TODAY, editor, opened, wait_for
from hostile_support import assert_shown_safely, hostile_workspace
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

from postmortem_tui.core.model import Postmortem
from postmortem_tui.core.review import Finding
from postmortem_tui.storage.workspace import Workspace
from postmortem_tui.tui.app import make_app
from postmortem_tui.tui.forms.conflict import ConflictDialog
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.panes.registry import PANES
from postmortem_tui.tui.panes.review_pane import final_question, finding_text
from postmortem_tui.tui.screens.workspace import WorkspaceScreen
from postmortem_tui.tui.user_text.shown import shown_strip, shown_styled
from postmortem_tui.tui.widgets.field_sketch import FieldSketch, SketchField
from postmortem_tui.tui.widgets.header import PostmortemHeader
from postmortem_tui.tui.widgets.list_editor import ListEditor

#: Large enough that every field of every pane is on screen.
BIG = (160, 70)
PAYLOAD = "\x1b]0;pm-pwned\x07 \x1b]52;c;cm0gLXJmIH4=\x1b\\ \x1b[2J\x9b31m \u202egpj.exe\u200b"


async def show_pane(pilot: Pilot[None], pane_id: str) -> None:
    pane = next(p for p in PANES if p.id == pane_id)
    await pilot.press(pane.key)
    await wait_for(pilot, lambda: editor(pilot.app).current_pane == pane_id)  # type: ignore[arg-type]
    await pilot.pause()


async def test_every_pane_and_item_form_shows_escapes_without_obeying_them(
    workspace_path: Path, config_path: Path
) -> None:
    workspace, path = hostile_workspace(workspace_path)
    app = make_app(workspace, open_path=path, today=TODAY)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await opened(pilot)
        for pane in PANES:
            await show_pane(pilot, pane.id)
            screen = assert_shown_safely(app, f"the {pane.id} pane")
            if pane.id not in ("preview", "review"):
                assert "␛]0;pm-pwned" in screen, f"the {pane.id} pane shows the escapes"
            lists = [e for e in editor(app).query(ListEditor) if e.items and e.display]
            for list_editor in lists:
                list_editor.show_item(0)
                await pilot.press("enter")
                await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
                await pilot.pause()
                assert_shown_safely(app, f"the form of {list_editor.field}")
                await pilot.press("escape")
                await wait_for(pilot, lambda: not isinstance(app.screen, ItemForm))


async def test_opening_a_file_with_escapes_writes_nothing(
    workspace_path: Path, config_path: Path
) -> None:
    """Every field posts its value as it mounts, and leaving commits every field: the text
    as loaded is no edit, so the file keeps its bytes and its time."""
    workspace, path = hostile_workspace(workspace_path)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    before = path.read_bytes()
    app = make_app(workspace, open_path=path, today=TODAY)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        screen = await opened(pilot)
        for pane in PANES:
            await show_pane(pilot, pane.id)
        await pilot.pause()
        assert not screen.is_dirty
        assert screen.header.save_state == "saved"
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    assert path.read_bytes() == before
    assert path.stat().st_mtime == 1_700_000_000


async def test_the_browser_shows_hostile_titles_file_names_and_notices_safely(
    workspace_path: Path, config_path: Path
) -> None:
    workspace, _path = hostile_workspace(workspace_path)
    broken = workspace.root / f"2026-03-13-{PAYLOAD}.toml"
    broken.write_text("title = [", encoding="utf-8")
    app = make_app(workspace, today=TODAY)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceScreen))
        await pilot.pause()
        assert "␛]0;pm-pwned" in assert_shown_safely(app, "the browser's rows")
        await pilot.press("down")  # the broken file: its row and detail line name it
        await pilot.pause()
        assert "␛]0;pm-pwned" in assert_shown_safely(app, "the broken file's detail line")
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        assert_shown_safely(app, "the notice naming the broken file")
        await pilot.press("d")
        await pilot.pause()
        assert_shown_safely(app, "the question before trashing it")


class _Shows(App[None]):
    """An app showing one widget, for the display points a screen shows only briefly."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


async def test_the_header_and_the_first_frames_sketch_show_escapes_safely() -> None:
    pm = Postmortem(title=f"Title {PAYLOAD}", date=date(2026, 3, 12), authors=[PAYLOAD])
    for widget in (
        PostmortemHeader(pm),
        FieldSketch(
            [[SketchField("Authors", PAYLOAD), SketchField("Tags", PAYLOAD, 20)]],
            [("What happened", f"Summary {PAYLOAD}")],
            label_width=12,
        ),
    ):
        app = _Shows(widget)
        async with app.run_test(size=BIG, notifications=True) as pilot:
            await pilot.pause()
            screen = assert_shown_safely(app, type(widget).__name__)
            assert "␛]0;pm-pwned" in screen


async def test_dialogs_and_notices_quoting_a_file_name_show_it_safely(
    workspace_path: Path,
) -> None:
    app = make_app(Workspace(workspace_path).ensure(), today=TODAY)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        app.notify(f"Exported to /tmp/{PAYLOAD}.md", title=f"Title {PAYLOAD}")
        await app.push_screen(ConflictDialog(f"{PAYLOAD}.toml"))
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        assert "␛]0;pm-pwned" in assert_shown_safely(app, "a notice and the conflict dialog")


def test_review_findings_show_quoted_text_safely() -> None:
    finding = Finding(
        "blame-phrase", "error", f"factors[0].{PAYLOAD}", None, f"“{PAYLOAD}” is blame", PAYLOAD
    )
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(finding_text(finding))
    console.print(final_question([finding]))
    rendered = console.export_text()
    assert "␛]0;pm-pwned" in rendered
    assert not any(c in rendered for c in "\x1b\x07\x9b\u202e\u200b")


def test_styled_text_and_rendered_lines_keep_their_styles_and_width() -> None:
    text = Text("ab\x1bcd\u202eef", style="bold")
    text.stylize("red", 1, 4)
    safe = shown_styled(text)
    assert safe.plain == "ab␛cd<U+202E>ef"
    assert [(s.start, s.end, s.style) for s in safe.spans] == [(1, 4, "red")]
    strip = Strip([Segment("ab\x1b", Style(bold=True)), Segment("c\u202ed  ")])
    safe_strip = shown_strip(strip)
    assert safe_strip.text == "ab␛c�d"  # cut back to the 6 cells it took
    assert [s.style for s in safe_strip] == [Style(bold=True), None]
