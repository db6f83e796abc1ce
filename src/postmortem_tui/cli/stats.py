"""`postmortem stats`: figures across the workspace's postmortems (core/stats.py).

Exit 0 with the figures (files that do not load are counted and named in the output, never
in the figures); 2 for bad usage, one line on stderr. The definitions are in docs/stats.md.
"""

from __future__ import annotations

from ..core.stats import (
    GROUPINGS,
    PERCENTILE_METHOD,
    TIMES,
    GroupFigures,
    group_figures,
    grouped_figures,
    in_period,
)
from ..core.timeline import format_duration
from ..storage.details import workspace_details
from .reporting import UsageError, iso_date_argument, one_line, safe_json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    import argparse
    from datetime import date
    from typing import Any, TextIO

    from ..storage.workspace import Workspace

JSON_VERSION = 1


def add_stats_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since", type=iso_date_argument, metavar="YYYY-MM-DD", help="incidents on or after it"
    )
    parser.add_argument(
        "--until", type=iso_date_argument, metavar="YYYY-MM-DD", help="incidents on or before it"
    )
    parser.add_argument("--by", choices=GROUPINGS, help="figures for each group too")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output (default: text)"
    )
    parser.add_argument(
        "--today",
        type=iso_date_argument,
        metavar="YYYY-MM-DD",
        help="judge due dates as of this day (default: today), for reproducible runs",
    )


def _duration(seconds: float | None) -> str:
    from datetime import timedelta

    return "-" if seconds is None else format_duration(timedelta(seconds=seconds))


def _group_lines(figures: GroupFigures, today: date, indent: str) -> list[str]:
    lines = [f"{indent}{'':<20}  {'median':>11}  {'90th pct':>11}  measured on"]
    for (_, label), time in zip(TIMES, figures.times, strict=True):
        measured = f"{time.measured} of {figures.incidents}"
        if time.without_milestones:
            measured += f" ({time.without_milestones} without the milestones)"
        lines.append(
            f"{indent}{label:<20}  {_duration(time.median):>11}  {_duration(time.p90):>11}  "
            f"{measured}"
        )
    actions = (
        f"{indent}action items: {figures.actions_done} done, {figures.actions_open} open, "
        f"{figures.actions_overdue} overdue on {today.isoformat()}"
    )
    if figures.actions_without_due:
        actions += f" ({figures.actions_without_due} without a due date)"
    lines.append(actions)
    tags = ", ".join(f"{one_line(tag)} {n}" for tag, n in figures.tags) or "none"
    lines.append(f"{indent}most frequent tags: {tags}")
    if figures.factors:
        lines.append(f"{indent}most frequent contributing factors:")
        lines.extend(f"{indent}  {n:>4}  {one_line(text)}" for text, n in figures.factors)
    else:
        lines.append(f"{indent}most frequent contributing factors: none")
    return lines


def _period(since: date | None, until: date | None) -> str:
    if since and until:
        return f"from {since} to {until}"
    if since:
        return f"from {since}"
    if until:
        return f"until {until}"
    return "all dates"


def _figures_json(figures: GroupFigures) -> dict[str, Any]:
    return {
        "group": figures.name,
        "incidents": figures.incidents,
        "times": {
            key: {
                "median_seconds": time.median,
                "p90_seconds": time.p90,
                "measured": time.measured,
                "without_milestones": time.without_milestones,
            }
            for (key, _), time in zip(TIMES, figures.times, strict=True)
        },
        "actions": {
            "done": figures.actions_done,
            "open": figures.actions_open,
            "overdue": figures.actions_overdue,
            "without_due": figures.actions_without_due,
        },
        "tags": [{"tag": tag, "postmortems": n} for tag, n in figures.tags],
        "factors": [{"factor": text, "postmortems": n} for text, n in figures.factors],
    }


def stats_main(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    from datetime import date

    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    today = args.today or date.today()
    details = workspace_details(workspace) if workspace.root.is_dir() else []
    broken = sorted(d.id for d in details if d.broken)
    facts = [d.facts for d in details if d.facts is not None]
    facts = [f for f in facts if in_period(f, args.since, args.until)]
    total = group_figures("all", facts, today)
    groups = grouped_figures(facts, args.by, today) if args.by else []
    if args.format == "json":
        data = {
            "version": JSON_VERSION,
            "today": today.isoformat(),
            "since": args.since.isoformat() if args.since else None,
            "until": args.until.isoformat() if args.until else None,
            "by": args.by,
            "median": "middle value (mean of the two middle ones)",
            "percentile_method": PERCENTILE_METHOD,
            "not_read": broken,
            "total": _figures_json(total),
            "groups": [_figures_json(group) for group in groups],
        }
        print(safe_json(data), file=out)
        return 0
    lines = [f"{total.incidents} incidents, {_period(args.since, args.until)}"]
    if broken:
        lines.append(
            f"not counted: {len(broken)} file(s) that do not load ({one_line(', '.join(broken))})"
        )
    lines.append("")
    lines.extend(_group_lines(total, today, ""))
    for group in groups:
        lines.append("")
        lines.append(f"{args.by} {one_line(group.name)}: {group.incidents} incidents")
        lines.extend(_group_lines(group, today, "  "))
    lines.append("")
    lines.append(
        "median: the middle value; 90th pct: nearest rank (a measured time). See docs/stats.md."
    )
    for line in lines:
        print(line, file=out)
    return 0
