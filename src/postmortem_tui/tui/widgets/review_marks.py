"""Where review findings show inside the panes: marks on list items, and the jump to a field."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from ...core.review import Finding

if TYPE_CHECKING:
    from .list_editor import ListEditor

#: Worse severities win when one item has several findings.
SEVERITY_RANK = {"hint": 0, "warning": 1, "error": 2}
_ITEM = re.compile(r"^(\w+)\[(\d+)\]")
_FIELD = re.compile(r"^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?")


def item_marks(findings: Iterable[Finding]) -> dict[str, dict[int, str]]:
    """The worst severity per list item, e.g. `{"timeline": {3: "error"}}`."""
    marks: dict[str, dict[int, str]] = {}
    for finding in findings:
        match = _ITEM.match(finding.field)
        if match is None:
            continue
        items = marks.setdefault(match.group(1), {})
        index = int(match.group(2))
        shown = items.get(index)
        rank = SEVERITY_RANK.get(finding.severity, 0)
        if shown is None or rank > SEVERITY_RANK.get(shown, 0):
            items[index] = finding.severity
    return marks


def list_editors(pane: Widget) -> list[ListEditor[Any]]:
    """The pane's list editors, found by type name: the list editor (and its DataTable) is
    not imported until a pane with a list is built."""
    return list(pane.query("ListEditor"))  # type: ignore[arg-type]


def mark_lists(pane: Widget, marks: dict[str, dict[int, str]]) -> None:
    """Give every marked list in `pane` the marks of the postmortem list it edits."""
    for editor in list_editors(pane):
        if editor.marked:
            editor.set_marks(marks.get(editor.field, {}))


def focus_field(pane: Widget, field: str, span: tuple[int, int] | None = None) -> bool:
    """Focus where `pane` edits `field` ("timeline[3].event", "summary", "impact.reputation"):
    the item's row in its list, or the text field with the offending words selected.

    Returns False when the pane has no place for the field.
    """
    match = _FIELD.match(field)
    if match is None:
        return False
    top, index, key = match.groups()
    for editor in list_editors(pane):
        if editor.field == top:
            editor.show_item(int(index) if index is not None else None)
            return True
    for name in (key, top):
        if not name:
            continue
        widget = next(iter(pane.query(f"#{name}")), None)
        if widget is not None and widget.focusable:
            widget.focus()
            _select(widget, span)
            return True
    return False


def _select(widget: Widget, span: tuple[int, int] | None) -> None:
    """Select the offending words, so the writer sees exactly what the review means."""
    if span is None:
        return
    # Imported here: the first frame of the editor has no text area to select in (~9 ms).
    from textual.widgets import Input, TextArea
    from textual.widgets.input import Selection as InputSelection
    from textual.widgets.text_area import Selection as AreaSelection

    if isinstance(widget, TextArea):
        length = len(widget.text)
        start, end = (min(max(0, n), length) for n in span)
        locate = widget.document.get_location_from_index
        widget.selection = AreaSelection(locate(start), locate(end))
    elif isinstance(widget, Input):
        length = len(widget.value)
        widget.selection = InputSelection(*(min(max(0, n), length) for n in span))
