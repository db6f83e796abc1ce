"""A small pseudo-terminal driver: run a command on an emulated screen and time what it shows.

Stdlib `os`/`select`/`fcntl` plus `pyte` (a VT100 emulator, in the test extra). A `Session`
starts the command in its own session with a new pty as its controlling terminal, feeds all
output into a pyte screen, and offers bounded waits: until a text is visible, until output
goes quiet, or for a fixed idle window. Every wait has a timeout, and the process group is
killed when the session closes (or when the interpreter exits).
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyte

_open_sessions: set[Session] = set()


class BenchError(RuntimeError):
    """A measurement could not be taken (a marker never appeared, the program exited)."""


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile, q in [0, 1]; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


@dataclass
class KeyStats:
    """What typing cost: bytes written and milliseconds until output was quiet, per key."""

    bytes_per_key: list[int] = field(default_factory=list)
    echo_ms: list[float] = field(default_factory=list)  # key -> first byte back
    done_ms: list[float] = field(default_factory=list)  # key -> last byte of its burst
    visible_ms: list[float] = field(default_factory=list)  # key -> typed text on screen
    silent_keys: int = 0  # keys after which nothing was written within the timeout
    echo_visible: bool = False  # the typed text's tail is on screen at the end

    def summary(self) -> dict[str, float]:
        return {
            "keys": len(self.bytes_per_key),
            "bytes_per_key_mean": statistics.fmean(self.bytes_per_key or [0]),
            "bytes_per_key_p95": percentile(self.bytes_per_key, 0.95),
            "echo_ms_p50": percentile(self.echo_ms, 0.5),
            "visible_ms_p50": percentile(self.visible_ms, 0.5),
            "visible_ms_p95": percentile(self.visible_ms, 0.95),
            "visible_ms_max": max(self.visible_ms, default=float("nan")),
            "keys_seen": len(self.visible_ms),
            "settled_ms_p50": percentile(self.done_ms, 0.5),
            "settled_ms_p95": percentile(self.done_ms, 0.95),
            "settled_ms_max": max(self.done_ms, default=float("nan")),
            "silent_keys": self.silent_keys,
            "echo_visible": self.echo_visible,
        }


def _take_terminal() -> None:
    """In the child, after setsid: make the pty on fd 0 the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Session:
    """One program on one emulated terminal of `cols` x `rows`."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cols: int = 80,
        rows: int = 24,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
        resizable: bool = False,
    ) -> None:
        """`resizable`: no COLUMNS and LINES in the environment (they would override the
        size the program reads after `resize`)."""
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.total_bytes = 0
        self.eof = False
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        child_env = dict(env if env is not None else os.environ)
        for name in ("COLUMNS", "LINES"):
            child_env.pop(name, None)
        if not resizable:
            child_env.update(COLUMNS=str(cols), LINES=str(rows))
        self.started = time.perf_counter()
        try:
            self.process = subprocess.Popen(
                list(argv),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=child_env,
                cwd=cwd,
                start_new_session=True,
                preexec_fn=_take_terminal,  # safe: the driver starts no threads
                close_fds=True,
            )
        finally:
            os.close(slave)
        self.fd = master
        _open_sessions.add(self)

    # reading

    def _read(self, timeout: float) -> tuple[float | None, int]:
        """Wait up to `timeout` s for output; return (time it arrived, byte count)."""
        if self.eof:
            return None, 0
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None, 0
        arrived = time.perf_counter()
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError as error:
            if error.errno not in (errno.EIO, errno.EBADF):
                raise
            data = b""
        if not data:
            self.eof = True
            return None, 0
        self.total_bytes += len(data)
        self.stream.feed(data)
        return arrived, len(data)

    def text(self) -> str:
        """The emulated screen, one line per row."""
        return "\n".join(self.screen.display)

    def wait_for(self, marker: str, timeout: float = 20.0) -> float:
        """Seconds since the start until `marker` is visible; raise `BenchError` on timeout."""
        if marker in self.text():
            return time.perf_counter() - self.started
        deadline = time.perf_counter() + timeout
        while (left := deadline - time.perf_counter()) > 0:
            arrived, count = self._read(left)
            if count and marker in self.text():
                return (arrived or time.perf_counter()) - self.started
            if self.eof:
                break
        how = "the program exited" if self.eof else f"timeout {timeout:g}s"
        tail = "\n".join(line.rstrip() for line in self.screen.display if line.strip())[-1200:]
        raise BenchError(f"{marker!r} never appeared ({how}); screen:\n{tail}")

    def settle(self, quiet: float, timeout: float) -> tuple[float | None, float | None, int]:
        """Read until no output for `quiet` s (or `timeout` s in all).

        Returns the arrival times of the first and last output and the bytes read; the first
        wait (for any output at all) may use the whole timeout.
        """
        deadline = time.perf_counter() + timeout
        first = last = None
        count = 0
        while True:
            now = time.perf_counter()
            wait = deadline - now if last is None else min(last + quiet, deadline) - now
            if wait <= 0:
                break
            arrived, n = self._read(wait)
            if not n:
                break
            first = first or arrived
            last = arrived
            count += n
        return first, last, count

    def drain(self, seconds: float) -> int:
        """Read everything written during the next `seconds`; return the byte count."""
        end = time.perf_counter() + seconds
        count = 0
        while (left := end - time.perf_counter()) > 0 and not self.eof:
            count += self._read(left)[1]
        return count

    # writing

    def send(self, data: str | bytes) -> float:
        """Write keys to the program; return when they were sent."""
        sent = time.perf_counter()
        os.write(self.fd, data.encode() if isinstance(data, str) else data)
        return sent

    def resize(self, cols: int, rows: int) -> float:
        """Give the terminal a new size as a terminal window does (the kernel sends the
        program SIGWINCH); returns when."""
        self.screen.resize(rows, cols)
        sent = time.perf_counter()
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        return sent

    def press(self, data: str | bytes, *, quiet: float = 0.1, timeout: float = 5.0) -> int:
        """Send keys and wait for the screen to settle; return bytes written in reply."""
        self.send(data)
        return self.settle(quiet, timeout)[2]

    def type_text(self, text: str, *, quiet: float = 0.06, timeout: float = 2.0) -> KeyStats:
        """Type `text` one key at a time, each after the previous one's output went quiet.

        A key counts as on screen when the last few characters typed so far are visible
        (`text` should not repeat itself, e.g. random letters); a tail split by a line wrap
        is not recognised, and that key has no `visible_ms`.
        """
        stats = KeyStats()
        for index, char in enumerate(text):
            tail = text[max(0, index - 5) : index + 1]
            sent = self.send(char)
            deadline = sent + timeout
            first = last = seen = None
            count = 0
            while True:
                now = time.perf_counter()
                wait = deadline - now if last is None else min(last + quiet, deadline) - now
                if wait <= 0:
                    break
                arrived, n = self._read(wait)
                if not n or arrived is None:
                    break
                first, last, count = first or arrived, arrived, count + n
                if seen is None and tail in self.text():
                    seen = arrived
            stats.bytes_per_key.append(count)
            if first is None or last is None:
                stats.silent_keys += 1
                continue
            stats.echo_ms.append((first - sent) * 1e3)
            stats.done_ms.append((last - sent) * 1e3)
            if seen is not None:
                stats.visible_ms.append((seen - sent) * 1e3)
        stats.echo_visible = bool(text) and text[-6:] in self.text()
        return stats

    # the process

    def peak_rss_mb(self) -> float:
        """Sum of VmHWM (peak resident memory) over the process and its descendants."""
        return sum(_status_kb(pid, "VmHWM") for pid in _process_tree(self.process.pid)) / 1024

    def close(self) -> None:
        """Stop the program: SIGTERM to its process group, SIGKILL after a short grace."""
        _open_sessions.discard(self)
        for sig, grace in ((signal.SIGTERM, 0.5), (signal.SIGKILL, 2.0)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(grace)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # stragglers in the group
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
            parent = int(stat[stat.rindex(b")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(name))
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, []))
    return tree


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@atexit.register
def close_all() -> None:
    """Kill every program still running (called at exit and from signal handlers)."""
    for session in list(_open_sessions):
        session.close()
