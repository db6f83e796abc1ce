"""Shared by the editor's snapshots: wait for the whole editor before a screenshot."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Footer

from postmortem_tui.tui.panes.summary_pane import SummaryPane
from postmortem_tui.tui.widgets.review_coach import ReviewCoach


async def editor_complete(pilot: Pilot[None]) -> None:
    """The editor paints first and builds the rest after (the summary's fields, the footer,
    the first review): wait, bounded, until all of it is there."""
    for _ in range(250):
        screen = pilot.app.screen
        summary = next(iter(screen.query(SummaryPane)), None)
        built = summary is None or summary.fields_built
        coaches = screen.query(ReviewCoach)  # an editor mounts its coach after its fields
        reviewed = summary is None or (
            bool(coaches)
            and all(
                c.reviews > 0 and getattr(screen, "findings", None) == tuple(c.findings)
                for c in coaches
            )
        )
        if built and reviewed and screen.query(Footer):
            return
        await pilot.pause(0.02)
    raise AssertionError("the editor was not complete in time")
