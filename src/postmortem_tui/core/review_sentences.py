"""The blameless review's sentence-level reading. Pure, no Textual.

The word lists of `review_rules.py` catch blame words; this reads each sentence: who its
subject is (a person or a system), whether it is a counterfactual aimed at a person, a
judgement, slang or sarcasm, whether it rejects blame ("Nobody was careless here; ..."), and
whether a person's miss is explained by a system ("... because the phone's focus mode had been
reset"). For action items it looks for a deliverable: a number, a path, a ticket, a code name,
a verifiable end state, or a verb that changes a named thing.

Everything it knows is in the rules file's `[reading]` and `[vague_reading]` tables: each entry
carries the words that trigger it, why they put a person where a process belongs, and a
rewrite. Patterns are compiled on first use, and only for sentences holding one of an entry's
gate words, so ordinary timeline facts cost a few substring tests.
"""

from __future__ import annotations

import re

from .regex_forms import compile_pattern, derived_source, keep_derived_source

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from collections.abc import Set as AbstractSet
    from typing import Any

#: Patterns of the reading itself, compiled on first use like the rules' (see `Reading._re`).
_FIXED = {
    # A sentence: up to a stop followed by a space or the end ("Jordan K. missed": an initial).
    "sentence": r"(?:[^.!?]|(?<=\b[A-Z])\.|[.!?]+(?!\s|$))+(?:[.!?]+|$)|[.!?]+",
    "word": r"[^\W\d_][\w'-]*",
    "kebab": r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])",
    "clause": r":\s+|;\s+|,\s+(?:and\s+|then\s+)?|\s+(?:and|then|by|so)\s+",
    "owner": (
        r"^\W*(?:@[\w.-]+|[A-Z][\w-]*(?: [A-Z]\.)?|(?:the )?[\w-]+ team)"
        r"(?: and [A-Z][\w-]*)? to\s+"
    ),
}
_NEVER = "(?!)"

#: A reading's hit: rule id, span in the text, why and how to rewrite.
Hit = tuple[str, tuple[int, int], str, str]


class _Entry:
    """One `[[reading.blame]]` entry, its pattern compiled on first use."""

    __slots__ = (  # noqa: RUF023 (field order)
        "rule",
        "gate",
        "gate_also",
        "subject",
        "explained",
        "person",
        "why",
        "hint",
        "_source",
        "_also",
        "_re",
    )

    def __init__(self, raw: dict[str, Any], who: str, duty: str, fillers: str) -> None:
        self.rule: str = raw["rule"]
        self.gate: frozenset[str] = frozenset(raw.get("gate", ()))
        #: Gate words of which one must be present too (both lists must have a word found).
        self.gate_also: frozenset[str] = frozenset(raw.get("gate_also", ()))
        self.subject: str = raw.get("subject", "")
        self.explained: bool = bool(raw.get("explained", False))
        #: The sentence must mention a person somewhere (a judgement word alone may be about
        #: a plan or a system: "a rushed migration").
        self.person: bool = bool(raw.get("person", False))
        self.why: str = raw["why"]
        self.hint: str = raw["hint"]
        source = raw["pattern"].replace("{who}", who)
        self._source = "(?i)" + source.replace("{duty}", duty).replace("{fillers}", fillers)
        self._also: str | re.Pattern[str] | None = raw.get("also")
        self._re: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._re is None:
            self._re = compile_pattern(self._source)
        return self._re

    def also(self, sentence: str) -> bool:
        if self._also is None:
            return True
        if isinstance(self._also, str):
            self._also = compile_pattern(self._also)
        return self._also.search(sentence) is not None


def gate_pattern(words: Iterable[str]) -> str:
    words = sorted(words)
    key = "gate\0" + "\0".join(words)
    source = derived_source(key)
    if source is None:
        source = _gate_pattern(words)
        keep_derived_source(key, source)
    return source


def _gate_pattern(words: list[str]) -> str:
    """A pattern finding any of the gate `words` in lowercase text, as a trie (one test per
    letter, not one per word). A word is matched whole ("broke" is not in "broker"); one
    ending in "*" is a stem ("negligen*" is in "negligence"). Wrapped in a lookahead, so
    `findall` reports the longest gate word at every position."""
    roots: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    for word in words:
        stem = word.endswith("*")
        text = word[:-1] if stem else word
        if not text:
            continue
        node = roots[0 if (text[0].isalnum() or text[0] == "_") else 1]
        for char in text:
            node = node.setdefault(char, {})
        node["*" if stem else ""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + emit(node[c]) for c in sorted(node) if c not in ("", "*")]
        if "*" in node:
            branches.append("")
        elif "" in node:
            branches.append(r"(?!\w)")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    parts = []
    if roots[0]:
        parts.append(r"(?<!\w)" + emit(roots[0]))
    if roots[1]:
        parts.append(emit(roots[1]))
    return "(?=(" + "|".join(parts) + "))" if parts else _NEVER


def gate_words_in(found: str, words: AbstractSet[str]) -> list[str]:
    """The gate `words` a match `found` of `gate_pattern(words)` stands for: itself, and the
    shorter words it starts with that also match there ("forgot": "forgot", "forg*")."""
    present = [found] if found in words else []
    for end in range(1, len(found) + 1):
        head = found[:end]
        if head + "*" in words:
            present.append(head + "*")
        elif end < len(found) and head in words and not (found[end].isalnum() or found[end] == "_"):
            present.append(head)
    return present


def _any(patterns: Any, flags: str = "(?i)") -> str:
    """One pattern matching any of `patterns` (one that never matches when there are none)."""
    return flags + "|".join(f"(?:{p})" for p in patterns) if patterns else _NEVER


def _generic(vague: dict[str, Any] | None) -> list[str]:
    """ "More monitoring", "better tests": the word lists' qualifiers before a generic noun."""
    if not vague or "qualifiers" not in vague or "generic_nouns" not in vague:
        return []
    nouns = "|".join(vague["generic_nouns"])
    return [rf"\b(?:{vague['qualifiers']})\s+(?:[\w-]+\s+)?(?:{nouns})\b"]


def _who(raw: dict[str, Any]) -> str:
    """A subject, in named groups that say what kind it is (checked by `Reading.person`)."""
    bare = "|".join(r[:1].upper() + r[1:] for r in raw["bare_roles"].split("|"))
    return (
        r"(?<![\w@.'-])(?:"
        r"(?P<handle>@[\w.-]*\w)"
        rf"|(?P<role>(?:the|our|their|a|an|one|that|this|your) (?:{raw['roles']}))(?![\w-])"
        rf"|(?P<team>(?:the|our|their) {raw['teams']}|[A-Z][\w-]*'s (?:team|folks|squad))(?!\w)"
        rf"|(?P<pronoun>(?:{raw['pronouns']}))(?![\w'-])"
        rf"|(?P<bare>(?-i:{bare}))(?![\w'-])"
        r"|(?P<name>[^\W\d_][\w-]*+(?: (?-i:[A-Z])\.)?+)"
        r")"
    )


class Reading:
    """A language's sentence reading: blame by sentence, and the deliverable of an action."""

    def __init__(
        self,
        raw: dict[str, Any],
        vague: dict[str, Any],
        not_names: frozenset[str],
        generic: dict[str, Any] | None = None,
    ) -> None:
        who = _who(raw)
        self._who_source = "(?i)" + who
        self.entries = tuple(
            _Entry(entry, who, raw["duty"], raw["fillers"]) for entry in raw.get("blame", ())
        )
        self.first_names = frozenset(n.casefold() for n in raw.get("first_names", ()))
        self.not_people = frozenset(raw.get("not_people", ())) | not_names
        self.pronouns = frozenset(p.casefold() for p in raw["pronouns"].split("|"))
        #: Words that may name or point at a person (see `_may_name_people`).
        self.person_words = (
            self.first_names
            | self.pronouns
            | frozenset(w.casefold() for w in raw.get("person_words", ()))
        )
        self._sources = {
            **_FIXED,
            "rejects": _any(raw.get("rejects", ())),
            "explains": "(?i)" + raw.get("explains", _NEVER),
            "strong": _any(vague.get("strong", ())),
            "opener": (
                r"(?i)^\W*(?:(?:we|the team|everyone|all teams|people|teams) "
                r"(?:should|need to|must|will|have to|to) |let'?s |need to |to |please )?"
                + vague.get("openers", _NEVER)
            ),
            "anywhere": _any([*vague.get("anywhere", ()), *_generic(generic)]),
            "doer": r"(?i)^\W*(?:" + vague.get("doers", _NEVER) + r")\b\s*(?P<object>.*)",
            "evidence": _any(vague.get("evidence", ())),
        }
        self.not_identifiers = frozenset(vague.get("not_identifiers", ()))
        self._vague_gates = {
            "anywhere_gate": list(vague.get("anywhere_gate", ())),
            "evidence_gate": list(vague.get("evidence_gate", ())),
        }
        self.not_identifier_prefixes = frozenset(vague.get("not_identifier_prefixes", ()))
        self.not_identifier_suffixes = frozenset(vague.get("not_identifier_suffixes", ()))
        self.messages = {
            key: vague.get(key, "")
            for key in ("strong_why", "strong_hint", "vague_why", "vague_hint", "opener_why")
        }
        self._compiled: dict[str, re.Pattern[str]] = {}
        self._gate_set: frozenset[str] | None = None
        #: The entries (by number) each gate word opens.
        self._entries_of: dict[str, list[int]] = {}
        for n, entry in enumerate(self.entries):
            for word in entry.gate:
                self._entries_of.setdefault(word, []).append(n)
        self._gate_found: dict[str, frozenset[str]] = {}
        #: Blame and vagueness found per text, for reviews that repeat (the coach re-reads
        #: every field after each pause; most did not change): see `review.blame_hits`.
        self.memo: dict[Any, Any] = {}

    def _re(self, name: str) -> re.Pattern[str]:
        compiled = self._compiled.get(name)
        if compiled is None:
            source = self._who_source if name == "who" else self._sources[name]
            compiled = self._compiled[name] = compile_pattern(source)
        return compiled

    def all_sources(self) -> list[str]:
        """Every pattern this reading may compile."""
        if self._gate_set is None:
            self._build_gate()
        for gate, words in self._vague_gates.items():
            if words and gate not in self._sources:
                self._sources[gate] = gate_pattern(words)
        sources = [self._who_source, *self._sources.values()]
        for entry in self.entries:
            sources.append(entry._source)
            if isinstance(entry._also, str):
                sources.append(entry._also)
            elif entry._also is not None:
                sources.append(entry._also.pattern)
        return sources

    def _may_name_people(self, sentence: str, lower: str, known: AbstractSet[str]) -> bool:
        """A quick look before the patterns: a word that is a known or common name, a role,
        a team or a pronoun, or an @handle. Without one, no entry needing a person applies."""
        if "@" in sentence:
            return True
        for word in self._re("word").findall(lower):
            word = word.split("'")[0]
            if word in self.person_words or word in known:
                return True
        return False

    def mentions_person(self, sentence: str, known: AbstractSet[str]) -> bool:
        """Whether `sentence` names or points at a person anywhere."""
        return any(self.person(m, known) >= 2 for m in self._re("who").finditer(sentence))

    # --- blame ---------------------------------------------------------------------------

    def person(self, match: re.Match[str], known: AbstractSet[str]) -> int:
        """2: surely a person; 1: an unknown capitalised name; 0: not a person."""
        if match.group("handle") or match.group("role") or match.group("team"):
            return 2
        if match.group("bare"):
            return 2
        pronoun = match.group("pronoun")
        if pronoun:
            return 2
        name = match.group("name")
        if not name:
            return 0
        word = name.split()[0]
        folded = word.casefold()
        if folded in known or folded in self.first_names:
            return 2
        if word in self.not_people or folded in self.pronouns:
            return 0
        if word[:1].isupper() and any(c.islower() for c in word[1:]):
            return 1
        return 0

    def _explained(self, sentence: str, end: int, known: AbstractSet[str]) -> bool:
        """A reason after `end` whose first words are not a person: a system explains it."""
        reason = self._re("explains").search(sentence, end)
        if reason is None:
            return False
        words = self._re("word").findall(sentence, reason.end(), reason.end() + 40)
        if not words:
            return False
        first = words[0].casefold()
        people = {"he", "she", "they", "i", "we", "you"}
        return not (first in people or first in known or first in self.first_names)

    def _build_gate(self) -> frozenset[str]:
        words = frozenset(w for entry in self.entries for w in (*entry.gate, *entry.gate_also))
        self._sources["gate"] = gate_pattern(words)
        self._gate_set = words
        return words

    def _gated(self, lower: str) -> list[_Entry]:
        """The entries with their gate words in `lower`: one scan for every entry's gates."""
        gate_words = self._gate_set or self._build_gate()
        found = self._re("gate").findall(lower)
        if not found:
            return []
        present: set[str] = set()
        for text in set(found):
            words = self._gate_found.get(text)
            if words is None:
                words = self._gate_found[text] = frozenset(gate_words_in(text, gate_words))
            present |= words
        numbers: set[int] = set()
        for word in present:
            numbers.update(self._entries_of.get(word, ()))
        return [
            entry
            for entry in (self.entries[n] for n in sorted(numbers))
            if not entry.gate_also or not present.isdisjoint(entry.gate_also)
        ]

    def rejects_blame(self, sentence: str) -> bool:
        return self._re("rejects").search(sentence) is not None

    def blame(self, text: str, known: AbstractSet[str]) -> Iterator[Hit]:
        """Blame found by reading each sentence of `text` (spans in `text`)."""
        for sentence_match in self._re("sentence").finditer(text):
            sentence = sentence_match.group()
            lower = sentence.lower()
            entries = self._gated(lower)
            if not entries or self.rejects_blame(sentence):
                continue
            offset = sentence_match.start()
            people: bool | None = None  # whether a word of the sentence may be a person
            for entry in entries:
                if entry.subject == "person" or entry.person:
                    if people is None:
                        people = self._may_name_people(sentence, lower, known)
                    if not people:
                        continue
                if not entry.also(sentence):
                    continue
                if entry.person and not self.mentions_person(sentence, known):
                    continue
                for start, end in self._matches(entry, sentence, known):
                    yield entry.rule, (offset + start, offset + end), entry.why, entry.hint

    def _matches(
        self, entry: _Entry, sentence: str, known: AbstractSet[str]
    ) -> Iterator[tuple[int, int]]:
        position = 0
        pattern = entry.pattern
        while (match := pattern.search(sentence, position)) is not None:
            needed = {"person": 2, "name": 1}.get(entry.subject, 0)
            ok = not needed or (
                "name" in pattern.groupindex and self.person(match, known) >= needed
            )
            if ok and entry.explained and self._explained(sentence, match.end(), known):
                ok = False
            if ok:
                yield match.span()
                position = max(match.end(), match.start() + 1)
            else:
                position = match.start() + 1

    def explained(self, text: str, span: tuple[int, int], known: AbstractSet[str]) -> bool:
        """Whether the words at `span` are followed, in their sentence, by a system's reason."""
        for sentence_match in self._re("sentence").finditer(text):
            if sentence_match.start() <= span[0] < sentence_match.end():
                sentence = sentence_match.group()
                return self._explained(sentence, span[1] - sentence_match.start(), known)
        return False

    def rejected(self, text: str, position: int) -> bool:
        """Whether the sentence holding `position` rejects blame."""
        for sentence_match in self._re("sentence").finditer(text):
            if sentence_match.start() <= position < sentence_match.end():
                return self.rejects_blame(sentence_match.group())
        return False

    # --- action items --------------------------------------------------------------------

    def _found(self, gate: str, lower: str) -> bool:
        """Whether `lower` holds a word of the vague reading's list `gate` (none: True)."""
        if gate not in self._sources:
            words = self._vague_gates.get(gate)
            if not words:
                return True
            self._sources[gate] = gate_pattern(words)
        return self._re(gate).search(lower) is not None

    def has_evidence(self, text: str, lower: str | None = None) -> bool:
        inner = text.rstrip(" .!?")
        plain = not any(c in _EVIDENCE_CHARS for c in inner) and "." not in inner
        if plain and not self._found("evidence_gate", lower or text.lower()):
            return False
        if self._re("evidence").search(text):
            return True
        return any(
            k not in self.not_identifiers
            and k.split("-")[0] not in self.not_identifier_prefixes
            and k.rsplit("-", 1)[-1] not in self.not_identifier_suffixes
            for k in self._re("kebab").findall(text)
        )

    def _does_something(self, clause: str) -> bool:
        """A clause that starts with a verb that changes things, on a specific object."""
        match = self._re("doer").match(clause)
        if match is None:
            return False
        words = [w for w in match.group("object").split() if w.lower() not in _DETERMINERS]
        return len(words) >= 2

    def vague(self, text: str) -> tuple[tuple[int, int], str, str] | None:
        """Where an action item is vague, why, and how to rewrite; None when it names a
        deliverable."""
        text = text.replace("’", "'")
        m = self._re("strong").search(text)
        if m:
            return m.span(), self.messages["strong_why"], self.messages["strong_hint"]
        lower = text.lower()
        if self.has_evidence(text, lower):
            return None
        maybe_anywhere = self._found("anywhere_gate", lower)
        body = text
        owner = self._re("owner").match(text)
        if owner and not self._re("doer").match(text) and not self._re("opener").match(text):
            body = text[owner.end() :]
        shift = len(text) - len(body)
        clauses = [c for c in self._re("clause").split(body) if c.strip()]
        anywhere = self._re("anywhere")
        opener = self._re("opener")
        for clause in clauses:
            if (
                self._does_something(clause)
                and not (maybe_anywhere and anywhere.search(clause))
                and not opener.match(clause)
            ):
                return None
        m = self._re("opener").match(body)
        if m:
            span = (shift + m.start(), shift + m.end())
            while span[0] < span[1] and not text[span[0]].isalnum():
                span = (span[0] + 1, span[1])
            return span, self.messages["opener_why"], self.messages["vague_hint"]
        m = anywhere.search(body) if maybe_anywhere else None
        if m:
            span = (shift + m.start(), shift + m.end())
            return span, self.messages["vague_why"], self.messages["vague_hint"]
        if self._does_something(body):
            return None
        stripped = text.strip()
        start = text.index(stripped[:1]) if stripped else 0
        return (
            (start, start + len(stripped)),
            self.messages["vague_why"],
            self.messages["vague_hint"],
        )


_EVIDENCE_CHARS = frozenset("0123456789/_`#-")
_DETERMINERS = frozenset(
    {"the", "a", "an", "some", "our", "all", "every", "each", "any", "this", "that", "it", "them"}
)


def reading(raw_rules: dict[str, Any], not_names: frozenset[str]) -> Reading | None:
    """The reading for a rules file's data, or None when the file has no `[reading]`."""
    raw = raw_rules.get("reading")
    if not raw:
        return None
    return Reading(raw, raw_rules.get("vague_reading", {}), not_names, raw_rules.get("vague"))
