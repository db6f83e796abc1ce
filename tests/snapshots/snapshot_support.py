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


async def typed(pilot: Pilot[None], *keys: str) -> None:
    """Press `keys` once the first screen takes typing, then wait, bounded, until every key
    has been handled (the app holds keys while a screen opens or a key travels to its
    binding: a screenshot taken meanwhile would race them)."""
    app = pilot.app
    for _ in range(250):
        if _typing_settled(app) and app.screen.focused is not None:
            break
        await pilot.pause(0.02)
    await pilot.press(*keys)
    for _ in range(250):
        if _typing_settled(app):
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("the keys were not all handled in time")


def _typing_settled(app: object) -> bool:
    """Nothing held: no key waiting, no hold pending (tui/typed_ahead.py)."""
    return getattr(app, "_held_input", None) is None and not getattr(app, "_holds", None)
