"""How big a postmortem may be: the one table of limits, for loading, typing and saving alike.

Whatever is saved must load again, so the loader (`model.from_dict`, `storage.workspace`),
the editor's fields (which take no more than a field may hold) and the save path (which
refuses to write a file the loader would refuse) all read their limits from here.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import Any

#: A single text larger than this is refused: it is a pasted log, not prose.
MAX_FIELD_CHARS = 1_000_000
#: A postmortem file larger than this many bytes is refused.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: The largest count or number of minutes a postmortem holds (a million years of minutes is
#: beyond any incident, and keeps every duration within what a `timedelta` can hold).
MAX_WHOLE_NUMBER = 10**12
#: Values nested deeper than this (lists in lists, tables in tables) are refused on load:
#: a postmortem needs five levels, and the TOML writer recurses once per level.
MAX_NESTING = 32

__all__ = [
    "MAX_FIELD_CHARS",
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "MAX_WHOLE_NUMBER",
    "file_too_large",
    "text_too_long",
    "too_long_text",
]


def text_too_long(length: int) -> str:
    """Why a text of `length` characters is refused."""
    return f"text is too long ({length:,} characters, limit {MAX_FIELD_CHARS:,})"


def file_too_large(size: int) -> str:
    """Why a file of `size` bytes is refused."""
    mib = MAX_FILE_BYTES // (1024 * 1024)
    return f"file is too large ({size / 1024 / 1024:.1f} MiB, limit {mib} MiB)"


def too_long_text(data: dict[str, Any]) -> tuple[str, int] | None:
    """The path (`timeline[3].event`) and length of the first text in TOML-ready `data`
    longer than MAX_FIELD_CHARS, or None when every text fits."""
    stack: list[tuple[str, Any]] = [(key, value) for key, value in data.items()]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if len(value) > MAX_FIELD_CHARS:
                return path, len(value)
        elif isinstance(value, dict):
            stack.extend((f"{path}.{key}", item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(value))
    return None
