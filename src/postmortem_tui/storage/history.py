"""The saved versions of one postmortem, to see, compare and restore.

Two places keep versions: the workspace's history (`.history/<id>/`: every version a save
replaced, conflict copies and displaced versions, see workspace.py), and, when the file is
in a git repository and git is installed, the commits that changed it. `saved_versions`
lists both, newest first, each with its time and a one-line summary of what it changed
against the version before it (core/changes.py). A version that does not load is listed as
unreadable, with the reason, and cannot be restored.

A version's time is when it was last the file's text: for a kept version, when a save
replaced it (its file's name); for a conflict copy, when it was last written; for a commit,
its commit time. `restore` writes a version as the file through the workspace's save, so the
version it replaces is kept in the history first and a restore can itself be undone.

Git is only read here (`git log`, `git cat-file`), with optional locks off, so listing
never writes into the repository.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from ..core.changes import change_summary
from ..core.model import Postmortem, to_dict
from ..core.record import FrozenRecord, set_field
from .workspace import (
    LoadedPostmortem,
    PostmortemFileError,
    StorageError,
    Workspace,
    parse_postmortem,
    postmortem_bytes,
    read_regular_file,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import Literal

    from .settings import Settings

    Source = Literal["history", "conflict copy", "displaced", "git"]

__all__ = [
    "GIT_VERSIONS",
    "HistoryError",
    "SavedVersion",
    "restore",
    "saved_versions",
    "viewer_zone_name",
]

#: At most this many commits of one file are listed (each is read and parsed).
GIT_VERSIONS = 100
#: Seconds any one git command may take before the history goes on without it.
GIT_TIMEOUT = 10.0

_STAMP = r"(\d{8}T\d{12})Z"
_KEPT = re.compile(rf"{_STAMP}\.toml")
_CONFLICT = re.compile(rf"conflict-{_STAMP}\.toml")
_DISPLACED = re.compile(rf"{_STAMP}-displaced\.toml")


class HistoryError(StorageError):
    """A version cannot be restored (it does not load); the message says which and why."""


class SavedVersion(FrozenRecord):
    """One saved version of a postmortem file."""

    __slots__ = (  # noqa: RUF023 (field order)
        "number",
        "source",
        "at",
        "name",
        "data",
        "postmortem",
        "error",
        "summary",
        "subject",
    )
    #: 1 for the newest; the number `--show` and `--restore` take.
    number: int
    source: Source
    #: When this was the file's text (UTC, aware).
    at: datetime
    #: Where it is: the history file's name, or the commit's short hash.
    name: str
    data: bytes
    #: None when it does not load (`error` says why).
    postmortem: Postmortem | None
    error: str
    #: What it changed against the version before it (or why it cannot be read).
    summary: str
    #: The commit's subject line (git), else "".
    subject: str

    def __init__(
        self,
        number: int,
        source: Source,
        at: datetime,
        name: str,
        data: bytes,
        postmortem: Postmortem | None,
        error: str,
        summary: str = "",
        subject: str = "",
    ) -> None:
        set_field(self, "number", number)
        set_field(self, "source", source)
        set_field(self, "at", at)
        set_field(self, "name", name)
        set_field(self, "data", data)
        set_field(self, "postmortem", postmortem)
        set_field(self, "error", error)
        set_field(self, "summary", summary)
        set_field(self, "subject", subject)

    @property
    def readable(self) -> bool:
        return self.postmortem is not None

    @property
    def where(self) -> str:
        """Its source as a list shows it: `history`, `conflict copy`, `git 1a2b3c4`."""
        return f"git {self.name}" if self.source == "git" else self.source

    @property
    def text(self) -> str:
        """The file's text (undecodable bytes replaced), for a diff."""
        return self.data.decode("utf-8", errors="replace")


def saved_versions(workspace: Workspace, path: Path) -> list[SavedVersion]:
    """Every saved version of the postmortem at `path`, newest first, numbered from 1, each
    with a summary of what it changed against the next older one. Never raises for a
    version that does not load, a history folder that cannot be read, or git failing."""
    # Each source oldest first, so that versions of the same second (commits made in one
    # go) keep their order through the stable sort.
    found = [*_history_versions(workspace, path), *reversed(_git_versions(path))]
    found.sort(key=lambda version: version.at)
    versions: list[SavedVersion] = []
    before: Postmortem | None = None
    for version in found:
        if version.postmortem is None:
            summary = f"unreadable: {version.error}"
        else:
            summary = change_summary(before, version.postmortem)
            before = version.postmortem
        versions.append(_with(version, summary=summary))
    versions.reverse()
    return [_with(version, number=n) for n, version in enumerate(versions, start=1)]


def _with(version: SavedVersion, **changes: object) -> SavedVersion:
    fields = {name: getattr(version, name) for name in SavedVersion.__slots__}
    fields.update(changes)
    return SavedVersion(**fields)  # type: ignore[arg-type]


def _read_version(
    source: Source, at: datetime, name: str, data: bytes, where: Path
) -> SavedVersion:
    try:
        pm: Postmortem | None = parse_postmortem(data, where)
        error = ""
    except PostmortemFileError as problem:
        pm = None
        line = f"line {problem.line}: " if problem.line else ""
        error = f"{line}{problem.reason}"
    return SavedVersion(0, source, at, name, data, pm, error)


def _stamp_time(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)


def _history_versions(workspace: Workspace, path: Path) -> list[SavedVersion]:
    folder = workspace.history_dir(path.stem)
    if folder.is_symlink() or not folder.is_dir():
        return []
    try:
        entries = sorted(os.listdir(folder))
    except OSError:
        return []
    versions = []
    for entry in entries:
        source: Source
        if match := _KEPT.fullmatch(entry):
            source = "history"
        elif match := _CONFLICT.fullmatch(entry):
            source = "conflict copy"
        elif match := _DISPLACED.fullmatch(entry):
            source = "displaced"
        else:
            continue
        file = folder / entry
        try:
            if file.is_symlink():
                continue
            data = read_regular_file(file)
            # A conflict copy is written on as its session types: its time is its last write.
            mtime = file.stat().st_mtime
        except OSError:
            continue
        at = _stamp_time(match.group(1))
        if source == "conflict copy":
            at = max(at, datetime.fromtimestamp(mtime, UTC))
        versions.append(_read_version(source, at, entry, data, file))
    return versions


# --- git ------------------------------------------------------------------------------------


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """A git command's output in `folder`, or None when git is missing or fails."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return None
    env = {
        **os.environ,
        "GIT_OPTIONAL_LOCKS": "0",  # reading must not refresh (write) the index
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_PAGER": "cat",
        "LC_ALL": "C",
    }
    try:
        done = subprocess.run(
            [git, "--no-pager", *args],
            cwd=folder,
            input=stdin,
            capture_output=True,
            env=env,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _git_versions(path: Path) -> list[SavedVersion]:
    folder = path.parent
    if not folder.is_dir():
        return []
    log = _git(
        folder,
        "log",
        "--follow",
        "-z",
        f"-n{GIT_VERSIONS}",
        "--format=%x1e%H%x1f%ct%x1f%s",
        "--name-only",
        "--",
        path.name,
    )
    if not log:
        return []
    commits: list[tuple[str, int, str, str]] = []
    for token in log.decode("utf-8", errors="surrogateescape").split("\0"):
        if token.startswith("\x1e"):
            fields = token[1:].split("\x1f", 2)
            if len(fields) == 3 and fields[1].isdigit():
                commits.append((fields[0], int(fields[1]), fields[2], ""))
        elif token.strip("\n") and commits and not commits[-1][3]:
            sha, when, subject, _ = commits[-1]
            commits[-1] = (sha, when, subject, token.lstrip("\n"))
    wanted = [(sha, when, subject, name) for sha, when, subject, name in commits if name]
    if not wanted:
        return []
    request = "".join(f"{sha}:{name}\n" for sha, _, _, name in wanted)
    blobs = _git(folder, "cat-file", "--batch", stdin=request.encode("utf-8", "surrogateescape"))
    if blobs is None:
        return []
    versions = []
    at = 0
    for sha, when, subject, name in wanted:
        end = blobs.find(b"\n", at)
        if end < 0:
            break
        header = blobs[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # missing: the commit deleted the file
        size = int(header[2])
        data = blobs[at : at + size]  # parse_postmortem refuses one too large
        at += size + 1
        version = _read_version("git", datetime.fromtimestamp(when, UTC), sha[:7], data, Path(name))
        versions.append(_with(version, subject=subject))
    return versions


# --- restoring ------------------------------------------------------------------------------


def restore(workspace: Workspace, path: Path, version: SavedVersion) -> LoadedPostmortem | None:
    """Write `version` as the file at `path` through the workspace's save (the text on disk
    now is kept in the history first). Returns the restored file as loaded, or None when the
    file holds that version already (nothing written).

    Raises `HistoryError` for a version that does not load, `ConflictError` when the file
    changes while this runs, `SaveError` when it cannot be written: the file is unchanged."""
    if version.postmortem is None:
        raise HistoryError(
            f"version {version.number} does not load ({version.error}); not restored"
        )
    try:
        current: bytes | None = read_regular_file(path)
    except FileNotFoundError:
        current = None
    except OSError as error:
        raise StorageError(f"cannot read {path.name}: {error.strerror or error}") from None
    data = postmortem_bytes(to_dict(version.postmortem))
    if current == data:
        return None
    if current is None:  # the file is gone: the save refuses if it comes back meanwhile
        loaded = LoadedPostmortem(path, version.postmortem, "")
    else:
        loaded = LoadedPostmortem(path, version.postmortem, data=current)
    return workspace.save(loaded, data=data)


def viewer_zone_name(settings: Settings | None = None) -> str:
    """The zone times of saved versions are shown in: the configured `timezone` (the one new
    postmortems record; `settings`, else read from the config file), else the system's; the
    system's too when the configured one is not a zone."""
    from ..core.timezones import UnknownZoneError, system_zone_name
    from .settings import default_zone_name, load_settings

    try:
        return default_zone_name(settings or load_settings())
    except (UnknownZoneError, StorageError):
        return system_zone_name()
