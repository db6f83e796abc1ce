"""The workspace as a list, newest first, for `postmortem list` and the workspace browser.

Each row is an index `PostmortemSummary`; its overdue count depends on the day it is asked.
"""

from __future__ import annotations

from datetime import date

from .index import summaries

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import Any

    from .index import PostmortemSummary
    from .workspace import Workspace


def row_json(row: PostmortemSummary, today: date) -> dict[str, Any]:
    """One row of `list --json`."""
    data: dict[str, Any] = {"id": row.id, "path": str(row.path)}
    if row.broken:
        data["broken"] = row.broken
        return data
    data.update(
        date=row.date.isoformat() if row.date else None,
        severity=row.severity or None,
        status=row.status,
        format=row.format,
        title=row.title,
        open_actions=row.open_actions,
        overdue_actions=row.overdue_actions(today),
    )
    return data


def row_line(row: PostmortemSummary, today: date, id_width: int = 0) -> str:
    """One line of `list`, the id padded to `id_width`."""
    if row.broken:
        return f"{row.id:<{id_width}}  BROKEN: {row.broken}"
    actions = f"{row.open_actions} open"
    overdue = row.overdue_actions(today)
    if overdue:
        actions += f", {overdue} overdue"
    return (
        f"{row.id:<{id_width}}  {row.date or '-'!s:<10}  {row.severity or '-':<8}  "
        f"{row.status:<6}  {row.title}  ({actions})"
    )


def workspace_rows(workspace: Workspace) -> list[PostmortemSummary]:
    """Every file in the workspace, newest first; broken files are rows too, never errors.

    Rows come from the workspace index, which re-reads any file that changed.
    """
    rows = summaries(workspace)
    rows.sort(key=lambda r: (r.date or date.min, r.id), reverse=True)
    return rows
