"""Summary, factors, impact, action items, lessons, preview, quick format, export, go-to."""

from __future__ import annotations

import json
from pathlib import Path

from editor_support import SIZE, TODAY, editor, opened, sample_app, wait_for
from textual.widgets import Checkbox, Input, Markdown, Select, Static, TextArea

from postmortem_tui.core.model import new_postmortem
from postmortem_tui.storage.workspace import Workspace, load
from postmortem_tui.tui.app import make_app
from postmortem_tui.tui.forms.export_path import ExportPathDialog
from postmortem_tui.tui.forms.form_screen import ItemForm
from postmortem_tui.tui.forms.goto_pane import GoToPaneDialog
from postmortem_tui.tui.widgets.list_editor import ListEditor


async def submit_form(pilot, **values: str) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ItemForm))
    form = pilot.app.screen
    for name, value in values.items():
        form.query_one(f"#field-{name}", Input).value = value
    await pilot.pause()
    form.action_submit()
    await pilot.pause()


async def type_at_end(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    area = pilot.app.screen.query_one(selector, TextArea)
    area.focus()
    area.move_cursor(area.document.end)
    await pilot.pause()
    await pilot.press(*text)


async def test_summary_date_refused_inline(workspace_path: Path, config_path: Path) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        field = app.screen.query_one("#date", Input)
        field.value = "2026-13-45"
        await pilot.pause()
        error = app.screen.query_one("#date-error", Static)
        assert error.has_class("-shown")
        assert "Date" in str(error.visual)
        assert screen.pm.date is not None and screen.pm.date.isoformat() == "2026-03-12"
        field.value = "2026-03-13"
        await pilot.pause()
        assert not error.has_class("-shown")
        assert screen.pm.date.isoformat() == "2026-03-13"


async def test_summary_text_and_participants(workspace_path: Path, config_path: Path) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await type_at_end(pilot, "#summary", " More.")
        assert screen.pm.summary.endswith("More.")
        participants = app.screen.query_one("#participants", ListEditor)
        participants.table.focus()
        await pilot.press("a")
        await submit_form(pilot, name="", role="scribe")
        assert isinstance(app.screen, ItemForm), "a participant needs a name"
        await submit_form(pilot, name="Support on-call", role="scribe")
        assert "Support on-call" in [p.name for p in screen.pm.participants]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Support on-call" in path.read_text())
        assert load(path).postmortem.summary.endswith("More.")


async def test_factors_add_delete_renumbers_action_links(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("a")
        await submit_form(pilot, text="")
        assert isinstance(app.screen, ItemForm), "an empty factor is refused"
        await submit_form(pilot, text="Runbook lacks a volume expansion step")
        assert screen.pm.factors[1].text == "Runbook lacks a volume expansion step"
        # The factor inserted as number 2 moved the old 2 and 3 up by one.
        assert [a.factors for a in screen.pm.actions] == [[1], [3], [4], [3]]
        await pilot.press("d")
        assert [a.factors for a in screen.pm.actions] == [[1], [2], [3], [2]]
        counts = app.screen.query_one("#factors", ListEditor).table.get_column("c2")
        assert [str(c) for c in counts] == ["1", "2", "1"]


async def test_five_whys_add_edit(workspace_path: Path, config_path: Path) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("f4")
        await pilot.pause()
        whys = app.screen.query_one("#five-whys", ListEditor)
        whys.table.focus()
        await pilot.press("a")
        await submit_form(pilot, question="Why was there no expansion?", answer="Not enabled")
        assert screen.pm.five_whys[1].question == "Why was there no expansion?"
        await pilot.press("e")
        await submit_form(pilot, answer="Off by default")
        assert screen.pm.five_whys[1].answer == "Off by default"
        assert len(screen.pm.five_whys) == 5


async def test_impact_numbers_validated_inline(workspace_path: Path, config_path: Path) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("f5")
        await pilot.pause()
        users = app.screen.query_one("#users_affected", Input)
        users.value = "lots"
        await pilot.pause()
        error = app.screen.query_one("#users_affected-error", Static)
        assert error.has_class("-shown")
        assert "Users affected" in str(error.visual)
        assert screen.pm.impact.users_affected == 1800
        app.screen.query_one("#users_affected_percent", Input).value = "140"
        await pilot.pause()
        assert "0 to 100" in str(app.screen.query_one("#users_affected_percent-error").visual)
        assert screen.pm.impact.users_affected_percent == 12.5
        users.value = "2,400"
        await pilot.pause()
        assert not error.has_class("-shown")
        assert screen.pm.impact.users_affected == 2400
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "users_affected = 2400" in path.read_text())


async def test_action_items_toggle_add_and_warning(workspace_path: Path, config_path: Path) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("f6")
        await pilot.pause()
        table = app.screen.query_one("#actions", ListEditor).table
        # Overdue on TODAY: the open prevent item due 2026-03-27 stands out.
        first = table.ordered_rows[0].key
        assert str(table.get_cell(first, "c1")) == "[!]"
        assert screen.pm.actions[0].is_overdue(TODAY)
        await pilot.press("x")
        assert screen.pm.actions[0].done
        assert str(table.get_cell(first, "c1")) == "[x]"
        warning = app.screen.query_one("#no-prevent")
        assert not warning.display
        await pilot.press("d")
        assert warning.display, "no prevent item left"
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        await submit_form(pilot, text="Alert on disk growth rate", due="next week")
        assert isinstance(app.screen, ItemForm), "a bad due date is refused"
        assert "YYYY-MM-DD" in str(app.screen.query_one("#error-due").visual)
        await submit_form(pilot, due="2026-05-01", factors="9")
        assert "no factor 9" in str(app.screen.query_one("#error-factors").visual)
        await submit_form(pilot, factors="1")
        assert not warning.display
        assert screen.pm.actions[0].text == "Alert on disk growth rate"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Alert on disk growth rate" in path.read_text())


async def test_action_item_form_kind_and_done(workspace_path: Path, config_path: Path) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ItemForm))
        app.screen.query_one("#field-kind", Select).value = "detect"
        app.screen.query_one("#field-done", Checkbox).value = True
        await submit_form(pilot, text="Dashboard for webhook lag")
        added = next(a for a in screen.pm.actions if a.text == "Dashboard for webhook lag")
        assert added.kind == "detect" and added.done
        kinds = [a.kind for a in screen.pm.actions]
        assert kinds == sorted(kinds, key=["prevent", "detect", "mitigate"].index)


async def test_lessons_lists_and_evidence(workspace_path: Path, config_path: Path) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("a")
        await submit_form(pilot, text="Paging reached the right team at once")
        assert "Paging reached the right team at once" in screen.pm.what_went_well
        app.screen.query_one("#evidence", ListEditor).table.focus()
        await pilot.press("a")
        await submit_form(pilot, text="", link="https://example.com")
        assert isinstance(app.screen, ItemForm)
        await submit_form(pilot, text="Broker logs")
        assert "Broker logs" in [e.text for e in screen.pm.evidence]
        await type_at_end(pilot, "#lessons_learned", " Noted.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Paging reached the right team" in path.read_text())
        saved = load(path).postmortem
        assert saved.lessons_learned.endswith("Noted.")
        assert "Broker logs" in [e.text for e in saved.evidence]


async def test_preview_renders_the_export(workspace_path: Path, config_path: Path) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        field = app.screen.query_one("#title", Input)
        field.value = "Webhooks delayed [b]again[/b]"
        await pilot.press("f8")
        markdown = app.screen.query_one("#preview-markdown", Markdown)
        await wait_for(pilot, lambda: "Webhooks delayed" in markdown.source)
        assert "[b]again[/b]" in markdown.source or "\\[b\\]again" in markdown.source


async def test_quick_format_shows_only_its_panes_and_promotes(
    workspace_path: Path, config_path: Path
) -> None:
    ws = Workspace(workspace_path)
    loaded = ws.create(new_postmortem("Cache misses", incident_date=TODAY, quick=True))
    app = make_app(ws, open_path=loaded.path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        assert not app.screen.query_one("#participants").display
        await pilot.press("f3")
        await pilot.pause()
        assert screen.current_pane == "summary"
        await pilot.press("f6")
        await pilot.pause()
        assert screen.current_pane == "actions"
        await pilot.press("ctrl+f")
        await pilot.press("f3")
        await pilot.pause()
        assert screen.current_pane == "timeline"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: load(loaded.path).postmortem.format == "full")


async def test_export_writes_to_the_exports_folder(workspace_path: Path, config_path: Path) -> None:
    app, path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportPathDialog))
        await pilot.press("enter")
        target = workspace_path / "exports" / f"{path.stem}.md"
        await wait_for(pilot, target.exists)
        text = target.read_text()
        assert "Payment webhooks delayed" in text
        # A document: no status as of the app's today (an item is overdue then).
        assert "overdue" not in text and " of 4 open" not in text
        assert "Addresses factor 1 (Schema changes are not checked for message size)." in text
        await wait_for(pilot, lambda: any(str(target) in n.message for n in app._notifications))


async def test_export_to_a_typed_path(
    workspace_path: Path, config_path: Path, tmp_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    target = tmp_path / "out" / "incident.md"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportPathDialog))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists)


async def test_export_to_a_json_path_writes_json(
    workspace_path: Path, config_path: Path, tmp_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    target = tmp_path / "incident.json"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportPathDialog))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
        assert json.loads(target.read_text())["title"].startswith("Payment webhooks delayed")
        await wait_for(pilot, lambda: any(n.title == "JSON written" for n in app._notifications))


async def test_export_to_an_html_path_writes_html(
    workspace_path: Path, config_path: Path, tmp_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    target = tmp_path / "incident.html"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportPathDialog))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>") and "<h1>Payment webhooks delayed" in text
        await wait_for(pilot, lambda: any(n.title == "HTML written" for n in app._notifications))


async def test_go_to_chooser(workspace_path: Path, config_path: Path) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, GoToPaneDialog))
        await pilot.press("5")
        await wait_for(pilot, lambda: editor(app).current_pane == "actions")
