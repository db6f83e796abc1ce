"""Searching the workspace: the query language, every text of a postmortem as a search
document, and where a query matches in one.

The query is words, "quoted phrases" and `key:value` terms (docs/search.md):

    disk "backoff ceiling" tag:database severity:critical,major status:final
    owner:storage after:2025-01-01 before:2025-07-01

Every word and phrase must appear somewhere in the postmortem's text (case-insensitive);
every term must hold. Commas in a term's value are alternatives (`severity:critical,major`);
repeated terms must all hold (`tag:queue tag:database`: both tags). `after:` and `before:` are
strict (`after:2025-01-01` is from 2 January) and leave out postmortems without a date.
Pure: no I/O, no Textual.
"""

from __future__ import annotations

from datetime import date

from .model import SEVERITIES, STATUSES, CalendarDate, Postmortem
from .record import FrozenRecord, set_field

#: The `key:` terms a query understands, in the order the docs list them.
QUERY_KEYS = ("tag", "severity", "status", "owner", "after", "before")
#: About how many characters of a text a place shows around a match.
EXCERPT_WIDTH = 60


class QueryError(ValueError):
    """A query that cannot be understood; the message is one line naming the term."""


class SearchQuery(FrozenRecord):
    """A parsed query: `texts` (words and phrases, casefolded) all appear; each of the
    other fields is a tuple of terms, each term a tuple of alternatives (casefolded)."""

    __slots__ = ("texts", "tags", "severities", "statuses", "owners", "after", "before")  # noqa: RUF023
    texts: tuple[str, ...]
    tags: tuple[tuple[str, ...], ...]
    severities: tuple[tuple[str, ...], ...]
    statuses: tuple[tuple[str, ...], ...]
    owners: tuple[tuple[str, ...], ...]
    after: date | None
    before: date | None

    def __init__(
        self,
        texts: tuple[str, ...] = (),
        tags: tuple[tuple[str, ...], ...] = (),
        severities: tuple[tuple[str, ...], ...] = (),
        statuses: tuple[tuple[str, ...], ...] = (),
        owners: tuple[tuple[str, ...], ...] = (),
        after: date | None = None,
        before: date | None = None,
    ) -> None:
        set_field(self, "texts", texts)
        set_field(self, "tags", tags)
        set_field(self, "severities", severities)
        set_field(self, "statuses", statuses)
        set_field(self, "owners", owners)
        set_field(self, "after", after)
        set_field(self, "before", before)

    def is_empty(self) -> bool:
        return self == EMPTY_QUERY


EMPTY_QUERY = SearchQuery()


def _tokens(text: str) -> list[tuple[str, bool]]:
    """The query's tokens and whether each had quotes: a token is a run of characters up to
    white space, with quoted stretches (which may hold spaces) kept together. A quote left
    open runs to the end (a query being typed)."""
    tokens: list[tuple[str, bool]] = []
    current: list[str] = []
    quoted = in_quotes = False
    for char in text:
        if char == '"':
            in_quotes = not in_quotes
            quoted = True
        elif char.isspace() and not in_quotes:
            if current or quoted:
                tokens.append(("".join(current), quoted))
            current, quoted = [], False
        else:
            current.append(char)
    if current or quoted:
        tokens.append(("".join(current), quoted))
    return tokens


def _query_date(key: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{key}:{value}: not a date (expected YYYY-MM-DD)") from None


def _alternatives(key: str, value: str, allowed: tuple[str, ...] = ()) -> tuple[str, ...]:
    values = tuple(v.strip().casefold() for v in value.split(",") if v.strip())
    if not values:
        raise QueryError(f"{key}: needs a value, e.g. {key}:{allowed[0] if allowed else 'x'}")
    for one in values:
        if allowed and one not in allowed:
            raise QueryError(f"{key}:{one}: not a {key} (one of {', '.join(allowed)})")
    return values


def parse_query(text: str) -> SearchQuery:
    """The query typed in the browser's filter or given to `list --query`; a `QueryError`
    names the term it cannot read (`after:notadate: not a date (expected YYYY-MM-DD)`).

    A word with a colon whose key is not one of `QUERY_KEYS` (`http://…`, `error:`) is text."""
    texts: list[str] = []
    terms: dict[str, list[tuple[str, ...]]] = {key: [] for key in QUERY_KEYS}
    after: date | None = None
    before: date | None = None
    for token, quoted in _tokens(text):
        key, colon, value = token.partition(":")
        key = key.casefold()
        if not colon or key not in terms:
            if token.strip():
                texts.append(" ".join(token.casefold().split()) if quoted else token.casefold())
            continue
        value = value.strip()
        if key == "after":
            day = _query_date(key, value)
            after = day if after is None else max(after, day)
        elif key == "before":
            day = _query_date(key, value)
            before = day if before is None else min(before, day)
        elif key == "severity":
            terms[key].append(_alternatives(key, value, SEVERITIES))
        elif key == "status":
            terms[key].append(_alternatives(key, value, STATUSES))
        else:
            terms[key].append(_alternatives(key, value))
    return SearchQuery(
        texts=tuple(texts),
        tags=tuple(terms["tag"]),
        severities=tuple(terms["severity"]),
        statuses=tuple(terms["status"]),
        owners=tuple(terms["owner"]),
        after=after,
        before=before,
    )


#: How a search document's text separates its sections, and the items of a section: control
#: characters, taken out of the user's text first (`_searchable`), so the text splits back.
SECTION_BREAK = "\x1e"
ITEM_BREAK = "\x1f"


def _searchable(text: str) -> str:
    return text.replace(SECTION_BREAK, " ").replace(ITEM_BREAK, " ")


def joined_sections(sections: list[tuple[str, tuple[str, ...]]]) -> str:
    """Sections and their texts as one string (what the cache keeps: one string per
    postmortem reads back much faster than thousands of small ones)."""
    return SECTION_BREAK.join(
        ITEM_BREAK.join((name, *(_searchable(text) for text in texts))) for name, texts in sections
    )


class SearchDocument(FrozenRecord):
    """What a query looks at in one postmortem: its facts for the terms and its texts, by
    section, each text one item (an event, a factor, an action item), joined in `text`."""

    __slots__ = ("title", "date", "severity", "status", "tags", "owners", "text", "folded")  # noqa: RUF023
    title: str
    date: CalendarDate | None
    severity: str
    status: str
    tags: tuple[str, ...]
    #: the action items' owners
    owners: tuple[str, ...]
    #: the sections in the postmortem's order, the title first (`joined_sections`)
    text: str
    #: `text` casefolded, for the quick test
    folded: str

    def __init__(
        self,
        title: str,
        date: CalendarDate | None,
        severity: str,
        status: str,
        tags: tuple[str, ...],
        owners: tuple[str, ...],
        text: str,
    ) -> None:
        set_field(self, "title", title)
        set_field(self, "date", date)
        set_field(self, "severity", severity)
        set_field(self, "status", status)
        set_field(self, "tags", tags)
        set_field(self, "owners", owners)
        set_field(self, "text", text)
        set_field(self, "folded", text.casefold())

    @property
    def sections(self) -> list[tuple[str, list[str]]]:
        """(section, its texts) in the postmortem's order."""
        found = []
        for part in self.text.split(SECTION_BREAK):
            name, *texts = part.split(ITEM_BREAK)
            found.append((name, texts))
        return found


def search_document(pm: Postmortem, postmortem_id: str = "") -> SearchDocument:
    """Every text a user wrote in `pm`, by section (the id is searched as part of the title)."""
    sections: list[tuple[str, tuple[str, ...]]] = [("title", (pm.title, postmortem_id))]

    def add(section: str, *values: str) -> None:
        texts = tuple(value for value in values if value.strip())
        if texts:
            sections.append((section, texts))

    impact = pm.impact
    add("summary", pm.summary)
    add("tags", *pm.tags)
    add("authors", *pm.authors)
    add("impact", impact.user_facing, impact.revenue_impact, impact.reputation)
    add("participants", *(f"{p.name} {p.role}".strip() for p in pm.participants))
    add("timeline", *(e.event for e in pm.timeline), *(e.link for e in pm.timeline))
    add("root cause", pm.root_cause)
    add("five whys", *(f"{w.question} {w.answer}".strip() for w in pm.five_whys))
    add("factors", *(f.text for f in pm.factors))
    add(
        "actions",
        *(a.text for a in pm.actions),
        *(f"{a.owner} {a.ticket}".strip() for a in pm.actions),
    )
    add(
        "lessons",
        pm.lessons_learned,
        *pm.what_went_well,
        *pm.what_went_poorly,
        *pm.where_we_got_lucky,
    )
    add("evidence", *(f"{e.text} {e.link}".strip() for e in pm.evidence))
    add("appendix", pm.appendix)
    return SearchDocument(
        title=pm.title,
        date=pm.date,
        severity=pm.severity,
        status=pm.status,
        tags=tuple(pm.tags),
        owners=tuple(a.owner for a in pm.actions if a.owner.strip()),
        text=joined_sections(sections),
    )


def _each_term_holds(terms: tuple[tuple[str, ...], ...], holds: object) -> bool:
    return all(any(holds(alt) for alt in term) for term in terms)  # type: ignore[operator]


def matches(query: SearchQuery, doc: SearchDocument) -> bool:
    """Whether `doc` answers `query`: every text appears and every term holds."""
    if query.after is not None and (doc.date is None or doc.date <= query.after):
        return False
    if query.before is not None and (doc.date is None or doc.date >= query.before):
        return False
    if query.severities and not _each_term_holds(
        query.severities, lambda alt: alt == doc.severity.casefold()
    ):
        return False
    if query.statuses and not _each_term_holds(
        query.statuses, lambda alt: alt == doc.status.casefold()
    ):
        return False
    if query.tags:
        tags = {tag.casefold() for tag in doc.tags}
        if not _each_term_holds(query.tags, lambda alt: alt in tags):
            return False
    if query.owners:
        owners = [owner.casefold() for owner in doc.owners]
        if not _each_term_holds(query.owners, lambda alt: any(alt in o for o in owners)):
            return False
    folded = doc.folded
    return all(text in folded for text in query.texts)


class Place(FrozenRecord):
    """Where a query's text matched: the section and an excerpt of one line around it."""

    __slots__ = ("section", "excerpt")  # noqa: RUF023
    section: str
    excerpt: str

    def __init__(self, section: str, excerpt: str) -> None:
        set_field(self, "section", section)
        set_field(self, "excerpt", excerpt)

    def as_text(self) -> str:
        return f"{self.section}: {self.excerpt}"


def _excerpt(text: str, start: int, end: int) -> str:
    """About `EXCERPT_WIDTH` characters of `text` around the match, on one line, cut at word
    boundaries with `…`; a text that short is shown whole."""
    flat = " ".join(text.split())
    width = max(EXCERPT_WIDTH, end - start + 10)
    if len(flat) <= width:
        return flat
    # The match's place in the flattened text: search it again (white space changed).
    needle = " ".join(text[start:end].split()).casefold()
    at = max(0, flat.casefold().find(needle))
    left = max(0, at - (width - len(needle)) // 2)
    right = min(len(flat), left + width)
    left = max(0, right - width)
    if left > 0:
        space = flat.find(" ", left, at)
        left = space + 1 if space >= 0 else left
    if right < len(flat):
        space = flat.rfind(" ", at + len(needle), right)
        right = space if space >= 0 else right
    return ("…" if left > 0 else "") + flat[left:right] + ("…" if right < len(flat) else "")


def places(query: SearchQuery, doc: SearchDocument, limit: int = 3) -> list[Place]:
    """Where the query's words and phrases appear in `doc`, in the postmortem's order, at
    most one place per section and `limit` in all (the title counts as a place). Empty when
    the query has only terms."""
    found: list[Place] = []
    if not query.texts:
        return found
    for section, texts in doc.sections:
        for text in texts:
            folded = text.casefold()
            hits = [(folded.find(word), word) for word in query.texts]
            hits = [(at, word) for at, word in hits if at >= 0]
            if hits:
                at, word = min(hits)
                found.append(Place(section, _excerpt(text, at, at + len(word))))
                break
        if len(found) >= limit:
            break
    return found
