"""Figures across postmortems: how many incidents, how long to detect, acknowledge, mitigate
and resolve them, what became of their action items, which tags and contributing factors
come back; and the same month by month for the trends screen.

Times come from each postmortem's milestones (`timeline.derive_times`, as the editor's
header shows them). A postmortem without the two milestones a time needs counts in every
total and is left out of that time only; each time says how many it was measured on.
Median: the middle value, or the mean of the two middle ones (`statistics.median`).
90th percentile: nearest rank, the smallest measured value with at least 90% of the values
at or below it, so it is always a time that was measured (docs/stats.md).
Pure: no I/O, no Textual.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from datetime import date, timedelta

from .model import CalendarDate, Postmortem
from .record import FrozenRecord, set_field
from .timeline import derive_times

#: The measured times, in the order they are shown: (key, label).
TIMES = (
    ("to_detect", "time to detect"),
    ("to_acknowledge", "time to acknowledge"),
    ("to_mitigate", "time to mitigate"),
    ("to_resolve", "time to resolve"),
)
GROUPINGS = ("severity", "tag", "month", "quarter")
PERCENTILE_METHOD = "nearest-rank"
#: How many of the most frequent tags and factors are listed.
TOP = 5
NO_VALUE = "(none)"


class IncidentFacts(FrozenRecord):
    """What the figures need of one postmortem; times in seconds, None when not measured;
    `actions` holds (done, due date) for each action item."""

    __slots__ = ("date", "severity", "tags", "factors", "times", "actions")  # noqa: RUF023
    date: CalendarDate | None
    severity: str
    tags: tuple[str, ...]
    factors: tuple[str, ...]
    #: seconds for each of TIMES, in that order
    times: tuple[float | None, ...]
    actions: tuple[tuple[bool, CalendarDate | None], ...]

    def __init__(
        self,
        date: CalendarDate | None,
        severity: str,
        tags: tuple[str, ...],
        factors: tuple[str, ...],
        times: tuple[float | None, ...],
        actions: tuple[tuple[bool, CalendarDate | None], ...],
    ) -> None:
        set_field(self, "date", date)
        set_field(self, "severity", severity)
        set_field(self, "tags", tags)
        set_field(self, "factors", factors)
        set_field(self, "times", times)
        set_field(self, "actions", actions)


def _seconds(delta: timedelta | None) -> float | None:
    return None if delta is None else delta.total_seconds()


def incident_facts(pm: Postmortem) -> IncidentFacts:
    derived = derive_times(pm)
    return IncidentFacts(
        date=pm.date,
        severity=pm.severity,
        tags=tuple(pm.tags),
        factors=tuple(f.text for f in pm.factors if f.text.strip()),
        times=(
            _seconds(derived.to_detection),
            _seconds(derived.to_acknowledge),
            _seconds(derived.to_mitigation),
            _seconds(derived.to_resolution),
        ),
        actions=tuple((a.done, a.due) for a in pm.actions),
    )


def median(values: list[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count); None if empty."""
    return statistics.median(values) if values else None


def nearest_rank(values: list[float], percent: float) -> float | None:
    """The `percent` percentile by nearest rank: the value at rank ceil(percent/100 * n) in
    sorted order (rank 1 at least); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


class TimeFigure(FrozenRecord):
    """One measured time over a group: median and 90th percentile in seconds, how many
    postmortems it was measured on and how many lacked the milestones."""

    __slots__ = ("median", "p90", "measured", "without_milestones")  # noqa: RUF023
    median: float | None
    p90: float | None
    measured: int
    without_milestones: int

    def __init__(
        self, median: float | None, p90: float | None, measured: int, without_milestones: int
    ) -> None:
        set_field(self, "median", median)
        set_field(self, "p90", p90)
        set_field(self, "measured", measured)
        set_field(self, "without_milestones", without_milestones)


class GroupFigures(FrozenRecord):
    """The figures of one group of postmortems (all of them, one severity, one month...)."""

    __slots__ = (  # noqa: RUF023
        "name",
        "incidents",
        "times",
        "actions_done",
        "actions_open",
        "actions_overdue",
        "actions_without_due",
        "tags",
        "factors",
    )
    name: str
    incidents: int
    times: tuple[TimeFigure, ...]
    actions_done: int
    actions_open: int
    actions_overdue: int
    actions_without_due: int
    tags: tuple[tuple[str, int], ...]
    factors: tuple[tuple[str, int], ...]

    def __init__(
        self,
        name: str,
        incidents: int,
        times: tuple[TimeFigure, ...],
        actions_done: int,
        actions_open: int,
        actions_overdue: int,
        actions_without_due: int,
        tags: tuple[tuple[str, int], ...],
        factors: tuple[tuple[str, int], ...],
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "incidents", incidents)
        set_field(self, "times", times)
        set_field(self, "actions_done", actions_done)
        set_field(self, "actions_open", actions_open)
        set_field(self, "actions_overdue", actions_overdue)
        set_field(self, "actions_without_due", actions_without_due)
        set_field(self, "tags", tags)
        set_field(self, "factors", factors)


def _most_frequent(values: list[str]) -> tuple[tuple[str, int], ...]:
    """The `TOP` most frequent values (same text up to case and spacing), ties by first seen."""
    counts: Counter[str] = Counter()
    first_spelling: dict[str, str] = {}
    for value in values:
        key = " ".join(value.split()).casefold()
        if key:
            counts[key] += 1
            first_spelling.setdefault(key, " ".join(value.split()))
    return tuple((first_spelling[key], n) for key, n in counts.most_common(TOP))


def _once(values: tuple[str, ...]) -> list[str]:
    """Each value once (the same up to case and spacing): counts are of postmortems."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(" ".join(value.split()).casefold(), value)
    return list(seen.values())


def group_figures(name: str, facts: list[IncidentFacts], today: date) -> GroupFigures:
    times = []
    for index in range(len(TIMES)):
        measured = [f.times[index] for f in facts if f.times[index] is not None]
        values = [float(v) for v in measured if v is not None]
        times.append(
            TimeFigure(
                median(values), nearest_rank(values, 90), len(values), len(facts) - len(values)
            )
        )
    actions = [action for f in facts for action in f.actions]
    open_dues = [due for done, due in actions if not done]
    return GroupFigures(
        name=name,
        incidents=len(facts),
        times=tuple(times),
        actions_done=sum(1 for done, _ in actions if done),
        actions_open=len(open_dues),
        actions_overdue=sum(1 for due in open_dues if due is not None and due < today),
        actions_without_due=sum(1 for _, due in actions if due is None),
        tags=_most_frequent([tag for f in facts for tag in _once(f.tags)]),
        factors=_most_frequent([factor for f in facts for factor in _once(f.factors)]),
    )


def in_period(facts: IncidentFacts, since: date | None, until: date | None) -> bool:
    """Whether the incident's date is within `since`..`until` (both included); a postmortem
    without a date is in only when neither is given."""
    if since is None and until is None:
        return True
    if facts.date is None:
        return False
    return (since is None or facts.date >= since) and (until is None or facts.date <= until)


def _group_names(facts: IncidentFacts, by: str) -> list[str]:
    if by == "severity":
        return [facts.severity or NO_VALUE]
    if by == "tag":
        return list(dict.fromkeys(facts.tags)) or [NO_VALUE]
    if facts.date is None:
        return [NO_VALUE]
    if by == "month":
        return [f"{facts.date:%Y-%m}"]
    return [f"{facts.date.year}-Q{(facts.date.month - 1) // 3 + 1}"]


def grouped_figures(facts: list[IncidentFacts], by: str, today: date) -> list[GroupFigures]:
    """One `GroupFigures` per severity, tag, month or quarter (`by`), in a stable order:
    severities from critical down, tags by name, months and quarters in time order; the group
    of postmortems without one (`(none)`) last. A postmortem with two tags is in both."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    groups: dict[str, list[IncidentFacts]] = {}
    for one in facts:
        for name in _group_names(one, by):
            groups.setdefault(name, []).append(one)
    from .model import SEVERITIES

    def order(name: str) -> tuple[int, int, str]:
        if name == NO_VALUE:
            return (1, 0, "")
        if by == "severity" and name in SEVERITIES:
            return (0, SEVERITIES.index(name), name)
        return (0, 0, name.casefold())

    return [group_figures(name, groups[name], today) for name in sorted(groups, key=order)]


# --- month by month, for the trends screen ---------------------------------------------------


def last_months(today: date, count: int) -> list[tuple[int, int]]:
    """The `count` months up to and including today's, oldest first, as (year, month)."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


class MonthFigures(FrozenRecord):
    """One month of the trends: incidents by severity, median times to detect and to resolve
    (seconds, None with nothing measured), and the action items written in that month's
    postmortems (`opened`) and how many of them are done (`closed`)."""

    __slots__ = ("month", "by_severity", "to_detect", "to_resolve", "opened", "closed")  # noqa: RUF023
    month: tuple[int, int]
    by_severity: dict[str, int]
    to_detect: float | None
    to_resolve: float | None
    opened: int
    closed: int

    def __init__(
        self,
        month: tuple[int, int],
        by_severity: dict[str, int],
        to_detect: float | None,
        to_resolve: float | None,
        opened: int,
        closed: int,
    ) -> None:
        set_field(self, "month", month)
        set_field(self, "by_severity", by_severity)
        set_field(self, "to_detect", to_detect)
        set_field(self, "to_resolve", to_resolve)
        set_field(self, "opened", opened)
        set_field(self, "closed", closed)

    def __hash__(self) -> int:  # the dict field is not hashable
        return hash((self.month, self.opened, self.closed))

    @property
    def incidents(self) -> int:
        return sum(self.by_severity.values())


def monthly_figures(
    facts: list[IncidentFacts], months: list[tuple[int, int]]
) -> list[MonthFigures]:
    """The trends over `months`; postmortems without a date or outside them are left out.
    `by_severity` has a key for every severity and `""` for postmortems without one."""
    from .model import SEVERITIES

    by_month: dict[tuple[int, int], list[IncidentFacts]] = {month: [] for month in months}
    for one in facts:
        if one.date is not None and (key := (one.date.year, one.date.month)) in by_month:
            by_month[key].append(one)
    result = []
    for month, inside in by_month.items():
        counts = {severity: 0 for severity in (*SEVERITIES, "")}
        for one in inside:
            counts[one.severity if one.severity in counts else ""] += 1
        detect = [t for one in inside if (t := one.times[0]) is not None]
        resolve = [t for one in inside if (t := one.times[3]) is not None]
        actions = [action for one in inside for action in one.actions]
        result.append(
            MonthFigures(
                month=month,
                by_severity=counts,
                to_detect=median(detect),
                to_resolve=median(resolve),
                opened=len(actions),
                closed=sum(1 for done, _ in actions if done),
            )
        )
    return result
