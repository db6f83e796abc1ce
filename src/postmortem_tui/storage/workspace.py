"""The workspace on disk: ids, loading, atomic saving, conflicts, history and trash.

This is the only module that touches the file system for postmortems. Every write goes to
a temporary file in the same folder, is fsynced and then renamed over the old file, and the
old version is first kept under `.history/`, so no save can destroy a version.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from ..core.limits import (
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    MAX_NESTING,
    file_too_large,
    text_too_long,
    too_long_text,
)
from ..core.model import LIST_KEYS, Postmortem, ValidationError, from_dict, to_dict
from ..core.record import FrozenRecord, set_field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

WORKSPACE_ENV = "POSTMORTEM_WORKSPACE"
HISTORY_DIR = ".history"
LOCK_FILE = ".lock"
TRASH_DIR = ".trash"
EXPORTS_DIR = "exports"
HISTORY_KEEP = 20
SLUG_MAX = 60
SAMPLE_RESOURCE = "sample.toml"
#: Workspace settings (the review's `[review]` table), never a postmortem.
WORKSPACE_CONFIG = "postmortem.toml"

#: Temp files are `.<name>.<12 hex digits>.tmp`; one older than this was left by a killed
#: process (a save takes milliseconds) and is removed by the next save of the same file.
TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 10 * 60
_BOM = b"\xef\xbb\xbf"
_ID_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOML_LINE = re.compile(r"at line (\d+)")


class StorageError(Exception):
    """A workspace operation failed; the message is fit to show a user as it is."""


class PostmortemFileError(StorageError):
    """A postmortem file cannot be read: bad TOML, a wrong type or value, too new a schema."""

    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"line {line}: " if line else ""
        super().__init__(f"{path.name}: {where}{reason}")


class ConflictError(StorageError):
    """The file changed on disk since it was loaded: saving would overwrite someone's work."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path.name} changed on disk since it was opened; not overwritten")


class SaveError(StorageError):
    """Writing failed (disk full, read-only folder); the previous file is intact."""


class TooLargeError(SaveError):
    """Not written: the file would be refused when loaded (a text or the file too large)."""


class RefError(StorageError):
    """A postmortem reference (id, prefix or path) names no single postmortem."""


# --- ids -----------------------------------------------------------------------------------


def slugify(title: str) -> str:
    """Lowercase ASCII letters, digits and single hyphens, at most 60 characters, never empty."""
    import unicodedata  # here and fcntl below: reading commands need neither (~0.5 ms at start)

    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:SLUG_MAX].rstrip("-")
    return slug or "untitled"


def is_valid_id(postmortem_id: str) -> bool:
    return bool(_ID_PATTERN.match(postmortem_id))


# --- reading -------------------------------------------------------------------------------


def file_stamp(status: os.stat_result) -> tuple[int, int, int, int]:
    """Size, modification and change times and inode: what differs when a file was written
    or replaced, without reading it."""
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def fingerprint(data: bytes) -> str:
    import hashlib  # only saving needs it: `list`, `export` and `lint` start without it

    return hashlib.sha256(data).hexdigest()


class LoadedPostmortem:
    """A postmortem with the file it came from and the fingerprint of what was read.

    Give the fingerprint, or the bytes read (`data=`): then it is computed when first asked
    for, since only saving needs it and `export` and `lint` would pay ~2.5 ms for hashlib.
    The bytes read are kept (`data`): an editing session merges from them.
    """

    __slots__ = ("_data", "_fingerprint", "path", "postmortem")

    def __init__(
        self,
        path: Path,
        postmortem: Postmortem,
        fingerprint: str | None = None,
        *,
        data: bytes | None = None,
    ) -> None:
        if (fingerprint is None) == (data is None):
            raise TypeError("give either the fingerprint or the bytes read")
        self.path = path
        self.postmortem = postmortem
        self._fingerprint = fingerprint
        self._data = data

    @property
    def fingerprint(self) -> str:
        """The SHA-256 (hex) of the file's bytes as they were read or written."""
        if self._fingerprint is None:
            assert self._data is not None
            self._fingerprint = fingerprint(self._data)
        return self._fingerprint

    @property
    def data(self) -> bytes | None:
        """The file's bytes as read, or None when this was made from a fingerprint."""
        return self._data

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, LoadedPostmortem)
        mine = (self.path, self.postmortem, self.fingerprint)
        return mine == (other.path, other.postmortem, other.fingerprint)

    def __repr__(self) -> str:
        return (
            f"LoadedPostmortem(path={self.path!r}, postmortem={self.postmortem!r}, "
            f"fingerprint={self.fingerprint!r})"
        )

    @property
    def id(self) -> str:
        return self.path.stem


class BrokenFile(FrozenRecord):
    """A file in the workspace that does not load, with the reason."""

    __slots__ = ("path", "error")  # noqa: RUF023 (field order)
    path: Path
    error: PostmortemFileError

    def __init__(self, path: Path, error: PostmortemFileError) -> None:
        set_field(self, "path", path)
        set_field(self, "error", error)

    @property
    def id(self) -> str:
        return self.path.stem


def locate_field(text: str, field_path: str) -> int | None:
    """The line of `field_path` (e.g. `actions[1].due`) in a TOML file, when it can be found."""
    match = re.fullmatch(r"(?:(\w+)(?:\[(\d+)\])?\.)?(\w+)(?:\[\d+\])?", field_path)
    if not match:
        return None
    table, index, key = match.groups()
    wanted = -1 if table is None else int(index or 0)
    header_re = re.compile(r"^\s*\[\[?\s*([\w.-]+)\s*\]\]?\s*(?:#.*)?$")
    key_re = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    current, seen = None, -1
    for number, line in enumerate(text.splitlines(), start=1):
        header = header_re.match(line)
        if header:
            current = header.group(1)
            if current == table:
                seen += 1
            continue
        in_place = current is None if table is None else current == table and seen == wanted
        if in_place and key_re.match(line):
            return number
    return None


def parse_postmortem(data: bytes, path: Path) -> Postmortem:
    """Parse and validate a postmortem file's bytes; raise `PostmortemFileError` with a reason."""
    if len(data) > MAX_FILE_BYTES:
        raise PostmortemFileError(path, file_too_large(len(data)))
    if data.startswith(_BOM):  # some Windows editors write one; TOML does not allow it
        data = data[len(_BOM) :]
    if not data.strip():
        raise PostmortemFileError(path, "file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PostmortemFileError(path, f"not UTF-8 text (byte {error.start})") from None
    if "\x00" in text:
        raise PostmortemFileError(path, "not a text file (contains NUL bytes)")
    import tomllib  # here: a `list` answered from the index parses nothing (~3 ms at start)

    try:
        raw = tomllib.loads(text)
    except RecursionError:
        raise PostmortemFileError(path, _too_deep()) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = _TOML_LINE.search(message)
        reason = "invalid TOML: " + re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        raise PostmortemFileError(path, reason, int(where.group(1)) if where else None) from None
    deep = _nested_too_deep(raw)
    if deep is not None:
        raise PostmortemFileError(path, _too_deep(deep), locate_field(text, deep))
    try:
        return from_dict(raw)
    except ValidationError as error:
        line = locate_field(text, error.field_path) if error.field_path else None
        raise PostmortemFileError(path, str(error), line) from None


def _too_deep(where: str = "") -> str:
    at = f" at '{where}'" if where else ""
    return f"values are nested more than {MAX_NESTING} levels deep{at}"


def _nested_too_deep(raw: dict[str, Any]) -> str | None:
    """The top-level key holding a value nested deeper than MAX_NESTING, or None."""
    stack: list[tuple[Any, str, int]] = [(value, key, 1) for key, value in raw.items()]
    while stack:
        value, key, depth = stack.pop()
        if depth > MAX_NESTING:
            return key
        if isinstance(value, dict):
            stack.extend((v, key, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, key, depth + 1) for v in value)
    return None


class _Displaced:
    """The file a save's rename replaces: checked right before it, and held by a hard link so
    that a write slipping in after the check is kept in the history, not lost."""

    def __init__(self, workspace: Workspace, path: Path, expected: bytes | None, *, check: bool):
        self.workspace, self.path, self.expected, self.check = workspace, path, expected, check
        self.held: Path | None = None

    def check_and_hold(self) -> None:
        try:
            now = self.path.read_bytes()
        except FileNotFoundError:
            now = None
        if self.check and now != self.expected:
            raise ConflictError(self.path)
        if now is None:
            return
        held = self.workspace.history_dir(self.path.stem) / f".displaced-{utc_timestamp()}.tmp"
        try:
            os.link(self.path, held)
        except OSError:
            return  # no hard links here (some network file systems): the check has to do
        self.held = held

    def release(self) -> None:
        if self.held is not None:
            with contextlib.suppress(OSError):
                self.held.unlink()

    def keep_if_changed(self) -> None:
        """After the rename: keep the displaced file if it was not what the check saw."""
        if self.held is None:
            return
        with contextlib.suppress(OSError):
            if self.held.read_bytes() == self.expected:
                self.held.unlink()
            else:
                self.held.rename(self.held.with_name(f"{utc_timestamp()}-displaced.toml"))


class NotARegularFileError(OSError):
    """A FIFO, a device or a socket where a file was expected."""


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """At most `limit + 1` bytes of a regular file. A FIFO or a device named like a file
    (`mkfifo x.toml`) raises `NotARegularFileError` instead of waiting for a writer or
    reading forever; a folder raises `IsADirectoryError`."""
    # O_NONBLOCK: opening a FIFO must not wait; reads from a regular file ignore it.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        kind = os.fstat(fd).st_mode
        if stat.S_ISDIR(kind):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(kind):
            raise NotARegularFileError(errno.EINVAL, "not a regular file", str(path))
        return handle.read(limit + 1)


def _read_bytes(path: Path) -> bytes:
    try:
        return read_regular_file(path)
    except FileNotFoundError:
        raise PostmortemFileError(path, "no such file") from None
    except IsADirectoryError:
        raise PostmortemFileError(path, "is a directory, not a postmortem file") from None
    except NotARegularFileError:
        reason = "not a regular file (a FIFO, a device or a socket), not a postmortem file"
        raise PostmortemFileError(path, reason) from None
    except OSError as error:
        raise PostmortemFileError(path, f"cannot read: {error.strerror}") from None


def load(path: Path) -> LoadedPostmortem:
    data = _read_bytes(path)
    return LoadedPostmortem(path, parse_postmortem(data, path), data=data)


class _IsoDateTime(datetime):
    """A datetime that tomli-w writes as `2026-01-30T14:32:00Z` rather than with a space."""

    def __str__(self) -> str:
        text = self.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text


def _with_iso_datetimes(value: Any) -> Any:
    if isinstance(value, datetime):
        return _IsoDateTime.fromisoformat(value.isoformat())
    if isinstance(value, dict):
        return {k: _with_iso_datetimes(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_iso_datetimes(v) for v in value]
    return value


_C1_CONTROLS = re.compile("[\x80-\x9f]")


def _toml(data: dict[str, Any]) -> str:
    import tomli_w  # here: reading commands (list, export, lint) never write TOML (~3 ms)

    text = tomli_w.dumps(_with_iso_datetimes(data), multiline_strings=True)
    # tomli-w writes C1 controls (e.g. CSI, \x9b) raw; escape them so `cat` stays safe.
    # They can only occur inside basic strings or quoted keys, where \uXXXX is valid.
    return _C1_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _item_section(key: str, item: dict[str, Any]) -> str:
    """One `[[key]]` section; nested tables (unknown keys) follow as `[key.sub]` headers.

    tomli-w would write a short list of tables inline (`key = [{...}]`), which after an
    earlier `[table]` header would land inside that table, so the header is written here.
    """
    nested = {
        k: v
        for k, v in item.items()
        if isinstance(v, dict)
        or (_is_table_list(v) and _toml({k: v}).startswith("[["))  # tomli-w chose [[k]]
    }
    literals = {k: v for k, v in item.items() if k not in nested}
    text = f"[[{key}]]\n{_toml(literals)}"
    return f"{text}\n{_toml({key: nested})}" if nested else text


#: Rendered `[[key]]` sections by the repr of the item's dict (repr tells every TOML type
#: apart): an autosave of a 2,000-event postmortem renders only the items that changed,
#: ~8 ms instead of ~32 ms of tomli-w. Cleared when full; dict operations are thread-safe.
_SECTIONS: dict[str, str] = {}
_SECTIONS_MAX = 20_000


def _cached_item_section(key: str, item: dict[str, Any]) -> str:
    memo = f"{key}\0{item!r}"
    text = _SECTIONS.get(memo)
    if text is None:
        if len(_SECTIONS) >= _SECTIONS_MAX:
            _SECTIONS.clear()
        text = _SECTIONS[memo] = _item_section(key, item)
    return text


def postmortem_bytes(data: dict[str, Any]) -> bytes:
    """The file's bytes for a postmortem's `to_dict` data, as a save writes them.

    Raises `TooLargeError` where `load` would refuse them (a text longer than
    MAX_FIELD_CHARS, a file larger than MAX_FILE_BYTES): nothing is written that cannot be
    opened again.
    """
    text = render_toml(data)
    # A file this short holds no text that long: the walk runs only for big postmortems.
    too_long = too_long_text(data) if len(text) > MAX_FIELD_CHARS else None
    if too_long is not None:
        field, length = too_long
        reason = text_too_long(length)
        raise TooLargeError(f"not saved: '{field}': {reason}, so the file would not open again")
    encoded = text.encode("utf-8")
    if len(encoded) > MAX_FILE_BYTES:
        reason = file_too_large(len(encoded))
        raise TooLargeError(f"not saved: {reason}, so it would not open again")
    return encoded


def dumps(pm: Postmortem) -> str:
    """The TOML text of a postmortem, exactly as it is saved.

    Every list of items is written as `[[key]]` sections, one key per line, however short,
    so that adding an item or changing one field is a small diff.
    """
    return render_toml(to_dict(pm))


def render_toml(data: dict[str, Any]) -> str:
    """The TOML text of a postmortem's `to_dict` data (see `dumps`)."""
    sections = {k: v for k, v in data.items() if k == "impact" or k in LIST_KEYS}
    head = {k: v for k, v in data.items() if k not in sections}
    chunks = [_toml(head)]
    for key, value in sections.items():
        if key == "impact":
            chunks.append(_toml({key: value}))
            continue
        chunks.extend(_cached_item_section(key, item) for item in value)
    return "\n".join(chunk.rstrip("\n") + "\n" for chunk in chunks if chunk)


# --- writing -------------------------------------------------------------------------------


def write_atomically(
    path: Path,
    data: bytes,
    *,
    durable: bool = True,
    mode: int | None = None,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Temp file in the same folder, fsync, rename over `path`; the old file survives a failure.

    A file that exists keeps its mode; a new one gets `mode` if given, otherwise what the
    umask allows (0644 under the usual 022, 0600 under 077). `durable=False` skips the fsyncs,
    for files that can be made again (bulk exports): the rename still means a reader sees the
    old file or the new one, never half of one. `before_replace` runs right before the rename;
    whatever it raises stops the write with the old file in place.
    """
    folder = path.parent
    try:
        keep_mode: int | None = path.stat().st_mode & 0o777
        existed = True
    except OSError:
        keep_mode, existed = mode, False
    tmp_name = None
    try:
        # O_EXCL with a random name, as tempfile.mkstemp does, without importing tempfile.
        candidate = str(folder / f".{path.name}.{os.urandom(6).hex()}{TEMP_SUFFIX}")
        # 0600 while it is written when a mode follows; else 0666 less the umask, like `open`.
        create_mode = 0o600 if keep_mode is not None else 0o666
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, create_mode)
        tmp_name = candidate
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if keep_mode is not None:
            os.chmod(tmp_name, keep_mode)
        if before_replace is not None:
            before_replace()
        os.replace(tmp_name, path)
        tmp_name = None
        if durable:
            fsync_folder(folder)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.ENOSPC:
            reason = "the disk is full"
        elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = f"the folder {folder} is not writable"
        elif error.errno in (errno.ENOENT, errno.ENOTDIR):
            reason = f"the folder {folder} does not exist"
        intact = "; the previous version is intact" if existed else ""
        raise SaveError(f"could not save {path.name}: {reason}{intact}") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


#: A kept version in `.history/<id>/`: its UTC timestamp (`utc_timestamp`) and `.toml`.
_VERSION_NAME = re.compile(r"\d{8}T\d{12}Z\.toml")
#: Left in a history folder by a killed save: a temp file of any kept file, or the hard
#: link holding a displaced file (named by when it was made: its mtime is the file's).
_HISTORY_TEMP = re.compile(rf"\..+\.[0-9a-f]{{12}}{re.escape(TEMP_SUFFIX)}")
_HELD_LINK = re.compile(rf"\.displaced-(\d{{8}}T\d{{12}})Z{re.escape(TEMP_SUFFIX)}")


def remove_stale_temps(path: Path) -> None:
    """Remove temp files of `path` that a killed process left behind (older than a while)."""
    mine = re.compile(rf"{re.escape(f'.{path.name}.')}[0-9a-f]{{12}}{re.escape(TEMP_SUFFIX)}")
    _remove_stale(path.parent, lambda entry: bool(mine.fullmatch(entry.name)) and _old(entry))


def remove_stale_history_temps(folder: Path) -> None:
    """Remove what killed saves left in a postmortem's history folder (older than a while)."""
    cutoff = datetime.now(UTC) - timedelta(seconds=STALE_TEMP_SECONDS)

    def left_behind(entry: os.DirEntry[str]) -> bool:
        held = _HELD_LINK.fullmatch(entry.name)
        if held:  # a hard link has the held file's mtime: its name says when it was made
            made = datetime.strptime(held.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
            return made < cutoff
        return bool(_HISTORY_TEMP.fullmatch(entry.name)) and _old(entry)

    _remove_stale(folder, left_behind)


def _old(entry: os.DirEntry[str]) -> bool:
    age = datetime.now().timestamp() - entry.stat(follow_symlinks=False).st_mtime
    return age > STALE_TEMP_SECONDS


def _remove_stale(folder: Path, left_behind: Callable[[os.DirEntry[str]], bool]) -> None:
    """Unlink the files in `folder` (never links or folders) that `left_behind` picks."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and left_behind(entry):
                    os.unlink(entry.path)


def _link_refusal(path: Path) -> str:
    return f"refusing to use {path}: it is a symbolic link, and the workspace never follows one"


def fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def utc_timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


class Workspace:
    """A folder of postmortems, one `<id>.toml` each."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # locating

    def ensure(self) -> Workspace:
        """Create the workspace folder on first use; refuse a path that is not a folder."""
        if self.root.exists() and not self.root.is_dir():
            raise StorageError(f"workspace {self.root} is not a folder")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"cannot create workspace {self.root}: {error.strerror}") from None
        if not self.root.is_dir():
            raise StorageError(f"workspace {self.root} is not a folder")
        return self

    def path_for(self, postmortem_id: str) -> Path:
        if not is_valid_id(postmortem_id):
            raise RefError(f"not a postmortem id: {postmortem_id!r}")
        return self.root / f"{postmortem_id}.toml"

    def files(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        # Names sorted as strings: the same order as the paths (one folder), and for 1,000
        # files ~5 ms sooner than globbing and comparing Path objects.
        names = sorted(
            entry.name
            for entry in os.scandir(self.root)
            if entry.name.endswith(".toml")
            and not entry.name.startswith(".")
            and entry.name != WORKSPACE_CONFIG
        )
        return [self.root / name for name in names]

    def ids(self) -> set[str]:
        return {p.stem for p in self.files()}

    def new_id(self, title: str, incident_date: date) -> str:
        base = f"{incident_date.isoformat()}-{slugify(title)}"
        taken = self.ids()
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def resolve(self, ref: str) -> Path:
        """An id, a unique prefix of one, or a path to a .toml file anywhere."""
        as_path = Path(ref).expanduser()
        if ref.endswith(".toml") or os.sep in ref:
            if as_path.is_file():
                return as_path
            in_workspace = self.root / as_path.name
            # A bare file name may be the workspace's; a path names its own folder only.
            if ref.endswith(".toml") and as_path.name == ref and in_workspace.is_file():
                return in_workspace
            if as_path.exists():
                raise RefError(f"{ref}: not a postmortem file")
            raise RefError(f"{ref}: no such file")
        ids = sorted(self.ids())
        if ref in ids:
            return self.root / f"{ref}.toml"
        matches = [i for i in ids if i.startswith(ref)]
        if len(matches) == 1:
            return self.root / f"{matches[0]}.toml"
        if not matches:
            raise RefError(f"{ref}: no postmortem with that id in {self.root}")
        raise RefError(f"{ref}: ambiguous, matches {', '.join(matches)}")

    # reading

    def scan(self) -> tuple[list[LoadedPostmortem], list[BrokenFile]]:
        """Every postmortem that loads, and every file that does not, with its reason."""
        loaded, broken = [], []
        for path in self.files():
            try:
                loaded.append(load(path))
            except PostmortemFileError as error:
                broken.append(BrokenFile(path, error))
        return loaded, broken

    # writing

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise check-then-write between processes sharing the workspace."""
        import fcntl

        self.ensure()
        lock = self.root / LOCK_FILE
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise SaveError(_link_refusal(lock)) from None
            yield  # a read-only workspace: the write itself will report the failure
            return
        with os.fdopen(fd, "r+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def create(self, pm: Postmortem) -> LoadedPostmortem:
        """Write a new postmortem under a fresh id (never over an existing file)."""
        data = postmortem_bytes(to_dict(pm))
        with self._locked():
            incident_date = pm.date or datetime.now().date()
            path = self.root / f"{self.new_id(pm.title, incident_date)}.toml"
            write_atomically(path, data)
        return LoadedPostmortem(path, pm, fingerprint(data))

    def save(
        self, loaded: LoadedPostmortem, *, force: bool = False, data: bytes | None = None
    ) -> LoadedPostmortem:
        """Save atomically unless the file changed on disk since it was loaded.

        `data` is the file's new bytes when the caller made them already with
        `postmortem_bytes` (from a snapshot); otherwise `loaded.postmortem` is rendered. The
        version being replaced is kept in history first. Raises `ConflictError` (unless
        `force`) and `SaveError` (`TooLargeError` for a file `load` would refuse); on any
        error the file on disk is unchanged.
        """
        if data is None:
            data = postmortem_bytes(to_dict(loaded.postmortem))
        path = loaded.path
        with self._locked():
            try:
                current = path.read_bytes()
            except FileNotFoundError:
                current = None
            except OSError as error:
                raise SaveError(
                    f"could not read {path.name} before saving: {error.strerror}"
                ) from None
            if current is not None:
                if fingerprint(current) != loaded.fingerprint and not force:
                    raise ConflictError(path)
                if current == data:
                    return LoadedPostmortem(path, loaded.postmortem, fingerprint(data))
                self.keep_history(path, current)
            # Another program does not take our lock: between the check above and the rename
            # (history, temp file, fsyncs) it may write the file. Check again right before the
            # rename, and keep whatever the rename displaces if it is not what was checked.
            displaced = _Displaced(self, path, current, check=not force)
            try:
                write_atomically(path, data, before_replace=displaced.check_and_hold)
            except BaseException:
                displaced.release()  # nothing was displaced
                raise
            displaced.keep_if_changed()
            remove_stale_temps(path)
        return LoadedPostmortem(path, loaded.postmortem, fingerprint(data))

    def update(
        self,
        path: Path,
        change: Callable[[Postmortem], bool],
        *,
        loaded: LoadedPostmortem | None = None,
        attempts: int = 5,
    ) -> LoadedPostmortem:
        """Load `path` (or start from `loaded`, read from it), let `change` edit the
        postmortem, save it when `change` says it did.

        When the file changes on disk in between (the editor saved), it is loaded again and
        `change` runs on that version, so nothing either side wrote is lost. Raises what
        `load` and `save` raise; `ConflictError` when the file keeps changing.
        """
        for attempt in range(attempts):
            if loaded is None or attempt:
                loaded = load(path)
            if not change(loaded.postmortem):
                return loaded
            try:
                return self.save(loaded)
            except ConflictError:
                if attempt == attempts - 1:
                    raise
        raise ConflictError(path)  # attempts < 1

    def save_copy(self, loaded: LoadedPostmortem) -> LoadedPostmortem:
        """Keep an edited version beside a conflicting file, under a new id."""
        pm = loaded.postmortem
        incident_date = pm.date or datetime.now().date()
        data = postmortem_bytes(to_dict(pm))
        with self._locked():
            copy_id = self.new_id(f"{slugify(pm.title)}-copy", incident_date)
            path = self.root / f"{copy_id}.toml"
            write_atomically(path, data)
        return LoadedPostmortem(path, pm, fingerprint(data))

    # history and trash

    def history_dir(self, postmortem_id: str) -> Path:
        return self.root / HISTORY_DIR / postmortem_id

    def own_folder(self, *parts: str) -> Path:
        """The folder `root/parts...`, made if missing; refused (`SaveError`) where any part
        is a symbolic link, so no write, prune or move can leave the workspace through one
        (git carries links, so a shared repository could plant them)."""
        folder = self.root
        for part in parts:
            folder = folder / part
            try:
                if folder.is_symlink():
                    raise SaveError(_link_refusal(folder))
                folder.mkdir(exist_ok=True)
            except OSError as error:
                raise SaveError(f"cannot make {folder}: {error.strerror}") from None
            if folder.is_symlink() or not folder.is_dir():
                raise SaveError(f"{folder} is not a folder")
        return folder

    def keep_history(self, path: Path, data: bytes) -> None:
        try:
            folder = self.own_folder(HISTORY_DIR, path.stem)
            # Never more readable than the version it keeps.
            mode = path.stat().st_mode & 0o777
            write_atomically(folder / f"{utc_timestamp()}.toml", data, mode=mode)
        except (OSError, SaveError) as error:
            raise SaveError(
                f"could not keep history for {path.name} ({error}); "
                "nothing was saved and the previous version is intact"
            ) from None
        for old in self.history(path.stem)[HISTORY_KEEP:]:
            with contextlib.suppress(OSError):
                old.unlink()
        remove_stale_history_temps(folder)

    def history(self, postmortem_id: str) -> list[Path]:
        """Kept versions of the file, newest first: the last HISTORY_KEEP are kept.

        Conflict copies (`conflict-<time>.toml`) and displaced versions
        (`<time>-displaced.toml`) are not among them: each is the only copy of its text,
        so they are never pruned, and never push a kept version out.
        """
        folder = self.history_dir(postmortem_id)
        if not folder.is_dir():
            return []
        versions = (path for path in folder.glob("*.toml") if _VERSION_NAME.fullmatch(path.name))
        return sorted(versions, reverse=True)

    def trash(self, path: Path) -> Path:
        """Move a postmortem to `.trash/`; nothing is ever unlinked."""
        folder = self.own_folder(TRASH_DIR)
        target = folder / path.name
        if target.exists():
            target = folder / f"{path.stem}.{utc_timestamp()}.toml"
        os.replace(path, target)
        return target

    # the sample

    def add_sample(self) -> Path:
        """Copy the shipped sample into the workspace (once); the package copy is never edited."""
        from importlib import resources

        data = resources.files("postmortem_tui.data").joinpath(SAMPLE_RESOURCE).read_bytes()
        pm = parse_postmortem(data, Path(SAMPLE_RESOURCE))
        sample_id = f"{pm.date.isoformat() if pm.date else 'sample'}-{slugify(pm.title)}"
        path = self.ensure().root / f"{sample_id}.toml"
        if not path.exists():
            with self._locked():
                write_atomically(path, data)
        return path

    def refuse_as_export_target(self, path: Path) -> None:
        """Raise `SaveError` when writing an export to `path` would replace one of the
        workspace's own files (a postmortem, a kept version, the trash, its settings), or
        would follow a symbolic link inside the workspace (`exports`, `.history`) out of it.

        The path is judged as written and with its links resolved: a link planted in the
        workspace must not turn a refused path into an accepted one.
        """
        literal = Path(os.path.abspath(path.expanduser()))
        root = Path(os.path.abspath(self.root))
        for where, target in ((root, literal), (self.root.resolve(), path.expanduser().resolve())):
            kind = _own_file_kind(where, target)
            if kind:
                raise SaveError(f"refusing to write an export over {path}: it is {kind}")
        if root in literal.parents:
            folder = root
            for part in literal.relative_to(root).parts[:-1]:
                folder = folder / part
                if folder.is_symlink():
                    raise SaveError(_link_refusal(folder))

    def exports_dir(self) -> Path:
        return self.root / EXPORTS_DIR


def _own_file_kind(root: Path, target: Path) -> str:
    """What `target` is among the workspace's own files under `root`, or "" for none."""
    if root / HISTORY_DIR in target.parents:
        return "a kept version of a postmortem"
    if root / TRASH_DIR in target.parents:
        return "trash"
    if target.parent == root and (target.suffix == ".toml" or target.name.startswith(".")):
        if target.name == WORKSPACE_CONFIG:
            return "the workspace's settings"
        return "the workspace's own file" if target.name.startswith(".") else "a postmortem"
    return ""


def default_workspace_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("postmortem-tui") / "postmortems"


def workspace_path(option: str | None) -> Path:
    """`--workspace`, then `$POSTMORTEM_WORKSPACE`, then the per-user data folder."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(WORKSPACE_ENV)
    if env:
        return Path(env).expanduser()
    return default_workspace_path()
