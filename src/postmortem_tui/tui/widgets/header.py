"""The editor's header: what the postmortem is, its derived times, and whether it is saved."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Static

from ...core.model import Postmortem
from ...core.review import Finding
from ...core.timeline import derive_times
from ...storage.session import SaveState


class SaveIndicator(Static):
    """`saved`, `saving…`, `unsaved`, `conflict` (or `save failed`), styled by state."""

    state: reactive[SaveState] = reactive("saved", layout=True)

    def render(self) -> Text:
        return Text(f" {self.state} ")

    def watch_state(self, old: str, new: str) -> None:
        self.remove_class(f"-{old.rstrip('…').replace(' ', '-')}")
        self.add_class(f"-{new.rstrip('…').replace(' ', '-')}")


class ReviewCount(Static):
    """How many errors and warnings the review finds: `2 errors · 1 warning`, `no findings`."""

    def show(self, findings: Sequence[Finding]) -> None:
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = sum(1 for f in findings if f.severity == "warning")
        parts = [_count(errors, "error"), _count(warnings, "warning")]
        text = " · ".join(p for p in parts if p) or "no findings"
        self.update(Text(f" {text} ", no_wrap=True))
        self.set_class(bool(errors), "-errors")
        self.set_class(not errors and bool(warnings), "-warnings")
        self.set_class(not errors and not warnings, "-clean")


def _count(number: int, noun: str) -> str:
    if not number:
        return ""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class PostmortemHeader(Vertical):
    DEFAULT_CSS = """
    PostmortemHeader { height: 2; background: $panel; }
    PostmortemHeader > Horizontal { height: 1; }
    PostmortemHeader #header-title, PostmortemHeader #header-facts {
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    PostmortemHeader #header-title { width: 1fr; text-style: bold; }
    PostmortemHeader #header-facts { height: 1; color: $text-muted; }
    SaveIndicator { width: auto; }
    ReviewCount { width: auto; color: $text-muted; }
    ReviewCount.-errors { color: $error; text-style: bold; }
    ReviewCount.-warnings { color: $warning; }
    SaveIndicator.-saved { color: $success; }
    SaveIndicator.-saving { color: $text-muted; }
    SaveIndicator.-unsaved { color: $warning; text-style: bold; }
    SaveIndicator.-conflict, SaveIndicator.-save-failed {
        background: $error; color: $text; text-style: bold;
    }
    """

    #: The editor's save state, bound from the editor screen.
    save_state: reactive[SaveState] = reactive("saved", init=False)
    #: The latest review's findings, bound from the editor screen.
    findings: reactive[tuple[Finding, ...]] = reactive((), init=False)
    #: Bumped by the editor when the title or a fact shown here changed.
    header_version: reactive[int] = reactive(0, init=False)

    def __init__(self, pm: Postmortem) -> None:
        super().__init__()
        self.pm = pm

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(id="header-title")
            yield ReviewCount(id="review-count")
            yield SaveIndicator(id="save-indicator").data_bind(state=PostmortemHeader.save_state)
        yield Static(id="header-facts")

    def on_mount(self) -> None:
        self.watch_header_version()

    def watch_header_version(self) -> None:
        self._show_title()
        self._show_facts()

    def watch_findings(self, findings: tuple[Finding, ...]) -> None:
        self.query_one(ReviewCount).show(findings)

    def _show_title(self) -> None:
        title = self.pm.title or "(untitled)"
        self.query_one("#header-title", Static).update(
            Text(title, no_wrap=True, overflow="ellipsis")
        )

    def _show_facts(self) -> None:
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
        self.query_one("#header-facts", Static).update(
            Text(" · ".join(facts), no_wrap=True, overflow="ellipsis")
        )
