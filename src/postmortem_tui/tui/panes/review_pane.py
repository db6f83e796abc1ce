"""Review pane: every finding of the blameless review, grouped by the pane that fixes it.

Enter on a finding posts `ReviewPane.JumpTo`; the editor shows that pane with the item's
row or the field focused. The list is refilled only while the pane is shown.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from itertools import groupby

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.model import Postmortem
from ...core.review import Finding
from ..user_text.shown import shown
from .pane import EditorPane
from .registry import pane_named

#: (mark, style) per severity; the same marks stand next to items in the lists.
SEVERITY_MARKS = {
    "error": ("!", "bold red"),
    "warning": ("?", "bold yellow"),
    "hint": ("·", "dim"),
}


def pane_heading(pane_id: str) -> str:
    """The heading above a pane's findings: the registry's heading and the pane's key."""
    try:
        pane = pane_named(pane_id)
    except KeyError:
        return f"{pane_id.capitalize()} ()"
    return f"{pane.heading} ({pane.key})"


def finding_text(finding: Finding) -> Table:
    """`! 09:48Z Queue disk usage alert…  message` (the field as its pane shows it; the pane's
    heading is above) and the suggestion below, indented past the mark.

    User text in messages stays text: nothing here is read as markup.
    """
    mark, style = SEVERITY_MARKS.get(finding.severity, ("·", ""))
    body = Text()
    if finding.place:
        body.append(shown(finding.place, one_line=True), style="bold")
        body.append("  ")
    body.append(shown(finding.message))
    if finding.suggestion:
        body.append(f"\n{shown(finding.suggestion)}", style="dim")
    grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
    grid.add_column(width=1)
    grid.add_column(ratio=1)
    grid.add_row(Text(mark, style=style), body)
    return grid


def count_line(findings: Sequence[Finding]) -> Text:
    counts = {severity: 0 for severity in SEVERITY_MARKS}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    if not findings:
        return Text("No findings: the review has nothing to flag. It runs again as you type.")
    parts = []
    for severity, (mark, _style) in SEVERITY_MARKS.items():
        number = counts[severity]
        parts.append(f"{mark} {number} {severity}{'' if number == 1 else 's'}")
    return Text("  ".join(parts) + " · enter goes to the field")


class ReviewPane(EditorPane):
    DEFAULT_CSS = """
    ReviewPane { overflow-y: hidden; }
    ReviewPane #review-count-line { height: auto; margin-bottom: 1; }
    ReviewPane #findings {
        height: 1fr; border: none; padding: 0 0 0 1; border-left: thick transparent;
    }
    ReviewPane #findings:focus { border-left: thick $accent; }
    """

    class JumpTo(Message):
        """The user chose a finding: show where it is."""

        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self, pm: Postmortem, *, today: date, id: str | None = None) -> None:
        super().__init__(pm, today=today, id=id)
        self.findings: list[Finding] = []
        #: The findings the list shows now (options are numbered into it).
        self._shown: list[Finding] = []
        self._stale = True

    def compose(self) -> ComposeResult:
        yield Static(id="review-count-line")
        yield OptionList(id="findings")

    def show_findings(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        self._stale = True
        if self.is_mounted and self.display:
            self._fill()

    def pane_shown(self) -> None:
        if self._stale:
            self._fill()

    def _options(self) -> Iterator[Option | None]:
        by_pane = groupby(enumerate(self._shown), key=lambda pair: pair[1].pane)
        for number, (pane, group) in enumerate(by_pane):
            if number:
                yield None
            yield Option(Text(pane_heading(pane), style="bold underline"), disabled=True)
            for index, finding in group:
                yield Option(finding_text(finding), id=str(index))

    def _fill(self) -> None:
        self._stale = False
        self.query_one("#review-count-line", Static).update(count_line(self.findings))
        options = self.query_one("#findings", OptionList)
        chosen = options.highlighted_option
        before = self._finding_of(chosen) if chosen is not None else None
        self._shown = self.findings
        options.set_options(self._options())
        target = None
        for position, option in enumerate(options.options):
            if option.disabled:
                continue
            if target is None:
                target = position  # the first finding, unless the one chosen before is here
            found = self._finding_of(option)
            if before is not None and found is not None and _same(found, before):
                target = position
                break
        options.highlighted = target

    def _finding_of(self, option: Option) -> Finding | None:
        if option.id is None or not option.id.isdigit():
            return None
        index = int(option.id)
        return self._shown[index] if index < len(self._shown) else None

    @on(OptionList.OptionSelected, "#findings")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        finding = self._finding_of(event.option)
        if finding is not None:
            self.post_message(self.JumpTo(finding))


def _same(one: Finding, other: Finding) -> bool:
    return (one.rule_id, one.field) == (other.rule_id, other.field)


def final_question(errors: Sequence[Finding], *, limit: int = 6) -> Text:
    """What the finalise confirmation asks: the errors (the first few), then the question."""
    number = len(errors)
    text = Text(f"The review finds {number} error{'' if number == 1 else 's'}:\n\n")
    for finding in errors[:limit]:
        text.append("! ", style="bold red")
        text.append(shown(finding.where, one_line=True), style="bold")
        text.append(f"  {shown(finding.message)}\n")
    if number > limit:
        text.append(f"…and {number - limit} more (F10 lists every finding).\n")
    text.append("\nMark this postmortem final anyway?")
    return text
