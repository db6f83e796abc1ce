"""The editor is complete: every field of the file format can be filled in with the keyboard
alone at 80x24, from a new postmortem to its Markdown export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from editor_support import SIZE, TODAY, editor, on_disk, sample_app, wait_for
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.app import make_app
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.panes.review_pane import ReviewPane
from postmortem_tui.tui.screens.editor import EditorScreen
from postmortem_tui.tui.widgets.header import PostmortemHeader
from postmortem_tui.tui.widgets.list_editor import ListEditor


def error_text(pilot: Pilot[None], error_id: str) -> str:
    error = pilot.app.screen.query_one(f"#{error_id}", Static)
    return str(error.visual) if error.has_class("-shown") else ""


async def goto(pilot: Pilot[None], key: str, pane: str) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: editor(pilot.app).current_pane == pane)  # type: ignore[arg-type]


async def refill(pilot: Pilot[None], field_id: str, text: str) -> None:
    """Focus an input, empty it and type `text` key by key."""
    pilot.app.screen.query_one(f"#{field_id}", Input).focus()
    await pilot.press("end", "ctrl+u", *text)


async def append(pilot: Pilot[None], field_id: str, *keys: str) -> None:
    """Focus an input and press `keys` at its end (no step empties it)."""
    pilot.app.screen.query_one(f"#{field_id}", Input).focus()
    await pilot.press("end", *keys)


# --- review date and tags ---------------------------------------------------------------------


async def test_review_date_and_tags_are_edited_on_the_summary_pane(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await refill(pilot, "tags", "cache, checkout")
        await refill(pilot, "review_on", "2026-02-12")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not editor(app).is_dirty)
    pm = load(path).postmortem
    assert pm.tags == ["cache", "checkout"]
    assert pm.review_on == date(2026, 2, 12)


async def test_a_refused_review_date_names_the_field_and_is_kept_as_a_draft(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    before = load(path).postmortem.review_on
    async with app.run_test(size=SIZE) as pilot:
        await append(pilot, "review_on", "backspace", "9")
        await pilot.pause()
        message = error_text(pilot, "review_on-error")
        assert message.startswith("Review on: '2026-03-39' is not a date")
        assert editor(app).pm.review_on == before
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    loaded = load(path).postmortem
    assert loaded.review_on == before
    assert loaded.extra["draft_review_on"] == "2026-03-39"

    app = make_app(Workspace(workspace_path), open_path=path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#review_on", Input).value == "2026-03-39"
        assert error_text(pilot, "review_on-error")  # says again why it is not used
        await refill(pilot, "review_on", "2026-02-27")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    loaded = load(path).postmortem
    assert loaded.review_on == date(2026, 2, 27)
    assert "draft_review_on" not in on_disk(path)


async def test_the_review_finding_without_a_review_date_lands_on_the_field(
    workspace_path: Path, config_path: Path
) -> None:
    workspace = Workspace(workspace_path)
    path = workspace.add_sample()
    loaded = load(path)
    loaded.postmortem.review_on = None
    workspace.save(loaded)
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("cursor_blink = false\n", encoding="utf-8")
    app = make_app(workspace, open_path=path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "f10", "review")
        pane = app.screen.query_one(ReviewPane)
        await wait_for(pilot, lambda: any(f.field == "review_on" for f in pane.findings))
        options = app.screen.query_one("#findings", OptionList)
        options.highlighted = next(
            n
            for n, option in enumerate(options.options)
            if option.id is not None and pane.findings[int(option.id)].field == "review_on"
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: editor(app).current_pane == "summary")
        await wait_for(pilot, lambda: getattr(app.focused, "id", None) == "review_on")


async def test_a_refused_impact_number_is_kept_as_a_draft_on_exit(
    workspace_path: Path, config_path: Path
) -> None:
    app, path = sample_app(workspace_path, config_path)
    before = load(path).postmortem.impact.users_affected
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "f5", "impact")
        await append(pilot, "users_affected", *"OO")
        await pilot.pause()
        assert error_text(pilot, "users_affected-error").startswith("Users affected:")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    impact = load(path).postmortem.impact
    assert impact.users_affected == before
    assert impact.extra["draft_users_affected"] == f"{before}OO"

    app = make_app(Workspace(workspace_path), open_path=path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "f5", "impact")
        assert app.screen.query_one("#users_affected", Input).value == f"{before}OO"
        assert error_text(pilot, "users_affected-error")
        await refill(pilot, "users_affected", "2400")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    assert load(path).postmortem.impact.users_affected == 2400
    assert "draft_users_affected" not in on_disk(path)


async def test_a_new_participant_row_is_scrolled_into_view(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        participants = app.screen.query_one("#participants", ListEditor)
        participants.table.focus()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        await pilot.press(*"Rae", "tab", *"scribe", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        pane = app.screen.query_one("#summary-pane")

        def last_row_shown() -> bool:
            table = participants.table
            bottom = table.region.y + table.region.height
            return bottom <= pane.region.y + pane.region.height and table.region.height > 0

        await wait_for(pilot, last_row_shown)


async def test_the_header_keeps_the_derived_times_when_authors_are_long(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await refill(pilot, "authors", ", ".join(["Payments platform team"] * 4))
        await pilot.pause()
        header = app.screen.query_one(PostmortemHeader)
        shown = "".join(s.text for s in header.render_line(1))
        assert "detect" in shown and "resolve" in shown


async def test_the_status_choice_is_not_cut_off_at_80_columns(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#status")
        pane = app.screen.query_one("#summary-pane")
        assert status.region.right <= pane.scrollable_content_region.right


# --- the whole flow with key presses ----------------------------------------------------------


async def add_item(pilot: Pilot[None], *keys: str) -> None:
    """Press a, then `keys` in the form (ending with enter or ctrl+s), and wait for the form
    to close."""
    await pilot.press("a")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ItemForm))
    await pilot.press(*keys)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, EditorScreen))


def choose(downs: int) -> list[str]:
    """Open a select, move down `downs` times, choose (a select at "(none)" opens on its first
    real choice)."""
    return ["enter", *["down"] * downs, "enter"]


async def test_a_new_postmortem_is_filled_in_and_exported_with_the_keyboard(
    workspace_path: Path, config_path: Path
) -> None:
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text("cursor_blink = false\n", encoding="utf-8")
    app = make_app(Workspace(workspace_path), today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.query("#new-title").first().has_focus)
        await pilot.press(*"Checkout errors", "tab", "end", "ctrl+u", *"2026-03-30", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        await pilot.pause()

        # Summary: title, date, severity, status, authors, tags, review date, text, people.
        await pilot.press("tab", "tab", *choose(1), "tab", *choose(1))
        await pilot.press("tab", *"Pay team", "tab", *"cache, checkout")
        await pilot.press("tab", *"2026-04-14", "tab", *"Cart failed.")
        await pilot.press("tab", *"Key format.", "tab")
        await add_item(pilot, *"Sam", "tab", *"on-call", "enter")

        # Timeline: 14:32, +5m and a full ISO time, with milestones.
        await goto(pilot, "f3", "timeline")
        await add_item(pilot, *"14:32", "tab", *choose(0), "tab", *"Deploy", "ctrl+s")
        await add_item(pilot, *"+5m", "tab", *choose(1), "tab", *"Alert fired", "ctrl+s")
        await add_item(pilot, *"2026-03-30T14:57", "tab", *choose(5), "tab", *"Stopped", "ctrl+s")

        # Factors and 5 Whys.
        await goto(pilot, "f4", "factors")
        await add_item(pilot, *"No key check", "enter")
        await pilot.press("tab")
        await add_item(pilot, *"Why fail?", "tab", *"Pool ran out", "enter")

        # Impact, after a number the form refuses.
        await goto(pilot, "f5", "impact")
        await pilot.press("tab", *"lots")
        await pilot.pause()
        assert error_text(pilot, "users_affected-error")
        await pilot.press("ctrl+u", *"2400", "tab", *"15", "tab", *"47", "tab", *"$1,200")
        await pilot.press("tab", *"pay", "tab", *"Calls rose")
        await pilot.pause()
        assert not error_text(pilot, "users_affected-error")

        # Action items of each kind, one done.
        await goto(pilot, "f6", "actions")
        for downs, text in ((0, "Check keys"), (1, "Alert"), (2, "Cap pool")):
            await add_item(
                pilot,
                *choose(downs),
                "tab",
                *text,
                "tab",
                *"Ops",
                "tab",
                *"2026-04-20",
                "tab",
                *"OPS-1",
                "enter",
            )
        await pilot.press("x")

        # Lessons: three lists, lessons learned, evidence, appendix.
        await goto(pilot, "f7", "lessons")
        await add_item(pilot, *"Fast alert", "enter")
        await pilot.press("tab")
        await add_item(pilot, *"No check", "enter")
        await pilot.press("tab")
        await add_item(pilot, *"Low traffic", "enter")
        await pilot.press("tab", *"Check.", "tab")
        log = ["enter", "up", "up", "up", "up", "enter"]
        await add_item(pilot, *log, "tab", *"Graph", "tab", *"https://g.example", "enter")
        await pilot.press("tab", *"Note.")

        await goto(pilot, "f8", "preview")
        await goto(pilot, "f10", "review")
        await pilot.press("f9")
        await wait_for(pilot, lambda: app.screen.query("#export-path").first().has_focus)
        await pilot.press("enter")
        exported = workspace_path / "exports" / "2026-03-30-checkout-errors.md"
        await wait_for(pilot, exported.exists)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)

    markdown = exported.read_text(encoding="utf-8")
    assert "yet." not in markdown, markdown  # every section has content
    for text in (
        "**Severity:** major",
        "**Status:** review",
        "Pay team",
        "cache, checkout",
        "2026-04-14",
        "Cart failed.",
        "Key format.",
        "14:32 — **started:** Deploy",
        "14:37 — **detected:** Alert fired",
        "**resolved:** Stopped",
        "**Time to resolution:** 25m",
        "No key check",
        "Why fail? → Pool ran out",
        "2,400 (15% of users)",
        "**Customer tickets:** 47",
        "pay",
        "Calls rose",
        "- [ ] Check keys — Ops, due 2026-04-20, OPS-1",
        "- [ ] Alert",
        "- [x] Cap pool",
        "Fast alert",
        "No check",
        "Low traffic",
        "Check.",
        "Graph",
        "on-call: Sam",
        "Note.",
    ):
        assert text in markdown, text
    pm = load(workspace_path / "2026-03-30-checkout-errors.toml").postmortem
    assert [a.kind for a in pm.actions] == ["prevent", "detect", "mitigate"]
    assert pm.evidence[0].kind == "log"
