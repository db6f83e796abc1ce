"""The blameless review's word lists, read from `data/review_rules_<language>.toml` and compiled.

Every pattern is compiled once per language (and per set of phrases a workspace adds), so
reviewing a postmortem costs a handful of regex scans per field. Pure: no Textual.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .record import FrozenRecord, set_field
from .regex_forms import compile_pattern
from .review_sentences import Reading, gate_pattern, reading

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from typing import Any

SEVERITY_LEVELS = ("error", "warning", "hint")

_DEFAULT_PHRASE_HINT = (
    "Describe what the system or process allowed, e.g. “the process allowed …” or "
    "“the check did not catch …”."
)


class RulesDataError(ValueError):
    """A language's rules file is missing or malformed (a packaging bug, or an unknown language)."""


class RuleSpec(FrozenRecord):
    """One rule's id, default severity, message and suggestion templates."""

    __slots__ = ("id", "severity", "message", "suggestion", "formats")  # noqa: RUF023 (field order)
    id: str
    severity: str
    message: str
    suggestion: str
    formats: tuple[str, ...]

    def __init__(
        self, id: str, severity: str, message: str, suggestion: str, formats: tuple[str, ...] = ()
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "severity", severity)
        set_field(self, "message", message)
        set_field(self, "suggestion", suggestion)
        set_field(self, "formats", formats)

    def applies_to(self, postmortem_format: str) -> bool:
        return not self.formats or postmortem_format in self.formats


class ReviewSettings(FrozenRecord):
    """The limits the review checks against: review date window, summary and action length."""

    __slots__ = (  # noqa: RUF023 (field order)
        "review_min_days",
        "review_max_days",
        "summary_max_sentences",
        "summary_max_chars",
        "action_min_words",
        "action_min_chars",
        "required_milestones",
        "milestone_phrases",
        "event_before_start_hours",
    )
    review_min_days: int
    review_max_days: int
    summary_max_sentences: int
    summary_max_chars: int
    action_min_words: int
    action_min_chars: int
    required_milestones: tuple[str, ...]
    milestone_phrases: dict[str, str]
    event_before_start_hours: float

    def __init__(
        self,
        review_min_days: int,
        review_max_days: int,
        summary_max_sentences: int,
        summary_max_chars: int,
        action_min_words: int,
        action_min_chars: int,
        required_milestones: tuple[str, ...],
        milestone_phrases: dict[str, str],
        event_before_start_hours: float = 12,
    ) -> None:
        set_field(self, "review_min_days", review_min_days)
        set_field(self, "review_max_days", review_max_days)
        set_field(self, "summary_max_sentences", summary_max_sentences)
        set_field(self, "summary_max_chars", summary_max_chars)
        set_field(self, "action_min_words", action_min_words)
        set_field(self, "action_min_chars", action_min_chars)
        set_field(self, "required_milestones", required_milestones)
        set_field(self, "milestone_phrases", milestone_phrases)
        set_field(self, "event_before_start_hours", event_before_start_hours)


#: The patterns a rule book holds, each compiled when a review first uses it.
PATTERN_NAMES = (
    "person",
    "phrases",
    "blame_gate",
    "vague_always",
    "vague_opener",
    "vague_generic",
    "deliverable",
)


class RuleBook:
    """A language's rules, with its patterns compiled on first use.

    Compiling every pattern costs ~8 ms, more than a `postmortem lint` of one file spends on
    the rest of its review, and most texts need only some of them (a text without a gate
    word is never scanned for blame; an action naming a deliverable skips the vague openers).
    Read-only once built; compiling the same pattern twice from two threads is harmless.
    """

    __slots__ = (  # noqa: RUF023 (field order)
        "language",
        "rules",
        "settings",
        "phrase_hints",
        "role_words",
        "not_names",
        "sources",
        "labels",
        "reading",
        "_compiled",
    )

    def __init__(
        self,
        language: str,
        rules: dict[str, RuleSpec],
        settings: ReviewSettings,
        phrase_hints: tuple[str, ...],
        role_words: frozenset[str],
        not_names: frozenset[str],
        sources: dict[str, str],
        labels: dict[str, str] | None = None,
        reading: Reading | None = None,
    ) -> None:
        self.language = language
        self.rules = rules
        self.settings = settings
        #: One hint per blame phrase: the suggestion of a match in group `p<N>` of `phrases`.
        self.phrase_hints = phrase_hints
        self.role_words = role_words
        self.not_names = not_names
        #: Each pattern's source, by name (see PATTERN_NAMES).
        self.sources = sources
        #: How the editor names each field, by field name ("review_on": "Review on"); an
        #: item's key as "<list>.<key>" ("actions.owner": "owner"). See `[labels]`.
        self.labels = labels or {}
        #: The sentence-level reading (`review_sentences.py`), or None for a rules file
        #: without a `[reading]` table.
        self.reading = reading
        self._compiled: dict[str, re.Pattern[str]] = {}

    def pattern(self, name: str) -> re.Pattern[str]:
        """The pattern `name` (one of PATTERN_NAMES), compiled on the first call."""
        compiled = self._compiled.get(name)
        if compiled is None:
            try:
                compiled = self._compiled[name] = compile_pattern(self.sources[name])
            except re.error as error:
                raise RulesDataError(
                    f"review rules for {self.language!r} are malformed: {error}"
                ) from None
        return compiled

    def all_sources(self) -> list[str]:
        """Every pattern this book may compile, the sentence reading's too (to keep their
        compiled forms: see `regex_forms`)."""
        sources = list(self.sources.values())
        if self.reading is not None:
            sources += self.reading.all_sources()
        return sources

    @property
    def compiled_patterns(self) -> frozenset[str]:
        """The names of the patterns compiled so far."""
        return frozenset(self._compiled)

    @property
    def person(self) -> re.Pattern[str]:
        """Subject followed by a failure predicate; groups say which kind of each."""
        return self.pattern("person")

    @property
    def phrases(self) -> re.Pattern[str]:
        """Blame phrases, one named group `p<N>` per entry of `phrase_hints`."""
        return self.pattern("phrases")

    @property
    def blame_gate(self) -> re.Pattern[str]:
        """Lowercase text without any of these cannot contain blame; it skips both scans."""
        return self.pattern("blame_gate")

    @property
    def vague_always(self) -> re.Pattern[str]:
        return self.pattern("vague_always")

    @property
    def vague_opener(self) -> re.Pattern[str]:
        return self.pattern("vague_opener")

    @property
    def vague_generic(self) -> re.Pattern[str]:
        return self.pattern("vague_generic")

    @property
    def deliverable(self) -> re.Pattern[str]:
        return self.pattern("deliverable")


def _data_folder() -> Traversable:
    folder = Path(__file__).parent.parent / "data"
    if folder.is_dir():  # an ordinary install: no need to import importlib.resources (~5 ms)
        return folder
    from importlib import resources

    return resources.files("postmortem_tui.data")


def available_languages() -> list[str]:
    folder = _data_folder()
    names = (p.name for p in folder.iterdir())
    return sorted(n[len("review_rules_") : -5] for n in names if n.startswith("review_rules_"))


#: The shape of the rules data this code reads: a copy parsed by an older one (before the
#: sentence reading's `[reading]` tables, format 1) is not used.
RULES_FORMAT = 2

#: Rules data the caller read already (storage keeps a parsed copy beside the index), by
#: language: `raw_rules` takes it instead of parsing the rules file again.
_GIVEN_RAW: dict[str, dict[str, Any]] = {}


def rules_file_stamp(language: str) -> str | None:
    """Size and modification time of `language`'s rules file, or None when it has none
    that can be stat'ed (an install in a zip): a parsed copy with this stamp is current."""
    try:
        stat = Path(str(_data_folder().joinpath(f"review_rules_{language}.toml"))).stat()
    except (OSError, ValueError):
        return None
    return f"{RULES_FORMAT}:{language}:{stat.st_size}:{stat.st_mtime_ns}"


def use_raw_rules(language: str, raw: dict[str, Any]) -> None:
    """Review `language` with `raw`, the rules file's data as parsed before (a cache)."""
    _GIVEN_RAW[language] = raw


def raw_rules(language: str) -> dict[str, Any]:
    """The rules file's data for `language`: given by `use_raw_rules`, else parsed."""
    given = _GIVEN_RAW.get(language)
    return given if given is not None else _raw_rules(language)


def _raw_rules(language: str) -> dict[str, Any]:
    if not re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?", language):
        raise RulesDataError(f"unknown review language {language!r}")
    import tomllib  # here: `list` imports this module but reads no rules (~3 ms at start)

    resource = _data_folder().joinpath(f"review_rules_{language}.toml")
    try:
        return tomllib.loads(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(available_languages())
        raise RulesDataError(f"unknown review language {language!r} (available: {known})") from None


def rule_ids(language: str = "en") -> tuple[str, ...]:
    return tuple(compile_rules(language).rules)


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _literal(phrase: str) -> str:
    """A phrase a user typed, matched as words with any run of spaces between them."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _person_pattern(blame: dict[str, Any]) -> str:
    groups = _alternation(blame["group_subjects"])
    fillers = _alternation(blame["filler_words"])
    human = _alternation(blame["human_predicates"])
    failure = _alternation(blame["failure_predicates"])
    possessive = blame["possessive_nouns"]
    subject = (
        rf"(?P<group>(?i:{groups}))(?!\w)"
        r"|(?P<handle>@[\w.-]*\w)"
        r"|(?P<name>[^\W\d_][\w-]*+(?:\s+[A-Z]\.)?+)"
    )
    predicate = (
        rf"(?i:(?:\s+(?:{fillers}))*\s+(?:(?P<human>{human})|(?P<failure>{failure})))"
        rf"|'s\s+(?P<possessive>(?i:{possessive}))"
    )
    return rf"(?<![\w@.'-])(?:{subject})(?:{predicate})(?!\w)"


def compile_rules(
    language: str = "en",
    extra_blame_phrases: tuple[str, ...] = (),
    extra_vague_phrases: tuple[str, ...] = (),
) -> RuleBook:
    """The rule book for `language`, with a workspace's extra phrases (literal text) added.

    One book per language and phrases, however the arguments are passed: checking a
    workspace's settings and then reviewing with them read the rules file once.
    """
    return _rule_book(language, tuple(extra_blame_phrases), tuple(extra_vague_phrases))


@lru_cache(maxsize=32)
def _rule_book(
    language: str, extra_blame_phrases: tuple[str, ...], extra_vague_phrases: tuple[str, ...]
) -> RuleBook:
    raw = raw_rules(language)
    try:
        rules = {
            rule_id: RuleSpec(
                id=rule_id,
                severity=spec["severity"],
                message=spec["message"],
                suggestion=spec["suggestion"],
                formats=tuple(spec.get("formats", ())),
            )
            for rule_id, spec in raw["rules"].items()
        }
        s = raw["settings"]
        settings = ReviewSettings(
            review_min_days=s["review_min_days"],
            review_max_days=s["review_max_days"],
            summary_max_sentences=s["summary_max_sentences"],
            summary_max_chars=s["summary_max_chars"],
            action_min_words=s["action_min_words"],
            action_min_chars=s["action_min_chars"],
            required_milestones=tuple(s["required_milestones"]),
            milestone_phrases=dict(s["milestone_phrases"]),
            event_before_start_hours=s.get("event_before_start_hours", 12),
        )
        blame, vague = raw["blame"], raw["vague"]
        phrase_entries = [(p["pattern"], p["hint"]) for p in blame["phrases"]]
        phrase_entries += [(_literal(p), _DEFAULT_PHRASE_HINT) for p in extra_blame_phrases]
        phrases = "|".join(f"(?P<p{i}>{pattern})" for i, (pattern, _) in enumerate(phrase_entries))
        gate = list(blame["gate"]) + [p.split()[0].casefold() + "*" for p in extra_blame_phrases]
        # A trie of whole words and stems (see `gate_pattern`): "broke" is not in "broker".
        gate_alternation = gate_pattern(sorted(set(gate)))
        always = vague["always"] + [_literal(p) for p in extra_vague_phrases]
        opener_prefix = r"(?:(?:we|the team) (?:should|need to|must|will) |let'?s |need to |to )?"
        generic = rf"(?:{vague['qualifiers']})\s+(?:{_alternation(vague['generic_nouns'])})"
        not_names = frozenset(blame["not_names"])
        return RuleBook(
            language=raw.get("language", language),
            rules=rules,
            settings=settings,
            phrase_hints=tuple(hint for _, hint in phrase_entries),
            role_words=frozenset(w.casefold() for w in blame["role_words"]),
            not_names=not_names,
            sources={
                "person": _person_pattern(blame),
                "phrases": rf"(?i)(?<!\w)(?:{phrases})(?!\w)",
                "blame_gate": gate_alternation,
                "vague_always": rf"(?i)(?<!\w)(?:{_alternation(always)})(?!\w)",
                "vague_opener": (
                    rf"(?i)^\W*{opener_prefix}(?:{_alternation(vague['openers'])})(?!\w)"
                ),
                "vague_generic": rf"(?i)(?<!\w){generic}(?!\w)",
                "deliverable": rf"(?i){_alternation(vague['deliverables'])}",
            },
            labels={str(key): str(label) for key, label in raw.get("labels", {}).items()},
            reading=reading(raw, not_names),
        )
    except (KeyError, TypeError, re.error) as error:
        raise RulesDataError(f"review rules for {language!r} are malformed: {error}") from None
