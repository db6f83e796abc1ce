"""Markdown postmortems read into the model: the core of `postmortem import FILE.md`.

Pure: text in, a `MarkdownImport` out (the postmortem, and what went where). The text is
tokenised by markdown-it-py (CommonMark with tables), never matched as raw text: headings,
lists, checklists, tables and inline emphasis come from its tokens. Sections are recognised
by their heading in the spellings teams use (`## Root Causes`, `### What went wrong`,
`## Follow-ups`); a section the import cannot place, and anything inside a placed section it
cannot read, goes to the postmortem's appendix under its heading, so nothing is lost.

It reads back what `core.export.markdown` writes, before and after the export's "document,
not dashboard" changes: action details with or without `addresses factors 1, 2` and
`(overdue)`, durations printed under the timeline or only under the impact, and a summary of
open actions or none. Derived text (durations, the count of open actions, review findings)
is recognised and left out: the postmortem works it out again.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from .model import (
    ACTION_KINDS,
    EVIDENCE_KINDS,
    MILESTONES,
    PRIORITIES,
    SEVERITIES,
    STATUSES,
    ActionItem,
    Evidence,
    Factor,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
    normalise_newlines,
    strip_control_chars,
)
from .record import Record
from .team_sections import SectionSpec, set_section_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from markdown_it.token import Token


class NotAPostmortemError(ValueError):
    """The text is not a Markdown postmortem (no heading to take a title from)."""


class Placement(Record):
    """Where one section of the Markdown went: its heading, and the field(s) it filled."""

    __slots__ = ("heading", "where", "placed")  # noqa: RUF023 (field order)
    heading: str
    where: str
    #: False: the section was kept in the appendix, as written.
    placed: bool

    def __init__(self, heading: str, where: str, placed: bool = True) -> None:
        self.heading = heading
        self.where = where
        self.placed = placed


class MarkdownImport(Record):
    """The postmortem a Markdown file made, and where each of its sections went."""

    __slots__ = ("postmortem", "placements")  # noqa: RUF023 (field order)
    postmortem: Postmortem
    placements: list[Placement]

    def __init__(self, postmortem: Postmortem, placements: list[Placement]) -> None:
        self.postmortem = postmortem
        self.placements = placements

    @property
    def kept_in_appendix(self) -> list[Placement]:
        return [p for p in self.placements if not p.placed]


# Inline structure survives as private-use marks around the text it wraps (the text itself
# has no control characters left: they are dropped first), so labels (`**Date:**`),
# placeholders (`_No summary yet._`) and autolinks are told apart from text that merely reads
# the same.
_STRONG_OPEN, _STRONG_CLOSE = "\x01", "\x02"
_EM_OPEN, _EM_CLOSE = "\x03", "\x04"
_LINK_OPEN, _LINK_CLOSE = "\x05", "\x06"
#: A soft line break: a space in the text, but a line of its own in a block of `Label: value`.
_SOFT_BREAK = "\x07"
_MARKS = re.compile("[\x01-\x06]")


def _plain(text: str) -> str:
    return _MARKS.sub("", text).replace(_SOFT_BREAK, " ")


# --- tokens to blocks ------------------------------------------------------------------------


class _Block(Record):
    """One top-level block: a heading, a paragraph, a list, a table or anything else (raw)."""

    __slots__ = ("kind", "text", "level", "items", "ordered", "rows", "source")  # noqa: RUF023
    kind: str  # heading | paragraph | list | table | raw
    text: str  # heading and paragraph text, with marks
    level: int  # heading level
    items: list[str]  # list items' text, with marks
    ordered: bool
    rows: list[list[str]]  # table rows, the header first, with marks
    source: str  # the block as written

    def __init__(self, kind: str, source: str, **fields: Any) -> None:
        self.kind = kind
        self.source = source
        self.text = fields.get("text", "")
        self.level = fields.get("level", 0)
        self.items = fields.get("items", [])
        self.ordered = fields.get("ordered", False)
        self.rows = fields.get("rows", [])


def _inline(token: Token) -> str:
    """An inline token's text, escapes and entities resolved, structure kept as marks."""
    out: list[str] = []
    links: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind == "softbreak":
            out.append(_SOFT_BREAK)
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "code_inline":
            out.append(f"`{child.content}`")
        elif kind == "strong_open":
            out.append(_STRONG_OPEN)
        elif kind == "strong_close":
            out.append(_STRONG_CLOSE)
        elif kind == "em_open":
            out.append(_EM_OPEN)
        elif kind == "em_close":
            out.append(_EM_CLOSE)
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            links.append(href)
            if child.markup == "autolink":
                out.append(_LINK_OPEN)
        elif kind == "link_close":
            href = links.pop() if links else ""
            if child.markup == "autolink":
                out.append(_LINK_CLOSE)
            elif href:
                out.append(f" ({href})")
        elif kind == "image":
            alt = "".join(c.content for c in child.children or [])
            out.append(f"{alt} ({child.attrs.get('src', '')})")
        else:
            out.append(child.content)
    return "".join(out)


def _source(lines: list[str], token: Token) -> str:
    if token.map is None:
        return token.content
    start, end = token.map
    return "\n".join(lines[start:end]).strip("\n")


def _blocks(text: str) -> list[_Block]:
    from markdown_it import MarkdownIt  # here: only an import reads Markdown

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    lines = text.split("\n")
    blocks: list[_Block] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        end = _closing(tokens, i)
        if token.type == "heading_open":
            level = int(token.tag[1:])
            blocks.append(
                _Block("heading", _source(lines, token), text=_inline(tokens[i + 1]), level=level)
            )
        elif token.type == "paragraph_open":
            blocks.append(_Block("paragraph", _source(lines, token), text=_inline(tokens[i + 1])))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items = _list_items(tokens[i + 1 : end], lines)
            ordered = token.type == "ordered_list_open"
            blocks.append(_Block("list", _source(lines, token), items=items, ordered=ordered))
        elif token.type == "table_open":
            blocks.append(_Block("table", _source(lines, token), rows=_rows(tokens[i + 1 : end])))
        else:
            blocks.append(_Block("raw", _source(lines, token)))
        i = end + 1
    return blocks


def _closing(tokens: list[Token], start: int) -> int:
    """The index of the token that closes the one at `start` (itself for a leaf)."""
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for i in range(start, len(tokens)):
        depth += tokens[i].nesting
        if depth == 0:
            return i
    return len(tokens) - 1


def _list_items(tokens: list[Token], lines: list[str]) -> list[str]:
    """Each item's paragraphs (blank line between) and nested blocks as written."""
    items: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i].type != "list_item_open":
            i += 1
            continue
        end = _closing(tokens, i)
        parts: list[str] = []
        j = i + 1
        while j < end:
            token = tokens[j]
            close = _closing(tokens, j)
            if token.type == "paragraph_open":
                parts.append(_inline(tokens[j + 1]))
            elif token.nesting >= 0:
                parts.append(_dedent(_source(lines, token)))
            j = close + 1
        items.append("\n\n".join(parts))
        i = end + 1
    return items


def _dedent(text: str) -> str:
    import textwrap  # here: only nested blocks in a list item need it

    return textwrap.dedent(text)


def _rows(tokens: list[Token]) -> list[list[str]]:
    rows: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(_inline(token))
    return rows


# --- headings --------------------------------------------------------------------------------

_SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "executive summary",
        "incident summary",
        "overview",
        "description",
        "what happened",
    ),
    "impact": ("impact", "customer impact", "user impact", "business impact"),
    "timeline": ("timeline", "timeline of events", "detailed timeline", "incident timeline"),
    "root_cause": (
        "root cause",
        "root causes",
        "root cause analysis",
        "cause",
        "causes",
        "trigger",
        "why",
    ),
    "factors": ("contributing factors", "contributing factor", "factors", "contributors"),
    "five_whys": ("5 whys", "five whys"),
    "what_went_well": ("what went well", "went well", "what went right", "things that went well"),
    "what_went_poorly": (
        "what went poorly",
        "what went wrong",
        "went poorly",
        "went wrong",
        "what could have gone better",
        "what didnt go well",
        "what did not go well",
        "things that went wrong",
    ),
    "where_we_got_lucky": ("where we got lucky", "got lucky", "where we were lucky", "luck"),
    "actions": (
        "action items",
        "actions",
        "follow ups",
        "followups",
        "follow up actions",
        "corrective actions",
        "remediation",
        "remediations",
        "next steps",
        "action items and follow ups",
    ),
    "lessons": ("lessons learned", "lessons", "learnings", "takeaways"),
    "appendix": ("appendix", "supporting information", "notes", "references", "evidence"),
    "participants": ("participants", "responders", "people involved", "incident team"),
    "findings": ("review findings",),
}
_KIND_OF_NAME = {name: kind for kind, names in _SECTION_NAMES.items() for name in names}
_ACTION_KIND_NAMES = {
    "prevent": "prevent",
    "prevention": "prevent",
    "detect": "detect",
    "detection": "detect",
    "mitigate": "mitigate",
    "mitigation": "mitigate",
}
#: The labels of the quick format's paragraphs, and the section each starts.
_QUICK_LABELS = {
    "what happened": "summary",
    "why": "why",
    "timeline": "timeline",
    "durations": "durations",
    "action items": "actions",
    "review findings": "findings",
}

_WHERE = {
    "summary": "summary",
    "impact": "impact",
    "timeline": "timeline",
    "root_cause": "root cause",
    "why": "root cause and factors",
    "factors": "contributing factors",
    "five_whys": "5 whys",
    "what_went_well": "what went well",
    "what_went_poorly": "what went poorly",
    "where_we_got_lucky": "where we got lucky",
    "actions": "action items",
    "lessons": "lessons learned",
    "appendix": "appendix",
    "participants": "participants",
    "findings": "left out (the review finds them again)",
    "durations": "left out (worked out from the timeline)",
    "header": "details",
}


def _name(text: str) -> str:
    """A heading as a lookup key: lower case, words only (`Follow-ups:` -> `follow ups`)."""
    words = re.sub(r"[^\w]+", " ", _plain(text).lower().replace("&", " and ")).split()
    return " ".join(words)


# --- the import ------------------------------------------------------------------------------


def import_markdown(text: str, *, team_sections: Sequence[SectionSpec] = ()) -> MarkdownImport:
    """The postmortem a Markdown document describes; `NotAPostmortemError` when it has no
    heading. `team_sections`: the workspace's own sections, placed by their titles."""
    text = strip_control_chars(normalise_newlines(text)).replace("\t", "    ")
    blocks = _blocks(text)
    reader = _Reader(team_sections)
    return reader.read(blocks)


class _Section:
    def __init__(self, kind: str, heading: str, option: str = "") -> None:
        self.kind = kind
        self.heading = heading
        self.option = option  # an action kind, a team section id
        self.blocks: list[_Block] = []


_QUICK_TITLE = re.compile(r"^quick postmortem:\s*(.*)$", re.IGNORECASE | re.DOTALL)
_TITLE_SUFFIX = re.compile(r"\s+postmortem$", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^(?:incident\s+)?postmortem:\s*", re.IGNORECASE)


class _Reader:
    def __init__(self, team_sections: Sequence[SectionSpec]) -> None:
        self.specs = tuple(team_sections)
        self.team = {_name(s.title): s for s in team_sections}
        self.team.update({_name(s.id): s for s in team_sections})
        self.pm = Postmortem(title="")
        self.placements: list[Placement] = []
        self.leftovers: list[str] = []
        self.notes: list[str] = []

    # -- the outline --

    def read(self, blocks: list[_Block]) -> MarkdownImport:
        title_at = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
        if title_at is None:
            raise NotAPostmortemError("no heading to take a title from: not a Markdown postmortem")
        before = blocks[:title_at]
        heading = blocks[title_at]
        title = _plain(heading.text).strip()
        # The quick format's `## Quick Postmortem: ...` (a `#` title is the full format's).
        quick = _QUICK_TITLE.match(title) if heading.level > 1 else None
        if quick:
            self.pm.format = "quick"
            title = quick.group(1).strip()
        else:
            title = _TITLE_PREFIX.sub("", _TITLE_SUFFIX.sub("", title)).strip()
        self.pm.title = " ".join(title.split())
        sections = self._sections(blocks[title_at + 1 :], top=heading.level, quick=bool(quick))
        if before:
            sections.insert(0, _Section("unknown", "before the title"))
            sections[0].blocks = before
        for section in sections:
            self._place(section)
        for action in self.pm.actions:
            line = action.extra.pop(_ADDRESSES_LINE, None)
            if line is not None:
                action.factors = _addressed(line, self.pm.factors)
        self.pm.appendix = "\n\n".join(p for p in (*self.notes, *self.leftovers) if p)
        self.pm.sort_timeline()
        return MarkdownImport(self.pm, self.placements)

    def _sections(self, blocks: list[_Block], *, top: int, quick: bool) -> list[_Section]:
        current = _Section("header", "details")
        sections = [current]
        parent_kind = "header"
        for block in blocks:
            started = self._starts(block, parent_kind, top, quick)
            if started is None:
                if block.kind == "heading":  # a sub-heading the import does not know: kept
                    block = _Block("paragraph", block.source, text=block.text)
                current.blocks.append(block)
                continue
            current, first = started
            sections.append(current)
            if block.kind == "heading" and block.level <= top + 1:
                parent_kind = current.kind
            if first is not None:
                current.blocks.append(first)
        return sections

    def _starts(
        self, block: _Block, parent_kind: str, top: int, quick: bool
    ) -> tuple[_Section, _Block | None] | None:
        """The section a block starts (and what of the block belongs in it), or None."""
        if block.kind == "paragraph" and quick and block.text.startswith(_STRONG_OPEN):
            label, _, rest = block.text[1:].partition(_STRONG_CLOSE)
            name = _name(label)
            kind = _QUICK_LABELS.get(name)
            if kind is None and name in self.team:
                return self._team(label), _rest_paragraph(block, rest)
            if kind is not None:
                return _Section(kind, _plain(label).strip().rstrip(":")), _rest_paragraph(
                    block, rest
                )
            return None
        if block.kind != "heading":
            return None
        heading = " ".join(_plain(block.text).split())
        name = _name(block.text)
        sub = block.level > top + 1
        if sub and parent_kind == "actions" and name in _ACTION_KIND_NAMES:
            return _Section("actions", heading, _ACTION_KIND_NAMES[name]), None
        if name in self.team:
            return self._team(block.text), None
        kind = _KIND_OF_NAME.get(name)
        if kind is None and name.startswith("lessons"):
            kind = "lessons"
        if kind is None:
            return None if sub else (_Section("unknown", heading), None)
        if sub and kind in ("appendix", "summary", "root_cause", "participants"):
            return None  # `### Notes` under a known section stays with it
        return _Section(kind, heading), None

    def _team(self, label: str) -> _Section:
        spec = self.team[_name(label)]
        return _Section("team", " ".join(_plain(label).split()).rstrip(":"), spec.id)

    # -- placing one section --

    def _place(self, section: _Section) -> None:
        blocks = [b for b in section.blocks if not _is_placeholder(b)]
        if section.kind == "unknown":
            if blocks:
                self._keep(section.heading, blocks, placed=False)
            return
        read = getattr(self, f"_read_{section.kind}", None)
        if read is None:  # findings and durations: worked out again, never stored
            self.placements.append(Placement(section.heading, _WHERE[section.kind]))
            return
        rest: list[_Block] = read(section, blocks)
        if section.kind == "team":
            where = f"team section {section.option}"
        elif section.kind == "actions" and section.option:
            where = f"action items ({section.option})"
        else:
            where = _WHERE[section.kind]
        if section.kind == "header" and not blocks:
            return
        self.placements.append(Placement(section.heading, where))
        if rest:
            self._keep(section.heading, rest, placed=False)

    def _keep(self, heading: str, blocks: list[_Block], *, placed: bool) -> None:
        body = "\n\n".join(b.source for b in blocks if b.source.strip())
        if not body:
            return
        self.leftovers.append(f"From the imported section '{heading}':\n\n{body}")
        if not placed:
            self.placements.append(Placement(heading, "appendix", placed=False))

    # -- the sections --

    def _read_header(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        rest = []
        for block in blocks:
            lines = _block_lines(block)
            if lines is None:
                rest.append(block)
                continue
            unread = [line for line in lines if not self._header_line(line)]
            if unread:
                rest.append(_Block("paragraph", "\n".join(_plain(u) for u in unread)))
        return rest

    def _header_line(self, line: str) -> bool:
        label, value = _label(line)
        if label is None:
            return False
        value = value.strip()
        empty = value.lower() in ("not set", "", "none", "n/a", "tbd")
        name = _name(label)
        pm = self.pm
        if name in ("date", "incident date", "date of incident"):
            day = None if empty else _parse_day(value)
            if day is None and not empty:
                return False
            pm.date = day
        elif name in (
            "author",
            "authors",
            "written by",
            "prepared by",
            "document owner",
            "owner of this document",
        ):
            pm.authors = [] if empty else _split_names(value)
        elif name == "status":
            status = value.lower()
            if empty:
                return True
            if status not in STATUSES:
                return False
            pm.status = status
        elif name in ("severity", "sev", "impact level"):
            severity = "" if empty else _severity(value)
            if severity is None:
                return False
            pm.severity = severity
        elif name in ("tags", "labels", "tag"):
            pm.tags = [] if empty else _split_names(value)
        elif name in ("action review on", "review on", "follow up review"):
            day = None if empty else _parse_day(value)
            if day is None and not empty:
                return False
            pm.review_on = day
        elif name in ("title", "incident"):
            if not pm.title:
                pm.title = value
            return value == pm.title
        else:
            return False
        return True

    def _read_text(self, blocks: list[_Block]) -> str:
        return "\n\n".join(_block_text(b) for b in blocks if _block_text(b))

    def _read_summary(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        self.pm.summary = _joined(self.pm.summary, self._read_text(blocks))
        return []

    def _read_root_cause(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        text = self._read_text(blocks)
        if _name(section.heading) == "trigger" and text:
            text = f"Trigger: {text}"
        self.pm.root_cause = _joined(self.pm.root_cause, text)
        return []

    def _read_why(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        """The quick format's `**Why:**`: its paragraphs the root cause, its list factors."""
        prose = [b for b in blocks if b.kind != "list"]
        for block in blocks:
            if block.kind == "list":
                self.pm.factors += [Factor(text=_plain(i)) for i in block.items if _plain(i)]
        self.pm.root_cause = _joined(self.pm.root_cause, self._read_text(prose))
        return []

    def _read_lessons(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        self.pm.lessons_learned = _joined(self.pm.lessons_learned, self._read_text(blocks))
        return []

    def _read_team(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        spec = next(s for s in self.team.values() if s.id == section.option)
        order = [s.id for s in self.specs]
        set_section_text(self.pm, spec, self._read_text(blocks), order=order)
        return []

    def _read_impact(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        impact = self.pm.impact
        prose: list[str] = []
        for block in blocks:
            lines = block.items if block.kind == "list" else _block_lines(block)
            if lines is None:
                prose.append(block.source)
                continue
            unread = [line for line in lines if not _impact_line(impact, line)]
            if unread:
                prose.append("\n".join(_plain(u) for u in unread))
        impact.user_facing = _joined(impact.user_facing, "\n\n".join(prose))
        return []

    def _read_lists(self, field: str, blocks: list[_Block]) -> list[_Block]:
        entries: list[str] = getattr(self.pm, field)
        for block in blocks:
            if block.kind == "list":
                entries += [_plain(i) for i in block.items if _plain(i).strip()]
            elif _block_text(block):
                entries.append(_block_text(block))
        return []

    def _read_what_went_well(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        return self._read_lists("what_went_well", blocks)

    def _read_what_went_poorly(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        return self._read_lists("what_went_poorly", blocks)

    def _read_where_we_got_lucky(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        return self._read_lists("where_we_got_lucky", blocks)

    def _read_factors(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        whys = False
        rest = []
        for block in blocks:
            if block.kind == "paragraph" and _name(block.text) in ("5 whys", "five whys"):
                whys = True
            elif block.kind == "list" and whys:
                self.pm.five_whys += [_why(_plain(i)) for i in block.items if _plain(i).strip()]
            elif block.kind == "list":
                self.pm.factors += [Factor(text=_plain(i)) for i in block.items if _plain(i)]
            elif block.kind == "paragraph" and not whys:
                self.pm.factors.append(Factor(text=_block_text(block)))
            else:
                rest.append(block)
        return rest

    def _read_five_whys(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        rest = []
        for block in blocks:
            if block.kind == "list":
                self.pm.five_whys += [_why(_plain(i)) for i in block.items if _plain(i).strip()]
            else:
                rest.append(block)
        return rest

    def _read_actions(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        kind = section.option or "prevent"
        rest = []
        for block in blocks:
            if block.kind == "list":
                self.pm.actions += [_action(i, kind) for i in block.items if _plain(i).strip()]
            elif block.kind == "table" and len(block.rows) > 1:
                self.pm.actions += _table_actions(block.rows, kind)
            elif block.kind == "paragraph" and _OPEN_COUNT.match(_plain(block.text)):
                continue  # `2 of 3 open.`: worked out from the items
            elif block.kind == "paragraph" and _plain(block.text).strip() == "Other":
                continue  # the export's heading for items of no known kind
            else:
                rest.append(block)
        return rest

    def _read_timeline(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        reader = _TimelineReader(self.pm)
        rest = []
        for block in blocks:
            if not reader.read(block):
                rest.append(block)
        return rest

    def _read_durations(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        derived = ("(from the first", "Durations from the first")
        return [b for b in blocks if b.kind != "list" and not _plain(b.text).startswith(derived)]

    def _read_participants(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        rest = []
        for block in blocks:
            if block.kind == "list":
                for item in block.items:
                    self.pm.participants += _participants(_plain(item))
            else:
                rest.append(block)
        return rest

    def _read_appendix(self, section: _Section, blocks: list[_Block]) -> list[_Block]:
        part = "notes"
        notes: list[str] = []
        for block in blocks:
            label = _plain(block.text).strip() if block.kind == "paragraph" else ""
            if label in ("Evidence", "Participants", "Notes"):
                part = label.lower()
                continue
            if part == "evidence" and block.kind == "list":
                self.pm.evidence += [_evidence(i) for i in block.items]
            elif part == "participants" and block.kind == "list":
                for item in block.items:
                    self.pm.participants += _participants(_plain(item))
            else:
                notes.append(_block_text(block) or block.source)
        self.notes.append("\n\n".join(notes))
        return []


def _rest_paragraph(block: _Block, rest: str) -> _Block | None:
    rest = rest.lstrip(" ")
    return _Block("paragraph", block.source, text=rest) if rest.strip() else None


_PLACEHOLDER = re.compile(
    r"^(?:no .* yet|not recorded yet|nothing recorded yet|nothing in the appendix yet|"
    r"no open findings|no description)\.?$",
    re.IGNORECASE,
)


def _is_placeholder(block: _Block) -> bool:
    """The export's `_No summary yet._`: an empty section, not text."""
    text = block.text.strip()
    return (
        block.kind == "paragraph"
        and text.startswith(_EM_OPEN)
        and text.endswith(_EM_CLOSE)
        and _PLACEHOLDER.match(_plain(text).strip()) is not None
    )


def _block_text(block: _Block) -> str:
    if block.kind == "paragraph":
        return _plain(block.text).strip("\n")
    return block.source


def _block_lines(block: _Block) -> list[str] | None:
    if block.kind == "paragraph":
        return block.text.replace(_SOFT_BREAK, "\n").split("\n")
    if block.kind == "list":
        return block.items
    if block.kind == "table":
        return [f"{_STRONG_OPEN}{r[0]}:{_STRONG_CLOSE} {' '.join(r[1:])}" for r in block.rows[1:]]
    return None


def _joined(old: str, new: str) -> str:
    return f"{old}\n\n{new}" if old and new else old or new


_LABEL = re.compile(
    r"^\x01([^\x01\x02]+?):?\x02:?\s*(.*)$|^([A-Za-z][\w ()/-]{0,40}?):\s+(.*)$", re.DOTALL
)


def _label(line: str) -> tuple[str | None, str]:
    """`**Date:** 2024-05-01` or `Date: 2024-05-01` as (label, value); (None, line) else."""
    match = _LABEL.match(line.strip())
    if match is None:
        return None, line
    if match.group(1) is not None:
        return match.group(1), _plain(match.group(2))
    return match.group(3), _plain(match.group(4))


_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for m in names
}
_ISO_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.?,? (\d{4})")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})")
_ANY_DAY = re.compile(
    rf"{_ISO_DAY.pattern}|{_DAY_MONTH.pattern}|{_MONTH_DAY.pattern}", re.IGNORECASE
)


def _parse_day(text: str) -> date | None:
    """A date in the spellings postmortems use: `2024-05-01`, `2024/05/01`, `1 May 2024`,
    `May 1, 2024`; None for anything else."""
    text = " ".join(text.split())
    match = _ANY_DAY.fullmatch(text)
    if match is None:
        return None
    g = match.groups()
    try:
        if g[0]:
            return date(int(g[0]), int(g[1]), int(g[2]))
        if g[3]:
            return date(int(g[5]), _MONTHS[g[4].lower()], int(g[3]))
        return date(int(g[8]), _MONTHS[g[6].lower()], int(g[7]))
    except (KeyError, ValueError):
        return None


_SEVERITY_WORDS = {
    "critical": "critical",
    "sev0": "critical",
    "sev1": "critical",
    "p0": "critical",
    "p1": "critical",
    "high": "critical",
    "major": "major",
    "sev2": "major",
    "p2": "major",
    "medium": "major",
    "minor": "minor",
    "sev3": "minor",
    "sev4": "minor",
    "p3": "minor",
    "p4": "minor",
    "low": "minor",
}


def _severity(text: str) -> str | None:
    word = re.sub(r"[\s_-]", "", text.lower())
    return word if word in SEVERITIES else _SEVERITY_WORDS.get(word)


def _split_names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_USERS = re.compile(rf"^({_NUMBER})?(?: \(({_NUMBER})% of users\))?$|^()({_NUMBER})% of users$")


def _number_of(text: str) -> float:
    return float(text.replace(",", ""))


def _impact_line(impact: Any, line: str) -> bool:
    """Set the impact field a `**Label:** value` line names; False when it names none."""
    from .typed_values import TypedValueError, parse_duration

    label, value = _label(line)
    if label is None:
        return False
    name, value = _name(label), value.strip()
    try:
        if name == "duration":
            derived = ("(from the timeline)", "(see Timeline)")
            if value.endswith(derived) or value == "unknown":
                return True  # worked out from the timeline again
            recorded = value.removesuffix("(as recorded)").strip()
            impact.duration_minutes = int(parse_duration(recorded).total_seconds() // 60)
        elif name == "users affected":
            match = _USERS.match(value)
            if match is None or not any(match.groups()):
                return False
            count, share = match.group(1), match.group(2) or match.group(4)
            if count:
                impact.users_affected = int(_number_of(count))
            if share:
                impact.users_affected_percent = _number_of(share)
        elif name == "customer tickets":
            impact.customer_tickets = int(_number_of(value))
        elif name in ("revenue impact", "revenue", "cost"):
            impact.revenue_impact = value
        elif name in ("what users could not do", "user facing", "user facing impact"):
            impact.user_facing = value
        elif name == "reputation":
            impact.reputation = value
        else:  # the durations are worked out from the timeline again
            return name in ("time to detection", "time to resolution", "time to acknowledge")
    except (TypedValueError, ValueError, OverflowError):
        return False
    return True


def _why(text: str) -> WhyStep:
    question, arrow, answer = text.partition(" → ")
    return WhyStep(question=question, answer=answer) if arrow else WhyStep(question=text)


def _participants(text: str) -> list[Participant]:
    """`role: name, name` (the export), `name (role)` or `name — role`."""
    role, colon, names = text.partition(": ")
    if colon:
        role = "" if role == "role not recorded" else role
        return [
            Participant(name="" if n == "unnamed" else n, role=role)
            for n in (n.strip() for n in names.split(", "))
        ]
    match = re.match(r"^(.*?)\s*\((.*)\)$", text) or re.match(r"^(.*?)\s+[—–-]\s+(.*)$", text)
    if match:
        return [Participant(name=match.group(1), role=match.group(2))]
    return [Participant(name=text)]


def _evidence(text: str) -> Evidence:
    """`kind: text — link` as the export writes it."""
    link = ""
    match = re.search(r"(?:^| — )\x05([^\x05\x06]*)\x06$", text)
    if match:
        link = match.group(1)
        text = text[: match.start()]
    text = _plain(text)
    kind, colon, rest = text.partition(": ")
    if colon and kind in EVIDENCE_KINDS:
        return Evidence(kind=kind, text=rest, link=link)
    if text in EVIDENCE_KINDS:
        return Evidence(kind=text, link=link)
    return Evidence(kind="other", text=text, link=link)


# --- action items ----------------------------------------------------------------------------

_OPEN_COUNT = re.compile(r"^\d+ of \d+ open(?:, \d+ overdue on \S+)?\.$")
_ADDRESSES = re.compile(r"^Addresses factor \d+")
_ADDRESSES_LINE = "\x00addresses"  # an action's `Addresses ...` line until the factors are known
_FACTOR_NUMBER = re.compile(r"factor (\d+)")
_ADDRESSED_NUMBER = re.compile(r"(?:^Addresses |; )factor (\d+)")
_BOX = re.compile(r"^\[([ xX])\]\s+")
_FACTORS = re.compile(
    r"(?:addresses |for )?(?:contributing )?factors? "
    r"(\d+(?:(?:, | and |,)\d+)*)",
    re.IGNORECASE,
)
_MONTH_COMMA = re.compile(r"\b([A-Za-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?), (\d{4})")
_DUE = re.compile(r"^(?:due(?: date)?|by|deadline|until)[:\s]\s*(.+)$", re.IGNORECASE)
_OWNER = re.compile(r"^(?:owner|owned by|assignee|assigned to|who)[:\s]\s*(.+)$", re.IGNORECASE)
_PRIORITY = re.compile(r"^(?:(\w+) priority|priority[:\s]\s*(\w+))$", re.IGNORECASE)
_TICKET = re.compile(r"^(?:ticket|bug|issue|tracked in)[:\s]\s*(.+)$", re.IGNORECASE)


def _action(item: str, kind: str) -> ActionItem:
    """One checklist item: `[ ] text — owner, due 2024-05-01, high priority, <link>` (the
    export) or `[ ] text (owner, due 2024-05-01)`, `[x] text — @owner — by May 3, 2024`."""
    first, _, more = item.partition("\n\n")
    action = ActionItem(kind=kind)
    head, newline, last = first.rpartition("\n")
    addressed = _ADDRESSES.match(_plain(last)) if newline else None
    if addressed:  # `Addresses factor 1 (text); factor 2 (text).` on the item's last line
        first = head
    box = _BOX.match(_plain(first[:8]) if first.startswith("[") else first)
    if box:
        action.done = box.group(1) != " "
        first = first[box.end() :]
    action.text = _plain(first).strip()
    for text, details in _split_details(first):
        if _read_details(action, details):
            action.text = _plain(text).strip()
            break
    more_text = _plain(more)
    found = _FACTORS.fullmatch(more_text.strip().strip("()_.").strip())
    if addressed:  # numbers for now; read again against the factors' texts at the end
        action.factors = [int(n) for n in _ADDRESSED_NUMBER.findall(_plain(last))]
        action.extra[_ADDRESSES_LINE] = _plain(last)
    if found:
        action.factors = _factor_numbers(found.group(1))
    elif more_text:
        action.text = f"{action.text}\n\n{more_text}"
    return action


def _split_details(text: str) -> list[tuple[str, str]]:
    """Where the text may end and its details start, the likeliest first: after the last
    ` — ` (the export; `text — @owner — by May 3` when the part before names an owner), or
    in a final `(...)`."""
    candidates = []
    head, dash, tail = text.rpartition(" — ")
    if dash and head.strip():
        before, dash, owner = head.rpartition(" — ")
        probe = ActionItem()
        if dash and before.strip() and not _read_details(probe, tail, owner_first=False):
            candidates.append((before, f"{owner} — {tail}"))
        candidates.append((head, tail))
    match = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", text, re.DOTALL)
    if match and match.group(1).strip():
        candidates.append((match.group(1), match.group(2)))
    return candidates


def _read_details(action: ActionItem, details: str, *, owner_first: bool = True) -> bool:
    """Set owner, due date, priority, ticket and factors from the details; False (nothing set)
    when a part of them is not one of those."""
    details = _MONTH_COMMA.sub(r"\1 \2", details)
    factors: list[int] = []

    def take_factors(match: re.Match[str]) -> str:
        factors.extend(_factor_numbers(match.group(1)))
        return ""

    details = _FACTORS.sub(take_factors, details)
    parts = [p.strip() for p in re.split(r",|;| — ", details)]
    found: dict[str, Any] = {}
    if not owner_first:
        found["owner"] = None  # a bare word is not taken as the owner
    for part in (p for p in parts if p):
        if not _detail(found, part):
            return False
    if not owner_first:
        return "owner" in found and found["owner"] is not None
    if not found and not factors:
        return False
    action.owner = found.get("owner", "")
    action.due = found.get("due")
    action.priority = found.get("priority", "")
    action.ticket = found.get("ticket", "")
    action.factors = factors
    return True


def _detail(found: dict[str, Any], part: str) -> bool:
    plain = _plain(part).strip()
    lower = plain.lower()
    if lower in ("no owner", "no due date", "(overdue)", "overdue", "n/a"):
        found.setdefault("owner" if lower == "no owner" else "_", "")
        return True
    if lower.endswith("(overdue)"):
        plain = plain.removesuffix("(overdue)").strip()
        lower = plain.lower()
    link = re.fullmatch(r"\x05([^\x05\x06]*)\x06", part.strip())
    if link:
        found["ticket"] = link.group(1)
        return True
    due = _DUE.match(plain)
    if due or _parse_day(plain):
        day = _parse_day(due.group(1) if due else plain)
        if day is None:
            return False
        found["due"] = day
        return True
    priority = _PRIORITY.match(plain)
    if priority:
        value = (priority.group(1) or priority.group(2)).lower()
        if value not in PRIORITIES:
            return False
        found["priority"] = value
        return True
    ticket = _TICKET.match(plain)
    if ticket or re.fullmatch(r"[A-Z][A-Z0-9]+-\d+|#\d+", plain):
        found["ticket"] = ticket.group(1) if ticket else plain
        return True
    owner = _OWNER.match(plain)
    if owner or "owner" not in found:
        found["owner"] = (owner.group(1) if owner else plain).strip()
        return True
    if "ticket" not in found and not any(c.isspace() for c in plain):
        found["ticket"] = plain
        return True
    return False


def _addressed(line: str, factors: list[Factor]) -> list[int]:
    """The numbers in `Addresses factor 1 (text); factor 3 (text).`, each factor's own text
    skipped as the list holds it, so a `; factor 9` inside a text is not read as a number."""
    numbers: list[int] = []
    at = len("Addresses ")
    while match := _FACTOR_NUMBER.match(line, at):
        number = int(match.group(1))
        numbers.append(number)
        at = match.end()
        known = 1 <= number <= len(factors)
        texts = [" ".join(factors[number - 1].text.split())] if known else []
        for text in (*texts, "not in the list"):
            if line.startswith(f" ({text})", at):
                at += len(text) + 3
                break
        else:
            skipped = re.compile(r" \([^()]*\)").match(line, at)
            at = skipped.end() if skipped else at
        if not line.startswith("; ", at):
            break
        at += 2
    return numbers


def _factor_numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text) if int(n) >= 1]


_COLUMNS = {
    "text": ("action", "action item", "item", "task", "description", "what", "title"),
    "owner": ("owner", "assignee", "who", "owners", "assigned to"),
    "due": ("due", "due date", "deadline", "by", "date", "when"),
    "kind": ("type", "kind", "category"),
    "priority": ("priority",),
    "ticket": ("bug", "ticket", "issue", "link", "tracking"),
    "done": ("status", "done", "state"),
}
_COLUMN_OF = {name: column for column, names in _COLUMNS.items() for name in names}


def _table_actions(rows: list[list[str]], kind: str) -> list[ActionItem]:
    header = [_COLUMN_OF.get(_name(cell), "") for cell in rows[0]]
    if "text" not in header:
        header[header.index("")] = "text" if "" in header else header[0]
    actions = []
    for row in rows[1:]:
        action = ActionItem(kind=kind)
        extra: list[str] = []
        for column, label, cell in zip(header, rows[0], row, strict=False):
            value = _plain(cell).strip()
            if not value:
                continue
            if column == "text":
                action.text = value
            elif column == "owner":
                action.owner = value
            elif column == "due" and _parse_day(value):
                action.due = _parse_day(value)
            elif column == "kind" and _ACTION_KIND_NAMES.get(value.lower()) in ACTION_KINDS:
                action.kind = _ACTION_KIND_NAMES[value.lower()]
            elif column == "priority" and value.lower() in PRIORITIES:
                action.priority = value.lower()
            elif column == "ticket":
                action.ticket = "" if value.lower() in ("n/a", "none", "-") else value
            elif column == "done" and value.lower() in ("done", "closed", "complete", "yes", "x"):
                action.done = True
            elif column == "done" and value.lower() in ("open", "todo", "no", "in progress"):
                continue
            else:
                extra.append(f"{_plain(label).strip()}: {value}")
        if extra:
            action.text = "\n".join([action.text, *extra]).strip()
        actions.append(action)
    return actions


# --- the timeline ----------------------------------------------------------------------------

_CAPTION = re.compile(r"^Times in (\S+)(?: \(.*\))?(, this system's zone)?\.$")
_TIMES_IN = re.compile(r"^(?:all )?times (?:are )?(?:in )?(\S+?)\.?()$", re.IGNORECASE)
_TIME = r"(\d{1,2}:\d{2}(?::\d{2})?)"
_OFFSET = r"(?:\s*(UTC(?:[+-]\d{2}:\d{2})?|Z|[+-]\d{2}:?\d{2}))?"
_EVENT = re.compile(
    rf"^(?:(\d{{4}}-\d{{2}}-\d{{2}})[ T,]\s*)?{_TIME}{_OFFSET}\s*(?:—|–|-|:|\|)\s*(.*)$",
    re.DOTALL,
)
_UNKNOWN_TIME = re.compile(r"^time unknown — (.*)$", re.DOTALL)
_LINK_AT_END = re.compile(r" \(\x05([^\x05\x06]*)\x06\)$")
_MILESTONE = re.compile(r"^\x01(\w+):\x02 ", re.DOTALL)
_STRONG_AROUND_TIME = re.compile(r"^\x01([^\x01\x02]*)\x02")


class _TimelineReader:
    def __init__(self, pm: Postmortem) -> None:
        self.pm = pm
        self.day: date | None = pm.date
        self.unknown_day = False
        self.durations = False

    def read(self, block: _Block) -> bool:
        text = _plain(block.text).strip() if block.kind == "paragraph" else ""
        if block.kind == "paragraph":
            return self._paragraph(text)
        if block.kind == "list":
            if self.durations:
                return True  # the durations under the timeline: worked out again
            events = [self._event(i) for i in block.items]
            if not all(events):
                return False
            self.pm.timeline += [e for e in events if e is not None]
            return True
        if block.kind == "table" and len(block.rows) > 1:
            return self._table(block.rows)
        return False

    def _paragraph(self, text: str) -> bool:
        caption = _CAPTION.match(text) or _TIMES_IN.match(text)
        if caption:
            self._zone(caption.group(1), bool(caption.group(2)))
            return True
        if text == "Time unknown":
            self.unknown_day = True
            return True
        day = _parse_day(text)
        if day is not None:
            self.day, self.unknown_day = day, False
            return True
        if text.startswith("Durations"):
            self.durations = True
            return True
        return False

    def _zone(self, name: str, system: bool | str) -> None:
        if system:
            return
        name = "UTC" if name.upper() in ("UTC", "GMT", "Z") else name
        from .timezones import UnknownZoneError, zone_named

        try:
            zone_named(name)
        except UnknownZoneError:
            return
        self.pm.timezone = name

    def _event(self, item: str) -> TimelineEvent | None:
        first, _, more = item.partition("\n\n")
        strong = _STRONG_AROUND_TIME.match(first)
        if strong and _EVENT.match(strong.group(1) + " — x"):
            first = strong.group(1) + first[strong.end() :]
        unknown = _UNKNOWN_TIME.match(first)
        if unknown:
            event = self._described(unknown.group(1))
        else:
            match = _EVENT.match(first)
            if match is None:
                return None
            day_text, clock, offset, rest = match.groups()
            event = self._described(rest)
            day = date.fromisoformat(day_text) if day_text else self.day
            event.at = None if self.unknown_day else _at(day, clock, offset)
            if event.at is None and not self.unknown_day:
                event.event = f"{clock} {event.event}"  # no date known: keep the time as text
        if more:
            event.event = f"{event.event}\n\n{_plain(more)}"
        return event

    def _described(self, text: str) -> TimelineEvent:
        event = TimelineEvent()
        link = _LINK_AT_END.search(text)
        if link:
            event.link = link.group(1)
            text = text[: link.start()]
        milestone = _MILESTONE.match(text)
        if milestone and milestone.group(1).lower() in MILESTONES:
            event.milestone = milestone.group(1).lower()
            text = text[milestone.end() :]
        placeholder = re.match(r"^\x03no description\x04(?: \((.*)\))?$", text, re.DOTALL)
        if placeholder:  # the export's `_no description_`, perhaps with a link as text
            event.link = event.link or _plain(placeholder.group(1) or "")
            text = ""
        event.event = _plain(text)
        return event

    def _table(self, rows: list[list[str]]) -> bool:
        names = [_name(cell) for cell in rows[0]]
        when = next((i for i, n in enumerate(names) if n in ("time", "when", "timestamp")), None)
        if when is None:
            return False
        for row in rows[1:]:
            cells = [_plain(c).strip() for c in row]
            rest = [
                cells[i]
                if names[i] in ("event", "description", "what happened", "what")
                else f"{_plain(rows[0][i]).strip()}: {cells[i]}"
                for i in range(len(cells))
                if i != when and cells[i]
            ]
            event = self._event(
                f"{cells[when]} — {' '.join(rest) if len(rest) == 1 else chr(10).join(rest)}"
            )
            if event is None:
                return False
            self.pm.timeline.append(event)
        return True


def _at(day: date | None, clock: str, offset: str | None) -> datetime | None:
    if day is None:
        return None
    parts = [int(p) for p in clock.split(":")]
    hour, minute, second = parts[0], parts[1], parts[2] if len(parts) > 2 else 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    at = datetime(day.year, day.month, day.day, hour, minute, second)
    zone = _offset(offset) if offset else None
    return at.replace(tzinfo=zone) if zone is not None else at


def _offset(text: str) -> timezone | None:
    text = text.removeprefix("UTC")
    if text in ("", "Z"):
        return UTC
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text)
    if match is None:
        return None
    minutes = int(match.group(2)) * 60 + int(match.group(3))
    if minutes >= 24 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if match.group(1) == "-" else minutes))


def summary_line(result: MarkdownImport) -> str:
    """`2 section(s) placed (Incident summary → summary, Follow-ups → action items), 1 kept
    in the appendix (Detection)`: one line for a report."""
    placed = [p for p in result.placements if p.placed]
    kept = result.kept_in_appendix
    where = ", ".join(f"{p.heading} → {p.where}" for p in placed)
    line = f"{len(placed)} section(s) placed" + (f" ({where})" if where else "")
    if kept:
        line += f", {len(kept)} kept in the appendix ({', '.join(p.heading for p in kept)})"
    return line


__all__ = [
    "MarkdownImport",
    "NotAPostmortemError",
    "Placement",
    "import_markdown",
    "summary_line",
]
