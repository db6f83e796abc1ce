"""`postmortem init [DIR] [--git]`: make a folder a workspace, and with `--git` a git
repository that merges postmortems item by item.

Without `--git`: the folder (default: the workspace) is made, with a commented
`postmortem.toml` (the workspace's settings, docs/review.md) when it has none. With `--git`
also: `git init` when the folder is in no repository; a `.gitattributes` that sends the
postmortems (`/*.toml`, not `postmortem.toml`) to the `postmortem` merge driver; the
repository's config naming that driver; and a `.gitignore` for what the app keeps on one
machine only (caches, the lock, local history, trash, temp files). Lines already present
are left alone and nothing is ever overwritten, so running it twice changes nothing.
Git missing with `--git`: one line, exit 2, nothing made. See docs/git.md.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from ..storage.details import DETAILS_FILE
from ..storage.git import git_installed, git_output, run_git
from ..storage.index import INDEX_FILE
from ..storage.pattern_cache import PATTERNS_CACHE
from ..storage.review_settings import RULES_CACHE
from ..storage.workspace import (
    HISTORY_DIR,
    LOCK_FILE,
    TEMP_SUFFIX,
    TRASH_DIR,
    WORKSPACE_CONFIG,
    SaveError,
    Workspace,
)
from .reporting import UsageError, one_line

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    import argparse
    from typing import TextIO

#: The merge driver's name in `.gitattributes` and the git config.
DRIVER = "postmortem"

SETTINGS_TEXT = """\
# postmortem-tui workspace settings: this file is never read as a postmortem.
# Every key is optional; see docs/review.md, "Workspace settings".

# [review]
# language = "en"                     # the review's word lists
# disable = ["summary-too-long"]      # rule ids to skip
# names = ["Kim", "Lee"]              # more people, besides participants, authors, owners
# blame_phrases = ["cowboy deploy"]   # more blame phrases, as plain text
# vague_phrases = ["circle back"]     # more vague action phrases, as plain text
# review_min_days = 14                # the follow-up review window after the incident
# review_max_days = 28
#
# [review.severity]                   # error | warning | hint
# action-no-due = "error"
"""

ATTRIBUTES_HEADER = "# postmortem-tui: merge postmortems item by item (docs/git.md)"
#: The postmortems are the workspace's top-level `.toml` files, except its settings.
ATTRIBUTES_LINES = (f"/*.toml merge={DRIVER}", f"/{WORKSPACE_CONFIG} merge=text")

IGNORE_HEADER = "# postmortem-tui: kept on this machine only (docs/git.md)"
IGNORE_LINES = (
    f"/{INDEX_FILE}",
    f"/{DETAILS_FILE}",
    f"/{RULES_CACHE}",
    f"/{PATTERNS_CACHE}",
    f"/{LOCK_FILE}",
    f"/{HISTORY_DIR}/",
    f"/{TRASH_DIR}/",
    f"/.*{TEMP_SUFFIX}",
)


def add_init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", metavar="DIR", nargs="?", help="the folder to set up (default: the workspace)"
    )
    parser.add_argument(
        "--git",
        action="store_true",
        help="also make it a git repository that merges postmortems item by item",
    )


def driver_command() -> str:
    """The merge driver as git runs it: this interpreter, by its absolute path, so the
    driver works whether or not `postmortem` is on the PATH git sees (a GUI client, a hook,
    a virtual environment that is not active)."""
    python = shlex.quote(os.path.abspath(sys.executable))
    return f"{python} -m postmortem_tui merge-driver %O %A %B %P"


def _append_lines(path: Path, header: str, lines: tuple[str, ...]) -> bool:
    """Add the lines `path` does not have yet (after `header`), never changing the others;
    False when it had them all."""
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read: {error}") from None
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present]
    if not missing:
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    if header not in present:
        text += ("\n" if text else "") + header + "\n"
    text += "".join(f"{line}\n" for line in missing)
    _write(path, text.encode("utf-8"), replace=True)
    return True


def _write(path: Path, data: bytes, *, replace: bool) -> None:
    """Write atomically; without `replace`, never over a file that exists (even one made
    meanwhile: the new file is linked into place, which fails if the name is taken)."""
    from ..storage.workspace import write_atomically

    if replace:
        write_atomically(path, data)
        return
    temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}{TEMP_SUFFIX}")
    write_atomically(temp, data)
    try:
        os.link(temp, path)
    except FileExistsError:
        pass
    finally:
        temp.unlink(missing_ok=True)


def init_main(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    """Run `postmortem init`; returns the exit code."""
    if args.git and not git_installed():
        raise UsageError("--git: git is not installed (or not on PATH); nothing was changed")
    root = Path(args.folder).expanduser() if args.folder else workspace.root
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root}: not a folder")
    Workspace(root).ensure()
    done: list[str] = []
    settings = root / WORKSPACE_CONFIG
    if not settings.exists() and not settings.is_symlink():
        _write(settings, SETTINGS_TEXT.encode("utf-8"), replace=False)
        done.append(f"wrote {settings}")
    if args.git:
        done.extend(_set_up_git(root))
    for line in done or [f"{root} is already set up"]:
        print(one_line(line), file=out)
    return 0


def _set_up_git(root: Path) -> list[str]:
    done = []
    inside = run_git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        git_output(root, "init", "--quiet")
        done.append(f"made {root} a git repository")
    for path, header, lines in (
        (root / ".gitattributes", ATTRIBUTES_HEADER, ATTRIBUTES_LINES),
        (root / ".gitignore", IGNORE_HEADER, IGNORE_LINES),
    ):
        if path.is_symlink():
            raise SaveError(f"refusing to use {path}: it is a symbolic link")
        if _append_lines(path, header, lines):
            done.append(f"updated {path}")
    wanted = {
        f"merge.{DRIVER}.name": "postmortem-tui: merge postmortems item by item",
        f"merge.{DRIVER}.driver": driver_command(),
    }
    for key, value in wanted.items():
        current = run_git(root, "config", "--local", "--get", key)
        if current.returncode != 0 or current.stdout.rstrip("\n") != value:
            git_output(root, "config", "--local", key, value)
            done.append(f"set git config {key}")
    return done
