"""A second cache beside the index: each postmortem's texts for search and its facts for
the figures (`postmortem stats`, the trends screen), kept in `.details.json`.

Apart from `.index.json` on purpose: the texts make it many times larger, and the browser's
first frame reads only the index; this file is read when a search or the figures need it.
Entries are checked against the file's stamp as the index's are (size, mtime, ctime,
inode), files changed in the last couple of seconds are never cached, and deleting the file
loses nothing.
"""

from __future__ import annotations

from datetime import date

from ..core.record import FrozenRecord, set_field
from ..core.search import SearchDocument, search_document
from ..core.stats import TIMES, IncidentFacts, incident_facts
from .index import per_file_cached
from .workspace import PostmortemFileError, Workspace, load

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

DETAILS_FILE = ".details.json"
DETAILS_VERSION = 2


class PostmortemDetails(FrozenRecord):
    """One file's search document and facts, or `broken` with the reason it does not load."""

    __slots__ = ("id", "path", "document", "facts", "broken")  # noqa: RUF023
    id: str
    path: Path
    document: SearchDocument | None
    facts: IncidentFacts | None
    broken: str

    def __init__(
        self,
        id: str,
        path: Path,
        document: SearchDocument | None = None,
        facts: IncidentFacts | None = None,
        broken: str = "",
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "path", path)
        set_field(self, "document", document)
        set_field(self, "facts", facts)
        set_field(self, "broken", broken)


def _read(path: Path) -> PostmortemDetails:
    try:
        pm = load(path).postmortem
    except PostmortemFileError as error:
        reason = f"line {error.line}: {error.reason}" if error.line else error.reason
        return PostmortemDetails(id=path.stem, path=path, broken=reason)
    return PostmortemDetails(
        id=path.stem,
        path=path,
        document=search_document(pm, path.stem),
        facts=incident_facts(pm),
    )


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _to_json(details: PostmortemDetails) -> dict[str, Any]:
    doc, facts = details.document, details.facts
    if doc is None or facts is None:
        return {"broken": details.broken}
    return {
        "title": doc.title,
        "date": _day(doc.date),
        "severity": doc.severity,
        "status": doc.status,
        "tags": list(doc.tags),
        "owners": list(doc.owners),
        "text": doc.text,
        "factors": list(facts.factors),
        "times": list(facts.times),
        "actions": [[done, _day(due)] for done, due in facts.actions],
    }


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return tuple(_text(v) for v in value)


def _optional_day(value: object) -> date | None:
    return date.fromisoformat(_text(value)) if value is not None else None


def _seconds(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError("not a number")
    return float(value)


def _from_json(path: Path, data: dict[str, Any]) -> PostmortemDetails:
    """An entry as this module wrote it; `ValueError`, `TypeError` or `KeyError` for anything
    else (the file is then read again)."""
    if "broken" in data:
        return PostmortemDetails(id=path.stem, path=path, broken=_text(data["broken"]))
    day = _optional_day(data["date"])
    tags = _texts(data["tags"])
    times = tuple(_seconds(v) for v in data["times"])
    if len(times) != len(TIMES):
        raise ValueError("not the times")
    actions = tuple((bool(done), _optional_day(due)) for done, due in data["actions"])
    severity = _text(data["severity"])
    document = SearchDocument(
        title=_text(data["title"]),
        date=day,
        severity=severity,
        status=_text(data["status"]),
        tags=tags,
        owners=_texts(data["owners"]),
        text=_text(data["text"]),
    )
    facts = IncidentFacts(
        date=day,
        severity=severity,
        tags=tags,
        factors=_texts(data["factors"]),
        times=times,
        actions=actions,
    )
    return PostmortemDetails(id=path.stem, path=path, document=document, facts=facts)


def workspace_details(workspace: Workspace, *, use_cache: bool = True) -> list[PostmortemDetails]:
    """Every file of the workspace, its details from the cache when its stamp is unchanged,
    else read again (and the cache rewritten); broken files are entries too. In the order
    of `workspace.files()`."""
    return per_file_cached(
        workspace,
        DETAILS_FILE,
        DETAILS_VERSION,
        "details",
        _read,
        _to_json,
        _from_json,
        use_cache=use_cache,
        ensure_ascii=False,
    )
