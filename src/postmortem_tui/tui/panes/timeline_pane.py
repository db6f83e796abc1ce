"""Timeline pane: events in time order, in the postmortem's zone, with the durations derived
from their milestones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ...core.drafts import read_draft
from ...core.model import TimelineEvent, timeline_sort_key
from ...core.terminal_text import shown
from ...core.timeline import derive_times, event_time_in_list, times_caption
from ...core.timezones import zone_of
from ..forms.item_forms import event_form
from ..keys import UserAction, bindings_for
from ..user_text.input_field import several_lines
from ..user_text.shown import shown_text
from ..widgets.list_editor import Column, ListEditor
from .pane import EditorPane

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start
if TYPE_CHECKING:
    from ..forms.import_dialog import ImportChoice


def derived_line(pm_times: dict[str, str]) -> Text:
    return Text(
        f"To detection {pm_times['time_to_detection']} · acknowledge "
        f"{pm_times['time_to_acknowledge']} · mitigation {pm_times['time_to_mitigation']}"
        f" · resolution {pm_times['time_to_resolution']}"
    )


def _legend(events: Sequence[TimelineEvent]) -> list[str]:
    """What the timeline's own marks mean, when an event shows one."""
    if any(e.at is None and read_draft(e.extra, "time") is not None for e in events):
        return ["? before a time: kept as typed, not understood yet"]
    return []


def first_line(text: str) -> str:
    """What an event's row shows: its first line, with `…` when more lines follow."""
    first, _, rest = text.strip().partition("\n")
    return f"{first.rstrip()} …" if rest.strip() else first


def event_detail(event: TimelineEvent | None) -> Text:
    """The highlighted event's whole text, every line of it, shown safely."""
    return shown_text(event.event.strip() if event is not None else "")


class TimelinePane(EditorPane):
    """The timeline's table, and under it the highlighted event's whole text (an event may
    hold a paragraph; its row shows the first line)."""

    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "timeline.import",
            "i",
            "import_events",
            "Import",
            "Import timeline events…",
            "Timeline",
            help="Preview the events a chat log, shell history, log or Slack export would "
            "add, and add the ones you tick (pasting several lines opens it too)",
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

    def compose(self) -> ComposeResult:
        pm = self.pm
        yield Static(self._derived(), id="derived")
        yield ListEditor(
            pm.timeline,
            title="Timeline, in time order (a add · enter edit · d delete)",
            # A wide terminal shows times with a date and seconds whole ("03-16 10:16:07Z").
            columns=[
                Column("Time", 12, grow=1, min_width=12, max_width=15),
                Column("Milestone", 12),
                Column("Event", 40, grow=4),
            ],
            row=self._row,
            form=lambda event: event_form(self.pm, event, on_lines=self.action_import_events),
            sort_key=lambda event: timeline_sort_key(event.at, zone_of(self.pm)),
            empty_text="No events yet: press a (or ctrl+t anywhere) to add the first one.",
            field="timeline",
            marked=True,
            fill=True,
            legend=_legend,
            id="timeline-list",
        )
        yield Static(event_detail(None), id="event-detail")

    def _row(self, event: TimelineEvent) -> tuple[Text, Text, Text]:
        at = event.at
        when = Text(event_time_in_list(at, self.pm))
        draft = read_draft(event.extra, "time")
        if at is None and draft is not None:
            when = Text(f"? {draft}", style="italic")  # kept on exit
        milestone = Text(event.milestone, style="bold" if event.milestone else "")
        text = Text(first_line(event.event), no_wrap=True, overflow="ellipsis")
        return (when, milestone, text)

    def _derived(self) -> Text:
        line = derived_line(derive_times(self.pm).as_text())
        line.append("\n" + shown(times_caption(self.pm), one_line=True))
        return line

    @property
    def events(self) -> ListEditor[TimelineEvent]:
        return self.query_one("#timeline-list", ListEditor)

    def add_item(self) -> None:
        self.events.add_item()

    def on_mount(self) -> None:
        self.call_after_refresh(self._show_detail)

    def show_model(self, highlighted: Mapping[str, Any]) -> None:
        super().show_model(highlighted)
        self.query_one("#derived", Static).update(self._derived())
        self._show_detail()

    def _show_detail(self) -> None:
        """Show the highlighted event's text under the table."""
        events = self.events
        detail = self.query_one("#event-detail", Static)
        detail.update(event_detail(events.highlighted))
        detail.display = bool(events.items)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    def action_import_events(self, pasted: str | None = None) -> None:
        """Open the import preview on a file (or on `pasted` text); add what it returns."""
        from ..forms.import_dialog import ImportDialog

        self.app.push_screen(ImportDialog(self.pm, pasted=pasted), self._add_imported)

    def _add_imported(self, choice: ImportChoice | None) -> None:
        if choice is None:
            return
        from ...core.timeline_import import merged_timeline

        if choice.events:
            first = choice.events[0]
            merged = merged_timeline(self.pm.timeline, choice.events, tz=zone_of(self.pm))
            self.events.replace_items(merged, next(i for i, e in enumerate(merged) if e is first))
        report = choice.report
        self.notify(shown(f"{report[:1].upper()}{report[1:]}."), timeout=6, markup=False)

    def on_paste(self, event: events.Paste) -> None:
        """Several lines pasted into the timeline go to the import preview, none dropped."""
        if several_lines(event.text):
            event.stop()
            self.action_import_events(event.text)

    @on(ListEditor.Changed)
    def _changed(self, event: ListEditor.Changed) -> None:
        event.stop()
        self.query_one("#derived", Static).update(self._derived())
        self._show_detail()
        self.edited("timeline")
