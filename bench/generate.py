"""Seeded synthetic postmortems for the benchmark suite.

Every file is built from `postmortem_tui.core.model` objects and written with `storage.dumps`, so it
loads like a real one. The same seed always gives the same bytes (and the same file times).
The text is blameless: it describes systems, signals and processes, never people's mistakes.

    python bench/generate.py big DIR [--seed N]
    python bench/generate.py workspace DIR [--count 1000] [--seed N]
    python bench/generate.py chat FILE [--count 10000] [--seed N]
"""

from __future__ import annotations

import argparse
import os
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from postmortem_tui.core.model import (
    ACTION_KINDS,
    LIST_KEYS,
    PRIORITIES,
    SEVERITIES,
    ActionItem,
    Evidence,
    Factor,
    Impact,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
)
from postmortem_tui.storage.workspace import dumps, slugify

DEFAULT_SEED = 20260312
FIRST_DATE = date(2023, 1, 2)

SYSTEMS = (
    "payment webhook queue",
    "search indexer",
    "session cache",
    "image resizing service",
    "billing export job",
    "login service",
    "DNS resolver fleet",
    "feature flag service",
    "order database primary",
    "notification fan-out",
    "CDN edge config",
    "metrics pipeline",
    "object storage gateway",
    "rate limiter",
    "job scheduler",
    "API gateway",
)
TRIGGERS = (
    "a configuration change",
    "a schema migration",
    "a certificate renewal",
    "a traffic spike",
    "a dependency upgrade",
    "a disk filling up",
    "a failed leader election",
    "a cache eviction storm",
    "a deploy with a changed default",
    "a network partition between zones",
)
SYMPTOMS = (
    "requests timed out",
    "error rates rose above 5%",
    "latency p99 exceeded 4 seconds",
    "writes were refused",
    "stale data was served",
    "jobs backed up in the queue",
    "health checks flapped",
    "connections were reset",
)
EVENT_TEMPLATES = (
    "{system} error rate rises to {n}% after {trigger}",
    "Alert for {system} fires: {symptom}",
    "On-call acknowledges the page and opens the incident channel",
    "Dashboards show {system} saturation at {n}% of capacity",
    "Runbook step {n} applied to {system}",
    "Traffic shifted away from the affected zone for {system}",
    "Rollback of the {system} release started",
    "Rollback of the {system} release completed; {symptom} less often",
    "Incident commander asks for a status update to customers",
    "Status page updated: {system} degraded",
    "Hypothesis: {trigger} changed {system} behaviour; checking recent deploys",
    "Capacity for {system} raised from {n} to {m} instances",
    "Retry job paused to let {system} drain its backlog",
    "Error budget burn alert for {system} clears",
    "Metrics for {system} back within normal range for {n} minutes",
)
MILESTONE_ORDER = ("started", "detected", "acknowledged", "identified", "mitigated", "resolved")
FACTOR_TEMPLATES = (
    "The {system} alert threshold left no time to act before {symptom}.",
    "Retries against {system} had no backoff ceiling, so they amplified the load.",
    "The release checklist does not cover {trigger} for {system}.",
    "The {system} runbook did not describe how to shed load safely.",
    "Capacity planning for {system} assumed last year's traffic shape.",
    "Staging for {system} does not reproduce {trigger}.",
    "The dashboard for {system} hides per-zone error rates.",
)
ACTION_TEMPLATES = (
    "Add an alert on {system} at 80% so there is time to act",
    "Cap retries against {system} with exponential backoff",
    "Add {trigger} to the release checklist for {system}",
    "Document load shedding for {system} in its runbook",
    "Load test {system} at twice the observed peak",
    "Show per-zone error rates on the {system} dashboard",
    "Make {system} expand its storage automatically",
)
TEAMS = ("platform team", "storage team", "payments team", "SRE", "networking team", "data team")
ROLES = ("incident commander", "on-call engineer", "communications lead", "subject expert")
NAMES = ("Alex R.", "Jordan K.", "Mei L.", "Sam T.", "Priya N.", "Chris D.", "Noor A.", "Lee W.")


def _fill(rng: random.Random, template: str, system: str) -> str:
    return template.format(
        system=system,
        trigger=rng.choice(TRIGGERS),
        symptom=rng.choice(SYMPTOMS),
        n=rng.randint(2, 95),
        m=rng.randint(96, 400),
    )


def _sentences(rng: random.Random, system: str, count: int) -> str:
    parts = [
        f"For {rng.randint(5, 240)} minutes, {rng.choice(SYMPTOMS)} in the {system} "
        f"after {rng.choice(TRIGGERS)}.",
        f"The {system} reached its limit and protected itself as designed.",
        f"Signals from {rng.choice(SYSTEMS)} made the cause harder to see at first.",
        "Rolling back and adding capacity restored normal service.",
        f"About {rng.randint(1, 40)}% of requests were affected while the backlog drained.",
    ]
    return " ".join(parts[i % len(parts)] for i in range(count))


def make_postmortem(
    rng: random.Random,
    incident_date: date,
    *,
    events: int,
    actions: int,
    factors: int,
) -> Postmortem:
    """One postmortem with the given numbers of timeline events, action items and factors."""
    system = rng.choice(SYSTEMS)
    trigger = rng.choice(TRIGGERS)
    pm = Postmortem(
        title=f"{system.capitalize()} degraded after {trigger}",
        date=incident_date,
        status=rng.choice(("draft", "review", "final", "final")),
        severity=rng.choice(SEVERITIES),
        format="full",
        authors=[f"{rng.choice(TEAMS).capitalize()} on-call"],
        tags=sorted({system.split()[0], rng.choice(("queue", "database", "network", "deploy"))}),
        review_on=incident_date + timedelta(days=rng.randint(7, 21)),
        summary=_sentences(rng, system, 3),
        root_cause=_sentences(rng, system, 2),
        what_went_well=["Alerts reached the on-call rotation within minutes."],
        what_went_poorly=[f"The {system} dashboard did not show the saturated resource."],
        where_we_got_lucky=["The incident began while the owning team was online."],
        lessons_learned=_sentences(rng, system, 2),
        impact=Impact(
            duration_minutes=rng.randint(5, 300),
            users_affected=rng.randint(10, 50_000),
            users_affected_percent=round(rng.uniform(0.1, 40.0), 1),
            customer_tickets=rng.randint(0, 80),
            user_facing=f"Some requests to the {system} failed or were slow.",
        ),
        participants=[
            Participant(name=NAMES[i % len(NAMES)], role=ROLES[i % len(ROLES)])
            for i in range(rng.randint(2, 4))
        ],
    )
    start = datetime.combine(incident_date, time(rng.randint(0, 20), rng.randint(0, 59)), UTC)
    at = start
    for i in range(events):
        milestone = ""
        if events >= len(MILESTONE_ORDER):
            step = (events - 1) / (len(MILESTONE_ORDER) - 1)
            for m_index, name in enumerate(MILESTONE_ORDER):
                if i == round(m_index * step):
                    milestone = name
        pm.timeline.append(
            TimelineEvent(
                at=at,
                event=_fill(rng, rng.choice(EVENT_TEMPLATES), system),
                milestone=milestone,
                link=f"https://metrics.example.com/d/{slugify(system)}" if i % 7 == 3 else "",
            )
        )
        at += timedelta(seconds=rng.randint(20, 300))
    pm.five_whys = [
        WhyStep(question=f"Why did the {system} stop serving?", answer=_sentences(rng, system, 1)),
        WhyStep(question="Why was there no earlier signal?", answer=_sentences(rng, system, 1)),
    ]
    pm.factors = [
        Factor(text=_fill(rng, rng.choice(FACTOR_TEMPLATES), system)) for _ in range(factors)
    ]
    for i in range(actions):
        pm.actions.append(
            ActionItem(
                kind=ACTION_KINDS[i % len(ACTION_KINDS)],
                text=_fill(rng, rng.choice(ACTION_TEMPLATES), system),
                owner=rng.choice(TEAMS),
                due=incident_date + timedelta(days=rng.randint(7, 90)),
                done=rng.random() < 0.4,
                priority=rng.choice(PRIORITIES),
                ticket=f"OPS-{rng.randint(100, 9999)}",
                factors=[rng.randint(1, factors)] if factors else [],
            )
        )
    pm.evidence = [
        Evidence(
            kind="metric", text=f"{system} error rate graph", link="https://metrics.example.com"
        ),
        Evidence(kind="log", text=f"{system} logs around the start of the incident"),
    ]
    # Ids from the seed, not from `secrets`: the same seed gives the same bytes.
    for key in LIST_KEYS:
        for item in getattr(pm, key):
            item.id = f"{rng.getrandbits(32):08x}"
    return pm


def _write(folder: Path, postmortem_id: str, pm: Postmortem) -> Path:
    path = folder / f"{postmortem_id}.toml"
    path.write_text(dumps(pm), encoding="utf-8")
    # Old, settled files (as in a real workspace, and never "just changed" for the index cache);
    # a fixed time also keeps the output repeatable.
    stamp = datetime.combine(FIRST_DATE, time(12), UTC).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def big_postmortem(seed: int = DEFAULT_SEED) -> Postmortem:
    """2,000 timeline events, 200 action items, 50 contributing factors."""
    return make_postmortem(
        random.Random(seed), date(2026, 3, 12), events=2000, actions=200, factors=50
    )


def write_big(folder: Path, seed: int = DEFAULT_SEED) -> Path:
    """Write the big postmortem into `folder` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    pm = big_postmortem(seed)
    return _write(folder, f"{pm.date}-{slugify(pm.title)}", pm)


def write_workspace(folder: Path, count: int = 1000, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write `count` postmortems of realistic size (10-30 events, 3-8 actions, 2-6 factors)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    taken: set[str] = set()
    paths = []
    for i in range(count):
        incident_date = FIRST_DATE + timedelta(days=i * 3 // 2 % 1200)
        pm = make_postmortem(
            rng,
            incident_date,
            events=rng.randint(10, 30),
            actions=rng.randint(3, 8),
            factors=rng.randint(2, 6),
        )
        base = postmortem_id = f"{incident_date}-{slugify(pm.title)}"
        n = 1
        while postmortem_id in taken:
            n += 1
            postmortem_id = f"{base}-{n}"
        taken.add(postmortem_id)
        paths.append(_write(folder, postmortem_id, pm))
    return paths


def chat_log(lines: int = 10_000, seed: int = DEFAULT_SEED) -> str:
    """An incident channel as a plain-text chat log, `[HH:MM:SS] name: text`, a few seconds
    between messages (so 10,000 lines cross midnight), one in 50 followed by a second line."""
    rng = random.Random(seed)
    seconds = 20 * 3600
    out = []
    for _ in range(lines):
        seconds += rng.randint(1, 15)
        hours, rest = divmod(seconds, 3600)
        stamp = f"{hours % 24:02d}:{rest // 60:02d}:{rest % 60:02d}"
        text = _fill(rng, rng.choice(EVENT_TEMPLATES), rng.choice(SYSTEMS))
        out.append(f"[{stamp}] {rng.choice(ROLES).replace(' ', '-')}: {text}\n")
        if rng.random() < 0.02:
            out.append(f"  see the {rng.choice(SYSTEMS)} dashboard\n")
    return "".join(out)


def write_chat_log(path: Path, lines: int = 10_000, seed: int = DEFAULT_SEED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(chat_log(lines, seed), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("big", "workspace", "chat"))
    parser.add_argument("folder", type=Path, help="the folder (for chat: the file) to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, help="postmortems (1000) or chat lines (10000)")
    args = parser.parse_args(argv)
    if args.what == "big":
        print(write_big(args.folder, args.seed))
    elif args.what == "chat":
        print(write_chat_log(args.folder, args.count or 10_000, args.seed))
    else:
        paths = write_workspace(args.folder, args.count or 1000, args.seed)
        print(f"{len(paths)} postmortems in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
