"""The editor's header: what the postmortem is, its derived times, and whether it is saved.

One widget drawing two lines (not a row of Statics): it is on the editor's first frame, where
every widget costs a mount, a style pass and a render before anything shows.

    Payment webhooks delayed by a full queue…   2 errors · 1 warning   saved
    2024-03-07 · SEV2 · draft · detect 14m · resolve 2h 5m · Platform team
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...core.model import Postmortem
from ...core.review import Finding
from ...core.terminal_text import shown
from ...core.timeline import derive_times
from ...storage.session import SaveState

#: How each save state is drawn: alarming states stand out without colour too (bold, a block).
SAVE_STYLES: dict[str, str] = {
    "saved": "$success",
    "saving…": "",
    "unsaved": "bold $warning",
    "conflict": "bold $text on $error",
    "save failed": "bold $text on $error",
}
#: The review count's style: by the worst finding.
COUNT_STYLES = {"error": "bold $error", "warning": "$warning", "clean": ""}


def review_count(findings: Sequence[Finding]) -> tuple[str, str]:
    """`("2 errors · 1 warning", "error")`, or `("no findings", "clean")`."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    text = " · ".join(p for p in (_count(errors, "error"), _count(warnings, "warning")) if p)
    worst = "error" if errors else "warning" if warnings else "clean"
    return text or "no findings", worst


def _count(number: int, noun: str) -> str:
    if not number:
        return ""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class PostmortemHeader(Widget):
    """Title, review count and save state on line one; the facts on line two."""

    DEFAULT_CSS = """
    PostmortemHeader { height: 2; background: $panel; color: $text-muted; }
    """

    #: The editor's save state, bound from the editor screen.
    save_state: reactive[SaveState] = reactive("saved", init=False)
    #: The latest review's findings, bound from the editor screen (None: no review yet).
    findings: reactive[tuple[Finding, ...] | None] = reactive(None, init=False)
    #: Bumped by the editor when the title or a fact shown here changed.
    header_version: reactive[int] = reactive(0, init=False)

    def __init__(self, pm: Postmortem) -> None:
        super().__init__()
        self.pm = pm
        #: The facts line as of the last `header_version` (None: to be derived again). A
        #: save state or a review redraws the header without the timeline being measured.
        self._facts: str | None = None

    # --- what is shown, as plain text (tests and screen readers read these) ------------------

    @property
    def title_text(self) -> str:
        return shown(self.pm.title, one_line=True) or "(untitled)"

    @property
    def review_text(self) -> str:
        """The review count; empty until the first review has run."""
        return "" if self.findings is None else review_count(self.findings)[0]

    @property
    def facts_text(self) -> str:
        if self._facts is None:
            self._facts = self._derive_facts()
        return self._facts

    def _derive_facts(self) -> str:
        pm = self.pm
        derived = derive_times(pm).as_text()
        facts = [
            pm.date.isoformat() if pm.date else "no date",
            pm.severity or "no severity",
            pm.status,
        ]
        if pm.is_quick:
            facts.append("quick")
        facts.append(f"detect {derived['time_to_detection']}")
        facts.append(f"resolve {derived['time_to_resolution']}")
        if pm.authors:  # last: long author lists are cut, the derived times stay visible
            facts.append(", ".join(pm.authors))
        return shown(" · ".join(facts), one_line=True)

    # --- drawing ------------------------------------------------------------------------------

    def render(self) -> Content:
        width = self.size.width
        right = self._right_part()
        title = Content.styled(self.title_text, "bold $foreground").truncate(
            max(width - right.cell_length - 1, 1), ellipsis=True, pad=True
        )
        facts = Content(self.facts_text).truncate(width, ellipsis=True)
        return Content("\n").join([Content.assemble(title, " ", right), facts])

    def _right_part(self) -> Content:
        parts: list[Content] = []
        if self.findings is not None:
            text, worst = review_count(self.findings)
            parts.append(Content.styled(f" {text} ", COUNT_STYLES[worst]))
        state = self.save_state
        parts.append(Content.styled(f" {state} ", SAVE_STYLES.get(state, "")))
        return Content("  ").join(parts)

    def watch_save_state(self) -> None:
        self.refresh()

    def watch_findings(self) -> None:
        self.refresh()

    def watch_header_version(self) -> None:
        self._facts = None
        self.refresh()
