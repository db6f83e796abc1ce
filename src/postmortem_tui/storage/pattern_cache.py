"""The review's patterns kept compiled beside the index (`.review-patterns.bin`).

Compiling the review's ~50 patterns costs ~1-2 ms each, every run; built from the code `re`
generated before (see `core.regex_forms`) one costs ~0.05 ms. The file is one line of JSON
(the stamp, the code's size, and each pattern's source with where its code starts, its length
and its groups) then the code of every pattern as 32-bit integers. It is a cache: deleting it
loses nothing, a stale one (another Python, other rules) is rebuilt, and a damaged one is
ignored and rebuilt (`_sre` checks each pattern's code when it builds it).
"""

from __future__ import annotations

import contextlib
import json
import os

from ..core.regex_forms import (
    Form,
    derived_sources,
    form_of,
    forms_version,
    use_derived_sources,
    use_forms,
)
from ..core.review_rules import RulesDataError, compile_rules, rules_file_stamp
from .workspace import SaveError, read_regular_file, write_atomically

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from ..core.review_config import ReviewConfig

#: The compiled patterns, a cache beside the index: deleting it loses nothing.
PATTERNS_CACHE = ".review-patterns.bin"
_FORMAT = "review-patterns 1"


class _Kept:
    """The forms read from the cache file, unpacked one at a time when asked for."""

    def __init__(self, entries: dict[str, list[Any]], code: memoryview) -> None:
        self.entries = entries
        self.code = code.cast("I")

    def __call__(self, source: str) -> Form | None:
        entry = self.entries.get(source)
        if entry is None:
            return None
        try:
            start, length, flags, groups, names, by_number = entry
            code = self.code[start : start + length].tolist()
            if len(code) != length:
                return None
            return (flags, code, groups, dict(names), tuple(by_number))
        except (ValueError, TypeError):
            return None


def use_kept_patterns_for(workspace_root: Path, config: ReviewConfig) -> None:
    """Build the review's patterns for `config` from the forms kept beside the index (see
    `use_kept_patterns`); the stamp names the rules file and the workspace's own phrases."""
    stamp = rules_file_stamp(config.language)
    if stamp is None:
        return
    phrases = json.dumps([config.blame_phrases, config.vague_phrases])

    def sources() -> list[str]:
        try:
            book = compile_rules(config.language, config.blame_phrases, config.vague_phrases)
        except RulesDataError:
            return []
        return book.all_sources()

    use_kept_patterns(workspace_root, f"{stamp}|{phrases}", sources)


def use_kept_patterns(workspace_root: Path, stamp: str, sources: Callable[[], list[str]]) -> None:
    """Build the review's patterns from the forms kept beside the index when they were kept
    for `stamp` (the rules and the workspace's phrases); otherwise compute the forms of
    `sources()` and keep them (when the workspace can be written)."""
    version = forms_version()
    if version is None:
        return
    stamp = f"{_FORMAT}|{version}|{stamp}"
    path = workspace_root / PATTERNS_CACHE
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, RecursionError):
        kept = _read(read_regular_file(path), stamp)
        if kept is not None:
            use_forms(kept)
            return
    if not os.access(workspace_root, os.W_OK):
        return  # computing forms costs as much as compiling: only worth it when kept
    from array import array  # here: only a run that writes the file needs it

    if array("I").itemsize != 4:
        return
    entries: dict[str, list[Any]] = {}
    code = array("I")
    for source in dict.fromkeys(sources()):
        form = form_of(source)
        if form is None:
            continue
        flags, words, groups, names, by_number = form
        try:
            packed = array("I", words)
        except OverflowError:  # a code word this array cannot hold: compile that one
            continue
        entries[source] = [len(code), len(words), flags, groups, names, list(by_number)]
        code.extend(packed)
    blob = code.tobytes()
    header = json.dumps(
        {"stamp": stamp, "size": len(blob), "patterns": entries, "derived": derived_sources()},
        separators=(",", ":"),
    )
    with contextlib.suppress(SaveError, OSError):
        write_atomically(path, header.encode("utf-8") + b"\n" + blob)
    use_forms(_Kept(entries, memoryview(blob)))


def _read(data: bytes, stamp: str) -> _Kept | None:
    end = data.index(b"\n")
    header = json.loads(data[:end])
    if header["stamp"] != stamp or not isinstance(header["patterns"], dict):
        return None
    code = memoryview(data)[end + 1 :]
    if len(code) != header["size"] or len(code) % 4 or not isinstance(header["derived"], dict):
        return None
    use_derived_sources({str(k): str(v) for k, v in header["derived"].items()})
    return _Kept(header["patterns"], code)
