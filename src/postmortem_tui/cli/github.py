"""`postmortem lint --format github`: findings as GitHub Actions workflow annotations.

One `::error file=PATH,line=N,title=RULE::MESSAGE` line per finding (`::warning` for a
warning, `::notice` for a hint), which a workflow run shows on that line of the pull
request's diff. PATH is relative to the top of the git repository (GitHub's paths are), the
line is where the finding's field is written in the file (none when it cannot be found: the
annotation is then on the file). Values are escaped as the workflow commands require.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from ..storage.workspace import locate_field
from .reporting import one_line

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from ..core.review import Finding
    from ..storage.workspace import LoadedPostmortem, PostmortemFileError

#: The workflow command for each severity.
COMMANDS = {"error": "error", "warning": "warning", "hint": "notice"}

_HEADER = re.compile(r"^\s*\[\[?\s*([\w.-]+)\s*\]\]?\s*(?:#.*)?$")
_PLACE = re.compile(r"^(\w+)(?:\[(\d+)\])?")


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file, title): also `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


@cache
def _repository_root(folder: Path) -> Path | None:
    from ..storage.git import repository_root

    root = repository_root(folder)
    return root.resolve() if root is not None else None


def annotation_path(path: Path) -> str:
    """`path` relative to the top of its git repository; outside one, relative to the
    current folder when it is inside it, else as it is."""
    absolute = Path(os.path.abspath(path))
    root = _repository_root(absolute.parent)
    real = absolute.parent.resolve() / absolute.name
    for top, target in ((root, real), (Path.cwd().resolve(), real), (Path.cwd(), absolute)):
        if top is not None and top in target.parents:
            return target.relative_to(top).as_posix()
    return str(path)


def field_line(text: str, field: str) -> int | None:
    """The line `field` is written on (`timeline[3].event`, `summary`), or for a whole item
    or list (`timeline[3]`, `impact`) the line of its header; None when it cannot be found."""
    line = locate_field(text, field)
    if line is not None:
        return line
    match = _PLACE.match(field)
    if match is None:
        return None
    top, index = match.group(1), match.group(2)
    wanted = int(index) if index is not None else 0
    seen = -1
    for number, content in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(content)
        if header and header.group(1) == top:
            seen += 1
            if seen == wanted:
                return number
    return None


def _command(severity: str, path: str, line: int | None, title: str, message: str) -> str:
    properties = [f"file={escape_property(path)}"]
    if line is not None:
        properties.append(f"line={line}")
    if title:
        properties.append(f"title={escape_property(title)}")
    return f"::{COMMANDS.get(severity, 'warning')} {','.join(properties)}::{escape_data(message)}"


def finding_annotations(item: LoadedPostmortem, findings: list[Finding]) -> list[str]:
    """One workflow command per finding of `item`."""
    data = item.data
    text = data.decode("utf-8", errors="replace") if data is not None else ""
    path = annotation_path(item.path)
    lines = []
    for finding in findings:
        message = f"{one_line(finding.where)}: {one_line(finding.message)}"
        if finding.suggestion:
            message += f"\n{one_line(finding.suggestion)}"
        line = field_line(text, finding.field) if text else None
        lines.append(_command(finding.severity, path, line, finding.rule_id, message))
    return lines


def error_annotation(error: PostmortemFileError) -> str:
    """A file that cannot be read, as an error on its line (when known)."""
    path = annotation_path(error.path)
    return _command("error", path, error.line, "unreadable", one_line(error.reason))
