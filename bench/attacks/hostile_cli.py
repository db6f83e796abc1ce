"""Attack d: the installed `postmortem list`, `export` and `lint` over hostile workspaces.

Each trial builds a workspace with the sample and a few hostile files: values nested
hundreds of levels deep, huge numbers, datetimes at the ends of the calendar, control
characters, OSC sequences, bidi and zero-width characters in fields, keys and file names, a
byte order mark, bytes that are not UTF-8, NUL bytes, wrong types, broken TOML, FIFOs and
folders named like postmortems, and symbolic links (`.history`, `.history/<id>`, `.trash`,
`.lock`, `.index.json`, `exports`, a postmortem) pointing outside. Then it runs the commands
and checks each run: exit 0 or 2 (1 where documented: lint findings, `export --all` with
broken files), no traceback, stderr one `postmortem: ...` line per bad file, nothing on
stdout or stderr that a terminal would obey (ESC, C0, C1, bidi, zero-width), no run over
5 s; and per trial: no file in the workspace changed (the `.index.json` cache aside),
nothing outside written, `export -o` onto a postmortem, a kept version or the settings
refused.

    python bench/attacks/hostile_cli.py --trials 250     # about 12 runs a trial
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from attack_support import (
    arguments,
    installed_command,
    report,
    scratch,
    tree_changes,
    tree_state,
)

from postmortem_tui.storage.workspace import Workspace

TIMEOUT = 5.0
#: What a terminal would act on: C0 but tab and newline, DEL, C1, bidi and invisible marks.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
UNSAFE_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")

# --- hostile values, as TOML text ---------------------------------------------------------

NASTY_PIECES = [
    r"\u001b]0;pwned\u0007",
    r"\u001b]52;c;cm0gLXJmIH4=\u0007",
    r"\u001b[2J\u001b[H",
    r"\u009b31m",
    r"\u009d0;title\u009c",
    r"\u0085",
    r"\u202e",
    r"\u2066",
    r"\u200b",
    r"\ufeff",
    r"\u0000",
    r"\u007f",
    r"\r",
    r"\b",
    r"\t",
    "<script>alert(1)</script>",
    "# heading",
    "[link](javascript:alert(1))",
    "| a | b |",
    "plain words",
    "é漢字🙂",
]


def nasty_string(rng: random.Random) -> str:
    pieces = [rng.choice(NASTY_PIECES) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.05:
        pieces.append("x" * rng.choice((10_000, 200_000)))
    return '"' + "".join(pieces) + '"'


def deep(rng: random.Random) -> str:
    depth = rng.choice((33, 100, 300, 600, 3000))
    if rng.random() < 0.5:
        return "[" * depth + "]" * depth
    return "{a = " * depth + "1" + "}" * depth


def huge_int(rng: random.Random) -> str:
    return rng.choice(("", "-")) + str(10 ** rng.randint(12, 40) + rng.randint(0, 9))


def number(rng: random.Random) -> str:
    return rng.choice(
        (huge_int(rng), "inf", "-inf", "nan", "1e308", "-0.0", "9223372036854775807", "-1")
    )


EXTREME_DATETIMES = (
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:59.999999-00:01",
    "0001-01-01T00:00:00Z",
    "1979-05-27T07:32:00",
    "07:32:00",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30T00:00:00Z",
)


def datetime_value(rng: random.Random) -> str:
    return rng.choice(EXTREME_DATETIMES)


WRONG_TYPES = ("5", "true", "[]", "{}", '[1, "a"]', "{a = 1}", '"tomorrow"', "[[1]]", "-3")


def wrong_type(rng: random.Random) -> str:
    return rng.choice(WRONG_TYPES)


VALUE_MAKERS: list[Callable[[random.Random], str]] = [
    nasty_string,
    nasty_string,
    deep,
    number,
    datetime_value,
    wrong_type,
]

# Keys the sample has, as `key = value` lines (some in tables and arrays of tables).
SAMPLE_KEYS = (
    "title", "date", "status", "severity", "format", "review_on", "summary", "root_cause",
    "lessons_learned", "appendix", "duration_minutes", "users_affected",
    "users_affected_percent", "revenue_impact", "customer_tickets", "user_facing",
    "reputation", "name", "role", "at", "event", "milestone", "link", "text", "owner",
    "due", "priority", "ticket", "done", "kind", "question", "answer", "schema_version",
    "authors", "tags",
)  # fmt: skip


def mutate_text(text: str, rng: random.Random) -> str:
    """The sample's text with one to four values replaced, keys added, or TOML broken."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.7:
            key = rng.choice(SAMPLE_KEYS)
            places = [i for i, line in enumerate(lines) if line.startswith(f"{key} = ")]
            if not places:
                continue
            where = rng.choice(places)
            lines[where] = f"{key} = {rng.choice(VALUE_MAKERS)(rng)}"
        elif roll < 0.85:  # an unknown key, maybe with a hostile name, before the tables
            name = rng.choice(("extra", r'"\u001b]0;k\u0007"', r'"\u202ekey"', '"a.b"'))
            lines.insert(1, f"{name} = {rng.choice(VALUE_MAKERS)(rng)}")
        else:  # broken TOML
            where = rng.randrange(len(lines))
            lines[where] = rng.choice(
                ('title = "unterminated', "title = 1\ntitle = 2", r'x = "\q"', "[[timeline", "= 1")
            )
    return "\n".join(lines)


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Whole-file damage, one time in three."""
    roll = rng.random()
    if roll < 0.67:
        return data
    choices: list[Callable[[], bytes]] = [
        lambda: b"\xef\xbb\xbf" + data,
        lambda: data.replace(b"Payment", b"Paym\xe9nt", 1),  # Latin-1, not UTF-8
        lambda: data.replace(b"disk", b"di\x00sk", 1),
        lambda: data.decode("utf-8", "replace").encode("utf-16"),
        lambda: data[: rng.randrange(len(data))],
        lambda: b"",
        lambda: b"   \n\t\n",
        lambda: data.replace(b"Payment", b"\x1b]0;raw\x07\x9b31m\xe2\x80\xae", 1),
    ]
    return rng.choice(choices)()


HOSTILE_NAMES = (
    "2026-01-01-plain-hostile",
    "2026-01-02-\x1b]0;name\x07",
    "2026-01-03-\u202eevil",
    "2026-01-04-with space",
    "2026-01-05-\u200bzero",
    "2026-01-06-\x9b31m",
    "-rf",
    "2026-01-07-" + "n" * 200,
    "2026-01-08-new\nline",
)


def hostile_name(rng: random.Random, n: int) -> str:
    return f"{rng.choice(HOSTILE_NAMES)}-{n}"


# --- links and odd files ---------------------------------------------------------------------


def plant_oddity(workspace: Path, outside: Path, good_id: str, rng: random.Random) -> str:
    """One link out of the workspace, or a FIFO or folder named like a postmortem."""
    kind = rng.choice(
        (
            "history",
            "history-id",
            "trash",
            "lock",
            "index",
            "exports",
            "postmortem-link",
            "config",
            "fifo",
            "folder",
            "non-utf8-name",
        )
    )
    target = outside / f"target-{kind}"
    if kind in ("history", "trash", "exports"):
        target.mkdir(exist_ok=True)
        (target / "keep.toml").write_text("keep = 1\n")
        os.symlink(target, workspace / {"history": ".history", "trash": ".trash"}.get(kind, kind))
    elif kind == "history-id":
        target.mkdir(exist_ok=True)
        for n in range(25):
            (target / f"2026010{n % 10}T00000{n:02d}Z.toml").write_text(f"keep {n}\n")
        (workspace / ".history").mkdir(exist_ok=True)
        os.symlink(target, workspace / ".history" / good_id)
    elif kind in ("lock", "index"):
        target.write_text('{"version": 1, "entries": {}}\n')
        os.symlink(target, workspace / (".lock" if kind == "lock" else ".index.json"))
    elif kind == "postmortem-link":
        target.write_text('schema_version = 1\ntitle = "outside"\n')
        os.symlink(target, workspace / "2026-02-01-linked.toml")
    elif kind == "config":
        (workspace / "postmortem.toml").write_text(
            rng.choice(('[review]\nrules = "x"\n', "[review\n", "review = " + deep(rng) + "\n"))
        )
    elif kind == "fifo":
        os.mkfifo(workspace / "2026-02-02-fifo.toml")
    elif kind == "folder":
        (workspace / "2026-02-03-folder.toml").mkdir()
    else:
        name = os.fsencode(workspace) + b"/2026-02-04-caf\xe9.toml"
        with open(name, "wb") as handle:
            handle.write(b'schema_version = 1\ntitle = "latin-1 name"\n')
    return kind


# --- running the command -------------------------------------------------------------------


class Run:
    """One command line and what it may do."""

    def __init__(self, argv: list[str | bytes], *, exits: tuple[int, ...], bad_files: int = 0):
        self.argv = argv
        self.exits = exits
        self.bad_files = bad_files  # stderr lines expected at most (exactly, for --all)


def check_run(command: str, run: Run, counts: Counter[str], failures: list[str]) -> None:
    try:
        done = subprocess.run(
            [command, *run.argv], capture_output=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        counts["hung"] += 1
        failures.append(f"hung: {run.argv!r}")
        return
    counts["runs"] += 1
    counts[f"exit_{done.returncode}"] += 1
    problems = []
    if done.returncode not in run.exits:
        problems.append(f"exit {done.returncode}")
        counts["bad_exit"] += 1
    err = done.stderr.decode("utf-8", "replace")
    if "Traceback" in err:
        problems.append("traceback")
        counts["traceback"] += 1
    lines = err.splitlines()
    if any(not line.startswith("postmortem: ") for line in lines) or len(lines) > max(
        1, run.bad_files
    ):
        problems.append(f"stderr {len(lines)} lines")
        counts["stderr_not_one_line_per_file"] += 1
    for stream, data in (("stdout", done.stdout), ("stderr", done.stderr)):
        text = data.decode("utf-8", "replace")
        if UNSAFE.search(text) or UNSAFE_BYTES.search(data):
            problems.append(f"{stream} unsafe {UNSAFE.findall(text)[:3]!r}")
            counts[f"{stream}_unsafe_{run.argv[0]!s}"] += 1
    if problems:
        failures.append(f"{run.argv!r}: {'; '.join(problems)}: {err[:200]!r}")


def trial_runs(
    workspace: Path, out: Path, refs: list[str | bytes], hostile: str, bad: int
) -> list[Run]:
    ws = ["--workspace", str(workspace)]
    good = refs[0]
    runs = [
        Run(["list", *ws], exits=(0,)),
        Run(["list", "--json", *ws], exits=(0,)),
        Run(["lint", "--all", *ws], exits=(0, 1, 2), bad_files=bad),
        Run(["lint", "--all", "--format", "json", *ws], exits=(0, 1, 2), bad_files=bad),
        Run(["export", "--all", "-o", str(out / "all"), *ws], exits=(0, 1, 2), bad_files=bad),
        Run(["export", "--format", "json", str(good), *ws], exits=(0,)),
    ]
    for ref in refs[1:]:
        runs.append(Run(["export", ref, *ws], exits=(0, 2), bad_files=1))
        runs.append(Run(["lint", ref, *ws], exits=(0, 1, 2), bad_files=1))
        runs.append(Run(["export", ref, "-o", str(out / "one.md"), *ws], exits=(0, 2), bad_files=1))
    # Exports onto the workspace's own files: always refused.
    for target in (
        hostile,
        f".history/{good}/20260101T000000000000Z.toml",
        "postmortem.toml",
        ".trash/x.toml",
    ):
        runs.append(Run(["export", good, "-o", str(workspace / target), *ws], exits=(2,)))
    return runs


def one_trial(
    trial: int, folder: Path, sample: bytes, command: str, rng: random.Random, jobs: int
) -> tuple[Counter[str], list[str]]:
    counts: Counter[str] = Counter()
    failures: list[str] = []
    root = folder / f"t{trial}"
    workspace, outside, out = root / "ws", root / "outside", root / "out"
    for made in (workspace, outside, out):
        made.mkdir(parents=True)
    (outside / "precious.txt").write_text("never touched\n")
    good_id = "2026-03-12-payment-webhooks-delayed-by-a-full-queue-disk"
    (workspace / f"{good_id}.toml").write_bytes(sample)
    refs: list[str | bytes] = [good_id]
    for n in range(rng.randint(1, 3)):
        name = hostile_name(rng, n)
        text = mutate_text(sample.decode(), rng).encode()
        (workspace / f"{name}.toml").write_bytes(mutate_bytes(text, rng))
        refs.append(str(workspace / f"{name}.toml") if rng.random() < 0.5 else name)
    if trial == 0:  # once: a file over the 16 MiB limit
        (workspace / "2026-01-09-huge.toml").write_bytes(sample + b"#" * (17 << 20) + b"\n")
    for _ in range(rng.randint(0, 2)):
        with contextlib.suppress(FileExistsError):
            counts["oddity_" + plant_oddity(workspace, outside, good_id, rng)] += 1
    bad = len(Workspace(workspace).files())  # at most this many files can be refused
    inside_before = tree_state(workspace, skip=frozenset({".index.json"}))
    outside_before = tree_state(outside)
    runs = trial_runs(workspace, out, refs, f"{name}.toml", bad)
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda run: check_run(command, run, counts, failures), runs))
    changed = tree_changes(inside_before, tree_state(workspace, skip=frozenset({".index.json"})))
    changed = [name for name in changed if not name.startswith(".index.json.")]
    if changed:
        counts["workspace_changed"] += 1
        failures.append(f"trial {trial}: workspace changed: {changed[:5]}")
    if tree_changes(outside_before, tree_state(outside)):
        counts["outside_written"] += 1
        failures.append(f"trial {trial}: outside changed")
    return counts, failures


def main() -> int:
    parser = arguments(__doc__.splitlines()[0], 250, jobs=2)
    parser.add_argument("--verbose", action="store_true", help="print every failed run")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    command = installed_command()
    counts: Counter[str] = Counter()
    with scratch(args.keep, "hostile") as folder:
        Workspace(folder / "sample").add_sample()
        sample = next((folder / "sample").glob("*.toml")).read_bytes()
        for trial in range(args.trials):
            trial_counts, failures = one_trial(trial, folder, sample, command, rng, args.jobs)
            counts.update(trial_counts)
            counts["trials"] += 1
            if args.verbose:
                for line in failures:
                    print(line, file=sys.stderr)
            if not args.keep:
                subprocess.run(["rm", "-rf", str(folder / f"t{trial}")], check=False)
    first = ("trials", "runs", "exit_0", "exit_1", "exit_2")
    checks = (
        "bad_exit",
        "traceback",
        "stderr_not_one_line_per_file",
        "hung",
        "workspace_changed",
        "outside_written",
    )
    unsafe = sorted(key for key in counts if "_unsafe_" in key)
    oddities = sorted(key for key in counts if key.startswith("oddity_"))
    order = (*first, *checks, *unsafe, *oddities)
    return report("hostile_cli", {key: counts[key] for key in order}, (*checks, *unsafe))


if __name__ == "__main__":
    sys.exit(main())
