"""The review coach: runs the blameless review in a thread a moment after each change.

Typing never waits for the review: each change restarts a short timer, and when typing
pauses the review runs in a thread worker and posts `ReviewCoach.Reviewed` back. A result
computed while the postmortem changed again is dropped; the next run replaces it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from ...core.model import Postmortem
from ...core.review import Finding, ReviewConfig, ReviewConfigError, review
from ...storage.review_settings import load_review_config
from .paint_first import after_the_next_frame

#: Seconds of quiet after a change before the review runs again.
REVIEW_DELAY = 0.3
#: Up to this many list items, the first review runs in the UI thread (~10 ms, most of it
#: compiling the rules' patterns) after a refresh, so the header's count shows with the
#: fields (in tests too, with no wait on a thread); bigger ones are reviewed in the thread.
FIRST_REVIEW_INLINE_ITEMS = 200


class ReviewCoach(Widget):
    """Not drawn; owns the workspace's review settings, the timer and the review worker."""

    DEFAULT_CSS = "ReviewCoach { display: none; }"

    class Reviewed(Message):
        """A review of the postmortem as it is now finished."""

        def __init__(self, findings: list[Finding]) -> None:
            super().__init__()
            self.findings = findings

    def __init__(self, pm: Postmortem, *, today: date, workspace_root: Path) -> None:
        super().__init__()
        self.pm = pm
        self.today = today
        self.workspace_root = workspace_root
        self.config = ReviewConfig()
        self.findings: list[Finding] = []
        #: Reviews delivered so far (tests wait on it).
        self.reviews = 0
        self._changes = 0
        self._timer: Timer | None = None
        self._first_review_started = False

    def on_mount(self) -> None:
        # Read once per opened postmortem: settings edited meanwhile apply on the next open.
        try:
            self.config = load_review_config(self.workspace_root)
        except ReviewConfigError as error:
            self.notify(
                f"{error}\nThe review runs with its default rules.",
                title="Review settings not used",
                severity="warning",
                markup=False,
                timeout=10,
            )
        # The editor mounts the coach once its fields are built: the first review (~10 ms)
        # follows the frame that shows them.
        after_the_next_frame(self, self._start_first_review)

    def _start_first_review(self) -> None:
        if self._first_review_started:
            return
        self._first_review_started = True
        if _item_count(self.pm) > FIRST_REVIEW_INLINE_ITEMS:
            self.review_now()
        elif self._changes == 0:  # otherwise a scheduled review is on its way
            self._done(0, review(self.pm, today=self.today, config=self.config))

    def schedule(self) -> None:
        """The postmortem changed: review it once changes pause for REVIEW_DELAY."""
        self._changes += 1
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(REVIEW_DELAY, self.review_now)

    def review_now(self) -> None:
        """Review the postmortem as it is now, without waiting for the timer."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._review(self._changes)

    @work(thread=True, exclusive=True, group="review")
    def _review(self, changes: int) -> None:
        try:
            findings = review(self.pm, today=self.today, config=self.config)
        except Exception as error:  # reported below unless a newer run replaces this one
            self.app.call_from_thread(self._failed, changes, error)
            return
        self.app.call_from_thread(self._done, changes, findings)

    def _done(self, changes: int, findings: list[Finding]) -> None:
        if changes != self._changes:
            return  # the postmortem changed while this ran; a newer review is on its way
        self.findings = findings
        self.reviews += 1
        self.post_message(self.Reviewed(findings))

    def _failed(self, changes: int, error: Exception) -> None:
        if changes != self._changes:
            return  # most likely a list changed under the review; the next run sees it whole
        self.notify(
            f"{type(error).__name__}: {error}",
            title="Review stopped",
            severity="error",
            markup=False,
        )


def _item_count(pm: Postmortem) -> int:
    lists = (pm.timeline, pm.actions, pm.factors, pm.five_whys, pm.participants, pm.evidence)
    return sum(len(items) for items in lists)
