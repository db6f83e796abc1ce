"""The `postmortem` command: parses arguments, calls the core, prints. No business logic here.

Exit codes: 0 ok; 1 the command ran and found problems; 2 bad usage or bad input, reported
as one line on stderr with nothing changed on disk. Textual is imported only by the
sub-commands that start the full-screen app, so `list`, `export` and `lint` start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from datetime import date
from pathlib import Path

from .. import __version__
from ..core.model import SEVERITIES, Postmortem, ValidationError, new_postmortem
from ..core.review_config import ReviewConfigError
from ..storage.workspace import (
    LoadedPostmortem,
    StorageError,
    Workspace,
    fsync_folder,
    load,
    workspace_path,
)
from .lint import add_lint_arguments
from .reporting import (
    PROG,
    LazyChoices,
    UsageError,
    add_workspace_option,
    complain,
    iso_date_argument,
    one_line,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, NoReturn, TextIO

    from ..core.export import ExportFormat
    from ..core.review import Finding


def _terminal_columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` gives it, without importing shutil."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout; its default width would import shutil (~3 ms) for every command."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2  # as argparse does
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad usage in one line instead of a usage block."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(**kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _export_format_names() -> list[str]:
    """The core's table of export formats; imported only when `--format` is checked or help
    is shown, so commands that do not export never pay for the renderers (about 10 ms)."""
    from ..core.export import FORMATS

    return list(FORMATS)


def _new_arguments(new: argparse.ArgumentParser) -> None:
    new.add_argument("title", help="the incident's title")
    new.add_argument("--quick", action="store_true", help="the short format for minor incidents")
    new.add_argument("--severity", choices=SEVERITIES)
    new.add_argument(
        "--date",
        type=iso_date_argument,
        help="the incident's date, YYYY-MM-DD (default: today in its zone)",
    )
    new.add_argument(
        "--timezone",
        metavar="ZONE",
        help="the IANA zone its times are in, e.g. America/New_York (default: `timezone` in "
        "the config file, else the system's zone)",
    )
    new.add_argument("--no-edit", action="store_true", help="print the new file's path and exit")


def _edit_arguments(edit: argparse.ArgumentParser) -> None:
    edit.add_argument("ref", metavar="REF", help="an id, a unique prefix of one, or a .toml path")


def _list_arguments(listing: argparse.ArgumentParser) -> None:
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.add_argument(
        "--query",
        metavar="QUERY",
        help='only those that match: words, "phrases", tag: severity: status: owner: '
        "after: before: (docs/search.md)",
    )


def _actions_arguments(parser: argparse.ArgumentParser) -> None:
    from .actions import add_actions_arguments  # only when `actions` (or all) is built

    add_actions_arguments(parser)


def _export_arguments(export: argparse.ArgumentParser) -> None:
    export.add_argument("ref", metavar="REF", nargs="?", help="an id, prefix or .toml path")
    export.add_argument("--all", action="store_true", help="export every postmortem into -o DIR")
    export.add_argument("-o", "--output", metavar="PATH", help="file (or folder with --all)")
    export.add_argument(
        "--format",
        choices=LazyChoices(_export_format_names),
        default="markdown",
        metavar="FORMAT",  # a metavar, so building the parser does not list the choices
        help="%(choices)s (default: %(default)s)",
    )
    export.add_argument(
        "--with-review",
        action="store_true",
        help="append the open review findings (Markdown, HTML)",
    )
    export.add_argument(
        "--as-of",
        type=iso_date_argument,
        metavar="DATE",
        help="add the action items' status on DATE, YYYY-MM-DD: how many are open and which "
        "are overdue (default: none, so the document reads the same whatever the day)",
    )


def _note_arguments(note: argparse.ArgumentParser) -> None:
    from .note import add_note_arguments  # only `note` (and full help) need it

    add_note_arguments(note)


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    return None


def _timeline_arguments(parser: argparse.ArgumentParser) -> None:
    from .timeline import add_timeline_arguments  # only when `timeline` (or all) is built

    add_timeline_arguments(parser)


def _init_arguments(parser: argparse.ArgumentParser) -> None:
    from .init import add_init_arguments  # only `init` (and full help) need it

    add_init_arguments(parser)


def _merge_driver_arguments(parser: argparse.ArgumentParser) -> None:
    from .merge_driver import add_merge_driver_arguments

    add_merge_driver_arguments(parser)


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    from .import_markdown import add_import_arguments  # only `import` (and full help) need it

    add_import_arguments(parser)


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    from .serve import add_serve_arguments  # only `serve` (and full help) need it

    add_serve_arguments(parser)


def _history_arguments(parser: argparse.ArgumentParser) -> None:
    from .history import add_history_arguments  # only when `history` (or all) is built

    add_history_arguments(parser)


def _stats_arguments(parser: argparse.ArgumentParser) -> None:
    from .stats import add_stats_arguments  # only when `stats` (or all) is built

    add_stats_arguments(parser)


#: Each sub-command's one-line help and what adds its arguments, in the order help lists them.
SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "new": ("create a draft postmortem and open it", _new_arguments),
    "edit": ("open a postmortem in the editor", _edit_arguments),
    "list": ("list the workspace's postmortems", _list_arguments),
    "actions": (
        "list the action items of every postmortem; --overdue exits 1 when one is late",
        _actions_arguments,
    ),
    "note": ("add an event to a postmortem's timeline, now or --at a time", _note_arguments),
    "export": ("export a postmortem as Markdown, JSON or HTML", _export_arguments),
    # `lint` lives in lint.py with the review engine
    "lint": (
        "check postmortems for blame, vague actions and missing follow-up",
        add_lint_arguments,
    ),
    "sample": ("copy the sample postmortem into the workspace and print its path", _no_arguments),
    "timeline": (
        "add events to a timeline from chat logs, shell history and logs",
        _timeline_arguments,
    ),
    "init": (
        "make a folder a workspace; --git: a git repository that merges postmortems",
        _init_arguments,
    ),
    "merge-driver": (
        "git's merge driver for postmortems (set up by `init --git`; see docs/git.md)",
        _merge_driver_arguments,
    ),
    "history": (
        "list a postmortem's saved versions; --show N compares one, --restore N restores it",
        _history_arguments,
    ),
    "import": ("bring Markdown postmortems in, one new postmortem per file", _import_arguments),
    "serve": (
        "serve the app to a web browser on this machine (needs postmortem-tui[serve])",
        _serve_arguments,
    ),
    "stats": (
        "figures across postmortems: time to detect and resolve, action items, tags",
        _stats_arguments,
    ),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only`, the main options and that one sub-command.

    Building every sub-command's arguments costs more than parsing; a command line that starts
    with a sub-command's name needs no other (see `main`).
    """
    parser = _Parser(
        prog=PROG,
        description="Write blameless incident postmortems in the terminal. "
        "With no command, opens the workspace browser.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_workspace_option(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    for name, (help_text, add_arguments) in SUBCOMMANDS.items():
        if only is None or name == only:
            sub = commands.add_parser(name, help=help_text, description=help_text)
            # Accepted after the sub-command too; SUPPRESS keeps a value given before it.
            add_workspace_option(sub, default=argparse.SUPPRESS)
            add_arguments(sub)
    return parser


# --- sub-commands ---------------------------------------------------------------------------


def _workspace(args: argparse.Namespace) -> Workspace:
    """The workspace named by the options; it may not exist yet, but if it does, a folder."""
    workspace = Workspace(workspace_path(getattr(args, "workspace", None)))
    if workspace.root.exists() and not workspace.root.is_dir():
        raise UsageError(f"workspace {workspace.root} is not a folder")
    return workspace


def _load_ref(workspace: Workspace, ref: str) -> LoadedPostmortem:
    return load(workspace.resolve(ref))


def _new_zone(args: argparse.Namespace) -> str:
    """The zone a new postmortem records: `--timezone`, the configured one, or the system's."""
    from ..core.timezones import UnknownZoneError, zone_named
    from ..storage.settings import default_zone_name, load_settings

    try:
        if args.timezone is not None:
            zone_named(args.timezone)
            return str(args.timezone)
        return default_zone_name(load_settings())
    except UnknownZoneError as error:
        where = "--timezone: " if args.timezone is not None else ""
        raise UsageError(f"{where}{error}") from None


def _today_in(zone: str) -> date:
    from datetime import datetime

    from ..core.timezones import zone_named

    return datetime.now(zone_named(zone)).date()


def cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    if not args.title.strip():
        raise UsageError("the title must not be empty")
    zone = _new_zone(args)
    workspace = _workspace(args).ensure()
    pm = new_postmortem(
        args.title,
        incident_date=args.date or _today_in(zone),
        quick=args.quick,
        severity=args.severity or "",
        timezone=zone,
    )
    created = workspace.create(pm)
    if args.no_edit:
        print(one_line(str(created.path)), file=out)
        return 0
    return _run_app(workspace, created)


def cmd_edit(args: argparse.Namespace, out: TextIO) -> int:
    workspace = _workspace(args)
    loaded = _load_ref(workspace, args.ref)  # a broken file stops here, before any screen
    return _run_app(workspace, loaded)


def _run_app(workspace: Workspace, opened: LoadedPostmortem | None = None) -> int:
    # Start-up allocates a few hundred thousand objects that all live on (Textual, the
    # styles, the first screen): collecting garbage among them finds nothing and cost ~15 ms
    # of the first frame. The app turns collection back on once its first screen is built.
    gc.disable()
    from ..tui.app import make_app

    workspace.ensure()
    make_app(workspace, opened=opened).run()
    return 0


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from ..storage.listing import row_json, row_line, workspace_rows

    workspace = _workspace(args)
    if args.query is not None:
        from .search import list_query_main

        return list_query_main(args, workspace, out)
    rows, today = workspace_rows(workspace), date.today()
    if args.json:
        import json

        rows_json = [row_json(row, today) for row in rows]
        print(json.dumps(rows_json, indent=2, ensure_ascii=True), file=out)
        return 0
    if not rows:
        print(one_line(f"No postmortems in {workspace.root}"), file=out)
        return 0
    id_width = max(len(row.id) for row in rows)
    for row in rows:
        print(one_line(row_line(row, today, id_width)), file=out)
    return 0


def cmd_actions(args: argparse.Namespace, out: TextIO) -> int:
    from .actions import actions_main

    return actions_main(args, _workspace(args), out, sys.stderr, _terminal_columns())


def _findings(
    pm: Postmortem, export_format: ExportFormat, args: argparse.Namespace, workspace: Workspace
) -> list[Finding] | None:
    """The open review findings when asked for and the format shows them, else None."""
    if not (args.with_review and export_format.shows_findings):
        return None
    from ..core.review import review
    from ..storage.review_settings import load_review_config

    as_of = args.as_of or date.today()
    return review(pm, today=as_of, config=load_review_config(workspace.root))


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from ..core.export import FORMATS
    from ..storage.exports import write_export

    workspace = _workspace(args)
    export_format = FORMATS[args.format]
    if args.all:
        if args.ref:
            raise UsageError("give either REF or --all, not both")
        if not args.output:
            raise UsageError("--all needs -o DIR")
        return _export_all(args, workspace, export_format, Path(args.output), out)
    if not args.ref:
        raise UsageError("give a postmortem REF, or --all -o DIR")
    loaded = _load_ref(workspace, args.ref)
    pm, today = loaded.postmortem, args.as_of  # a document: no status unless asked
    findings = _findings(pm, export_format, args, workspace)
    if not args.output:
        out.write(export_format.render(pm, today=today, findings=findings))
        return 0
    target = Path(args.output)
    if target.exists() and target.resolve() == loaded.path.resolve():
        raise UsageError(f"{target}: refusing to overwrite the postmortem itself")
    workspace.refuse_as_export_target(target)
    if target.is_dir():
        raise UsageError(f"{target}: is a folder; give a file name")
    # A typed path into a missing folder is more likely a typo than a wish for new folders.
    write_export(pm, target, export_format, today=today, findings=findings, create_folder=False)
    return 0


def _export_all(
    args: argparse.Namespace,
    workspace: Workspace,
    export_format: ExportFormat,
    folder: Path,
    out: TextIO,
) -> int:
    from ..storage.exports import export_file_name, write_export, write_export_index

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    loaded, broken = workspace.scan()
    if export_format.render_index is not None:
        workspace.refuse_as_export_target(folder / export_format.index_name)
    folder.mkdir(parents=True, exist_ok=True)
    today = args.as_of  # a document: no status unless asked
    pages = []
    for item in loaded:
        findings = _findings(item.postmortem, export_format, args, workspace)
        target = folder / export_file_name(item.id, export_format)
        pages.append((target.name, item.postmortem))
        # One fsync of the folder at the end instead of two per file: exports can be redone.
        write_export(
            item.postmortem,
            target,
            export_format,
            today=today,
            findings=findings,
            durable=False,
            workspace=workspace,
        )
    index = write_export_index(folder, pages, export_format, durable=False)
    fsync_folder(folder)
    for bad in broken:
        complain(sys.stderr, str(bad.error))
    listed = f", listed in {index.name}" if index is not None else ""
    print(one_line(f"exported {len(loaded)} postmortem(s) to {folder}{listed}"), file=out)
    return 1 if broken else 0


def cmd_lint(args: argparse.Namespace, out: TextIO) -> int:
    from .lint import lint_main

    return lint_main(args, _workspace(args), out, sys.stderr)


def cmd_note(args: argparse.Namespace, out: TextIO) -> int:
    from .note import note_main

    return note_main(args, _workspace(args), out, stdin=sys.stdin)


def cmd_sample(args: argparse.Namespace, out: TextIO) -> int:
    print(one_line(str(_workspace(args).add_sample())), file=out)
    return 0


def cmd_timeline(args: argparse.Namespace, out: TextIO) -> int:
    from .timeline import timeline_main

    return timeline_main(args, _workspace(args), out)


def cmd_init(args: argparse.Namespace, out: TextIO) -> int:
    from .init import init_main

    workspace = Workspace(workspace_path(getattr(args, "workspace", None)))
    return init_main(args, workspace, out)


def cmd_merge_driver(args: argparse.Namespace, out: TextIO) -> int:
    from .merge_driver import merge_driver_main

    return merge_driver_main(args, out, sys.stderr)


def cmd_app(args: argparse.Namespace, out: TextIO) -> int:
    return _run_app(_workspace(args))


def cmd_history(args: argparse.Namespace, out: TextIO) -> int:
    from .history import history_main

    return history_main(args, _workspace(args), out, _terminal_columns())


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from .import_markdown import import_main

    return import_main(args, _workspace(args), out, sys.stderr)


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from .serve import serve_main

    return serve_main(args, _workspace(args), out)


def cmd_stats(args: argparse.Namespace, out: TextIO) -> int:
    from .stats import stats_main

    return stats_main(args, _workspace(args), out)


COMMANDS = {
    None: cmd_app,
    "new": cmd_new,
    "edit": cmd_edit,
    "list": cmd_list,
    "actions": cmd_actions,
    "note": cmd_note,
    "export": cmd_export,
    "lint": cmd_lint,
    "sample": cmd_sample,
    "timeline": cmd_timeline,
    "init": cmd_init,
    "merge-driver": cmd_merge_driver,
    "history": cmd_history,
    "import": cmd_import,
    "serve": cmd_serve,
    "stats": cmd_stats,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    if out is None:
        out = sys.stdout
        _replace_unencodable(sys.stdout, sys.stderr)
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        for number, arg in enumerate(argv, start=1):
            if not _is_utf8(arg):
                raise UsageError(f"argument {number} is not UTF-8 text")
        # `postmortem list ...`: the first word is the sub-command, so only it is built.
        only = argv[0] if argv and argv[0] in SUBCOMMANDS else None
        parser = build_parser(only)
        args, extra = parser.parse_known_args(argv)
        if extra and args.command == "note":
            from .note import take_text_after_options

            extra = take_text_after_options(args, extra)
        if extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        return COMMANDS[args.command](args, out)
    except UsageError as error:
        return _fail(str(error))
    except (StorageError, ValidationError, ReviewConfigError) as error:
        return _fail(str(error))
    except BrokenPipeError:
        # The reader went away (`postmortem list | head`): not an error worth a message.
        with contextlib.suppress(OSError):
            # Python flushes stdout again at exit: point it at /dev/null first.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        return _fail(f"{where}{error.strerror or error}")
    except KeyboardInterrupt:
        return 130


def _is_utf8(arg: str) -> bool:
    """False for bytes that were not UTF-8 (Python keeps them as lone surrogates)."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _replace_unencodable(*streams: object) -> None:
    """Text the terminal's encoding cannot show (PYTHONIOENCODING=ascii, a C locale) comes out
    as `\\xe9` escapes instead of ending the command with a traceback."""
    for stream in streams:
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[attr-defined]


def _fail(message: str) -> int:
    complain(sys.stderr, message)
    return 2
