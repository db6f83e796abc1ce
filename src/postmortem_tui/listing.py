"""One summary row per postmortem, for `postmortem list` and the workspace browser."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .storage import BrokenFile, LoadedPostmortem, Workspace


@dataclass(frozen=True)
class WorkspaceRow:
    """What a listing shows of one file; `broken` holds the reason when it does not load."""

    id: str
    path: str
    date: date | None = None
    severity: str = ""
    status: str = ""
    format: str = ""
    title: str = ""
    open_actions: int = 0
    overdue_actions: int = 0
    broken: str = ""

    @classmethod
    def from_loaded(cls, loaded: LoadedPostmortem, today: date) -> WorkspaceRow:
        pm = loaded.postmortem
        return cls(
            id=loaded.id,
            path=str(loaded.path),
            date=pm.date,
            severity=pm.severity,
            status=pm.status,
            format=pm.format,
            title=pm.title,
            open_actions=len(pm.open_actions()),
            overdue_actions=len(pm.overdue_actions(today)),
        )

    @classmethod
    def from_broken(cls, broken: BrokenFile) -> WorkspaceRow:
        reason = broken.error.reason
        if broken.error.line:
            reason = f"line {broken.error.line}: {reason}"
        return cls(id=broken.id, path=str(broken.path), broken=reason)

    def as_json(self) -> dict[str, Any]:
        row: dict[str, Any] = {"id": self.id, "path": self.path}
        if self.broken:
            row["broken"] = self.broken
            return row
        row.update(
            date=self.date.isoformat() if self.date else None,
            severity=self.severity or None,
            status=self.status,
            format=self.format,
            title=self.title,
            open_actions=self.open_actions,
            overdue_actions=self.overdue_actions,
        )
        return row

    def as_line(self, id_width: int = 0) -> str:
        if self.broken:
            return f"{self.id:<{id_width}}  BROKEN: {self.broken}"
        actions = f"{self.open_actions} open"
        if self.overdue_actions:
            actions += f", {self.overdue_actions} overdue"
        return (
            f"{self.id:<{id_width}}  {self.date or '-'!s:<10}  {self.severity or '-':<8}  "
            f"{self.status:<6}  {self.title}  ({actions})"
        )


def workspace_rows(workspace: Workspace, *, today: date) -> list[WorkspaceRow]:
    """Every file in the workspace, newest first; broken files are rows too, never errors."""
    loaded, broken = workspace.scan()
    rows = [WorkspaceRow.from_loaded(item, today) for item in loaded]
    rows += [WorkspaceRow.from_broken(item) for item in broken]
    rows.sort(key=lambda r: (r.date or date.min, r.id), reverse=True)
    return rows
