"""Every action item of the workspace as rows (`core/follow_through.py`), for `postmortem
actions` and the app's board, reading only the files that can answer.

The workspace index (index.py) knows each file's open items and their due dates: a question
about open or overdue items parses only the files that have some. Files that do not load are
returned with their reason, never raised: the good ones are still listed.
"""

from __future__ import annotations

from ..core.follow_through import ActionRow, action_rows
from .index import summaries
from .workspace import PostmortemFileError, load

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from ..core.model import Postmortem
    from .index import PostmortemSummary
    from .workspace import Workspace


def _can_answer(summary: PostmortemSummary, open_only: bool, overdue_on: date | None) -> bool:
    if overdue_on is not None:
        return summary.overdue_actions(overdue_on) > 0
    return not open_only or summary.open_actions > 0


def workspace_actions(
    workspace: Workspace, *, open_only: bool = False, overdue_on: date | None = None
) -> tuple[list[ActionRow], list[tuple[Path, str]]]:
    """The action items of every postmortem (file order, files by name), and each file that
    does not load with why (`name: line N: reason`). With `open_only`, files with no open
    item may be left out; with `overdue_on`, files with nothing overdue that day."""
    rows: list[ActionRow] = []
    broken: list[tuple[Path, str]] = []
    for summary in summaries(workspace):
        if summary.broken:
            broken.append((summary.path, f"{summary.path.name}: {summary.broken}"))
            continue
        if not _can_answer(summary, open_only, overdue_on):
            continue
        try:
            loaded = load(summary.path)
        except PostmortemFileError as error:  # changed since the index looked
            broken.append((summary.path, str(error)))
            continue
        rows.extend(action_rows(loaded.id, loaded.postmortem))
    return rows, broken


def mark_done(workspace: Workspace, path: Path, item_id: str) -> str:
    """Mark the action item `item_id` of the postmortem at `path` done, and save it as the
    editor does (`Workspace.update`: atomic, the replaced version kept in the history, a file
    changed in between read again and the change made on that version, never overwritten).

    Returns "done", "already done", or "gone" when the file has no such item any more
    (nothing is written then). Raises what `load` and `Workspace.save` raise.
    """
    outcome = "gone"

    def set_done(pm: Postmortem) -> bool:
        nonlocal outcome
        item = next((a for a in pm.actions if a.id == item_id), None)
        if item is None:
            outcome = "gone"
            return False
        if item.done:
            outcome = "already done"
            return False
        item.done = True
        outcome = "done"
        return True

    workspace.update(path, set_done)
    return outcome
