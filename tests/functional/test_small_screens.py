"""At 60x20 every screen stays usable: no field off the right edge, no key lost from reach,
the current pane named, no dialog's buttons cut off."""

from __future__ import annotations

from pathlib import Path

from editor_support import editor, opened, sample_app, wait_for
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Select, Static

from postmortem_tui.core.review import Finding
from postmortem_tui.tui.app import PostmortemApp
from postmortem_tui.tui.forms.confirm import ConfirmDialog
from postmortem_tui.tui.panes.review_pane import final_question
from postmortem_tui.tui.screens.help import HelpScreen
from postmortem_tui.tui.widgets.keys_footer import KeysFooter
from postmortem_tui.tui.widgets.pane_bar import PaneBar

SMALL = (60, 20)


def whole_on_screen(app: PostmortemApp, widget: Widget) -> bool:
    screen = Region(0, 0, *app.size)
    return widget.region.area > 0 and screen.contains_region(widget.region)


def footer_keys(app: PostmortemApp) -> list[Widget]:
    """The keys the footer shows now (hidden ones left out)."""
    return [key for key in app.screen.query_one(Footer).query("FooterKey") if key.display]


async def test_every_summary_field_is_in_view_at_60_columns(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot)
        pane = editor(app).pane("summary")
        assert pane is not None
        for field in [*pane.query(Input), *pane.query(Select)]:
            assert whole_on_screen(app, field), f"#{field.id} at {field.region}"


async def test_the_footer_shows_the_keys_from_the_start(
    workspace_path: Path, config_path: Path
) -> None:
    """The footer comes after the fields; it must not wait for a key press to show keys."""
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await wait_for(pilot, lambda: bool(footer_keys(app)))
        assert "Save" in [key.description for key in footer_keys(app)]  # type: ignore[attr-defined]


async def test_help_and_the_palette_stay_in_the_footer_at_60_columns(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot)
        await pilot.press("f6")
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        hints = footer.query_one(".footer-hints")
        assert [str(hint.visual) for hint in hints.query(Static)] == ["f1 help", "^p palette"]
        assert whole_on_screen(app, hints)
        shown = footer_keys(app)
        assert shown, "no key fits beside help and the palette"
        for key in shown:  # whole keys only, none half under the hints
            assert key.region.right <= hints.region.x, key.region
        left_out = {"f9", "ctrl+l"} - {key.key for key in shown}  # type: ignore[attr-defined]
        assert left_out, "the test expects some keys not to fit at 60 columns"
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        listed = [action.key_display for action in app.screen.over_actions]  # type: ignore[attr-defined]
        assert "f9, ctrl+o" in listed and "ctrl+l, esc" in listed


async def test_the_pane_bar_always_names_the_current_pane(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot)
        bar = app.screen.query_one(PaneBar)
        for key, name in (("f7", "Lessons"), ("f10", "Review"), ("f2", "Summary")):
            await pilot.press(key)
            await pilot.pause()
            line = str(bar.visual)
            assert f"{key} {name}" in line, line
            assert len(line) <= bar.size.width


async def test_the_review_count_line_wraps_at_60_columns(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot)
        await pilot.press("f10")
        await pilot.pause()
        line = app.screen.query_one("#review-count-line", Static)
        assert str(line.visual).endswith("enter goes to the field")
        assert line.size.height == 2  # the whole line, in two


LONG_MESSAGE = (
    "The summary is empty: say in two or three sentences what happened, what it did to users"
)


def errors(number: int) -> list[Finding]:
    return [
        Finding("empty-summary", "error", "summary", None, LONG_MESSAGE, "") for _ in range(number)
    ]


async def test_a_long_confirmation_keeps_its_answers_in_view(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SMALL) as pilot:
        await opened(pilot)
        app.push_screen(ConfirmDialog(final_question(errors(6)), title="Finalise with errors?"))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.pause()
        for button in app.screen.query(Button):
            assert whole_on_screen(app, button), f"#{button.id} at {button.region}"
