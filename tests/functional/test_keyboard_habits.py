"""What a keyboard user expects of fields, Tab, selects, notifications and review findings."""

from __future__ import annotations

from pathlib import Path

from editor_support import SIZE, TODAY, editor, opened, sample_app, wait_for
from textual.geometry import Region
from textual.widgets import Footer, Input, OptionList, Select

from postmortem_tui.storage.workspace import Workspace
from postmortem_tui.tui.app import PostmortemApp, make_app
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.screens.help import HelpScreen
from postmortem_tui.tui.widgets.pane_bar import PaneBar


def cursor_in_view(field: Input) -> bool:
    region, cursor = field.content_region, field.cursor_screen_offset
    return region.x <= cursor.x < region.right


async def test_a_field_left_shows_the_start_of_its_text(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await opened(pilot)
        title = app.screen.query_one("#title", Input)
        await pilot.press("end", *" after the schema change")
        assert title.scroll_offset.x > 0  # typing at the end shows the end
        await pilot.press("tab")
        await wait_for(pilot, lambda: not title.has_focus)
        assert title.scroll_offset.x == 0
        assert title.value.startswith("Payment webhooks")
        # The focus going to a dialog and back keeps the cursor where it was.
        await pilot.press("shift+tab", "end", "left")
        await wait_for(pilot, lambda: title.has_focus)
        where = title.cursor_position
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: title.has_focus)
        assert title.cursor_position == where


async def test_entering_a_long_field_shows_its_cursor(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await opened(pilot)
        await pilot.press("f5")
        revenue = app.screen.query_one("#revenue_impact", Input)
        assert len(revenue.value) > revenue.content_size.width  # longer than its field
        await pilot.press("tab", "tab", "tab", "tab")
        await wait_for(pilot, lambda: revenue.has_focus)
        assert cursor_in_view(revenue)
        assert revenue.scroll_offset.x == 0


async def test_tab_goes_on_to_the_next_pane_not_round_to_the_first_field(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        last = screen.focus_chain[-1]  # the summary's last field: its participants
        last.focus()
        await wait_for(pilot, lambda: last.has_focus)
        await pilot.press("tab")
        await wait_for(pilot, lambda: screen.current_pane == "timeline")
        timeline = screen.pane("timeline")
        assert timeline is not None and screen.focused in timeline.query("*")
        await pilot.press("shift+tab")
        await wait_for(pilot, lambda: screen.current_pane == "summary")
        assert last.has_focus
        title = screen.query_one("#title", Input)
        title.focus()
        await wait_for(pilot, lambda: title.has_focus)
        await pilot.press("shift+tab")  # before the first pane: the last one
        await wait_for(pilot, lambda: screen.current_pane == "review")
        assert isinstance(screen.focused, OptionList)


def no_severity_app(workspace_path: Path, config_path: Path) -> PostmortemApp:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("cursor_blink = false\n", encoding="utf-8")
    path = Workspace(workspace_path).add_sample()
    text = path.read_text(encoding="utf-8").replace('severity = "major"', 'severity = ""')
    path.write_text(text, encoding="utf-8")
    return make_app(Workspace(workspace_path), open_path=path, today=TODAY)


async def test_down_from_none_moves_through_the_real_choices(
    workspace_path: Path, config_path: Path
) -> None:
    app = no_severity_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        severity = app.screen.query_one("#severity", Select)
        assert severity.value == ""
        severity.focus()
        await pilot.press("down", "down", "enter")  # (none) -> critical -> major
        await wait_for(pilot, lambda: screen.pm.severity != "")
        assert screen.pm.severity == "major"
        await pilot.press("f6", "ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        priority = app.screen.query_one("#field-priority", Select)
        priority.focus()
        await pilot.press("down", "enter")  # (none) -> high
        await wait_for(pilot, lambda: priority.value != "")
        assert priority.value == "high"


async def test_notifications_stand_above_the_footer_and_the_pane_bar(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot)
        app.notify("Exported to a file with a long name " * 4, title="Markdown written")
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        await pilot.pause()
        toast = app.screen.query_one("Toast").region
        for chrome in (app.screen.query_one(Footer), app.screen.query_one(PaneBar)):
            assert not toast.overlaps(chrome.region), (toast, chrome.region)
        assert toast.area > 0 and Region(0, 0, *app.size).contains_region(toast)


async def test_review_findings_name_fields_as_the_panes_show_them(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        screen.pm.timeline[3].event = "Retries doubled because of human error"
        screen.mark_changed()
        await pilot.press("f10")
        findings = app.screen.query_one("#findings", OptionList)
        await wait_for(pilot, lambda: len(screen.findings) == 2 and findings.option_count > 3)
        shown = "\n".join(
            "".join(segment.text for segment in line)
            for option in findings.options
            for line in app.console.render_lines(option.prompt, app.console.options)
        )
        assert "09:55 UTC Retries doubled because of…" in shown
        assert "Add a payload-size comparison… (due date)" in shown
        assert "timeline[" not in shown and "actions[" not in shown
        assert [f.where for f in screen.findings] == [
            "Timeline, 09:55 UTC Retries doubled because of…",
            "Action items, Add a payload-size comparison… (due date)",
        ]
        assert editor(app).findings == screen.findings
