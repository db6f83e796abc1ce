"""The forms for each kind of list item, all built on `ItemForm`.

Each form builds its item strictly (Done) or leniently (`salvage`, when the app leaves with
the form open): a lenient build keeps refused text, e.g. a time that does not parse goes
to the item's `draft_time` key, and the next strict build drops it again.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from rich.text import Text

from ...core.drafts import keep_draft, read_draft, without_drafts
from ...core.model import (
    ACTION_KINDS,
    EVIDENCE_KINDS,
    MILESTONES,
    PRIORITIES,
    ActionItem,
    Evidence,
    Factor,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
    strip_control_chars,
)
from ...core.timeline import derive_times, format_duration, format_event_time, format_local_time
from ...core.timezones import zone_of
from ...core.typed_values import (
    TimeEntryError,
    TypedValueError,
    parse_event_time,
    parse_factor_numbers,
    parse_optional_date,
)
from ..keys import bindings_for
from .form_screen import FieldError, FormField, ItemForm

T = TypeVar("T")

MILESTONE_CHOICES = (("(none)", ""), *((m, m) for m in MILESTONES))
KIND_CHOICES = tuple((k.capitalize(), k) for k in ACTION_KINDS)
PRIORITY_CHOICES = (("(none)", ""), *((p, p) for p in PRIORITIES))
EVIDENCE_CHOICES = tuple((k, k) for k in EVIDENCE_KINDS)


def _clean(values: dict[str, Any], name: str) -> str:
    return strip_control_chars(str(values.get(name, ""))).strip()


def _required(values: dict[str, Any], name: str, reason: str, *, strict: bool = True) -> str:
    text = _clean(values, name)
    if not text and strict:
        raise FieldError(name, reason)
    return text


def _builds(make: Callable[..., T]) -> dict[str, Callable[[dict[str, Any]], T]]:
    """`build` (Done) and `salvage` (leaving with the form open) from one item builder."""
    return {
        "build": functools.partial(make, strict=True),
        "salvage": functools.partial(make, strict=False),
    }


#: The draft (file-format `draft_<name>` key) where a lenient build keeps a typed value that
#: the form refused, by form field.
DRAFT_NAMES = {"at": "time", "due": "due", "factors": "factors"}


def _without_drafts(extra: dict[str, Any]) -> dict[str, Any]:
    return without_drafts(extra, DRAFT_NAMES.values())


def _drafted(extra: dict[str, Any], field: str) -> str | None:
    """The refused text a lenient build kept for `field`, to show it in the form again."""
    return read_draft(extra, DRAFT_NAMES[field])


def _keep_draft(extra: dict[str, Any], field: str, values: dict[str, Any]) -> None:
    keep_draft(extra, DRAFT_NAMES[field], _clean(values, field))


# --- timeline ------------------------------------------------------------------------------


def _previous_event(pm: Postmortem, event: TimelineEvent | None) -> TimelineEvent | None:
    """The event a typed time counts from: the one before `event`, or the last one."""
    events = pm.timeline
    if event is not None:
        for index, other in enumerate(events):
            if other is event:
                earlier = [e for e in events[:index] if e.at is not None]
                return earlier[-1] if earlier else None
    timed = [e for e in events if e.at is not None and e is not event]
    return timed[-1] if timed else None


class EventForm(ItemForm[TimelineEvent]):
    """The timeline event form: several lines pasted into a field go to `on_lines` (the
    import preview) instead of the field keeping the first."""

    ACTIONS = ItemForm.ACTIONS  # the same keys: only what a paste does differs
    BINDINGS = bindings_for(ACTIONS)

    def __init__(self, *args: Any, on_lines: Callable[[str], None] | None, **options: Any) -> None:
        super().__init__(*args, **options)
        self.on_lines = on_lines

    def take_pasted_lines(self, text: str) -> bool:
        if self.on_lines is None:
            return False
        self.on_lines(text)
        return True


def event_form(
    pm: Postmortem, event: TimelineEvent | None, *, on_lines: Callable[[str], None] | None = None
) -> ItemForm[TimelineEvent]:
    """Add or edit a timeline event; times as typed are read like `parse_event_time`.
    Several lines pasted into a field go to `on_lines`, when given."""
    previous = _previous_event(pm, event)
    previous_at = previous.at if previous else None
    zone = zone_of(pm)

    def parse_time(values: dict[str, Any]) -> Any:
        untouched = event is not None and str(values["at"]).strip() == format_event_time(event.at)
        if untouched and event is not None and event.at is not None:
            return event.at  # kept exactly as the file has it
        try:
            return parse_event_time(
                str(values["at"]), incident_date=pm.date, previous=previous_at, zone=zone
            )
        except TimeEntryError as error:
            raise FieldError("at", str(error)) from None

    def make(values: dict[str, Any], *, strict: bool) -> TimelineEvent:
        base = event or TimelineEvent()
        extra = _without_drafts(base.extra)
        try:
            at = parse_time(values)
        except FieldError:
            if strict:
                raise
            at = base.at  # untimed when new: sorts last, the typed time kept beside it
            if _clean(values, "at"):
                _keep_draft(extra, "at", values)
        text = _required(values, "event", "say what happened", strict=strict)
        return dataclasses.replace(
            base,
            at=at,
            event=text,
            milestone=str(values["milestone"]),
            link=_clean(values, "link"),
            extra=extra,
        )

    def live(values: dict[str, Any]) -> Text:
        try:
            at = parse_time(values)
        except FieldError as error:
            return Text(error.reason, style="italic")
        trial = TimelineEvent(at=at, milestone=str(values["milestone"]))
        others = [e for e in pm.timeline if e is not event]
        derived = derive_times(dataclasses.replace(pm, timeline=[*others, trial]))
        return Text(
            f"= {format_local_time(at, zone, weekday=True)}"
            f"   detection {format_duration(derived.to_detection)}"
            f"   resolution {format_duration(derived.to_resolution)}"
        )

    drafted_time = _drafted(event.extra, "at") if event else None
    values = {
        "at": drafted_time or (format_event_time(event.at) if event else ""),
        "milestone": event.milestone if event else "",
        "event": event.event if event else "",
        "link": event.link if event else "",
    }
    fields = (
        FormField("at", "Time", placeholder="14:32 · 01-31 14:32 · +1h30m · 2026-01-30 14:32"),
        FormField("milestone", "Milestone", "choice", MILESTONE_CHOICES),
        # Several lines: ctrl+j starts a new line; Enter, ctrl+s or Done keeps the event.
        FormField(
            "event",
            "What happened",
            "lines",
            placeholder="A system or process, not a person (ctrl+j: a new line)",
        ),
        FormField("link", "Link (optional)"),
    )
    title = "Edit timeline event" if event else "Add timeline event"
    return EventForm(title, fields, values, live=live, on_lines=on_lines, **_builds(make))


# --- action items --------------------------------------------------------------------------


def action_form(
    pm: Postmortem, item: ActionItem | None, *, kind: str = "prevent"
) -> ItemForm[ActionItem]:
    def make(values: dict[str, Any], *, strict: bool) -> ActionItem:
        text = _required(values, "text", "say what will change", strict=strict)
        base = item or ActionItem()
        extra = _without_drafts(base.extra)
        due, factors = base.due, base.factors
        try:
            due = parse_optional_date(str(values["due"]))
        except TypedValueError as error:
            if strict:
                raise FieldError("due", error.reason) from None
            _keep_draft(extra, "due", values)
        try:
            factors = parse_factor_numbers(str(values["factors"]), len(pm.factors))
        except TypedValueError as error:
            if strict:
                raise FieldError("factors", error.reason) from None
            _keep_draft(extra, "factors", values)
        return dataclasses.replace(
            base,
            kind=str(values["kind"]),
            text=text,
            owner=_clean(values, "owner"),
            due=due,
            done=bool(values["done"]),
            priority=str(values["priority"]),
            ticket=_clean(values, "ticket"),
            factors=list(factors),
            extra=extra,
        )

    values = {
        "kind": item.kind if item else kind,
        "text": item.text if item else "",
        "owner": item.owner if item else "",
        "due": _drafted(item.extra, "due") or (item.due.isoformat() if item.due else "")
        if item
        else "",
        "ticket": item.ticket if item else "",
        "priority": item.priority if item else "",
        "factors": _drafted(item.extra, "factors") or ", ".join(str(n) for n in item.factors)
        if item
        else "",
        "done": item.done if item else False,
    }
    fields = (
        FormField("kind", "Kind", "choice", KIND_CHOICES),
        FormField("text", "What will change", placeholder="Alert at 70% disk usage"),
        FormField("owner", "Owner", placeholder="a team or role, e.g. @storage"),
        FormField("due", "Due", placeholder="YYYY-MM-DD"),
        FormField("ticket", "Ticket"),
        FormField("priority", "Priority", "choice", PRIORITY_CHOICES),
        FormField("factors", "Addresses factors", placeholder="1, 3"),
        FormField("done", "Completed", "check"),  # "Done" is the form's button
    )
    title = "Edit action item" if item else "Add action item"
    return ItemForm(title, fields, values, **_builds(make))


# --- small items ---------------------------------------------------------------------------


def factor_form(factor: Factor | None) -> ItemForm[Factor]:
    def make(values: dict[str, Any], *, strict: bool) -> Factor:
        text = _required(values, "text", "describe the condition that contributed", strict=strict)
        return dataclasses.replace(factor or Factor(), text=text)

    fields = (FormField("text", "Contributing factor", placeholder="Retries have no ceiling"),)
    values = {"text": factor.text if factor else ""}
    return ItemForm("Edit factor" if factor else "Add factor", fields, values, **_builds(make))


def why_form(step: WhyStep | None) -> ItemForm[WhyStep]:
    def make(values: dict[str, Any], *, strict: bool) -> WhyStep:
        question = _required(values, "question", "ask why", strict=strict)
        return dataclasses.replace(
            step or WhyStep(), question=question, answer=_clean(values, "answer")
        )

    fields = (
        FormField("question", "Why…?", placeholder="Why was the disk full?"),
        FormField("answer", "Because…"),
    )
    values = {"question": step.question if step else "", "answer": step.answer if step else ""}
    return ItemForm("Edit why" if step else "Add why", fields, values, **_builds(make))


def participant_form(person: Participant | None) -> ItemForm[Participant]:
    def make(values: dict[str, Any], *, strict: bool) -> Participant:
        name = _required(values, "name", "enter a name or a team", strict=strict)
        return dataclasses.replace(person or Participant(), name=name, role=_clean(values, "role"))

    fields = (
        FormField("name", "Name"),
        FormField("role", "Role", placeholder="incident commander"),
    )
    values = {"name": person.name if person else "", "role": person.role if person else ""}
    title = "Edit participant" if person else "Add participant"
    return ItemForm(title, fields, values, **_builds(make))


def evidence_form(evidence: Evidence | None) -> ItemForm[Evidence]:
    def make(values: dict[str, Any], *, strict: bool) -> Evidence:
        text = _required(values, "text", "describe the evidence", strict=strict)
        return dataclasses.replace(
            evidence or Evidence(),
            kind=str(values["kind"]),
            text=text,
            link=_clean(values, "link"),
        )

    fields = (
        FormField("kind", "Kind", "choice", EVIDENCE_CHOICES),
        FormField("text", "What it shows"),
        FormField("link", "Link"),
    )
    values = {
        "kind": evidence.kind if evidence else "other",
        "text": evidence.text if evidence else "",
        "link": evidence.link if evidence else "",
    }
    title = "Edit evidence" if evidence else "Add evidence"
    return ItemForm(title, fields, values, **_builds(make))


def text_form(title: str, label: str) -> Callable[[str | None], ItemForm[str]]:
    """A form for one line of a list of lessons ("what went well", ...)."""

    def form(text: str | None) -> ItemForm[str]:
        def make(values: dict[str, Any], *, strict: bool) -> str:
            return _required(
                values, "text", "write something, or press escape to cancel", strict=strict
            )

        return ItemForm(
            f"Edit: {title}" if text else f"Add: {title}",
            (FormField("text", label),),
            {"text": text or ""},
            **_builds(make),
        )

    return form
