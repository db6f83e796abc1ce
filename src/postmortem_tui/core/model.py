"""The postmortem as plain classes (records), and their conversion to and from TOML-ready dicts.

Pure: no I/O and no Textual. `from_dict` validates and names the offending field;
`to_dict` produces keys in a stable order so saved files diff cleanly. Keys this version
does not understand are kept in each object's `extra` and written back unchanged. Every list
item has an `id`: random when it is made, read from the file, or derived from its content
for a file without one (`settle_ids`), and written first in its table.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from .limits import MAX_FIELD_CHARS, MAX_WHOLE_NUMBER, text_too_long
from .record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from datetime import tzinfo
    from typing import Any

#: `date` under another name, for annotations in classes that have a field called `date`.
CalendarDate = date

SCHEMA_VERSION = 1

STATUSES = ("draft", "review", "final")
SEVERITIES = ("critical", "major", "minor")
FORMATS = ("full", "quick")
MILESTONES = ("started", "detected", "acknowledged", "identified", "mitigated", "resolved")
ACTION_KINDS = ("prevent", "detect", "mitigate")
PRIORITIES = ("high", "medium", "low")
EVIDENCE_KINDS = ("log", "metric", "customer-report", "chat", "other")

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ValidationError(ValueError):
    """A value in a postmortem is of the wrong type or outside its allowed values."""

    def __init__(self, field_path: str, message: str) -> None:
        super().__init__(f"{message} for '{field_path}'" if field_path else message)
        self.field_path = field_path
        self.message = message


class SchemaTooNewError(ValidationError):
    """The file was written by a newer version of postmortem-tui."""

    def __init__(self, version: int) -> None:
        super().__init__("schema_version", "")
        self.args = (
            f"schema_version {version} is newer than this postmortem-tui understands "
            f"({SCHEMA_VERSION}); upgrade postmortem-tui to open it",
        )
        self.message = str(self)


def strip_control_chars(text: str) -> str:
    """Drop C0 (except tab and newline), DEL and C1 characters, ESC included."""
    return _CONTROL_CHARS.sub("", text)


def normalise_newlines(text: str) -> str:
    """Store every line break as a bare newline (TOML multi-line strings need it)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: What an item's `id` may be: short, and safe in a URL, a TOML bare key and a file name.
#: `_` and 8 hex digits is an id worked out from the content (`settle_ids`).
ITEM_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}|_[0-9a-f]{8}")
#: How an id worked out from an item's content starts: the item came without one.
DERIVED_ID_PREFIX = "_"
#: The length of the ids this version makes: 8 lowercase hex digits (32 random bits, so two
#: items added on two branches of a list of hundreds almost never draw the same one).
ITEM_ID_CHARS = 8


def new_item_id() -> str:
    """A fresh random id for a list item (`secrets`: never derived from the time)."""
    import secrets  # here: only making an item needs it (~2.5 ms at start)

    return secrets.token_hex(ITEM_ID_CHARS // 2)


def is_item_id(value: object) -> bool:
    return isinstance(value, str) and ITEM_ID_PATTERN.fullmatch(value) is not None


class Participant(Record):
    """Someone who took part in the response, by name and role."""

    __slots__ = ("name", "role", "id", "extra")  # noqa: RUF023 (field order)
    name: str
    role: str
    #: Stable within its list, across saves, reorders and merges (`new_item_id`).
    id: str
    extra: dict[str, Any]

    def __init__(
        self,
        name: str = "",
        role: str = "",
        id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.role = role
        self.id = new_item_id() if id is None else id
        self.extra = {} if extra is None else extra


class TimelineEvent(Record):
    """One moment of the incident: when, what happened, and which milestone it marks."""

    __slots__ = ("at", "event", "milestone", "link", "id", "extra")  # noqa: RUF023 (field order)
    at: datetime | None
    event: str
    milestone: str
    link: str
    #: Stable within its list, across saves, reorders and merges (`new_item_id`).
    id: str
    extra: dict[str, Any]

    def __init__(
        self,
        at: datetime | None = None,
        event: str = "",
        milestone: str = "",
        link: str = "",
        id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.at = at
        self.event = event
        self.milestone = milestone
        self.link = link
        self.id = new_item_id() if id is None else id
        self.extra = {} if extra is None else extra


class WhyStep(Record):
    """One step of the 5 Whys: a question and its answer."""

    __slots__ = ("question", "answer", "id", "extra")  # noqa: RUF023 (field order)
    question: str
    answer: str
    #: Stable within its list, across saves, reorders and merges (`new_item_id`).
    id: str
    extra: dict[str, Any]

    def __init__(
        self,
        question: str = "",
        answer: str = "",
        id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.question = question
        self.answer = answer
        self.id = new_item_id() if id is None else id
        self.extra = {} if extra is None else extra


class Factor(Record):
    """A contributing factor: a condition of the system or process."""

    __slots__ = ("text", "id", "extra")  # noqa: RUF023 (field order)
    text: str
    #: Stable within its list, across saves, reorders and merges (`new_item_id`).
    id: str
    extra: dict[str, Any]

    def __init__(
        self, text: str = "", id: str | None = None, extra: dict[str, Any] | None = None
    ) -> None:
        self.text = text
        self.id = new_item_id() if id is None else id
        self.extra = {} if extra is None else extra


class ActionItem(Record):
    """Work that stops the incident happening again (or finds it sooner)."""

    __slots__ = (  # noqa: RUF023 (field order)
        "kind",
        "text",
        "owner",
        "due",
        "done",
        "priority",
        "ticket",
        "factors",
        "id",
        "extra",
    )
    kind: str
    text: str
    owner: str
    due: date | None
    done: bool
    priority: str
    ticket: str
    #: 1-based numbers of the contributing factors this item addresses.
    factors: list[int]
    #: Stable within its list, across saves, reorders and merges (`new_item_id`).
    id: str
    extra: dict[str, Any]

    def __init__(
        self,
        kind: str = "prevent",
        text: str = "",
        owner: str = "",
        due: date | None = None,
        done: bool = False,
        priority: str = "",
        ticket: str = "",
        factors: list[int] | None = None,
        id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.owner = owner
        self.due = due
        self.done = done
        self.priority = priority
        self.ticket = ticket
        self.factors = [] if factors is None else factors
        self.id = new_item_id() if id is None else id
        self.extra = {} if extra is None else extra

    def is_overdue(self, today: date) -> bool:
        return not self.done and self.due is not None and self.due < today


class Evidence(Record):
    """A graph, log or document the postmortem relies on."""

    __slots__ = ("kind", "text", "link", "id", "extra")  # noqa: RUF023 (field order)
    kind: str
    text: str
    link: str
    #: Stable within its list, across saves, reorders and merges (`new_item_id`).
    id: str
    extra: dict[str, Any]

    def __init__(
        self,
        kind: str = "other",
        text: str = "",
        link: str = "",
        id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.link = link
        self.id = new_item_id() if id is None else id
        self.extra = {} if extra is None else extra


class Impact(Record):
    """What the incident cost users and the business."""

    __slots__ = (  # noqa: RUF023 (field order)
        "duration_minutes",
        "users_affected",
        "users_affected_percent",
        "revenue_impact",
        "customer_tickets",
        "user_facing",
        "reputation",
        "extra",
    )
    duration_minutes: int | None
    users_affected: int | None
    users_affected_percent: float | None
    revenue_impact: str
    customer_tickets: int | None
    user_facing: str
    reputation: str
    extra: dict[str, Any]

    def __init__(
        self,
        duration_minutes: int | None = None,
        users_affected: int | None = None,
        users_affected_percent: float | None = None,
        revenue_impact: str = "",
        customer_tickets: int | None = None,
        user_facing: str = "",
        reputation: str = "",
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.duration_minutes = duration_minutes
        self.users_affected = users_affected
        self.users_affected_percent = users_affected_percent
        self.revenue_impact = revenue_impact
        self.customer_tickets = customer_tickets
        self.user_facing = user_facing
        self.reputation = reputation
        self.extra = {} if extra is None else extra

    def is_empty(self) -> bool:
        return all(
            getattr(self, name) in (None, "", {}) for name in self.__slots__ if name != "extra"
        )


class Postmortem(Record):
    """A blameless write-up of one incident."""

    __slots__ = (  # noqa: RUF023 (field order)
        "title",
        "schema_version",
        "date",
        "timezone",
        "status",
        "severity",
        "format",
        "authors",
        "tags",
        "review_on",
        "summary",
        "root_cause",
        "what_went_well",
        "what_went_poorly",
        "where_we_got_lucky",
        "lessons_learned",
        "appendix",
        "impact",
        "participants",
        "timeline",
        "five_whys",
        "factors",
        "actions",
        "evidence",
        "extra",
    )
    title: str
    schema_version: int
    date: CalendarDate | None
    #: The IANA name of the zone local times are in; "" when the file records none.
    timezone: str
    status: str
    severity: str
    format: str
    authors: list[str]
    tags: list[str]
    review_on: CalendarDate | None
    summary: str
    root_cause: str
    what_went_well: list[str]
    what_went_poorly: list[str]
    where_we_got_lucky: list[str]
    lessons_learned: str
    appendix: str
    impact: Impact
    participants: list[Participant]
    timeline: list[TimelineEvent]
    five_whys: list[WhyStep]
    factors: list[Factor]
    actions: list[ActionItem]
    evidence: list[Evidence]
    extra: dict[str, Any]

    def __init__(
        self,
        title: str,
        schema_version: int = SCHEMA_VERSION,
        date: CalendarDate | None = None,
        timezone: str = "",
        status: str = "draft",
        severity: str = "",
        format: str = "full",
        authors: list[str] | None = None,
        tags: list[str] | None = None,
        review_on: CalendarDate | None = None,
        summary: str = "",
        root_cause: str = "",
        what_went_well: list[str] | None = None,
        what_went_poorly: list[str] | None = None,
        where_we_got_lucky: list[str] | None = None,
        lessons_learned: str = "",
        appendix: str = "",
        impact: Impact | None = None,
        participants: list[Participant] | None = None,
        timeline: list[TimelineEvent] | None = None,
        five_whys: list[WhyStep] | None = None,
        factors: list[Factor] | None = None,
        actions: list[ActionItem] | None = None,
        evidence: list[Evidence] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.title = title
        self.schema_version = schema_version
        self.date = date
        self.timezone = timezone
        self.status = status
        self.severity = severity
        self.format = format
        self.authors = [] if authors is None else authors
        self.tags = [] if tags is None else tags
        self.review_on = review_on
        self.summary = summary
        self.root_cause = root_cause
        self.what_went_well = [] if what_went_well is None else what_went_well
        self.what_went_poorly = [] if what_went_poorly is None else what_went_poorly
        self.where_we_got_lucky = [] if where_we_got_lucky is None else where_we_got_lucky
        self.lessons_learned = lessons_learned
        self.appendix = appendix
        self.impact = Impact() if impact is None else impact
        self.participants = [] if participants is None else participants
        self.timeline = [] if timeline is None else timeline
        self.five_whys = [] if five_whys is None else five_whys
        self.factors = [] if factors is None else factors
        self.actions = [] if actions is None else actions
        self.evidence = [] if evidence is None else evidence
        self.extra = {} if extra is None else extra

    @property
    def is_quick(self) -> bool:
        return self.format == "quick"

    def open_actions(self) -> list[ActionItem]:
        return [a for a in self.actions if not a.done]

    def overdue_actions(self, today: CalendarDate) -> list[ActionItem]:
        return [a for a in self.actions if a.is_overdue(today)]

    def sort_timeline(self) -> None:
        """Put events in time order (local times in the postmortem's zone); equal times, and
        events without a time, keep their order."""
        zone = self.timeline_zone()
        self.timeline.sort(key=lambda e: timeline_sort_key(e.at, zone))

    def timeline_zone(self) -> tzinfo | None:
        """The zone local event times are in, or None when every event time has an offset
        (then no zone is needed to order or measure them)."""
        if all(e.at is None or e.at.tzinfo is not None for e in self.timeline):
            return None
        from .timezones import zone_of

        return zone_of(self)


_NO_OFFSET = timedelta(0)


def timeline_sort_key(at: datetime | None, zone: tzinfo | None = None) -> tuple[int, datetime]:
    """An event time as a UTC instant, to order and measure times with and without offsets
    together: local times are in `zone` (read as UTC without one); untimed events go last."""
    if at is None:
        return (1, datetime.min)
    if at.tzinfo is not None:  # raises OverflowError outside the calendar: files refuse those
        return (0, at.replace(tzinfo=None) - (at.utcoffset() or _NO_OFFSET))
    offset = zone.utcoffset(at) if zone is not None else None
    if not offset:
        return (0, at)
    try:
        return (0, at - offset)
    except OverflowError:  # a local time at the very end of the calendar
        return (0, at)


# --- reading -------------------------------------------------------------------------------

_TYPE_WORDS = {str: "a string", int: "an integer", bool: "true or false", list: "a list"}


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(path, "expected a string")
    if len(value) > MAX_FIELD_CHARS:
        raise ValidationError(path, text_too_long(len(value)))
    return normalise_newlines(value)


def _choice(value: Any, path: str, allowed: tuple[str, ...], *, blank_ok: bool) -> str:
    text = _text(value, path)
    if text == "" and blank_ok:
        return ""
    if text not in allowed:
        choices = " | ".join(allowed)
        raise ValidationError(path, f"unknown value {text!r} (expected {choices})")
    return text


def _date(value: Any, path: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValidationError(path, "expected a date (YYYY-MM-DD)")
    return value


def _datetime(value: Any, path: str) -> datetime:
    if not isinstance(value, datetime):
        raise ValidationError(path, "expected a date-time (YYYY-MM-DDTHH:MM[:SS][offset])")
    offset = value.utcoffset()
    if offset is not None and offset.seconds % 60:
        raise ValidationError(path, "the time offset must be whole minutes")
    try:
        timeline_sort_key(value)
    except OverflowError:
        raise ValidationError(path, "the date-time is outside the years 1 to 9999 in UTC") from None
    return value


def _zone_name(value: Any, path: str) -> str:
    name = _text(value, path)
    if name:
        from .timezones import UnknownZoneError, zone_named

        try:
            zone_named(name)
        except UnknownZoneError as error:
            raise ValidationError(path, str(error)) from None
    return name


def _int(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(path, "expected a whole number")
    if value < 0:
        raise ValidationError(path, "expected a number of zero or more")
    if value > MAX_WHOLE_NUMBER:
        raise ValidationError(path, f"expected a number up to {MAX_WHOLE_NUMBER:,}")
    return value


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(path, "expected a number")
    if not 0 <= value <= 100:
        raise ValidationError(path, "expected a percentage from 0 to 100")
    return float(value)


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(path, "expected true or false")
    return value


def _text_list(value: Any, path: str) -> list[str]:
    if not isinstance(value, list):
        raise ValidationError(path, "expected a list of strings")
    return [_text(item, f"{path}[{i}]") for i, item in enumerate(value)]


def _tables(value: Any, path: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValidationError(path, f"expected a list of tables ([[{path}]])")
    return value


def _item_id(value: Any, path: str) -> str:
    """An item's id as written; one that is not a valid id is replaced later (`settle_ids`)."""
    if not isinstance(value, str):
        raise ValidationError(path, "expected a string")
    return value


def _factor_numbers(value: Any, path: str) -> list[int]:
    if not isinstance(value, list):
        raise ValidationError(path, "expected a list of factor numbers")
    numbers = []
    for i, item in enumerate(value):
        number = _int(item, f"{path}[{i}]")
        if number < 1:
            raise ValidationError(f"{path}[{i}]", "factor numbers start at 1")
        numbers.append(number)
    return numbers


class _Reader:
    """Pops known keys off a table, validating each; whatever is left is `extra`."""

    def __init__(self, table: dict[str, Any], prefix: str) -> None:
        self.rest = dict(table)
        self.prefix = prefix

    def path(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def get(self, key: str, convert: Any, default: Any, **options: Any) -> Any:
        if key not in self.rest:
            return default
        return convert(self.rest.pop(key), self.path(key), **options)


def _read_participant(table: dict[str, Any], prefix: str) -> Participant:
    r = _Reader(table, prefix)
    return Participant(
        name=r.get("name", _text, ""),
        role=r.get("role", _text, ""),
        id=r.get("id", _item_id, ""),
        extra=r.rest,
    )


def _read_event(table: dict[str, Any], prefix: str) -> TimelineEvent:
    r = _Reader(table, prefix)
    return TimelineEvent(
        at=r.get("at", _datetime, None),
        event=r.get("event", _text, ""),
        milestone=r.get("milestone", _choice, "", allowed=MILESTONES, blank_ok=True),
        link=r.get("link", _text, ""),
        id=r.get("id", _item_id, ""),
        extra=r.rest,
    )


def _read_why(table: dict[str, Any], prefix: str) -> WhyStep:
    r = _Reader(table, prefix)
    return WhyStep(
        question=r.get("question", _text, ""),
        answer=r.get("answer", _text, ""),
        id=r.get("id", _item_id, ""),
        extra=r.rest,
    )


def _read_factor(table: dict[str, Any], prefix: str) -> Factor:
    r = _Reader(table, prefix)
    return Factor(text=r.get("text", _text, ""), id=r.get("id", _item_id, ""), extra=r.rest)


def _read_action(table: dict[str, Any], prefix: str) -> ActionItem:
    r = _Reader(table, prefix)
    return ActionItem(
        kind=r.get("kind", _choice, "prevent", allowed=ACTION_KINDS, blank_ok=False),
        text=r.get("text", _text, ""),
        owner=r.get("owner", _text, ""),
        due=r.get("due", _date, None),
        done=r.get("done", _bool, False),
        priority=r.get("priority", _choice, "", allowed=PRIORITIES, blank_ok=True),
        ticket=r.get("ticket", _text, ""),
        factors=r.get("factors", _factor_numbers, []),
        id=r.get("id", _item_id, ""),
        extra=r.rest,
    )


def _read_evidence(table: dict[str, Any], prefix: str) -> Evidence:
    r = _Reader(table, prefix)
    return Evidence(
        kind=r.get("kind", _choice, "other", allowed=EVIDENCE_KINDS, blank_ok=False),
        text=r.get("text", _text, ""),
        link=r.get("link", _text, ""),
        id=r.get("id", _item_id, ""),
        extra=r.rest,
    )


def _read_impact(value: Any, path: str) -> Impact:
    if not isinstance(value, dict):
        raise ValidationError(path, "expected a table ([impact])")
    r = _Reader(value, path)
    return Impact(
        duration_minutes=r.get("duration_minutes", _int, None),
        users_affected=r.get("users_affected", _int, None),
        users_affected_percent=r.get("users_affected_percent", _number, None),
        revenue_impact=r.get("revenue_impact", _text, ""),
        customer_tickets=r.get("customer_tickets", _int, None),
        user_facing=r.get("user_facing", _text, ""),
        reputation=r.get("reputation", _text, ""),
        extra=r.rest,
    )


_LIST_READERS: dict[str, Any] = {
    "participants": _read_participant,
    "timeline": _read_event,
    "five_whys": _read_why,
    "factors": _read_factor,
    "actions": _read_action,
    "evidence": _read_evidence,
}


#: The lists of items, each saved as `[[key]]` sections, in file order.
LIST_KEYS = tuple(_LIST_READERS)


def from_dict(data: dict[str, Any]) -> Postmortem:
    """Build a postmortem from parsed TOML, or raise `ValidationError` naming the field."""
    if "schema_version" not in data:
        raise ValidationError("schema_version", "missing required key")
    version = data["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError("schema_version", "expected a whole number")
    if version > SCHEMA_VERSION:
        raise SchemaTooNewError(version)
    if version < 1:
        raise ValidationError("schema_version", f"unknown schema version {version}")
    if "title" not in data:
        raise ValidationError("title", "missing required key")

    r = _Reader(data, "")
    r.rest.pop("schema_version")
    pm = Postmortem(
        title=r.get("title", _text, ""),
        date=r.get("date", _date, None),
        timezone=r.get("timezone", _zone_name, ""),
        status=r.get("status", _choice, "draft", allowed=STATUSES, blank_ok=False),
        severity=r.get("severity", _choice, "", allowed=SEVERITIES, blank_ok=True),
        format=r.get("format", _choice, "full", allowed=FORMATS, blank_ok=False),
        authors=r.get("authors", _text_list, []),
        tags=r.get("tags", _text_list, []),
        review_on=r.get("review_on", _date, None),
        summary=r.get("summary", _text, ""),
        root_cause=r.get("root_cause", _text, ""),
        what_went_well=r.get("what_went_well", _text_list, []),
        what_went_poorly=r.get("what_went_poorly", _text_list, []),
        where_we_got_lucky=r.get("where_we_got_lucky", _text_list, []),
        lessons_learned=r.get("lessons_learned", _text, ""),
        appendix=r.get("appendix", _text, ""),
        impact=r.get("impact", _read_impact, Impact()),
    )
    for key, read in _LIST_READERS.items():
        tables = r.get(key, _tables, [])
        setattr(pm, key, [read(t, f"{key}[{i}]") for i, t in enumerate(tables)])
    pm.extra = r.rest
    settle_ids(pm)
    pm.sort_timeline()
    return pm


# --- ids -----------------------------------------------------------------------------------


def settle_ids(pm: Postmortem) -> None:
    """Give every list item a valid id that no earlier item of its list has, in place.

    An item without one (a file written before ids, an item typed into the file by hand),
    with an invalid one, or with the id of an earlier item (a copied table) gets an id derived
    from its list, its content and how many equal items came before it: reading the same file
    twice, here or on another branch, gives the same ids. Such an id starts with `_`: a merge
    matches the item by content and place, as before ids (the same old item edited on two
    branches has two different derived ids, but is still one item).
    """
    for key in LIST_KEYS:
        items = getattr(pm, key)
        taken: set[str] = set()
        unsettled = []
        for item in items:
            if item.id not in taken and is_item_id(item.id):
                taken.add(item.id)
            else:
                unsettled.append(item)
        if unsettled:
            _derive_ids(key, unsettled, taken)


def _derive_ids(key: str, items: list[Any], taken: set[str]) -> None:
    import hashlib  # here: only a file without ids needs it (~2.5 ms at start)

    seen: dict[str, int] = {}
    for item in items:
        content = item_table(item)
        content.pop("id", None)
        text = f"{key}\0{content!r}"
        seen[text] = occurrence = seen.get(text, -1) + 1
        attempt = 0
        while True:
            seed = f"{text}\0{occurrence}\0{attempt}".encode("utf-8", "surrogatepass")
            candidate = DERIVED_ID_PREFIX + hashlib.sha256(seed).hexdigest()[:ITEM_ID_CHARS]
            if candidate not in taken:
                break
            attempt += 1
        taken.add(candidate)
        item.id = candidate


# --- writing -------------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False


def _compact(pairs: list[tuple[str, Any]], extra: dict[str, Any]) -> dict[str, Any]:
    """Keys in the given order, blanks left out, unknown keys after the known ones."""
    out = {key: value for key, value in pairs if not _is_blank(value)}
    out.update(extra)
    return out


def _field_pairs(obj: Any) -> list[tuple[str, Any]]:
    return [(name, getattr(obj, name)) for name in obj.__slots__ if name != "extra"]


def _item_dict(obj: Any) -> dict[str, Any]:
    pairs = _field_pairs(obj)
    if pairs[-1][0] == "id":  # a list item: its id goes first, so each table starts with it
        pairs.insert(0, pairs.pop())
    if isinstance(obj, ActionItem):
        # `done = false` is written out: an open item reads better with it than without.
        out = _compact(pairs, {})
        out.setdefault("done", obj.done)
        ordered = {name: out[name] for name, _ in pairs if name in out}
        ordered.update(obj.extra)
        return ordered
    return _compact(pairs, obj.extra)


def item_table(item: Any) -> dict[str, Any]:
    """One list item (or the impact) as the TOML table it is saved as: known keys in order,
    blanks left out, unknown keys after."""
    return _item_dict(item)


def to_dict(pm: Postmortem) -> dict[str, Any]:
    """The postmortem as a TOML-ready dict: stable key order, blanks omitted, extras kept.

    Every list item is written with its id, first: an item without a valid one, or with one
    an earlier item of its list has, is given one first (`settle_ids`, in place)."""
    settle_ids(pm)
    head: list[tuple[str, Any]] = [("schema_version", pm.schema_version), ("title", pm.title)]
    for name, value in _field_pairs(pm):
        if name in ("schema_version", "title", "impact") or name in _LIST_READERS:
            continue
        head.append((name, value))
    out = _compact(head, {})
    out["title"] = pm.title  # required even when empty
    out = {"schema_version": pm.schema_version, "title": pm.title, **out}
    # Unknown top-level scalars go before the tables so the TOML stays valid and readable.
    out.update(pm.extra)
    impact = _item_dict(pm.impact)
    if impact:
        out["impact"] = impact
    for key in _LIST_READERS:
        items = getattr(pm, key)
        if items:
            out[key] = [_item_dict(item) for item in items]
    return out


def new_postmortem(
    title: str,
    *,
    incident_date: date,
    quick: bool = False,
    severity: str = "",
    timezone: str = "",
) -> Postmortem:
    """A fresh draft, validated like a loaded one (`timezone`: an IANA name, or "")."""
    if severity and severity not in SEVERITIES:
        raise ValidationError("severity", f"unknown value {severity!r}")
    return Postmortem(
        title=normalise_newlines(title).replace("\n", " ").strip(),
        date=incident_date,
        timezone=_zone_name(timezone, "timezone"),
        severity=severity,
        format="quick" if quick else "full",
    )
