"""A team's own template: extra sections declared in the workspace's `postmortem.toml`, and
their text in each postmortem.

```toml
[[sections]]
id = "customer_communication"       # letters, digits, _ and -; the key in each postmortem
title = "Customer communication"    # the heading in the editor and the exports
prompt = "What did we tell customers, when, and where?"   # the empty field's placeholder
required = true                     # the review reports it left empty (empty-team-section)
formats = ["full"]                  # which formats show it (default: both)

[template]
full = ["summary", "impact", "timeline"]   # the built-in sections the full format shows
quick = ["summary", "timeline"]            # (default: all of them)
```

In a postmortem file the text is kept under `[sections.<id>]` with the title it was written
under (`title`, `text`), so exports read the same without the workspace's settings, and a
section the workspace no longer declares is kept, shown and exported, never dropped.
Parsing raises `TemplateError` naming the key; `storage.review_settings` reads the file.
"""

from __future__ import annotations

import re

from .record import FrozenRecord, set_field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path
    from typing import Any

    from .model import Postmortem

#: The key under which a postmortem keeps its team sections (a table of tables by id).
SECTIONS_KEY = "sections"
#: The built-in sections a format can show or hide, as `[template]` names them.
BUILT_IN_SECTIONS = (
    "summary",
    "impact",
    "timeline",
    "root_cause",
    "factors",
    "lessons",
    "actions",
    "appendix",
)
_SECTION_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
_SECTION_KEYS = ("id", "title", "prompt", "required", "formats")
_FORMATS = ("full", "quick")
_MAX_TITLE = 200
_MAX_PROMPT = 1_000


class TemplateError(ValueError):
    """The template part of `postmortem.toml` cannot be used; the message names the key."""


class SectionSpec(FrozenRecord):
    """One extra section a workspace declares."""

    __slots__ = ("id", "title", "prompt", "required", "formats")  # noqa: RUF023 (field order)
    id: str
    title: str
    prompt: str
    required: bool
    formats: tuple[str, ...]

    def __init__(
        self,
        id: str,
        title: str,
        prompt: str = "",
        required: bool = False,
        formats: tuple[str, ...] = _FORMATS,
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "title", title)
        set_field(self, "prompt", prompt)
        set_field(self, "required", required)
        set_field(self, "formats", formats)


class TeamTemplate(FrozenRecord):
    """The extra sections, in order, and the built-in sections each format shows."""

    __slots__ = ("sections", "shown")
    sections: tuple[SectionSpec, ...]
    #: format -> the built-in sections it shows (every one when the format is not named).
    shown: Mapping[str, tuple[str, ...]]

    def __init__(
        self,
        sections: tuple[SectionSpec, ...] = (),
        shown: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        set_field(self, "sections", sections)
        set_field(self, "shown", {} if shown is None else shown)

    def for_format(self, format_name: str) -> tuple[SectionSpec, ...]:
        return tuple(s for s in self.sections if format_name in s.formats)

    def shows(self, format_name: str, built_in: str) -> bool:
        shown = self.shown.get(format_name)
        return shown is None or built_in in shown


def _fail(path: Path, key: str, reason: str) -> TemplateError:
    return TemplateError(f"{path}: {key}: {reason}")


def _text(value: Any, path: Path, key: str, limit: int, *, blank_ok: bool) -> str:
    if not isinstance(value, str):
        raise _fail(path, key, "expected a string")
    text = " ".join(value.split())
    if not text and not blank_ok:
        raise _fail(path, key, "expected a non-empty string")
    if len(text) > limit:
        raise _fail(path, key, f"longer than {limit} characters")
    return text


def _formats(value: Any, path: Path, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(path, key, f"expected a list of formats ({' | '.join(_FORMATS)})")
    for i, item in enumerate(value):
        if item not in _FORMATS:
            raise _fail(path, f"{key}[{i}]", f"expected one of {' | '.join(_FORMATS)}")
    return tuple(value)


def _section(table: Any, path: Path, key: str) -> SectionSpec:
    if not isinstance(table, dict):
        raise _fail(path, key, "expected a table ([[sections]])")
    unknown = sorted(set(table) - set(_SECTION_KEYS))
    if unknown:
        known = ", ".join(_SECTION_KEYS)
        raise _fail(path, f"{key}.{unknown[0]}", f"unknown key (known: {known})")
    for required in ("id", "title"):
        if required not in table:
            raise _fail(path, f"{key}.{required}", "missing required key")
    section_id = table["id"]
    if not isinstance(section_id, str) or not _SECTION_ID.fullmatch(section_id):
        reason = "expected a letter, then letters, digits, _ or - (at most 64)"
        raise _fail(path, f"{key}.id", reason)
    required_flag = table.get("required", False)
    if not isinstance(required_flag, bool):
        raise _fail(path, f"{key}.required", "expected true or false")
    return SectionSpec(
        id=section_id,
        title=_text(table["title"], path, f"{key}.title", _MAX_TITLE, blank_ok=False),
        prompt=_text(table.get("prompt", ""), path, f"{key}.prompt", _MAX_PROMPT, blank_ok=True),
        required=required_flag,
        formats=_formats(table["formats"], path, f"{key}.formats")
        if "formats" in table
        else _FORMATS,
    )


def parse_team_template(data: Mapping[str, Any], path: Path) -> TeamTemplate:
    """Validate the `[[sections]]` and `[template]` of a parsed `postmortem.toml`; other
    tables are left to their owners (`[review]`: `core.review_config`)."""
    raw = data.get("sections", [])
    if not isinstance(raw, list):
        raise _fail(path, "sections", "expected a list of tables ([[sections]])")
    sections = tuple(_section(table, path, f"sections[{i}]") for i, table in enumerate(raw))
    seen: set[str] = set()
    for i, spec in enumerate(sections):
        if spec.id.lower() in seen:
            raise _fail(path, f"sections[{i}].id", f"{spec.id!r} is declared twice")
        seen.add(spec.id.lower())

    table = data.get("template", {})
    if not isinstance(table, dict):
        raise _fail(path, "template", "expected a table ([template])")
    unknown = sorted(set(table) - set(_FORMATS))
    if unknown:
        raise _fail(path, f"template.{unknown[0]}", "unknown key (known: full, quick)")
    shown: dict[str, tuple[str, ...]] = {}
    for name, value in table.items():
        if not isinstance(value, list):
            raise _fail(path, f"template.{name}", "expected a list of section names")
        for i, item in enumerate(value):
            if item not in BUILT_IN_SECTIONS:
                known = ", ".join(BUILT_IN_SECTIONS)
                raise _fail(path, f"template.{name}[{i}]", f"unknown section (known: {known})")
        shown[name] = tuple(value)
    return TeamTemplate(sections=sections, shown=shown)


# --- the text of the sections in a postmortem ------------------------------------------------


class SectionText(FrozenRecord):
    """One team section's text as a postmortem holds it."""

    __slots__ = ("id", "title", "text")  # noqa: RUF023 (field order)
    id: str
    title: str
    text: str

    def __init__(self, id: str, title: str, text: str) -> None:
        set_field(self, "id", id)
        set_field(self, "title", title)
        set_field(self, "text", text)


def section_texts(pm: Postmortem) -> list[SectionText]:
    """The team sections a postmortem holds, in the file's order; entries that are not a
    table with text are skipped here (and kept in the file as they are)."""
    table = pm.extra.get(SECTIONS_KEY)
    if not isinstance(table, dict):
        return []
    out = []
    for section_id, entry in table.items():
        if not isinstance(entry, dict):
            continue
        text, title = entry.get("text", ""), entry.get("title", "")
        if not isinstance(text, str) or not isinstance(title, str):
            continue
        out.append(SectionText(str(section_id), title or _title_of(str(section_id)), text))
    return out


def section_text(pm: Postmortem, section_id: str) -> str:
    return next((s.text for s in section_texts(pm) if s.id == section_id), "")


def set_section_text(
    pm: Postmortem, spec: SectionSpec, text: str, *, order: Sequence[str] = ()
) -> None:
    """Keep `text` for the section (blank text removes the entry; other keys of it stay).
    `order`: the template's section ids; the file keeps its sections in that order (any it
    does not name after them, as they were), so the exports show them in the template's."""
    table = pm.extra.get(SECTIONS_KEY)
    if not isinstance(table, dict):
        if not text.strip():
            return
        table = pm.extra[SECTIONS_KEY] = {}
    entry = table.get(spec.id)
    entry = dict(entry) if isinstance(entry, dict) else {}
    if text.strip():
        entry.update({"title": spec.title, "text": text})
        table[spec.id] = {"title": entry.pop("title"), "text": entry.pop("text"), **entry}
    else:
        entry.pop("text", None)
        entry.pop("title", None)
        if entry:
            table[spec.id] = entry
        else:
            table.pop(spec.id, None)
    if not table:
        pm.extra.pop(SECTIONS_KEY, None)
    elif order:
        rank = {section_id: n for n, section_id in enumerate(order)}
        ordered = sorted(table, key=lambda key: rank.get(key, len(rank)))
        if ordered != list(table):
            pm.extra[SECTIONS_KEY] = {key: table[key] for key in ordered}


def ordered_sections(pm: Postmortem, specs: tuple[SectionSpec, ...]) -> list[SectionText]:
    """The declared sections in the template's order (with their text, "" when none), then
    any the postmortem holds that the template does not declare."""
    held = {s.id: s for s in section_texts(pm)}
    out = [SectionText(s.id, s.title, held[s.id].text if s.id in held else "") for s in specs]
    declared = {s.id for s in specs}
    return out + [s for s in held.values() if s.id not in declared]


def _title_of(section_id: str) -> str:
    words = section_id.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


__all__ = [
    "BUILT_IN_SECTIONS",
    "SECTIONS_KEY",
    "SectionSpec",
    "SectionText",
    "TeamTemplate",
    "TemplateError",
    "ordered_sections",
    "parse_team_template",
    "section_text",
    "section_texts",
    "set_section_text",
]
