"""Drafts: a typed value that was refused, kept as text under `draft_<field>` in an `extra`
mapping (an item's, the impact table's or the postmortem's) so that no keystroke is lost.

The keys are part of the file format (docs/file-format.md, "Drafts kept on exit"): a draft is
shown again, with its reason, the next time the field is edited, and removed once a good
value is typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import Any

DRAFT_PREFIX = "draft_"


def draft_key(field: str) -> str:
    """The `extra` key of `field`'s draft: `draft_<field>`."""
    return DRAFT_PREFIX + field


def keep_draft(extra: MutableMapping[str, Any], field: str, typed: str | None) -> bool:
    """Keep refused `typed` text as `field`'s draft, or drop the draft for None.

    Returns whether `extra` changed, so the caller knows to save.
    """
    key = draft_key(field)
    if typed is None:
        return extra.pop(key, None) is not None
    if extra.get(key) == typed:
        return False
    extra[key] = typed
    return True


def read_draft(extra: Mapping[str, Any], field: str) -> str | None:
    """`field`'s draft text, or None when there is none (or the key holds no text)."""
    text = extra.get(draft_key(field))
    return text if isinstance(text, str) else None


def without_drafts(extra: Mapping[str, Any], fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A copy of `extra` without the drafts of `fields` (of every field when None)."""
    if fields is None:
        return {k: v for k, v in extra.items() if not k.startswith(DRAFT_PREFIX)}
    drop = {draft_key(f) for f in fields}
    return {k: v for k, v in extra.items() if k not in drop}


__all__ = ["DRAFT_PREFIX", "draft_key", "keep_draft", "read_draft", "without_drafts"]
