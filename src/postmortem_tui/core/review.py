"""The blameless review: rules that read a postmortem and return findings. Pure, no Textual.

Word lists, patterns, messages and default severities live in `data/review_rules_<lang>.toml`
(see `review_rules.py`); this module holds one small check per rule. Fields are named as in
the file, with 0-based item indexes: `timeline[3].event`, `actions[1].owner`, `summary`; a
finding's `where` names the same place as a person sees it ("Timeline, 09:48Z Queue disk…").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .model import (
    ActionItem,
    Evidence,
    Factor,
    Impact,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
    strip_control_chars,
    timeline_sort_key,
)
from .record import FrozenRecord, set_field
from .review_config import ReviewConfig, ReviewConfigError
from .review_rules import RuleBook, compile_rules
from .sections import SECTIONS, section_named

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from collections.abc import Set as AbstractSet
    from typing import Any

__all__ = [
    "Finding",
    "ReviewConfig",
    "ReviewConfigError",
    "pane_of",
    "review",
]

# Findings are grouped by the section (the editor's pane) that holds their field.
_FIELD_ORDER = {name: n for n, name in enumerate(f for s in SECTIONS for f in s.fields)}
_PANE_OF = {f: section.id for section in SECTIONS for f in section.fields}
_PANE_ORDER = {section.id: n for n, section in enumerate(SECTIONS)}
#: Keys inside an item, in the order the editor shows them (the classes' field order).
_ITEM_KEY_ORDER: dict[str, int] = {}
for _item in (TimelineEvent, WhyStep, ActionItem, Factor, Impact, Evidence, Participant):
    for _field in _item.__slots__:
        _ITEM_KEY_ORDER.setdefault(_field, len(_ITEM_KEY_ORDER))
_FIELD_PATH = re.compile(r"^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"'“(]?[A-Z0-9])")
_MAX_QUOTE = 60


def pane_of(field_path: str) -> str:
    """The id of the section (and pane) that holds `field_path` ("summary" for anything
    unknown)."""
    match = _FIELD_PATH.match(field_path)
    return _PANE_OF.get(match.group(1) if match else "", "summary")


class Finding(FrozenRecord):
    """One thing the review noticed, where it is, and what to do about it."""

    __slots__ = ("rule_id", "severity", "field", "span", "message", "suggestion", "place")  # noqa: RUF023 (field order)
    rule_id: str
    severity: str  # error | warning | hint
    field: str  # the path in the file: "timeline[3].event"
    span: tuple[int, int] | None
    message: str
    suggestion: str
    place: str  # the field as its pane shows it: "09:48Z Queue disk usage alert…" ("": the pane)

    def __init__(
        self,
        rule_id: str,
        severity: str,
        field: str,
        span: tuple[int, int] | None,
        message: str,
        suggestion: str,
        place: str = "",
    ) -> None:
        set_field(self, "rule_id", rule_id)
        set_field(self, "severity", severity)
        set_field(self, "field", field)
        set_field(self, "span", span)
        set_field(self, "message", message)
        set_field(self, "suggestion", suggestion)
        set_field(self, "place", place)

    @property
    def pane(self) -> str:
        return pane_of(self.field)

    @property
    def where(self) -> str:
        """The pane's title, then the place in it: "Timeline, 09:48Z Queue disk usage alert…",
        "Summary, Review on", "Action items, Alert at 70% queue disk… (owner)"."""
        title = section_named(self.pane).title
        return f"{title}, {self.place}" if self.place else title

    def as_json(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "field": self.field,
            "where": self.where,
            "pane": self.pane,
            "span": list(self.span) if self.span else None,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def _sort_key(finding: Finding) -> tuple[int, int, int, int, int, str]:
    match = _FIELD_PATH.match(finding.field)
    top, index, sub = match.groups() if match else (finding.field, None, None)
    return (
        _PANE_ORDER[finding.pane],
        _FIELD_ORDER.get(top, len(_FIELD_ORDER)),
        int(index) if index is not None else -1,
        _ITEM_KEY_ORDER.get(sub, len(_ITEM_KEY_ORDER)) if sub else -1,
        finding.span[0] if finding.span else -1,
        finding.rule_id,
    )


def _quote(text: str) -> str:
    text = " ".join(strip_control_chars(text).split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


class _Review:
    """One run: the rule book, the config, and the findings collected so far."""

    def __init__(self, pm: Postmortem, today: date, config: ReviewConfig) -> None:
        self.pm = pm
        self.today = today
        self.config = config
        self.book: RuleBook = compile_rules(
            config.language, config.blame_phrases, config.vague_phrases
        )
        settings = self.book.settings
        self.min_days = config.review_min_days
        self.max_days = config.review_max_days
        if self.min_days is None:
            self.min_days = settings.review_min_days
        if self.max_days is None:
            self.max_days = settings.review_max_days
        self.findings: list[Finding] = []

    def enabled(self, rule_id: str) -> bool:
        spec = self.book.rules.get(rule_id)
        return (
            spec is not None
            and rule_id not in self.config.disabled
            and spec.applies_to(self.pm.format)
        )

    def add(
        self, rule_id: str, field: str, span: tuple[int, int] | None = None, **values: Any
    ) -> None:
        if not self.enabled(rule_id):
            return
        from .review_places import place_in_pane  # here: a clean postmortem never needs it

        spec = self.book.rules[rule_id]
        values.setdefault("min_days", self.min_days)
        values.setdefault("max_days", self.max_days)
        pane_title = section_named(pane_of(field)).title
        self.findings.append(
            Finding(
                rule_id=rule_id,
                severity=self.config.severities.get(rule_id, spec.severity),
                field=field,
                span=span,
                message=spec.message.format_map(values),
                suggestion=spec.suggestion.format_map(values),
                place=place_in_pane(self.pm, field, self.book.labels, pane_title),
            )
        )


# --- blame -----------------------------------------------------------------------------------


def _known_names(pm: Postmortem, config: ReviewConfig, role_words: frozenset[str]) -> set[str]:
    """Casefolded names and name parts of the people this postmortem mentions."""
    people = [p.name for p in pm.participants] + pm.authors + list(config.names)
    people += [a.owner for a in pm.actions]
    known: set[str] = set()
    for person in people:
        person = person.strip().lstrip("@")
        if not person:
            continue
        known.add(person.casefold())
        for part in person.split():
            part = part.strip(".,").casefold()
            if len(part) > 1 and part not in role_words:
                known.add(part)
    return known


def _looks_like_a_name(word: str, book: RuleBook) -> bool:
    """Title case ("Sam", not "CI" or "deploy"), and not a word that opens sentences."""
    return word[:1].isupper() and any(c.islower() for c in word[1:]) and word not in book.not_names


def _blames_person(match: re.Match[str], known: AbstractSet[str], book: RuleBook) -> bool:
    if match.group("group") or match.group("handle"):
        return True
    word = match.group("name").split()[0]
    if word.casefold() in known:
        return True
    if match.group("failure"):
        return False  # "Kafka missed heartbeats": only known people fail this way
    return _looks_like_a_name(word, book)


def _blame_in(
    text: str, known: AbstractSet[str], book: RuleBook, *, gated: bool = True
) -> Iterator[tuple[str, re.Match[str]]]:
    """(rule id, match) for blame in one piece of text."""
    text = text.replace("’", "'")  # one apostrophe for the patterns; offsets are unchanged
    if gated and book.blame_gate.search(text.lower()) is None:
        return
    person_spans: list[tuple[int, int]] = []
    position = 0
    while (match := book.person.search(text, position)) is not None:
        if _blames_person(match, known, book):
            person_spans.append(match.span())
            yield "blame-person", match
            position = match.end()
        else:
            position = match.start() + 1
    for match in book.phrases.finditer(text):
        start, end = match.span()
        if not any(s < end and start < e for s, e in person_spans):
            yield "blame-phrase", match


def _free_text(pm: Postmortem) -> Iterator[tuple[str, str]]:
    """Every field a writer types prose into, with its path."""
    yield "title", pm.title
    yield "summary", pm.summary
    for i, event in enumerate(pm.timeline):
        yield f"timeline[{i}].event", event.event
    yield "root_cause", pm.root_cause
    for i, why in enumerate(pm.five_whys):
        yield f"five_whys[{i}].question", why.question
        yield f"five_whys[{i}].answer", why.answer
    for i, factor in enumerate(pm.factors):
        yield f"factors[{i}].text", factor.text
    yield "impact.user_facing", pm.impact.user_facing
    yield "impact.reputation", pm.impact.reputation
    yield "impact.revenue_impact", pm.impact.revenue_impact
    for i, action in enumerate(pm.actions):
        yield f"actions[{i}].text", action.text
    for key in ("what_went_well", "what_went_poorly", "where_we_got_lucky"):
        for i, item in enumerate(getattr(pm, key)):
            yield f"{key}[{i}]", item
    yield "lessons_learned", pm.lessons_learned
    yield "appendix", pm.appendix
    for i, evidence in enumerate(pm.evidence):
        yield f"evidence[{i}].text", evidence.text


#: The rules blame can raise: the word lists' two, and the sentence reading's kinds.
BLAME_RULES = (
    "blame-person",
    "blame-phrase",
    "blame-hindsight",
    "blame-judgement",
    "blame-sarcasm",
)
_PERSON_WHY = "makes a person the one who failed"
_PERSON_HINT = (
    "Describe what the system or process allowed, e.g. “the deploy process let an untested "
    "config reach production” or “the check did not catch …”."
)
_BLAME_WORD = re.compile(r"(?i)blam|fault")
#: Texts whose blame is remembered (the coach reviews every field after each pause).
_MEMO_SIZE = 20_000
#: A person's miss a following reason can explain ("did not escalate because the runbook …").
_WEAK_MISS = re.compile(r"(?i)\b(?:did not|didn't|didnt|never|failed to)\b")


def blame_hits(
    text: str, known: AbstractSet[str], book: RuleBook, *, title: bool = False
) -> list[tuple[str, tuple[int, int], str, str]]:
    """(rule id, span, why, hint) for the blame in one text: the word lists' findings, less
    those in a sentence that rejects blame or a miss a system explains, then the sentence
    reading's (`review_sentences.py`) where they add words not found yet. In a title the
    words "blame" and "fault" are a topic, not blame."""
    reading = book.reading
    key = (text, known if isinstance(known, frozenset) else frozenset(known), title)
    if reading is not None and (kept := reading.memo.get(key)) is not None:
        return list(kept)
    hits: list[tuple[str, tuple[int, int], str, str]] = []
    for rule_id, match in _blame_in(text, known, book):
        if reading is not None:
            if reading.rejected(text, match.start()):
                continue
            weak = rule_id == "blame-person" and (
                match.group("failure") or _WEAK_MISS.search(match.group())
            )
            if weak and reading.explained(text, match.span(), known):
                continue
        if rule_id == "blame-phrase":
            assert match.lastgroup is not None
            hits.append((rule_id, match.span(), "", book.phrase_hints[int(match.lastgroup[1:])]))
        else:
            hits.append((rule_id, match.span(), _PERSON_WHY, _PERSON_HINT))
    if reading is not None:
        for hit in reading.blame(text.replace("’", "'"), known):
            (start, end) = hit[1]
            if not any(s < end and start < e for _, (s, e), _, _ in hits):
                hits.append(hit)
    if title:
        hits = [h for h in hits if not _BLAME_WORD.search(text, *h[1])]
    hits.sort(key=lambda hit: hit[1])
    if reading is not None:
        if len(reading.memo) >= _MEMO_SIZE:
            reading.memo.clear()
        reading.memo[key] = tuple(hits)
    return hits


def check_blame(r: _Review) -> None:
    if not any(r.enabled(rule_id) for rule_id in BLAME_RULES):
        return
    known = frozenset(_known_names(r.pm, r.config, r.book.role_words))
    for field, text in _free_text(r.pm):
        if not text:
            continue
        for rule_id, span, why, hint in blame_hits(text, known, r.book, title=field == "title"):
            r.add(rule_id, field, span, match=_quote(text[slice(*span)]), why=why, hint=hint)


# --- action items ----------------------------------------------------------------------------


_VAGUE_WHY = "is not something anyone can finish"
_VAGUE_HINT = (
    "Name the change and how to tell it is done, e.g. “Add a pre-deploy checklist to the PR "
    "template” or “Alert at 70% disk usage”."
)


def vague_reason(text: str, book: RuleBook) -> tuple[tuple[int, int], str, str] | None:
    """Where an action item's text is vague, why and how to rewrite it; None when it names
    something finishable."""
    text = text.replace("’", "'")
    reading = book.reading
    match = book.vague_always.search(text)
    if match:
        why = reading.messages["strong_why"] if reading is not None else _VAGUE_WHY
        return match.span(), why or _VAGUE_WHY, _VAGUE_HINT
    if reading is not None:
        return reading.vague(text)
    if book.deliverable.search(text):
        return None
    match = book.vague_opener.search(text) or book.vague_generic.search(text)
    return (match.span(), _VAGUE_WHY, _VAGUE_HINT) if match else None


def vague_span(text: str, book: RuleBook) -> tuple[int, int] | None:
    """Where an action item's text is vague, or None when it names something finishable."""
    reason = vague_reason(text, book)
    return reason[0] if reason else None


def is_too_short(text: str, book: RuleBook) -> bool:
    words = len(text.split())
    settings = book.settings
    return words < settings.action_min_words or len(text.strip()) < settings.action_min_chars


def check_actions(r: _Review) -> None:
    for i, action in enumerate(r.pm.actions):
        field = f"actions[{i}]"
        short = is_too_short(action.text, r.book)
        reason = vague_reason(action.text, r.book) if action.text.strip() and not short else None
        if reason is not None and r.enabled("vague-action"):
            span, why, hint = reason
            quoted = _quote(action.text[slice(*span)])
            r.add("vague-action", f"{field}.text", span, match=quoted, why=why, hint=hint)
        elif short:
            r.add("action-too-short", f"{field}.text")
        if action.done:
            continue
        if not action.owner.strip():
            r.add("action-no-owner", f"{field}.owner")
        if action.due is None:
            r.add("action-no-due", f"{field}.due")
        elif action.due < r.today:
            r.add("action-overdue", f"{field}.due", due=action.due.isoformat())


def check_follow_through(r: _Review) -> None:
    pm = r.pm
    if not any(a.kind == "prevent" for a in pm.actions):
        r.add("no-prevent-action", "actions")
    if pm.review_on is None:
        r.add("no-review-date", "review_on")
    elif pm.date is not None:
        days = (pm.review_on - pm.date).days
        assert r.min_days is not None and r.max_days is not None
        if not r.min_days <= days <= r.max_days:
            r.add("review-date-out-of-range", "review_on", days=days)
    if pm.status == "final":
        unowned = [a for a in pm.actions if not a.done and not a.owner.strip()]
        if unowned:
            r.add("final-unowned-actions", "status", count=len(unowned))


# --- completeness ----------------------------------------------------------------------------


def count_sentences(text: str) -> int:
    text = text.strip()
    if not text:
        return 0
    return len(_SENTENCE_END.findall(text)) + 1


def check_completeness(r: _Review) -> None:
    pm, settings = r.pm, r.book.settings
    if not pm.summary.strip():
        r.add("empty-summary", "summary")
    else:
        sentences = count_sentences(pm.summary)
        too_long = len(pm.summary) > settings.summary_max_chars
        if sentences > settings.summary_max_sentences or too_long:
            r.add("summary-too-long", "summary", sentences=sentences)
    if not pm.root_cause.strip():
        r.add("empty-root-cause", "root_cause")
    if pm.impact.is_empty():
        r.add("empty-impact", "impact")
    if r.config.required_sections:
        from .team_sections import section_text  # here: only a workspace with a template

        for spec in r.config.required_sections:
            if pm.format in spec.formats and not section_text(pm, spec.id).strip():
                prompt = spec.prompt or "fill it in, or say why it does not apply."
                r.add("empty-team-section", f"sections.{spec.id}", title=spec.title, prompt=prompt)
    if not pm.timeline:
        r.add("no-timeline", "timeline")
    else:
        marked = {event.milestone for event in pm.timeline}
        for milestone in settings.required_milestones:
            if milestone not in marked:
                phrase = settings.milestone_phrases.get(milestone, milestone)
                r.add("missing-milestone", "timeline", milestone=milestone, milestone_phrase=phrase)


def check_event_days(r: _Review) -> None:
    """An event long before the first `started` one is most often a time after midnight that
    went on the wrong day."""
    if not r.enabled("event-long-before-start"):
        return
    zone = r.pm.timeline_zone()
    starts = [
        timeline_sort_key(e.at, zone)[1]
        for e in r.pm.timeline
        if e.milestone == "started" and e.at is not None
    ]
    if not starts:
        return
    limit = timedelta(hours=r.book.settings.event_before_start_hours)
    started = min(starts)
    for i, event in enumerate(r.pm.timeline):
        if event.at is None:
            continue
        before = started - timeline_sort_key(event.at, zone)[1]
        if before > limit:
            from .timeline import format_duration  # here: `lint` of most files never needs it

            r.add("event-long-before-start", f"timeline[{i}].at", before=format_duration(before))


def check_factors(r: _Review) -> None:
    """Only when some action links factors: older files without links stay quiet."""
    linked = {number for action in r.pm.actions for number in action.factors}
    if not linked:
        return
    for number in range(1, len(r.pm.factors) + 1):
        if number not in linked:
            r.add("factor-unaddressed", f"factors[{number - 1}].text", number=number)


def _conflict_value(value: Any, whole_item: bool) -> str:
    """One side's value as a finding quotes it."""
    if value is None:
        return "deleted it" if whole_item else "no value"
    if isinstance(value, dict):
        words = next((value[k] for k in _NAMING_KEYS if isinstance(value.get(k), str)), "")
        return f"“{_quote(words)}”" if words else "an edited item"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"“{_quote(str(value))}”"


#: The keys whose text names a whole item in a conflict's message.
_NAMING_KEYS = ("event", "text", "question", "name", "answer")


def check_conflicts(r: _Review) -> None:
    """Conflicts a merge kept in the file (`[[conflicts]]`, core/conflicts.py)."""
    if "conflicts" not in r.pm.extra:  # the common case costs one lookup
        return
    from .conflicts import bad_conflict_entries, conflicts_in

    for conflict in conflicts_in(r.pm):
        whole = conflict.field.endswith("]") and "." not in conflict.field
        r.add(
            "merge-conflict",
            conflict.field,
            path=conflict.field,
            ours=_conflict_value(conflict.ours, whole),
            theirs=_conflict_value(conflict.theirs, whole),
        )
    for bad in bad_conflict_entries(r.pm):
        r.add("bad-conflict-entry", f"conflicts[{bad.index}]", reason=bad.reason)


CHECKS: tuple[Callable[[_Review], None], ...] = (
    check_conflicts,
    check_blame,
    check_actions,
    check_follow_through,
    check_completeness,
    check_event_days,
    check_factors,
)


def review(pm: Postmortem, *, today: date, config: ReviewConfig | None = None) -> list[Finding]:
    """Every finding for `pm`, in pane order, then field order, then position in the text."""
    run = _Review(pm, today, config or ReviewConfig())
    for check in CHECKS:
        check(run)
    return sorted(run.findings, key=_sort_key)
