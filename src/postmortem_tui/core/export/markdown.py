"""The Markdown export: a pure function of the model.

It follows the template of the method (`# <title> Postmortem`, then Summary,
Impact, Timeline, ... Appendix) and keeps every heading even when its section is empty,
so reviewers see what is missing. User text goes through `markdown_text`, so no field
can add, remove or reorder headings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta

from ..markdown_text import escape_block, escape_inline, link_or_text
from ..model import ACTION_KINDS, ActionItem, Factor, Postmortem, TimelineEvent
from ..team_sections import section_texts
from ..timeline import DerivedTimes, derive_times, format_duration, times_caption
from ..timezones import in_zone, offset_text, zone_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from datetime import tzinfo
    from typing import Any

#: The `##` sections of the full format, in order.
FULL_SECTIONS = (
    "Summary",
    "Impact",
    "Timeline",
    "Root Cause",
    "Contributing Factors",
    "What Went Well",
    "What Went Poorly",
    "Where We Got Lucky",
    "Action Items",
    "Lessons Learned",
    "Appendix",
)
#: The `###` sub-sections of Action Items, one per action kind.
ACTION_SECTIONS = {"prevent": "Prevent", "detect": "Detect", "mitigate": "Mitigate"}
FINDINGS_SECTION = "Review Findings"

_DURATION_LABELS = (
    ("to_detection", "Time to detection"),
    ("to_acknowledge", "Time to acknowledge"),
    ("to_mitigation", "Time to mitigation"),
    ("to_resolution", "Time to resolution"),
)


def display_title(pm: Postmortem) -> str:
    """The title as one escaped line; `Untitled` when blank."""
    return escape_inline(pm.title) or "Untitled"


def _empty(what: str) -> str:
    return f"_{what}_"


def _bullets(items: Iterable[str]) -> list[str]:
    return [f"- {item}" for item in items if item]


def _field(label: str, value: str) -> str:
    return f"**{label}:** {value}"


def _header_block(pm: Postmortem) -> str:
    """Date, author, status, severity: one per line (backslash hard breaks)."""
    authors = ", ".join(a for a in (escape_inline(a) for a in pm.authors) if a)
    lines = [
        _field("Date", pm.date.isoformat() if pm.date else "not set"),
        _field("Author", authors or "not set"),
        _field("Status", escape_inline(pm.status) or "not set"),
        _field("Severity", escape_inline(pm.severity) or "not set"),
    ]
    tags = ", ".join(t for t in (escape_inline(t) for t in pm.tags) if t)
    if tags:
        lines.append(_field("Tags", tags))
    if pm.review_on:
        lines.append(_field("Action review on", pm.review_on.isoformat()))
    return "\\\n".join(lines)


def _number(value: float) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}"


def _impact(pm: Postmortem, derived: DerivedTimes) -> list[str]:
    impact = pm.impact
    if impact.is_empty() and derived.impact_duration is None:
        return [_empty("No impact recorded yet.")]
    if impact.duration_minutes is not None:
        duration = f"{format_duration(derived.impact_duration)} (as recorded)"
    elif derived.impact_duration is not None:
        # The same figure as the time to resolution: printed once, under Timeline.
        duration = "the time to resolution (see Timeline)"
    else:
        duration = format_duration(None)
    lines = [f"- {_field('Duration', duration)}"]
    if impact.users_affected is not None or impact.users_affected_percent is not None:
        parts = []
        if impact.users_affected is not None:
            parts.append(_number(impact.users_affected))
        if impact.users_affected_percent is not None:
            share = f"{_number(impact.users_affected_percent)}% of users"
            parts.append(f"({share})" if parts else share)
        lines.append(f"- {_field('Users affected', ' '.join(parts))}")
    if impact.customer_tickets is not None:
        lines.append(f"- {_field('Customer tickets', _number(impact.customer_tickets))}")
    for label, text in (
        ("Revenue impact", impact.revenue_impact),
        ("What users could not do", impact.user_facing),
        ("Reputation", impact.reputation),
    ):
        if escape_inline(text):
            lines.append(f"- {_field(label, escape_inline(text))}")
    return ["\n".join(lines)]


def _clock(at: datetime, zone: tzinfo, caption_offset: timedelta | None) -> str:
    """`14:32` in the postmortem's zone, with the offset when it is not the caption's (after a
    change of the clocks)."""
    local = in_zone(at, zone)
    text = local.strftime("%H:%M:%S" if local.second else "%H:%M")
    offset = local.utcoffset()
    return text if offset == caption_offset else f"{text} {offset_text(offset)}"


def _event_line(event: TimelineEvent, zone: tzinfo, caption_offset: timedelta | None) -> str:
    when = _clock(event.at, zone, caption_offset) if event.at else "time unknown"
    # Every line the event holds, continuing its list item (indented under `- `).
    text = escape_block(event.event, indent="  ") or _empty("no description")
    milestone = escape_inline(event.milestone)
    if milestone:
        text = f"**{milestone}:** {text}"
    if event.link.strip():
        text += f" ({link_or_text(event.link)})"
    return f"- {when} — {text}"


def _timeline_events(pm: Postmortem) -> list[str]:
    """The zone the times are in, then the events by day in that zone."""
    zone = zone_of(pm)
    timed = [e.at for e in pm.timeline if e.at is not None]
    caption_offset = in_zone(timed[0], zone).utcoffset() if timed else None
    blocks = [_empty(f"{escape_inline(times_caption(pm))}.")]
    days: dict[date | None, list[TimelineEvent]] = {}
    for event in pm.timeline:
        days.setdefault(in_zone(event.at, zone).date() if event.at else None, []).append(event)
    for day, events in days.items():
        blocks.append(f"**{day.isoformat()}**" if day else "**Time unknown**")
        blocks.append("\n".join(_event_line(e, zone, caption_offset) for e in events))
    return blocks


def _durations(derived: DerivedTimes) -> str:
    return "\n".join(
        f"- {_field(label, format_duration(getattr(derived, name)))}"
        for name, label in _DURATION_LABELS
    )


def _timeline(pm: Postmortem, derived: DerivedTimes) -> list[str]:
    if not pm.timeline:
        return [_empty("No timeline events yet.")]
    return [
        *_timeline_events(pm),
        "Durations from the first *started* event:",
        _durations(derived),
    ]


def _paragraphs(text: str, empty: str) -> list[str]:
    return [escape_block(text) or _empty(empty)]


def _factors(pm: Postmortem) -> list[str]:
    factors = [escape_inline(f.text) for f in pm.factors]
    numbered = [f"{n}. {text}" for n, text in enumerate(factors, 1) if text]
    whys = []
    for step in pm.five_whys:
        question, answer = escape_inline(step.question), escape_inline(step.answer)
        whys.append(f"{question} → {answer}" if question and answer else question or answer)
    whys = [w for w in whys if w]
    blocks = ["\n".join(numbered)] if numbered else [_empty("No contributing factors yet.")]
    if whys:
        blocks.append("**5 Whys**")
        blocks.append("\n".join(f"{n}. {why}" for n, why in enumerate(whys, 1)))
    return blocks


def _list_section(items: list[str], empty: str) -> list[str]:
    lines = _bullets(escape_inline(i) for i in items)
    return ["\n".join(lines)] if lines else [_empty(empty)]


def _factor_reference(number: int, factors: Sequence[Factor]) -> str:
    """`factor 2 (text)`: the number as the list shows it, and its text so the reference
    reads on its own (a printed page has no link to follow)."""
    if not 1 <= number <= len(factors):
        return f"factor {number} (not in the list)"
    text = escape_inline(factors[number - 1].text)
    return f"factor {number} ({text})" if text else f"factor {number}"


def _addresses(action: ActionItem, factors: Sequence[Factor]) -> str:
    """The contributing factors an action item addresses, as one line; "" when none."""
    numbers = sorted(set(action.factors))
    if not numbers:
        return ""
    return "Addresses " + "; ".join(_factor_reference(n, factors) for n in numbers) + "."


def _action_line(action: ActionItem, today: date | None, factors: Sequence[Factor] = ()) -> str:
    box = "[x]" if action.done else "[ ]"
    details = [
        escape_inline(action.owner) or "no owner",
        f"due {action.due.isoformat()}" if action.due else "no due date",
    ]
    if today is not None and action.is_overdue(today):
        details[-1] += " (**overdue**)"
    if escape_inline(action.priority):
        details.append(f"{escape_inline(action.priority)} priority")
    if action.ticket.strip():
        details.append(link_or_text(action.ticket))
    text = escape_inline(action.text) or _empty("no description")
    line = f"- {box} {text} — {', '.join(details)}"
    addresses = _addresses(action, factors)
    # A hard break, indented to continue the list item: the factors on a line of their own.
    return f"{line}\\\n  {addresses}" if addresses else line


def _action_summary(pm: Postmortem, as_of: date) -> str:
    """`2 of 3 open, 1 overdue on <as_of>.`: a status at a date, so only when one is asked
    for; a document meant to last does not carry the day it was exported."""
    open_count, overdue = len(pm.open_actions()), len(pm.overdue_actions(as_of))
    return f"{open_count} of {len(pm.actions)} open, {overdue} overdue on {as_of.isoformat()}."


def _actions(pm: Postmortem, today: date | None) -> list[str]:
    blocks = [_action_summary(pm, today)] if pm.actions and today is not None else []
    for kind, heading in ACTION_SECTIONS.items():
        blocks.append(f"### {heading}")
        lines = [_action_line(a, today, pm.factors) for a in pm.actions if a.kind == kind]
        blocks.append("\n".join(lines) if lines else _empty(f"No {kind} actions yet."))
    others = [a for a in pm.actions if a.kind not in ACTION_KINDS]
    if others:  # only a hand-built model can have these; never drop an item silently
        blocks.append("**Other**")
        blocks.append("\n".join(_action_line(a, today, pm.factors) for a in others))
    return blocks


def _appendix(pm: Postmortem) -> list[str]:
    blocks = []
    evidence = []
    for item in pm.evidence:
        text = escape_inline(item.text)
        kind = escape_inline(item.kind)
        line = f"{kind}: {text}" if kind and text else kind or text
        if item.link.strip():
            line = f"{line} — {link_or_text(item.link)}" if line else link_or_text(item.link)
        evidence.append(line)
    if lines := _bullets(evidence):
        blocks += ["**Evidence**", "\n".join(lines)]
    roles: dict[str, list[str]] = {}
    for person in pm.participants:
        name = escape_inline(person.name) or "unnamed"
        roles.setdefault(escape_inline(person.role) or "role not recorded", []).append(name)
    if roles:
        blocks.append("**Participants**")
        blocks.append("\n".join(f"- {role}: {', '.join(n)}" for role, n in roles.items()))
    notes = escape_block(pm.appendix)
    if notes:
        blocks += ["**Notes**", notes] if blocks else [notes]
    return blocks or [_empty("Nothing in the appendix yet.")]


def _team_sections(pm: Postmortem, *, quick: bool = False) -> list[str]:
    """The team's own sections (`[sections.<id>]` of the file), in the file's order: a `##`
    section each, or in the quick format a `**Title:**` paragraph."""
    blocks = []
    for section in section_texts(pm):
        title = escape_inline(section.title) or escape_inline(section.id)
        text = escape_block(section.text) or _empty("Not recorded yet.")
        blocks += [f"**{title}:** {text}"] if quick else [f"## {title}", text]
    return blocks


def _findings(findings: Sequence[Any]) -> list[str]:
    lines = []
    for finding in findings:

        def text(name: str, finding: Any = finding) -> str:
            return escape_inline(str(getattr(finding, name, "") or ""))

        where = text("where") or text("field") or "postmortem"  # as the editor names it
        line = f"**{text('severity') or 'note'}** {where}: "
        line += text("message") or _empty("no message")
        if text("suggestion"):
            line += f" — {text('suggestion')}"
        if text("rule_id"):
            line += f" ({text('rule_id')})"
        lines.append(f"- {line}")
    return ["\n".join(lines)] if lines else [_empty("No open findings.")]


def _full(pm: Postmortem, today: date | None, findings: Sequence[Any] | None) -> list[str]:
    derived = derive_times(pm)
    sections: dict[str, Callable[[], list[str]]] = {
        "Summary": lambda: _paragraphs(pm.summary, "No summary yet."),
        "Impact": lambda: _impact(pm, derived),
        "Timeline": lambda: _timeline(pm, derived),
        "Root Cause": lambda: _paragraphs(pm.root_cause, "No root cause yet."),
        "Contributing Factors": lambda: _factors(pm),
        "What Went Well": lambda: _list_section(pm.what_went_well, "Nothing recorded yet."),
        "What Went Poorly": lambda: _list_section(pm.what_went_poorly, "Nothing recorded yet."),
        "Where We Got Lucky": lambda: _list_section(pm.where_we_got_lucky, "Nothing recorded yet."),
        "Action Items": lambda: _actions(pm, today),
        "Lessons Learned": lambda: _paragraphs(pm.lessons_learned, "No lessons recorded yet."),
        "Appendix": lambda: _appendix(pm),
    }
    blocks = [f"# {display_title(pm)} Postmortem", _header_block(pm)]
    for heading in FULL_SECTIONS:
        if heading == "Appendix":
            blocks.extend(_team_sections(pm))
        blocks.append(f"## {heading}")
        blocks.extend(sections[heading]())
    if findings is not None:
        blocks.append(f"## {FINDINGS_SECTION}")
        blocks.extend(_findings(findings))
    return blocks


def _quick(pm: Postmortem, today: date | None, findings: Sequence[Any] | None) -> list[str]:
    blocks = [f"## Quick Postmortem: {display_title(pm)}", _header_block(pm)]
    summary = escape_block(pm.summary) or _empty("Not recorded yet.")
    blocks.append(f"**What happened:** {summary}")
    why = escape_block(pm.root_cause)
    factors = _bullets(escape_inline(f.text) for f in pm.factors)
    if why or not factors:
        blocks.append(f"**Why:** {why or _empty('Not recorded yet.')}")
    else:
        blocks.append("**Why:**")
    if factors:
        blocks.append("\n".join(factors))
    if pm.timeline:
        blocks.append("**Timeline:**")
        blocks.extend(_timeline_events(pm))
        blocks.append("**Durations** (from the first *started* event):")
        blocks.append(_durations(derive_times(pm)))
    blocks.append("**Action items:**")
    if pm.actions and today is not None:
        blocks.append(_action_summary(pm, today))
    lines = [_action_line(a, today, pm.factors) for a in pm.actions]
    blocks.append("\n".join(lines) if lines else _empty("No action items yet."))
    blocks.extend(_team_sections(pm, quick=True))
    if findings is not None:
        blocks.append(f"**{FINDINGS_SECTION}:**")
        blocks.extend(_findings(findings))
    return blocks


def to_markdown(
    pm: Postmortem, *, today: date | None = None, findings: Sequence[Any] | None = None
) -> str:
    """The postmortem as a Markdown document: the same text whatever the day it is made.

    `today` is the "as of" date (`export --as-of`): with it, the action items get a status
    line (`N of M open, K overdue on <date>`) and overdue notes; without it, neither.
    `findings`, the blameless review's open findings, adds a final Review Findings section.
    """
    render = _quick if pm.is_quick else _full
    return "\n\n".join(render(pm, today, findings)) + "\n"


__all__ = ["display_title", "to_markdown"]
