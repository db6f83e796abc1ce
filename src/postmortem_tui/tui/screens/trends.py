"""Trends: the workspace's figures month by month (core/stats.py `monthly_figures`), as
Textual Sparklines with the numbers beside them, so they read without colour.

Twelve months up to today's; left and right pick a month, whose figures the line under the
charts spells out. The figures are read in a thread (`storage/details.py`): the screen
paints at once and fills in.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Sparkline, Static

from ...core.model import SEVERITIES
from ...core.stats import MonthFigures, last_months, median, monthly_figures
from ...core.timeline import format_duration
from ...storage.details import workspace_details
from ...storage.workspace import Workspace
from ..keys import UserAction, bindings_for
from ..widgets.keys_footer import KeysFooter
from .app_screen import AppScreen

MONTHS = 12
MONTH_LETTERS = "JFMAMJJASOND"
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Columns of a row's label and of its figures on the right; the charts take the rest.
LABEL_WIDTH = 14
FIGURE_WIDTH = 24
#: (row id, label, section heading it starts or "")
ROWS = (
    ("critical", "critical", "Incidents per month, by severity"),
    ("major", "major", ""),
    ("minor", "minor", ""),
    ("none", "no severity", ""),
    ("detect", "to detect", "Median time per month"),
    ("resolve", "to resolve", ""),
    ("opened", "opened", "Action items of the month's incidents"),
    ("closed", "done", ""),
)


def _duration(seconds: float | None) -> str:
    from datetime import timedelta

    return "—" if seconds is None else format_duration(timedelta(seconds=seconds))


def _series(months: list[MonthFigures], row: str) -> list[float]:
    """A row's values, one a month; a month with nothing measured counts as 0."""
    if row in SEVERITIES:
        return [float(m.by_severity[row]) for m in months]
    if row == "none":
        return [float(m.by_severity[""]) for m in months]
    if row == "detect":
        return [m.to_detect or 0.0 for m in months]
    if row == "resolve":
        return [m.to_resolve or 0.0 for m in months]
    if row == "opened":
        return [float(m.opened) for m in months]
    return [float(m.closed) for m in months]


def row_figure(months: list[MonthFigures], row: str) -> str:
    """The figures right of a row's chart: totals for counts, the median of the months'
    medians for times, and the last month's value."""
    values = _series(months, row)
    if row in ("detect", "resolve"):
        measured = [v for v, m in zip(values, months, strict=True) if _measured(m, row)]
        return f"median {_duration(median(measured))}, last {_duration(_last(months, row))}"
    return f"total {int(sum(values))}, last {int(values[-1])}"


def _measured(month: MonthFigures, row: str) -> bool:
    return (month.to_detect if row == "detect" else month.to_resolve) is not None


def _last(months: list[MonthFigures], row: str) -> float | None:
    month = months[-1]
    return month.to_detect if row == "detect" else month.to_resolve


def month_line(month: MonthFigures) -> str:
    """Everything about one month in words."""
    year, number = month.month
    counts = ", ".join(f"{month.by_severity[s]} {s}" for s in SEVERITIES if month.by_severity[s])
    if month.by_severity[""]:
        counts += (", " if counts else "") + f"{month.by_severity['']} without a severity"
    incidents = f"{month.incidents} incident{'s' if month.incidents != 1 else ''}"
    return (
        f"{MONTH_NAMES[number - 1]} {year}: {incidents}"
        + (f" ({counts})" if counts else "")
        + f"; detect {_duration(month.to_detect)}, resolve {_duration(month.to_resolve)}"
        + f"; action items {month.opened} opened, {month.closed} done"
    )


class TrendsScreen(AppScreen):
    """Charts of the workspace's incidents, times and action items over twelve months."""

    CSS_PATH = "../styles/trends.tcss"
    HELP_TITLE = "Trends"
    ACTIONS: ClassVar[tuple[UserAction, ...]] = (
        UserAction(
            "trends.previous",
            "left,h",
            "month(-1)",
            "Month",
            "",  # a key to press, not a command to look up
            "Trends",
            help="The month before (its figures under the charts)",
        ),
        UserAction(
            "trends.next",
            "right,l",
            "month(1)",
            "Month",
            "",
            "Trends",
            help="The month after",
            show=False,
        ),
        UserAction(
            "trends.reload",
            "r",
            "reload",
            "Reload",
            "Reload the trends",
            "Trends",
            help="Read the workspace again",
        ),
        UserAction(
            "trends.back",
            "escape,q",
            "back",
            "Back",
            "Back to the postmortems",
            "Trends",
            help="Back to the workspace browser",
        ),
    )
    BINDINGS = bindings_for(ACTIONS)

    #: the month picked, as an index into the twelve (the last: today's)
    picked = reactive(MONTHS - 1)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.months: list[MonthFigures] = []
        self.loaded = False  # the figures are shown (tests wait for it)
        self._counts = (0, 0)  # (postmortems read, files that do not load)

    def compose(self) -> ComposeResult:
        yield Static(id="trends-where")
        yield Static(id="trends-header", classes="trends-row")
        with Vertical(id="trends-charts"):
            for row, label, heading in ROWS:
                if heading:
                    yield Static(heading, classes="trends-heading")
                with Horizontal(classes="trends-row", id=f"trends-row-{row}"):
                    yield Static(label, classes="trends-label")
                    yield Sparkline([], id=f"trends-{row}", classes=f"trends-chart -{row}")
                    yield Static(classes="trends-figure", id=f"trends-figure-{row}")
        yield Static(id="trends-month")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#trends-where", Static).update(Text("Trends: reading…", style="bold"))
        self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.height < 24, "-short")
        self.show_figures()

    def chart_width(self) -> int:
        """Columns of the charts: a whole number of columns per month, at least one."""
        free = self.size.width - LABEL_WIDTH - FIGURE_WIDTH - 4
        return MONTHS * max(1, min(6, free // MONTHS))

    def reload(self) -> None:
        self._read(self.pm_app.today())

    @work(thread=True, exclusive=True, group="trends")
    def _read(self, today: object) -> None:
        from datetime import date

        assert isinstance(today, date)
        details = workspace_details(self.workspace) if self.workspace.root.is_dir() else []
        facts = [d.facts for d in details if d.facts is not None]
        months = monthly_figures(facts, last_months(today, MONTHS))
        counts = (len(facts), len(details) - len(facts))
        self.app.call_from_thread(self._show, months, counts)

    def _show(self, months: list[MonthFigures], counts: tuple[int, int]) -> None:
        self.months, self._counts = months, counts
        self.loaded = True
        self.show_figures()

    def show_figures(self) -> None:
        if not self.months:
            return
        read, broken = self._counts
        first, last = self.months[0].month, self.months[-1].month
        where = Text.assemble(
            ("Trends ", "bold"),
            f"{MONTH_NAMES[first[1] - 1]} {first[0]} to {MONTH_NAMES[last[1] - 1]} {last[0]}",
            (f"  ·  {read} postmortems", "dim"),
            (f", {broken} not read (do not load)" if broken else "", "dim"),
        )
        self.query_one("#trends-where", Static).update(where)
        width = self.chart_width()
        for row, _, _ in ROWS:
            chart = self.query_one(f"#trends-{row}", Sparkline)
            chart.styles.width = width
            # One value a column: Sparkline's own spreading of 12 values over 36 columns
            # drifts by a column, and a month's bar must sit under its name.
            cell = width // MONTHS
            chart.data = [value for value in _series(self.months, row) for _ in range(cell)]
            self.query_one(f"#trends-figure-{row}", Static).update(row_figure(self.months, row))
        self._show_month()

    def _show_month(self) -> None:
        if not self.months:
            return
        width = self.chart_width()
        cell = width // MONTHS
        header = Text(" " * LABEL_WIDTH)
        for index, month in enumerate(self.months):
            letter = (
                MONTH_LETTERS[month.month[1] - 1] if cell < 3 else MONTH_NAMES[month.month[1] - 1]
            )
            cell_text = letter[:cell].ljust(cell)
            header.append(cell_text, style="reverse bold" if index == self.picked else "")
        self.query_one("#trends-header", Static).update(header)
        self.query_one("#trends-month", Static).update(month_line(self.months[self.picked]))

    def watch_picked(self) -> None:
        self._show_month()

    def action_month(self, step: int) -> None:
        self.picked = max(0, min(MONTHS - 1, self.picked + step))

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
