"""A workspace with action items whose order, owners and overdue items are known, for the
board's Pilot tests and snapshots (today is fixed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from postmortem_tui.core.model import ActionItem, Postmortem
from postmortem_tui.storage.workspace import Workspace

TODAY = date(2026, 3, 1)


def board_workspace(root: Path) -> dict[str, Path]:
    """Three postmortems, five open items (two overdue), one done, one broken file."""
    ws = Workspace(root).ensure()
    queue = ws.create(
        Postmortem(
            title="Queue backlog after a broker failover",
            date=date(2026, 1, 10),
            tags=["queue", "broker"],
            actions=[
                ActionItem("detect", "Alert on queue depth", "@sre", date(2026, 2, 1), id="q1"),
                ActionItem("prevent", "Broker failover drill", "@sre", None, id="q2"),
                ActionItem(
                    "mitigate",
                    "Runbook for a backlog",
                    "@payments",
                    date(2026, 1, 20),
                    True,
                    id="q3",
                ),
            ],
        )
    ).path
    dns = ws.create(
        Postmortem(
            title="DNS resolution errors after a config push",
            date=date(2026, 2, 3),
            tags=["dns"],
            actions=[
                ActionItem(
                    "prevent",
                    "Validate zone files in CI",
                    "@platform",
                    date(2026, 3, 15),
                    priority="high",
                    ticket="OPS-12",
                    id="d1",
                ),
                ActionItem(
                    "detect",
                    "Probe resolvers from each zone",
                    "@network",
                    date(2026, 2, 20),
                    id="d2",
                ),
            ],
        )
    ).path
    hostile = ws.create(
        Postmortem(
            title="[bold red]Markup[/] stays text",
            date=date(2026, 2, 20),
            actions=[
                ActionItem(
                    "detect",
                    "Esc \x1b]0;t\x07 [b]no[/b] markup",
                    "@web",
                    date(2026, 4, 2),
                    id="h1",
                )
            ],
        )
    ).path
    (ws.root / "2026-01-05-broken.toml").write_text('schema_version = 1\ntitle = "x"\nx = [\n')
    return {"queue": queue, "dns": dns, "hostile": hostile}
