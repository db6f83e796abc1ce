"""A cache of each postmortem's listing summary, so a big workspace opens without parsing
every file.

Entries are keyed by file name and checked against the file's size, mtime, ctime and inode on
every read: any difference means the file is parsed again. Files changed within the last
couple of seconds are never cached, because a second edit in the same timestamp tick could
go unseen. The cache is only ever a shortcut: deleting it loses nothing.
"""

from __future__ import annotations

import contextlib
import json
import time
from datetime import date

from ..core.model import CalendarDate
from ..core.record import FrozenRecord, set_field
from .workspace import (
    PostmortemFileError,
    SaveError,
    Workspace,
    file_stamp,
    load,
    write_atomically,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any, TypeVar

    T = TypeVar("T")

INDEX_FILE = ".index.json"
INDEX_VERSION = 1
_RACY_SECONDS = 2.0


class PostmortemSummary(FrozenRecord):
    """What the browser and `list` show of one file, without the rest of the postmortem;
    `broken` holds the reason when the file does not load."""

    __slots__ = (  # noqa: RUF023 (field order)
        "id",
        "path",
        "title",
        "date",
        "severity",
        "status",
        "format",
        "open_action_dues",
        "broken",
    )
    id: str
    path: Path
    title: str
    date: CalendarDate | None
    severity: str
    status: str
    format: str
    #: due dates of the open action items (None where there is no due date)
    open_action_dues: tuple[CalendarDate | None, ...]
    broken: str

    def __init__(
        self,
        id: str,
        path: Path,
        title: str = "",
        date: CalendarDate | None = None,
        severity: str = "",
        status: str = "",
        format: str = "",
        open_action_dues: tuple[CalendarDate | None, ...] = (),
        broken: str = "",
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "path", path)
        set_field(self, "title", title)
        set_field(self, "date", date)
        set_field(self, "severity", severity)
        set_field(self, "status", status)
        set_field(self, "format", format)
        set_field(self, "open_action_dues", open_action_dues)
        set_field(self, "broken", broken)

    @property
    def open_actions(self) -> int:
        return len(self.open_action_dues)

    def overdue_actions(self, today: CalendarDate) -> int:
        return sum(1 for due in self.open_action_dues if due is not None and due < today)


def _summarise(path: Path) -> PostmortemSummary:
    try:
        pm = load(path).postmortem
    except PostmortemFileError as error:
        reason = f"line {error.line}: {error.reason}" if error.line else error.reason
        return PostmortemSummary(id=path.stem, path=path, broken=reason)
    return PostmortemSummary(
        id=path.stem,
        path=path,
        title=pm.title,
        date=pm.date,
        severity=pm.severity,
        status=pm.status,
        format=pm.format,
        open_action_dues=tuple(a.due for a in pm.open_actions()),
    )


def _to_json(summary: PostmortemSummary) -> dict[str, Any]:
    return {
        "title": summary.title,
        "date": summary.date.isoformat() if summary.date else None,
        "severity": summary.severity,
        "status": summary.status,
        "format": summary.format,
        "open_action_dues": [d.isoformat() if d else None for d in summary.open_action_dues],
        "broken": summary.broken,
    }


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _optional_date(value: object) -> date | None:
    return date.fromisoformat(_text(value)) if value else None


def _from_json(path: Path, data: dict[str, Any]) -> PostmortemSummary:
    """An entry as the index keeps it; a `ValueError`, `TypeError` or `KeyError` for anything
    this module did not write (the entry is then read from the file again)."""
    dues = data["open_action_dues"]
    if not isinstance(dues, list):
        raise TypeError("not a list")
    return PostmortemSummary(
        id=path.stem,
        path=path,
        title=_text(data["title"]),
        date=_optional_date(data["date"]),
        severity=_text(data["severity"]),
        status=_text(data["status"]),
        format=_text(data["format"]),
        open_action_dues=tuple(_optional_date(d) for d in dues),
        broken=_text(data["broken"]),
    )


def read_cache_entries(path: Path, version: int) -> dict[str, Any]:
    """A per-file cache's entries by file name; empty when it is missing, damaged or of
    another version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("version") != version:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def per_file_cached(
    workspace: Workspace,
    cache_name: str,
    version: int,
    key: str,
    read: Callable[[Path], T],
    to_json: Callable[[T], dict[str, Any]],
    from_json: Callable[[Path, dict[str, Any]], T],
    *,
    use_cache: bool = True,
    ensure_ascii: bool = True,
) -> list[T]:
    """What `read` gives for every file of the workspace, in the order of `files()`, taken
    from the cache `cache_name` (entries `{"stamp": ..., key: to_json(value)}`) for each
    file whose stamp is unchanged, else read again; the cache is rewritten when it changed.
    A file changed in the last `_RACY_SECONDS` is never cached: its stamp may not show a
    change made within the same tick."""
    cache_path = workspace.root / cache_name
    cached = read_cache_entries(cache_path, version) if use_cache else {}
    now = time.time()
    fresh: dict[str, Any] = {}
    result = []
    changed = False
    for path in workspace.files():
        try:
            stat = path.stat()
        except OSError:
            continue
        stamp = list(file_stamp(stat))  # a list: as JSON reads it back
        entry = cached.get(path.name)
        value = None
        if isinstance(entry, dict) and entry.get("stamp") == stamp:
            with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
                value = from_json(path, entry[key])
        if value is None:
            value = read(path)
            changed = True
            entry = {"stamp": stamp, key: to_json(value)}
        result.append(value)
        if now - stat.st_mtime > _RACY_SECONDS:
            fresh[path.name] = entry  # as read (only a changed file is converted again)
        else:
            changed = True
    if use_cache and (changed or len(fresh) != len(cached)):
        payload = json.dumps(
            {"version": version, "entries": fresh},
            separators=(",", ":"),
            ensure_ascii=ensure_ascii,
        )
        with contextlib.suppress(SaveError, OSError, UnicodeEncodeError):
            write_atomically(cache_path, payload.encode("utf-8"))
    return result


def summaries(workspace: Workspace, *, use_cache: bool = True) -> list[PostmortemSummary]:
    """A summary of every file in the workspace, parsing only files the cache cannot vouch for."""
    return per_file_cached(
        workspace,
        INDEX_FILE,
        INDEX_VERSION,
        "summary",
        _summarise,
        _to_json,
        _from_json,
        use_cache=use_cache,
    )
