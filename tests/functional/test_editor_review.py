"""The review in the editor: the F10 pane, jumping to a field, the header count, the marks
in the lists, and the question before finalising with errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from editor_support import SIZE, TODAY, editor, opened, review_shown, wait_for
from textual.pilot import Pilot
from textual.widgets import OptionList, Select, Static, TextArea
from textual.widgets.data_table import ColumnKey

from postmortem_tui.core.model import Postmortem, TimelineEvent
from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.app import PostmortemApp, make_app
from postmortem_tui.tui.forms.confirm import ConfirmDialog
from postmortem_tui.tui.panes.review_pane import ReviewPane
from postmortem_tui.tui.widgets.header import PostmortemHeader
from postmortem_tui.tui.widgets.list_editor import ListEditor, ListTable
from postmortem_tui.tui.widgets.review_coach import ReviewCoach


def with_blame(pm: Postmortem) -> None:
    """Two errors (blame) and one more warning (a vague action) on top of the sample's."""
    pm.summary += " It was human error."
    pm.timeline[3].event = "Sam forgot to stop the retry job"
    pm.actions[1].text = "Be more careful with disks"


def review_app(
    workspace_path: Path, config_path: Path, change: Callable[[Postmortem], None] | None = None
) -> PostmortemApp:
    """The app opened on the sample, changed by `change` first."""
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("cursor_blink = false\n", encoding="utf-8")
    workspace = Workspace(workspace_path)
    path = workspace.add_sample()
    if change is not None:
        loaded = load(path)
        change(loaded.postmortem)
        workspace.save(loaded)
    return make_app(workspace, open_path=path, today=TODAY)


def reviewed_and_shown(app: PostmortemApp) -> bool:
    """The first review has run and the screen shows its findings."""
    coaches = editor(app).query(ReviewCoach)
    return bool(coaches) and review_shown(editor(app), coaches.first())


def reviews(app: PostmortemApp) -> int:
    """Reviews delivered so far (0 before the editor has mounted its coach)."""
    coaches = editor(app).query(ReviewCoach)
    return coaches.first().reviews if coaches else 0


def header_count(app: PostmortemApp) -> str:
    return editor(app).query_one(PostmortemHeader).review_text


def finding_fields(app: PostmortemApp) -> list[str]:
    pane = editor(app).query_one(ReviewPane)
    return [f.field for f in pane.findings]


async def open_review(pilot: Pilot[None]) -> OptionList:
    await pilot.press("f10")
    await wait_for(pilot, lambda: editor(pilot.app).current_pane == "review")  # type: ignore[arg-type]
    await pilot.pause()
    return pilot.app.screen.query_one("#findings", OptionList)


async def choose(pilot: Pilot[None], options: OptionList, field: str) -> None:
    """Highlight the finding about `field` and press enter."""
    pane = pilot.app.screen.query_one(ReviewPane)
    for position, option in enumerate(options.options):
        if option.id is not None and pane.findings[int(option.id)].field == field:
            options.highlighted = position
            break
    else:
        raise AssertionError(f"no finding about {field}")
    await pilot.press("enter")
    await pilot.pause()


async def test_review_pane_lists_findings_grouped_by_pane(
    workspace_path: Path, config_path: Path
) -> None:
    app = review_app(workspace_path, config_path, with_blame)
    async with app.run_test(size=SIZE) as pilot:
        options = await open_review(pilot)
        assert options.has_focus
        assert finding_fields(app) == [
            "summary",
            "timeline[3].event",
            "actions[0].due",
            "actions[1].text",
        ]
        headings = [str(o.prompt) for o in options.options if o.disabled]
        assert headings == ["Summary (f2)", "Timeline (f3)", "Action items (f6)"]
        line = str(app.screen.query_one("#review-count-line", Static).visual)
        assert "2 errors" in line and "2 warnings" in line
        assert header_count(app).strip() == "2 errors · 2 warnings"


async def test_go_to_review_is_one_key_from_a_text_field_and_in_the_footer(
    workspace_path: Path, config_path: Path
) -> None:
    app = review_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#summary", TextArea).focus()
        await pilot.pause()
        await pilot.press("f10")
        await wait_for(pilot, lambda: editor(app).current_pane == "review")
        bindings = {b.binding.id for b in app.screen.active_bindings.values() if b.binding.show}
        assert "editor.goto_review" in bindings
        commands = [a.command for a in editor(app).ACTIONS]
        assert "Go to review" in commands


@pytest.mark.parametrize(
    ("field", "pane", "list_id", "row"),
    [
        ("timeline[3].event", "timeline", "#timeline-list", 3),
        ("actions[1].text", "actions", "#actions", 1),
    ],
)
async def test_enter_on_an_item_finding_selects_its_row(
    workspace_path: Path, config_path: Path, field: str, pane: str, list_id: str, row: int
) -> None:
    app = review_app(workspace_path, config_path, with_blame)
    async with app.run_test(size=SIZE) as pilot:
        options = await open_review(pilot)
        await choose(pilot, options, field)
        await wait_for(pilot, lambda: editor(app).current_pane == pane)
        table = app.screen.query_one(list_id, ListEditor).table
        await wait_for(pilot, lambda: table.has_focus)
        assert table.cursor_row == row


async def test_enter_on_a_text_finding_focuses_the_field_with_the_words_selected(
    workspace_path: Path, config_path: Path
) -> None:
    app = review_app(workspace_path, config_path, with_blame)
    async with app.run_test(size=SIZE) as pilot:
        options = await open_review(pilot)
        await choose(pilot, options, "summary")
        await wait_for(pilot, lambda: editor(app).current_pane == "summary")
        area = app.screen.query_one("#summary", TextArea)
        await wait_for(pilot, lambda: area.has_focus)
        assert area.selected_text == "human error"


async def test_header_count_follows_typing_in_the_summary(
    workspace_path: Path, config_path: Path
) -> None:
    app = review_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert header_count(app).strip() == "1 warning"
        area = app.screen.query_one("#summary", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*" It was operator error.")
        await wait_for(pilot, lambda: "1 error" in header_count(app))
        # Typing never waited for the review: every key reached the summary.
        assert editor(app).pm.summary.endswith("It was operator error.")
        await pilot.press(*["backspace"] * len(" It was operator error."))
        await wait_for(pilot, lambda: header_count(app).strip() == "1 warning")


async def test_marks_appear_next_to_offending_items(
    workspace_path: Path, config_path: Path
) -> None:
    app = review_app(workspace_path, config_path, with_blame)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        timeline = app.screen.query_one("#timeline-list", ListEditor)
        await wait_for(pilot, lambda: timeline.mark_at(3) == "error")
        assert [timeline.mark_at(i) for i in range(len(timeline.items))].count("") == 7
        await pilot.press("f6")
        await pilot.pause()
        actions = app.screen.query_one("#actions", ListEditor)
        await wait_for(pilot, lambda: actions.mark_at(1) == "warning")
        assert actions.mark_at(0) == "warning"  # overdue
        lead = actions.table.get_cell(actions.table.ordered_rows[1].key, "lead")
        assert lead.mark.plain == "?"
        # A fix clears the mark without a rebuild.
        editor(app).pm.actions[1].text = "Add a disk usage alert at 70% to the queue hosts"
        editor(app).mark_changed()
        await wait_for(pilot, lambda: actions.mark_at(1) == "")


async def test_a_review_updates_only_the_marks_that_change_in_a_long_timeline(
    workspace_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def long_timeline(pm: Postmortem) -> None:
        start = datetime(2026, 3, 12, 9, 0)
        pm.timeline = [
            TimelineEvent(at=start + timedelta(seconds=n), event=f"Queue depth sample {n}")
            for n in range(2000)
        ]
        pm.timeline[0].milestone = "started"

    app = review_app(workspace_path, config_path, long_timeline)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        timeline = app.screen.query_one("#timeline-list", ListEditor)
        await wait_for(pilot, lambda: reviews(app) >= 1 and timeline.table.row_count == 2000)
        await pilot.pause()
        updates: list[ColumnKey | str] = []
        rebuilds: list[int] = []
        update_cell = ListTable.update_cell
        rebuild = ListEditor.rebuild
        monkeypatch.setattr(
            ListTable,
            "update_cell",
            lambda self, row, column, *a, **k: (
                updates.append(column) or update_cell(self, row, column, *a, **k)
            ),
        )
        monkeypatch.setattr(ListEditor, "rebuild", lambda self: rebuilds.append(1) or rebuild(self))
        # Blame typed into the summary: the count changes, the timeline's marks do not.
        reviewed = reviews(app)
        await pilot.press("f2")
        area = app.screen.query_one("#summary", TextArea)
        area.focus()
        await pilot.press(*"Human error. ")
        await wait_for(pilot, lambda: reviews(app) > reviewed and "error" in header_count(app))
        assert updates == [] and rebuilds == []
        # One event gains blame: exactly one mark cell is rewritten.
        editor(app).pm.timeline[1500].event = "Sam forgot to stop the sampler"
        editor(app).mark_changed()
        await wait_for(pilot, lambda: timeline.mark_at(1500) == "error")
        await pilot.pause()
        assert updates == ["lead"] and rebuilds == []


async def set_status(pilot: Pilot[None], status: str) -> None:
    await pilot.press("f2")
    await pilot.pause()
    pilot.app.screen.query_one("#status", Select).value = status
    await pilot.pause()


async def test_finalising_with_errors_asks_and_cancel_keeps_the_status(
    workspace_path: Path, config_path: Path
) -> None:
    app = review_app(workspace_path, config_path, with_blame)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await set_status(pilot, "final")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        question = str(app.screen.query_one("#confirm-question", Static).visual)
        assert "2 errors" in question
        assert "Timeline, 09:55 UTC Sam forgot to stop the retry job" in question
        assert "Summary, What happened" in question and "human error" in question
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.pm.status == "review"
        await wait_for(pilot, lambda: app.screen.query_one("#status", Select).value == "review")
        assert " · review · " in app.screen.query_one(PostmortemHeader).facts_text
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: load(screen.path).postmortem.status == "review")


async def test_finalising_with_errors_confirmed_is_final(
    workspace_path: Path, config_path: Path
) -> None:
    app = review_app(workspace_path, config_path, with_blame)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await set_status(pilot, "final")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.pm.status == "final"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: load(screen.path).postmortem.status == "final")


async def test_finalising_without_errors_does_not_ask(
    workspace_path: Path, config_path: Path
) -> None:
    app = review_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await opened(pilot)
        reviewed = reviews(app)
        await set_status(pilot, "final")
        # The review of the final version was handled, and asked nothing.
        await wait_for(pilot, lambda: reviews(app) > reviewed and screen._finalising_from is None)
        await pilot.pause()
        assert app.screen is screen
        assert screen.pm.status == "final"


async def test_broken_review_settings_say_so_and_the_review_uses_defaults(
    workspace_path: Path, config_path: Path
) -> None:
    app = review_app(workspace_path, config_path, with_blame)
    (workspace_path / "postmortem.toml").write_text("[review]\nbogus = 1\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: reviewed_and_shown(app))
        titles = [n.title for n in app._notifications]
        assert "Review settings not used" in titles
        assert header_count(app).strip() == "2 errors · 2 warnings"


async def test_review_settings_are_applied(workspace_path: Path, config_path: Path) -> None:
    app = review_app(workspace_path, config_path, with_blame)
    (workspace_path / "postmortem.toml").write_text(
        '[review]\ndisable = ["blame-phrase"]\n', encoding="utf-8"
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: reviewed_and_shown(app))
        assert header_count(app).strip() == "1 error · 2 warnings"
