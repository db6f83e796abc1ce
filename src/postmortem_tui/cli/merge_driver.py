"""`postmortem merge-driver BASE OURS THEIRS [PATH]`: git's merge-driver contract.

git runs it (`merge.postmortem.driver`, set by `postmortem init --git`) for a postmortem
changed on both sides of a merge, a rebase or a cherry-pick, with three temporary files:
the common ancestor, our version and their version. The three are merged item by item
(core/merge.py) and the result is written over OURS, the file git takes as the merge's
result. Exit 0: merged cleanly. Exit 1: conflicts remain; they are kept in the file as
`[[conflicts]]` entries (docs/merge.md), so the file still loads, and git marks it
conflicted until someone resolves them and runs `git add`. A side that is not a postmortem
cannot be merged item by item: OURS is left as it was, one line says why, exit 1 (git
then marks the file conflicted). Exit 2: bad usage. See docs/git.md.
"""

from __future__ import annotations

from pathlib import Path

from ..storage.workspace import (
    PostmortemFileError,
    SaveError,
    parse_postmortem,
    postmortem_bytes,
    read_regular_file,
    write_atomically,
)
from .reporting import complain

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from ..core.model import Postmortem

#: A base that does not exist or is empty: the file was added on both sides.
_ADDED_ON_BOTH_SIDES = {"schema_version": 1, "title": ""}


def add_merge_driver_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", metavar="BASE", help="the common ancestor's version (git's %%O)")
    parser.add_argument(
        "ours", metavar="OURS", help="our version; the result is written here (%%A)"
    )
    parser.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    parser.add_argument(
        "path", metavar="PATH", nargs="?", help="the file's path in the repository (%%P)"
    )


class _Unmergeable(Exception):
    """A version that cannot be merged item by item; the message names it and says why."""


def _read(path: Path, side: str, shown_as: str) -> bytes:
    try:
        return read_regular_file(path)
    except FileNotFoundError:
        if side == "base":
            return b""
        raise _Unmergeable(f"{shown_as}: {side}'s version is missing") from None
    except OSError as error:
        raise _Unmergeable(f"{shown_as}: cannot read {side}'s version: {error}") from None


def _parse(data: bytes, side: str, shown_as: str) -> Postmortem:
    from ..core.model import from_dict

    if side == "base" and not data.strip():
        return from_dict(dict(_ADDED_ON_BOTH_SIDES))
    try:
        return parse_postmortem(data, Path(shown_as))
    except PostmortemFileError as error:
        where = f"line {error.line}: " if error.line else ""
        raise _Unmergeable(
            f"{shown_as}: {side}'s version is not a postmortem ({where}{error.reason}); "
            "left for a merge by hand"
        ) from None


def merge_files(base: Path, ours: Path, theirs: Path, shown_as: str) -> tuple[bytes | None, int]:
    """The merged file's bytes (None: OURS stays as it is) and how many conflicts remain.

    Raises `_Unmergeable` when a version cannot be read as a postmortem.
    """
    from ..core.conflicts import (
        CONFLICTS_KEY,
        in_load_order,
        merge_conflict_tables,
        with_conflicts,
    )
    from ..core.merge import merge
    from ..core.model import to_dict

    data = {
        side: _read(path, side, shown_as)
        for side, path in zip(("base", "ours", "theirs"), (base, ours, theirs), strict=True)
    }
    if data["ours"] == data["theirs"] or data["base"] == data["theirs"]:
        return None, 0  # nothing of theirs to take
    versions = {side: _parse(raw, side, shown_as) for side, raw in data.items()}
    if data["base"] == data["ours"]:
        return data["theirs"], 0  # their file as it is, its layout kept
    # Conflicts already kept in the files merge like lines: set apart from the fields.
    kept = [_entries(version.extra.pop(CONFLICTS_KEY, None)) for version in versions.values()]
    result = merge(versions["base"], versions["ours"], versions["theirs"])
    pm = result.postmortem
    carried = merge_conflict_tables(*kept)
    if carried:
        pm.extra[CONFLICTS_KEY] = carried
    with_conflicts(pm, in_load_order(pm, result.conflicts))
    merged = postmortem_bytes(to_dict(pm))
    try:  # what git keeps must open again (a conflict nests an item one level deeper)
        parse_postmortem(merged, Path(shown_as))
    except PostmortemFileError as error:
        raise _Unmergeable(
            f"{shown_as}: the merged version would not load ({error.reason}); "
            "left for a merge by hand"
        ) from None
    return merged, len(result.conflicts)


def _entries(raw: object) -> list[object]:
    if raw is None:
        return []
    return list(raw) if isinstance(raw, list) else [raw]


def merge_driver_main(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run `postmortem merge-driver` with parsed `args`; returns the exit code."""
    ours = Path(args.ours)
    shown_as = args.path or ours.name
    try:
        merged, conflicts = merge_files(Path(args.base), ours, Path(args.theirs), shown_as)
        if merged is not None:
            write_atomically(ours, merged)
    except _Unmergeable as error:
        complain(err, str(error))
        return 1
    except SaveError as error:  # TooLargeError too: OURS is as it was
        complain(err, f"{shown_as}: {error}")
        return 1
    except Exception as error:  # git needs an exit code, never a traceback
        # Whatever went wrong, OURS was not replaced: git marks the file conflicted.
        complain(err, f"{shown_as}: could not merge ({type(error).__name__}: {error})")
        return 1
    if conflicts:
        complain(
            err,
            f"{shown_as}: {conflicts} conflict(s) kept in the file as [[conflicts]]; "
            "resolve them, then git add",
        )
        return 1
    return 0
