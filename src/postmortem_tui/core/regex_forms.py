"""Regular expressions built from a kept compiled form instead of compiled again. Pure.

Compiling the review's patterns costs ~1-2 ms each in CPython's `re` (parsing and code
generation are Python), more than the rest of a `postmortem lint` of one file. The code `re`
generates is a list of integers; `storage.pattern_cache` keeps it beside the index, and
`compile_pattern` hands it to `_sre.compile` (~0.05 ms), the last step of `re.compile`.

The forms are an internal of CPython's `re`: they are kept per interpreter version
(`forms_version`), checked by `_sre` itself when built (bad code raises, it does not crash),
and anything unexpected falls back to `re.compile`, so a wrong or missing form costs time,
never a result.
"""

from __future__ import annotations

import re
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

#: A pattern's compiled form: flags, code, group count, group names, names by group number.
Form = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_forms: Callable[[str], Form | None] | None = None
#: Pattern sources built in Python from word lists (a gate's trie costs ~2 ms to build), by
#: a key naming what they were built from; kept beside the index with the forms.
_derived: dict[str, str] = {}


def use_forms(loader: Callable[[str], Form | None] | None) -> None:
    """Build patterns from the forms `loader` returns for a source (None: compile it)."""
    global _forms
    _forms = loader


def derived_source(key: str) -> str | None:
    """A pattern source built before from what `key` names, or None."""
    return _derived.get(key)


def keep_derived_source(key: str, source: str) -> None:
    _derived[key] = source


def derived_sources() -> dict[str, str]:
    """Every source built from word lists so far (to keep them)."""
    return dict(_derived)


def use_derived_sources(sources: dict[str, str]) -> None:
    """Sources built before (read from where they were kept)."""
    _derived.update(sources)


def compile_pattern(source: str) -> re.Pattern[str]:
    """`re.compile(source)`, from its kept form when there is one."""
    if _forms is not None:
        form = _forms(source)
        if form is not None:
            pattern = from_form(source, form)
            if pattern is not None:
                return pattern
    return re.compile(source)


def forms_version() -> str | None:
    """What the forms depend on: the interpreter and its `_sre` (None: no forms here)."""
    sre: Any = sys.modules.get("_sre")
    if sys.implementation.name != "cpython" or sre is None:
        return None
    return f"{sys.version}|{getattr(sre, 'MAGIC', '?')}|{getattr(sre, 'CODESIZE', '?')}"


def form_of(source: str) -> Form | None:
    """The compiled form of `source`, or None when this interpreter cannot give one."""
    if forms_version() is None:
        return None
    try:
        parser: Any = sys.modules["re._parser"]
        compiler: Any = sys.modules["re._compiler"]
        parsed = parser.parse(source, 0)
        code = [int(op) for op in compiler._code(parsed, 0)]
        names = {str(name): int(n) for name, n in parsed.state.groupdict.items()}
        by_number: list[str | None] = [None] * parsed.state.groups
        for name, n in names.items():
            by_number[n] = name
        return (int(parsed.state.flags), code, parsed.state.groups - 1, names, tuple(by_number))
    except Exception:  # an interpreter whose `re` is built otherwise: compile as usual
        return None


def from_form(source: str, form: Form) -> re.Pattern[str] | None:
    """The pattern `source` built from `form`, or None when the form does not fit."""
    try:
        sre: Any = sys.modules["_sre"]
        flags, code, groups, names, by_number = form
        pattern = sre.compile(source, flags, code, groups, names, tuple(by_number))
    except Exception:  # a form from elsewhere or damaged: `_sre` checked it and refused
        return None
    return pattern if isinstance(pattern, re.Pattern) else None
