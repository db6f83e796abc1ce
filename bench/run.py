"""Run the benchmark suite: print a table and write JSON to bench/results/.

Every figure is taken against a reference measured in the same run, alternating runs, because
our machines vary by 30% from run to run; a ratio of medians is what the targets judge.

    python bench/run.py              # the full suite (a few minutes)
    python bench/run.py --quick      # fewer runs and keys: a smoke check
    python bench/run.py --only typing --only idle
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import signal
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import generate
from ptydriver import BenchError, KeyStats, Session, percentile

from postmortem_tui.storage.workspace import Workspace, load

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
PYTHON = sys.executable
_SCRIPT = Path(PYTHON).with_name("postmortem")
POSTMORTEM = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "postmortem_tui"]

# Keys as an xterm sends them.
F2, F3, F6 = "\x1bOQ", "\x1bOR", "\x1b[17~"
CTRL_T, CTRL_N, CTRL_S, END, CTRL_END = "\x14", "\x0e", "\x13", "\x1b[F", "\x1b[1;5F"
ESCAPE = "\x1b"
#: Placeholders of the fields typed into (src/postmortem_tui/dialogs/item_forms.py).
EVENT_PLACEHOLDER = "A system or process, not a person"
ACTION_PLACEHOLDER = "Alert at 70% disk usage"
EDIT_EVENT_TITLE = "Edit timeline event"
#: The title of the summary's last field (its participants list), built after the first frame.
SUMMARY_COMPLETE = "Participants"
#: What is typed into each field: letters (never a binding in a text field) in an order that
#: does not repeat, so the last few typed show when a key reached the screen.
TYPED = "".join(random.Random(5).choices(string.ascii_lowercase, k=400))


@dataclass
class Figure:
    """One row of the table: a measured value, its reference and the target it is judged by."""

    group: str
    name: str
    value: float
    unit: str
    reference: float | None = None
    reference_name: str = ""
    target: str = ""
    limit: float | None = None  # the value (or ratio, when there is a reference) must be <= it
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.reference in (None, 0):
            return None
        return self.value / self.reference

    @property
    def passed(self) -> bool | None:
        judged = self.ratio if self.reference is not None else self.value
        if self.limit is None or judged is None:
            return None
        return judged <= self.limit

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio, "passed": self.passed}


@dataclass
class Context:
    """The fixtures every group uses, and the options of this run."""

    quick: bool
    root: Path
    env: dict[str, str]
    sample_ws: Path
    sample_path: Path
    big_ws: Path
    big_path: Path
    many_ws: Path
    figures: list[Figure] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def runs(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    def env_for(self, workspace: Path) -> dict[str, str]:
        return {**self.env, "POSTMORTEM_WORKSPACE": str(workspace)}

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        print(f"  {format_row(figure)}", flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def alternate(count: int, contenders: dict[str, Callable[[], float]]) -> dict[str, list[float]]:
    """Run each contender `count` times, rotating the order every round (after one warm-up)."""
    names = list(contenders)
    for name in names:
        contenders[name]()  # warm-up: file cache, .pyc files
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(count):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(contenders[name]())
    return samples


# --- measuring one program ------------------------------------------------------------------


def first_frame(
    argv: list[str],
    marker: str,
    env: dict[str, str],
    *,
    then: tuple[str, list[float]] | None = None,
) -> float:
    """Seconds from spawn until `marker` is on the 80x24 screen.

    With `then` = (a later marker, a list), the seconds until that one shows too are appended
    to the list (the editor paints first and builds the rest of its fields after).
    """
    with Session(argv, env=env) as session:
        shown = session.wait_for(marker, timeout=30)
        if then is not None:
            later, times = then
            times.append(session.wait_for(later, timeout=30))
        return shown


def exit_time(argv: list[str], env: dict[str, str], *, ok: tuple[int, ...] = (0,)) -> float:
    """Seconds from spawn until the command exits (its output thrown away)."""
    started = time.perf_counter()
    done = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in ok:
        message = done.stderr.decode(errors="replace").strip()[-300:]
        raise BenchError(f"{' '.join(argv)} exited {done.returncode}: {message}")
    return elapsed


def press_until(session: Session, key: str, text: str, timeout: float = 20) -> float:
    """Press a key and wait until `text` is on screen, then for quiet; returns the wait (s)."""
    sent = session.send(key)
    shown = session.wait_for(text, timeout) + session.started - sent
    session.settle(0.1, 5)
    return shown


def click_on(session: Session, text: str, *, occurrence: int = -1) -> None:
    """Click on a visible text (a field's value or placeholder): focus that field by mouse,
    whatever the tab order or the labels' layout."""
    hits = [
        (row, line.index(text)) for row, line in enumerate(session.screen.display) if text in line
    ]
    if not hits:
        raise BenchError(f"{text!r} not on screen:\n{session.text()}")
    row, column = hits[occurrence]
    x, y = column + 2, row + 1  # 1-based
    session.send(f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")
    session.settle(0.1, 5)


# --- groups ---------------------------------------------------------------------------------


def bench_startup(ctx: Context) -> None:
    """First frame of the editor (sample) and the browser (1,000) against a bare Static app."""
    sample_title = load(ctx.sample_path).postmortem.title[:30]
    newest = max(s.stem[:10] for s in ctx.many_ws.glob("*.toml"))
    complete: list[float] = []  # until the summary's last field (its participants list) shows
    samples = alternate(
        ctx.runs(10, 3),
        {
            "static": lambda: first_frame(
                [PYTHON, str(BENCH / "ref_static.py")], "Reference static ready", ctx.env
            ),
            "editor": lambda: first_frame(
                [*POSTMORTEM, "edit", str(ctx.sample_path)],
                sample_title,
                ctx.env_for(ctx.sample_ws),
                then=(SUMMARY_COMPLETE, complete),
            ),
            "browser": lambda: first_frame(POSTMORTEM, newest, ctx.env_for(ctx.many_ws)),
            # The same file while the workspace holds 1,000: the browser is built underneath.
            "editor, big workspace": lambda: first_frame(
                [*POSTMORTEM, "edit", str(ctx.sample_path)], sample_title, ctx.env_for(ctx.many_ws)
            ),
        },
    )
    del complete[0]  # the warm-up run's
    ctx.raw["startup"] = {**samples, "editor, all summary fields": complete}
    reference = median(samples["static"])
    ctx.add(Figure("startup", "bare Textual app, one Static", reference * 1e3, "ms"))
    ctx.add(
        Figure(
            "startup",
            "editor first frame (sample)",
            median(samples["editor"]) * 1e3,
            "ms",
            reference * 1e3,
            "bare app",
            "<= 1.25x",
            1.25,
        )
    )
    ctx.add(
        Figure(
            "startup",
            "editor, all summary fields (sample)",
            median(complete) * 1e3,
            "ms",
            reference * 1e3,
            "bare app",
            note=f"until {SUMMARY_COMPLETE!r}, the summary's last field, is on screen",
        )
    )
    ctx.add(
        Figure(
            "startup",
            "browser first frame (1,000)",
            median(samples["browser"]) * 1e3,
            "ms",
            reference * 1e3,
            "bare app",
            "<= 1.5x",
            1.5,
            note="workspace index warm (built by the warm-up run)",
        )
    )
    ctx.add(
        Figure(
            "startup",
            "editor first frame (sample), 1,000 in ws",
            median(samples["editor, big workspace"]) * 1e3,
            "ms",
            reference * 1e3,
            "bare app",
            "<= 1.25x",
            1.25,
            note="`postmortem edit PATH` with POSTMORTEM_WORKSPACE holding 1,000 postmortems",
        )
    )


def bench_cli(ctx: Context) -> None:
    """`list`, `export REF`, `lint REF` on one postmortem against `python -c pass`."""
    env = ctx.env_for(ctx.sample_ws)
    ref = ctx.sample_path.stem
    commands = {
        "python -c pass": [PYTHON, "-c", "pass"],
        "list": [*POSTMORTEM, "list"],
        "export REF": [*POSTMORTEM, "export", ref],
        "lint REF": [*POSTMORTEM, "lint", ref],
    }
    samples = alternate(
        ctx.runs(10, 3),
        {
            name: (lambda argv=argv: exit_time(argv, env, ok=(0, 1)))
            for name, argv in commands.items()
        },
    )
    ctx.raw["cli"] = samples
    reference = median(samples.pop("python -c pass"))
    ctx.add(Figure("cli", "python -c pass", reference * 1e3, "ms"))
    for name, values in samples.items():
        ctx.add(
            Figure(
                "cli",
                f"postmortem {name} (1 postmortem)",
                median(values) * 1e3,
                "ms",
                reference * 1e3,
                "python -c pass",
                "<= 4x",
                4.0,
            )
        )
    probe = (
        "import sys\nfrom postmortem_tui import cli\n"
        f"for argv in (['list'], ['export', {ref!r}], ['lint', {ref!r}]):\n"
        "    cli.main(argv, out=open('/dev/null', 'w'))\n"
        "print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    )
    done = subprocess.run(
        [PYTHON, "-c", probe], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    imported = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]
    ctx.raw["cli_imports"] = imported
    ctx.add(
        Figure(
            "cli",
            "textual imported by list/export/lint",
            float("textual" in imported),
            "bool",
            target="no (0)",
            limit=0,
            note=f"modules seen: {imported}",
        )
    )


def bench_bulk(ctx: Context) -> None:
    """`export --all`, `lint --all` and `list` over 1,000 postmortems, in seconds."""
    env = ctx.env_for(ctx.many_ws)
    index = ctx.many_ws / ".index.json"
    out = ctx.root / "exports"

    def export_all() -> float:
        shutil.rmtree(out, ignore_errors=True)
        return exit_time([*POSTMORTEM, "export", "--all", "-o", str(out)], env)

    def list_cold() -> float:
        index.unlink(missing_ok=True)
        return exit_time([*POSTMORTEM, "list"], env)

    samples = alternate(
        ctx.runs(3, 1),
        {
            "export --all": export_all,
            "lint --all": lambda: exit_time([*POSTMORTEM, "lint", "--all"], env, ok=(0, 1)),
            "list (no index)": list_cold,
            "list (index warm)": lambda: exit_time([*POSTMORTEM, "list"], env),
        },
    )
    ctx.raw["bulk"] = samples
    for name, values in samples.items():
        ctx.add(
            Figure(
                "bulk",
                f"postmortem {name} (1,000)",
                median(values),
                "s",
                target="< 3 s",
                limit=3.0,
            )
        )


def bench_actions(ctx: Context) -> None:
    """`postmortem actions` over 1,000 postmortems (~5,400 items), in seconds: the cron
    reminder (`--overdue --owner`), every open item, and every item as CSV, index warm; and
    the reminder with no index (the first run on a workspace)."""
    env = ctx.env_for(ctx.many_ws)
    index = ctx.many_ws / ".index.json"
    actions = [*POSTMORTEM, "actions"]
    reminder = [*actions, "--overdue", "--owner", "platform team", "--today", "2025-01-01"]

    def reminder_cold() -> float:
        index.unlink(missing_ok=True)
        return exit_time(reminder, env, ok=(0, 1))

    samples = alternate(
        ctx.runs(3, 1),
        {
            "actions --overdue --owner, warm": lambda: exit_time(reminder, env, ok=(0, 1)),
            "actions --overdue --owner, no index": reminder_cold,
            "actions (open items)": lambda: exit_time(actions, env),
            "actions --all --format csv": lambda: exit_time(
                [*actions, "--all", "--format", "csv"], env
            ),
        },
    )
    ctx.raw["actions"] = samples
    for name, values in samples.items():
        ctx.add(
            Figure(
                "actions",
                f"{name} (1,000)",
                median(values),
                "s",
                target="< 3 s",
                limit=3.0,
            )
        )


def open_editor(ctx: Context, path: Path, workspace: Path) -> tuple[Session, float]:
    """The editor on `path`, its first frame on screen and settled; returns the session too."""
    title = load(path).postmortem.title[:30]
    session = Session([*POSTMORTEM, "edit", str(path)], env=ctx.env_for(workspace))
    try:
        shown = session.wait_for(title, timeout=30)
        session.settle(0.3, 10)
    except BaseException:
        session.close()
        raise
    return session, shown


def type_into(session: Session, keys: int) -> KeyStats:
    text = TYPED[:keys]
    stats = session.type_text(text, quiet=0.06, timeout=2.0)
    if not stats.echo_visible or stats.silent_keys:
        raise BenchError(
            f"typed text not echoed ({stats.silent_keys} silent keys); screen:\n{session.text()}"
        )
    return stats


def editor_fields(ctx: Context, keys: int) -> dict[str, KeyStats]:
    """Type into three fields of the editor with the 2,000-event postmortem open."""
    opened = ctx.raw.setdefault("form_open_s", {})
    big = load(ctx.big_path).postmortem
    session, _ = open_editor(ctx, ctx.big_path, ctx.big_ws)
    stats = {}
    with session:
        # The 2,000-row timeline is shown once, so it is mounted behind every field typed into.
        opened.setdefault("timeline pane", []).append(
            press_until(session, F3, big.timeline[0].event[:20])
        )
        opened.setdefault("event form", []).append(press_until(session, CTRL_T, EVENT_PLACEHOLDER))
        click_on(session, EVENT_PLACEHOLDER)
        stats["timeline event form"] = type_into(session, keys)
        session.press(ESCAPE, quiet=0.2)

        session.press(F2, quiet=0.2)
        click_on(session, big.summary[:25], occurrence=0)
        session.press(CTRL_END, quiet=0.1)
        before = ctx.big_path.stat().st_mtime_ns
        stats["summary text"] = type_into(session, keys)
        ctx.raw.setdefault("autosaved_while_typing", []).append(
            ctx.big_path.stat().st_mtime_ns != before
        )

        session.press(F6, quiet=0.3, timeout=10)
        opened.setdefault("action form", []).append(
            press_until(session, CTRL_N, ACTION_PLACEHOLDER)
        )
        click_on(session, ACTION_PLACEHOLDER)
        stats["action item text"] = type_into(session, keys)
    return stats


def reference_input(keys: int, env: dict[str, str]) -> KeyStats:
    with Session([PYTHON, str(BENCH / "ref_input.py")], env=env) as session:
        session.wait_for("Reference input ready", timeout=30)
        session.settle(0.3, 10)
        return type_into(session, keys)


def bench_typing(ctx: Context) -> None:
    """Bytes and latency per key in three editor fields against a lone Input, runs alternated."""
    keys = ctx.runs(40, 15)
    runs: dict[str, list[KeyStats]] = {}
    for round_number in range(ctx.runs(3, 1)):
        order = [False, True] if round_number % 2 == 0 else [True, False]
        for editor in order:
            if editor:
                for name, stats in editor_fields(ctx, keys).items():
                    runs.setdefault(name, []).append(stats)
            else:
                runs.setdefault("reference", []).append(reference_input(keys, ctx.env))
    ctx.raw["typing"] = {name: [s.summary() for s in values] for name, values in runs.items()}

    def pooled(values: list[KeyStats]) -> tuple[float, list[float], list[float]]:
        per_key = [b for s in values for b in s.bytes_per_key]
        visible = [ms for s in values for ms in s.visible_ms]
        return statistics.fmean(per_key), visible, [ms for s in values for ms in s.done_ms]

    ref_bytes, ref_ms, ref_settled = pooled(runs.pop("reference"))
    ctx.add(Figure("typing", "lone Input: bytes/key", ref_bytes, "B"))
    ctx.add(
        Figure(
            "typing",
            "lone Input: p95 key->screen",
            percentile(ref_ms, 0.95),
            "ms",
            note=f"output quiet again p95 {percentile(ref_settled, 0.95):.1f} ms",
        )
    )
    for name, values in runs.items():
        per_key, latencies, settled = pooled(values)
        typed = sum(len(s.bytes_per_key) for s in values)
        ctx.add(
            Figure(
                "typing",
                f"{name}: bytes/key",
                per_key,
                "B",
                ref_bytes,
                "lone Input",
                "<= 1.3x",
                1.3,
            )
        )
        ctx.add(
            Figure(
                "typing",
                f"{name}: p95 key->screen",
                percentile(latencies, 0.95),
                "ms",
                target="< 16 ms",
                limit=16.0,
                note=f"max {max(latencies):.1f} ms over {len(latencies)}/{typed} keys seen; "
                f"output quiet again p95 {percentile(settled, 0.95):.1f} ms, "
                f"max {max(settled):.1f} ms",
            )
        )
    for name, values in ctx.raw["form_open_s"].items():
        ctx.add(Figure("typing", f"show {name} (key to visible)", median(values) * 1e3, "ms"))
    summary_ms = [ms for s in runs["summary text"] for ms in s.visible_ms]
    saved = ctx.raw.get("autosaved_while_typing", [])
    ctx.add(
        Figure(
            "typing",
            "slowest key while autosaving (summary)",
            max(summary_ms),
            "ms",
            target="< 16 ms",
            limit=16.0,
            note=f"an autosave ran during {sum(saved)} of {len(saved)} typing runs",
        )
    )


def bench_big(ctx: Context) -> None:
    """Open the 2,000-event postmortem, edit one event, save; peak memory."""
    opened, saved, rss = [], [], []
    first_event = load(ctx.big_path).postmortem.timeline[0].event[:20]
    for _ in range(ctx.runs(3, 1)):
        session, shown = open_editor(ctx, ctx.big_path, ctx.big_ws)
        with session:
            opened.append(shown)
            press_until(session, F3, first_event)
            press_until(session, "e", EDIT_EVENT_TITLE)  # edit the highlighted (first) event
            click_on(session, first_event)
            mark = f" checked {len(opened)}"
            session.press(END, quiet=0.05)
            if not session.type_text(mark, quiet=0.05).echo_visible:
                raise BenchError(f"the edit did not reach the event form:\n{session.text()}")
            session.send(CTRL_S)  # the form's "done"
            wait_until_gone(session, EDIT_EVENT_TITLE)
            started = session.send(CTRL_S)  # the editor's "save now"
            saved.append(wait_for_file_text(ctx.big_path, mark, started))
            session.settle(0.2, 5)
            rss.append(session.peak_rss_mb())
    ctx.raw["big"] = {"open_s": opened, "save_s": saved, "peak_rss_mb": rss}
    ctx.add(Figure("big", "open 2,000 events: first frame", median(opened) * 1e3, "ms"))
    ctx.add(Figure("big", "ctrl+s to file on disk", median(saved) * 1e3, "ms"))
    ctx.add(
        Figure(
            "big",
            "peak memory (open, edit, save)",
            max(rss),
            "MB",
            target="< 100 MB",
            limit=100.0,
            note="VmHWM of the process tree",
        )
    )


def wait_until_gone(session: Session, text: str, timeout: float = 10) -> None:
    """Read output until `text` is no longer on screen (a form closed); bounded."""
    deadline = time.perf_counter() + timeout
    while text in session.text():
        if time.perf_counter() > deadline:
            raise BenchError(f"{text!r} still on screen after {timeout:g} s")
        session.settle(0.05, 0.5)
    session.settle(0.1, 2)


def wait_for_file_text(path: Path, text: str, since: float, timeout: float = 15) -> float:
    """Seconds from `since` until `path` contains `text` (polled; bounded by `timeout`)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        with contextlib.suppress(OSError):
            if text.encode() in path.read_bytes():
                return time.perf_counter() - since
        time.sleep(0.005)
    raise BenchError(f"{text!r} never reached {path.name}")


def bench_idle(ctx: Context) -> None:
    """Bytes written per second with the editor open and nothing typed (cursor blink off)."""
    seconds = ctx.runs(3.0, 1.0)
    session, _ = open_editor(ctx, ctx.sample_path, ctx.sample_ws)
    with session:
        session.settle(0.5, 10)
        editor = session.drain(seconds) / seconds
    session, _ = open_editor(ctx, ctx.big_path, ctx.big_ws)
    with session:
        session.press(F3, quiet=0.5, timeout=20)
        big = session.drain(seconds) / seconds
    with Session([PYTHON, str(BENCH / "ref_input.py")], env=ctx.env) as session:
        session.wait_for("Reference input ready", timeout=30)
        session.settle(0.5, 10)
        reference = session.drain(seconds) / seconds
    ctx.add(Figure("idle", "lone Input (blink off)", reference, "B/s"))
    ctx.add(
        Figure(
            "idle",
            "editor on the sample",
            editor,
            "B/s",
            target="0 B/s",
            limit=0.0,
            note=f"over {seconds:g} s after the screen settled",
        )
    )
    ctx.add(
        Figure(
            "idle",
            "editor, 2,000-event timeline shown",
            big,
            "B/s",
            target="0 B/s",
            limit=0.0,
            note=f"over {seconds:g} s after the screen settled",
        )
    )


def bench_import(ctx: Context) -> None:
    """`timeline import` of a 10,000-line chat log into the sample: spawn to exit, < 1 s; and
    the same file again (every line a duplicate, into the 10,000-event postmortem)."""
    chat = generate.write_chat_log(ctx.root / "chat-10k.txt", 10_000)
    workspace = ctx.root / "import"
    env = ctx.env_for(workspace)

    def into_sample() -> float:
        shutil.rmtree(workspace, ignore_errors=True)
        ref = Workspace(workspace).add_sample().stem
        return exit_time([*POSTMORTEM, "timeline", "import", ref, str(chat)], env)

    def again() -> float:
        if not workspace.exists():
            into_sample()
        ref = Workspace(workspace).files()[0].stem
        return exit_time([*POSTMORTEM, "timeline", "import", ref, str(chat)], env)

    samples = alternate(ctx.runs(5, 2), {"into the sample": into_sample, "again": again})
    ctx.raw["import"] = samples
    ctx.add(
        Figure(
            "import",
            "timeline import 10,000 chat lines",
            median(samples["into the sample"]),
            "s",
            target="< 1 s",
            limit=1.0,
        )
    )
    # Mostly loading the 10,000-event file: no target of its own.
    ctx.add(Figure("import", "the same again (all duplicates)", median(samples["again"]), "s"))


def bench_core(ctx: Context) -> None:
    """In-process timings of the core on the big postmortem and the 1,000 (no targets)."""
    from postmortem_tui.storage import index
    from postmortem_tui.storage.workspace import dumps

    big = load(ctx.big_path)
    steps: dict[str, Callable[[], object]] = {
        "load 2,000-event file": lambda: load(ctx.big_path),
        "dumps 2,000-event postmortem": lambda: dumps(big.postmortem),
        "scan 1,000 (parse all)": lambda: Workspace(ctx.many_ws).scan(),
        "index summaries 1,000 (warm)": lambda: index.summaries(Workspace(ctx.many_ws)),
    }
    with contextlib.suppress(ImportError):
        from postmortem_tui.core.export import to_markdown

        steps["to_markdown 2,000-event"] = lambda: to_markdown(big.postmortem, today=big_date())
    with contextlib.suppress(ImportError):
        from postmortem_tui.core.review import review

        steps["review 2,000-event"] = lambda: review(big.postmortem, today=big_date())
    with contextlib.suppress(ImportError):
        from postmortem_tui.core.timeline import derive_times

        steps["derive_times 2,000-event"] = lambda: derive_times(big.postmortem)
    timings = {}
    for name, step in steps.items():
        try:
            values = []
            for _ in range(ctx.runs(5, 2)):
                started = time.perf_counter()
                step()
                values.append(time.perf_counter() - started)
        except Exception as error:  # a core function still being written: say so, go on
            print(f"  core {name}: {type(error).__name__}: {error}")
            continue
        timings[name] = values
        ctx.add(Figure("core", name, median(values) * 1e3, "ms"))
    ctx.raw["core"] = timings


def big_date() -> Any:
    return generate.big_postmortem().date


def bench_lists(ctx: Context) -> None:
    """The 2,000-event timeline at three terminal sizes, and resizing the terminal under it."""
    first_event = load(ctx.big_path).postmortem.timeline[0].event[:20]
    title = load(ctx.big_path).postmortem.title[:30]
    shown: dict[str, list[float]] = {}
    resized: dict[str, list[float]] = {}
    for _ in range(ctx.runs(5, 2)):
        for cols, rows in ((80, 24), (120, 36), (60, 20)):
            argv = [*POSTMORTEM, "edit", str(ctx.big_path)]
            env = ctx.env_for(ctx.big_ws)
            with Session(argv, cols=cols, rows=rows, env=env, resizable=True) as session:
                session.wait_for(title[: cols - 30], timeout=30)
                session.settle(1.0, 15)  # the first review and the save warm-up done too
                shown.setdefault(f"{cols}x{rows}", []).append(
                    press_until(session, F3, first_event[: cols // 3])
                )
                if (cols, rows) != (80, 24):
                    continue
                before = "80x24"
                for to in ("120x36", "60x20", "80x24"):
                    sent = session.resize(*(int(n) for n in to.split("x")))
                    _first, last, _count = session.settle(0.15, 10)
                    resized.setdefault(f"{before} to {to}", []).append((last or sent) - sent)
                    before = to
    ctx.raw["lists"] = {"timeline_shown_s": shown, "resize_s": resized}
    for size, values in shown.items():
        ctx.add(
            Figure("lists", f"2,000 events: F3 to rows shown, {size}", median(values) * 1e3, "ms")
        )
    for what, values in resized.items():
        ctx.add(
            Figure(
                "lists",
                f"2,000 events: resize {what}",
                median(values) * 1e3,
                "ms",
                note="from the new size until the last output (then 150 ms quiet)",
            )
        )


#: The search the `search` group times: words, a phrase and terms, as a user would type.
SEARCH_QUERY = 'backoff "search indexer" tag:search severity:major,critical after:2023-06-01'


def bench_stats(ctx: Context) -> None:
    """`postmortem stats` over 1,000: with the details cache warm, and with it deleted."""
    env = ctx.env_for(ctx.many_ws)
    details = ctx.many_ws / ".details.json"

    def stats_cold() -> float:
        details.unlink(missing_ok=True)
        return exit_time([*POSTMORTEM, "stats"], env)

    samples = alternate(
        ctx.runs(5, 2),
        {
            "stats (cache warm)": lambda: exit_time([*POSTMORTEM, "stats"], env),
            "stats --by month (cache warm)": lambda: exit_time(
                [*POSTMORTEM, "stats", "--by", "month", "--format", "json"], env
            ),
            "stats (no cache)": stats_cold,
        },
    )
    ctx.raw["stats"] = samples
    for name, values in samples.items():
        cold = "no cache" in name
        ctx.add(
            Figure(
                "stats",
                f"postmortem {name} (1,000)",
                median(values) * (1 if cold else 1e3),
                "s" if cold else "ms",
                target="< 3 s" if cold else "< 1 s",
                limit=3.0 if cold else 1000.0,
            )
        )


def bench_search(ctx: Context) -> None:
    """A search over 1,000 postmortems: in-process with the details cache warm (read and
    answer, the command line's work), the answer alone (the browser's, per key, once the texts
    are read), and `list --query` from spawn to exit."""
    from postmortem_tui.core.search import matches, parse_query
    from postmortem_tui.storage.details import workspace_details

    workspace = Workspace(ctx.many_ws)
    workspace_details(workspace)  # the cache warm
    query = parse_query(SEARCH_QUERY)

    def read_and_answer() -> int:
        return sum(
            1 for d in workspace_details(workspace) if d.document and matches(query, d.document)
        )

    documents = [d.document for d in workspace_details(workspace) if d.document]
    found = read_and_answer()
    timings: dict[str, list[float]] = {"read and answer": [], "answer only": []}
    for _ in range(ctx.runs(10, 3)):
        started = time.perf_counter()
        read_and_answer()
        timings["read and answer"].append(time.perf_counter() - started)
        started = time.perf_counter()
        sum(1 for doc in documents if matches(query, doc))
        timings["answer only"].append(time.perf_counter() - started)
    env = ctx.env_for(ctx.many_ws)
    spawned = alternate(
        ctx.runs(5, 2),
        {"list --query": lambda: exit_time([*POSTMORTEM, "list", "--query", SEARCH_QUERY], env)},
    )
    ctx.raw["search"] = {**timings, **spawned, "query": SEARCH_QUERY, "found": found}
    ctx.add(
        Figure(
            "search",
            "query over 1,000, cache warm: read the texts and answer",
            median(timings["read and answer"]) * 1e3,
            "ms",
            target="< 100 ms",
            limit=100.0,
            note=f"{found} found for {SEARCH_QUERY!r}",
        )
    )
    ctx.add(
        Figure(
            "search",
            "query over 1,000, texts in memory (the browser, per key)",
            median(timings["answer only"]) * 1e3,
            "ms",
            target="< 100 ms",
            limit=100.0,
        )
    )
    ctx.add(
        Figure(
            "search",
            "postmortem list --query over 1,000 (spawn to exit, cache warm)",
            median(spawned["list --query"]) * 1e3,
            "ms",
            note="includes starting Python and reading the index",
        )
    )


GROUPS: dict[str, Callable[[Context], None]] = {
    "startup": bench_startup,
    "cli": bench_cli,
    "bulk": bench_bulk,
    "actions": bench_actions,
    "typing": bench_typing,
    "big": bench_big,
    "idle": bench_idle,
    "import": bench_import,
    "core": bench_core,
    "lists": bench_lists,
    "stats": bench_stats,
    "search": bench_search,
}


# --- fixtures, output -----------------------------------------------------------------------


@contextlib.contextmanager
def fixtures(quick: bool, seed: int) -> Iterator[Context]:
    root = Path(tempfile.mkdtemp(prefix="postmortem-bench-"))
    try:
        config = root / "config.toml"
        config.write_text("cursor_blink = false\n", encoding="utf-8")
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("COLORTERM", "NO_COLOR", "FORCE_COLOR") and not k.startswith("TEXTUAL")
        }
        # As over SSH: 256 colours (OpenSSH does not forward COLORTERM).
        env.update(TERM="xterm-256color", POSTMORTEM_CONFIG=str(config))
        # Byte-code cached as after `pip install` (an editable checkout with
        # PYTHONDONTWRITEBYTECODE set would compile every module on every start); kept in the
        # temporary folder, filled by each group's warm-up run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
        sample_ws, big_ws, many_ws = root / "sample", root / "big", root / "many"
        sample_path = Workspace(sample_ws).add_sample()
        big_path = generate.write_big(big_ws, seed)
        generate.write_workspace(many_ws, 1000, seed)
        yield Context(quick, root, env, sample_ws, sample_path, big_ws, big_path, many_ws)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "bool":
        return "yes" if value else "no"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def format_row(figure: Figure) -> str:
    ratio = f"{figure.ratio:.2f}x" if figure.ratio is not None else ""
    verdict = {True: "PASS", False: "MISS", None: ""}[figure.passed]
    reference = format_value(figure.reference, figure.unit) if figure.reference is not None else ""
    return (
        f"{figure.group:<8} {figure.name:<42.42} {format_value(figure.value, figure.unit):>10} "
        f"{reference:>10} {ratio:>6} {figure.target:>9} {verdict:>4}"
    )


def machine() -> dict[str, Any]:
    import textual

    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs: a smoke check")
    parser.add_argument(
        "--only", action="append", choices=list(GROUPS), help="run only this group (repeatable)"
    )
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--output", type=Path, help="JSON file (default: bench/results/)")
    args = parser.parse_args(argv)
    # A SIGTERM (or a closed terminal) still kills the programs under test, via atexit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(129))

    info = machine()
    errors: dict[str, str] = {}
    print(
        f"postmortem-tui bench: {info['platform']}, {info['cpus']} CPUs, "
        f"Python {info['python']}, Textual {info['textual']}, load {info['loadavg_at_start']}"
    )
    header = f"{'group':<8} {'figure':<42} {'measured':>10} {'reference':>10} {'ratio':>6} "
    print(header + f"{'target':>9} {'':>4}")
    with fixtures(args.quick, args.seed) as ctx:
        for name, group in GROUPS.items():
            if args.only and name not in args.only:
                continue
            try:
                group(ctx)
            except BenchError as error:
                errors[name] = str(error)
                print(f"  {name}: ERROR {error}", flush=True)
    info["loadavg_at_end"] = os.getloadavg()
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "seed": args.seed,
        "machine": info,
        "figures": [f.as_json() for f in ctx.figures],
        "errors": errors,
        "raw": ctx.raw,
    }
    output = args.output or RESULTS / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    missed = [f for f in ctx.figures if f.passed is False]
    print(
        f"\n{len(ctx.figures)} figures, {len(missed)} missed targets, {len(errors)} errors; "
        f"load {info['loadavg_at_end']}; JSON: {output}"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
