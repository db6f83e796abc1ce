"""A workspace's review settings: the `[review]` table of `<workspace>/postmortem.toml`.

```toml
[review]
language = "en"                      # which word lists to use
disable = ["summary-too-long"]       # rule ids to skip
names = ["Sam", "Dana"]              # people, besides participants, authors and owners
blame_phrases = ["cowboy deploy"]    # extra blame phrases (plain text)
vague_phrases = ["circle back"]      # extra vague action phrases (plain text)
review_min_days = 14                 # the follow-up review window after the incident
review_max_days = 28

[review.severity]
action-no-due = "hint"               # error | warning | hint
```
Parsing lives here; reading the file is `storage.review_settings.load_review_config`.
Anything wrong raises `ReviewConfigError` naming the key.
"""

from __future__ import annotations

from .record import FrozenRecord, set_field
from .review_rules import SEVERITY_LEVELS, RulesDataError, compile_rules
from .team_sections import SectionSpec, TemplateError, parse_team_template

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path
    from typing import Any

_TEXT_LISTS = ("disable", "names", "blame_phrases", "vague_phrases")
_DAYS = ("review_min_days", "review_max_days")
_KEYS = ("language", *_TEXT_LISTS, *_DAYS, "severity")


class ReviewConfigError(ValueError):
    """`postmortem.toml` cannot be used; the message names the file and the key."""


class ReviewConfig(FrozenRecord):
    """What a workspace changes about the review; the defaults change nothing."""

    __slots__ = (  # noqa: RUF023 (field order)
        "language",
        "disabled",
        "severities",
        "names",
        "blame_phrases",
        "vague_phrases",
        "review_min_days",
        "review_max_days",
        "required_sections",
    )
    language: str
    disabled: frozenset[str]
    severities: Mapping[str, str]
    names: tuple[str, ...]
    blame_phrases: tuple[str, ...]
    vague_phrases: tuple[str, ...]
    review_min_days: int | None
    review_max_days: int | None
    #: The workspace's own sections that must not be left empty (`[[sections]]`).
    required_sections: tuple[SectionSpec, ...]

    def __init__(
        self,
        language: str = "en",
        disabled: frozenset[str] = frozenset(),
        severities: Mapping[str, str] | None = None,
        names: tuple[str, ...] = (),
        blame_phrases: tuple[str, ...] = (),
        vague_phrases: tuple[str, ...] = (),
        review_min_days: int | None = None,
        review_max_days: int | None = None,
        required_sections: tuple[SectionSpec, ...] = (),
    ) -> None:
        set_field(self, "language", language)
        set_field(self, "disabled", disabled)
        set_field(self, "severities", {} if severities is None else severities)
        set_field(self, "names", names)
        set_field(self, "blame_phrases", blame_phrases)
        set_field(self, "vague_phrases", vague_phrases)
        set_field(self, "review_min_days", review_min_days)
        set_field(self, "review_max_days", review_max_days)
        set_field(self, "required_sections", required_sections)


def _fail(path: Path, key: str, reason: str) -> ReviewConfigError:
    return ReviewConfigError(f"{path}: {key}: {reason}")


def _text_list(value: Any, path: Path, key: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(path, key, "expected a list of strings")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise _fail(path, f"{key}[{i}]", "expected a non-empty string")
    return tuple(item.strip() for item in value)


def _days(value: Any, path: Path, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365:
        raise _fail(path, key, "expected a whole number of days from 0 to 365")
    return value


def parse_review_config(data: Mapping[str, Any], path: Path) -> ReviewConfig:
    """Validate a parsed `postmortem.toml`; other top-level tables are left to their owners."""
    table = data.get("review", {})
    if not isinstance(table, dict):
        raise _fail(path, "review", "expected a table ([review])")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise _fail(path, f"review.{unknown[0]}", f"unknown key (known: {', '.join(_KEYS)})")

    language = table.get("language", "en")
    if not isinstance(language, str):
        raise _fail(path, "review.language", "expected a string")
    try:
        known_rules = tuple(compile_rules(language).rules)
    except RulesDataError as error:
        raise _fail(path, "review.language", str(error)) from None

    lists = {key: _text_list(table.get(key, []), path, f"review.{key}") for key in _TEXT_LISTS}
    for i, rule_id in enumerate(lists["disable"]):
        if rule_id not in known_rules:
            raise _fail(path, f"review.disable[{i}]", f"unknown rule {rule_id!r}")

    severities = table.get("severity", {})
    if not isinstance(severities, dict):
        raise _fail(path, "review.severity", "expected a table ([review.severity])")
    for rule_id, level in severities.items():
        key = f"review.severity.{rule_id}"
        if rule_id not in known_rules:
            raise _fail(path, key, f"unknown rule {rule_id!r}")
        if level not in SEVERITY_LEVELS:
            raise _fail(path, key, f"expected one of {' | '.join(SEVERITY_LEVELS)}")

    days = {key: _days(table[key], path, f"review.{key}") for key in _DAYS if key in table}
    low, high = days.get("review_min_days"), days.get("review_max_days")
    if low is not None and high is not None and low > high:
        raise _fail(path, "review.review_min_days", "must not be more than review_max_days")

    try:
        template = parse_team_template(data, path)
    except TemplateError as error:
        raise ReviewConfigError(str(error)) from None

    return ReviewConfig(
        language=language,
        disabled=frozenset(lists["disable"]),
        severities=dict(severities),
        names=lists["names"],
        blame_phrases=lists["blame_phrases"],
        vague_phrases=lists["vague_phrases"],
        review_min_days=low,
        review_max_days=high,
        required_sections=tuple(s for s in template.sections if s.required),
    )
