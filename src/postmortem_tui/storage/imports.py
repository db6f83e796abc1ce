"""Reading the files a timeline import takes in: the disk side of `postmortem timeline
import` (what the files say and which events they make is `core.timeline_import`)."""

from __future__ import annotations

from pathlib import Path

from ..core.timeline_import import InputFile, decode
from .workspace import StorageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import BinaryIO

#: Larger input is refused: a timeline is built from an incident's hours, not a year of logs.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
#: The name standard input is read under, and reported as.
STDIN = "-"


class ImportInputError(StorageError):
    """A file to import that cannot be read; the message names it."""


def read_input(name: str, stdin: BinaryIO | None = None) -> InputFile:
    """The file `name` (`-`: `stdin`) as text, under its base name; `ImportInputError` when it
    cannot be read or is too large, `core.timeline_import.ImportFormatError` when not text."""
    if name == STDIN:
        if stdin is None:
            raise ImportInputError("standard input is not available")
        shown, data = "stdin", stdin.read(MAX_IMPORT_BYTES + 1)
    else:
        path = Path(name)
        shown = path.name or name
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_IMPORT_BYTES + 1)
        except FileNotFoundError:
            raise ImportInputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise ImportInputError(f"{name}: is a folder; give the files in it") from None
        except OSError as error:
            raise ImportInputError(f"{name}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportInputError(f"{name}: larger than {MAX_IMPORT_BYTES // 2**20} MiB")
    return InputFile(shown, decode(data, shown))


def read_path(name: str) -> list[InputFile]:
    """The file `name` as `read_input` reads it, or each `.json` file of the folder `name`
    in name order (a Slack export's channel folder holds one per day)."""
    path = Path(name)
    if not path.is_dir():
        return [read_input(name)]
    days = sorted(p for p in path.glob("*.json") if p.is_file())
    if not days:
        raise ImportInputError(f"{name}: is a folder with no .json files; give a file")
    return [read_input(str(day)) for day in days]
