"""A workspace whose figures are known: seven postmortems (one without any milestone, one
with only `detected`, action items with and without due dates) and one broken file.

The expected answers are written out in the tests from the minutes below, by hand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from postmortem_tui.core.model import ActionItem, Factor, TimelineEvent, new_postmortem
from postmortem_tui.storage.workspace import Workspace

TODAY = date(2026, 6, 15)
RETRIES = "Retries had no backoff ceiling."
RUNBOOK = "The runbook did not cover failover."

#: (title, date, severity, tags, factors, minutes after `started` of detected, acknowledged,
#: mitigated, resolved (None: no such milestone; no `started` at all when all are None),
#: action items as (done, due))
POSTMORTEMS = (
    (
        "Queue backed up after a deploy",
        date(2026, 1, 10),
        "critical",
        ["db", "queue"],
        [RETRIES],
        (5, 10, 30, 60),
        [(True, date(2026, 2, 1)), (False, date(2026, 3, 1)), (False, None)],
    ),
    (
        "Database failover took too long",
        date(2026, 1, 20),
        "major",
        ["db"],
        [RETRIES, RUNBOOK],
        (10, 15, 45, 120),
        [(False, date(2026, 7, 1))],
    ),
    (
        "Packet loss between zones",
        date(2026, 2, 5),
        "major",
        ["network"],
        ["retries had  NO backoff ceiling."],  # the same factor, other case and spacing
        (20, 30, 50, 90),
        [(True, None)],
    ),
    (
        "Slow reports from the replica",
        date(2026, 3, 1),
        "minor",
        ["db"],
        [],
        (None, None, None, None),
        [(False, date(2026, 6, 14))],
    ),
    (
        "Certificate expiry warning missed",
        date(2026, 3, 15),
        "critical",
        [],
        [],
        (40, None, None, None),
        [],
    ),
    (
        "Batch job stalled on a lock",
        date(2026, 4, 2),
        "minor",
        ["queue"],
        [],
        (60, 61, 120, 240),
        [],
    ),
    (
        "Login errors after a config change",
        date(2026, 5, 5),
        "major",
        [],
        [],
        (90, 100, 100, 150),
        [],
    ),
)
MILESTONES = ("detected", "acknowledged", "mitigated", "resolved")


def known_workspace(root: Path) -> Workspace:
    ws = Workspace(root).ensure()
    for title, day, severity, tags, factors, minutes, actions in POSTMORTEMS:
        pm = new_postmortem(title, incident_date=day, severity=severity, timezone="UTC")
        pm.tags = list(tags)
        pm.factors = [Factor(text=text) for text in factors]
        start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
        if any(m is not None for m in minutes):
            pm.timeline.append(
                TimelineEvent(at=start, event="Error rate rises", milestone="started")
            )
        for milestone, after in zip(MILESTONES, minutes, strict=True):
            if after is not None:
                pm.timeline.append(
                    TimelineEvent(
                        at=start + timedelta(minutes=after),
                        event=f"The system reached {milestone}",
                        milestone=milestone,
                    )
                )
        pm.actions = [
            ActionItem(
                text=f"Follow-up {n} for the {title.lower()}",
                owner="storage team",
                due=due,
                done=done,
            )
            for n, (done, due) in enumerate(actions, start=1)
        ]
        ws.create(pm)
    (ws.root / "2026-02-10-broken.toml").write_text('schema_version = 1\ntitle = "x"\nx = [\n')
    return ws
