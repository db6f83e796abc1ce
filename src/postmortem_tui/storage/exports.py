"""Writing an export to a file: the one place the command line, the browser and the editor
call, whatever the format."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..core.export import MARKDOWN, ExportFormat
from ..core.model import Postmortem
from .workspace import SaveError, Workspace, write_atomically

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import Any


def write_export(
    pm: Postmortem,
    path: Path,
    export_format: ExportFormat = MARKDOWN,
    *,
    today: date | None,
    findings: Sequence[Any] | None = None,
    create_folder: bool = True,
    durable: bool = True,
    workspace: Workspace | None = None,
) -> None:
    """Render `pm` in `export_format` and write it to `path` atomically.

    `create_folder` makes the missing folders above `path` (off: a missing folder is a
    `SaveError` naming it). `durable=False` skips the fsyncs, for bulk exports that sync
    their folder once at the end. With `workspace`, a path that is one of its own files (a
    postmortem, history, trash) is refused. Raises `SaveError` when the file cannot be written.
    """
    if workspace is not None:
        workspace.refuse_as_export_target(path)
    text = export_format.render(pm, today=today, findings=findings)
    if create_folder:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or str(error)
            raise SaveError(f"could not save {path.name}: {path.parent}: {reason}") from None
    write_atomically(path, text.encode("utf-8"), durable=durable)


def export_file_name(pm_id: str, export_format: ExportFormat) -> str:
    """The file an `--all` export writes for the postmortem `pm_id`: `<id><suffix>`, unless
    that is the format's index page (a postmortem saved as `index.toml`), which keeps its name."""
    name = f"{pm_id}{export_format.suffix}"
    if export_format.index_name and name.casefold() == export_format.index_name.casefold():
        return f"{pm_id}-postmortem{export_format.suffix}"
    return name


def write_export_index(
    folder: Path,
    pages: Sequence[tuple[str, Postmortem]],
    export_format: ExportFormat,
    *,
    durable: bool = True,
) -> Path | None:
    """Write the page listing an `--all` export's `pages` ((file name, postmortem) pairs) into
    `folder`, for a format that has one; returns its path, or None when the format has none."""
    if export_format.render_index is None:
        return None
    path = folder / export_format.index_name
    write_atomically(path, export_format.render_index(pages).encode("utf-8"), durable=durable)
    return path


__all__ = ["export_file_name", "write_export", "write_export_index"]
