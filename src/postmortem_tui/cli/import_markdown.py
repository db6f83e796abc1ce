"""`postmortem import FILE.md...`: Markdown postmortems brought into the workspace, one new
postmortem per file.

Prints one line per file (where it went, how many sections were placed, which were kept in
the appendix), then the counts. `--dry-run` prints the same and writes nothing. A file that
cannot be read, is not UTF-8 text or is not a Markdown postmortem gets one line on stderr and
nothing is written for it; the other files are still imported. Exit 0 when every file was
imported, 2 when any was refused (docs/import-markdown.md).
"""

from __future__ import annotations

import argparse

from .reporting import complain, one_line

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import TextIO

    from ..core.markdown_import import MarkdownImport
    from ..core.team_sections import SectionSpec
    from ..storage.workspace import Workspace


def add_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="FILE", nargs="+", help="Markdown postmortems (.md)")
    parser.add_argument(
        "--dry-run", action="store_true", help="say where each section would go; write nothing"
    )


def import_main(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO) -> int:
    """Run `postmortem import`; the exit code."""
    from ..storage.review_settings import load_team_template

    sections = load_team_template(workspace.root).sections if workspace.root.is_dir() else ()
    imported = refused = kept = 0
    for name in args.files:
        try:
            result = _read(name, sections)
            target = "(dry run)" if args.dry_run else _create(workspace, result)
        except _Refused as error:
            complain(err, str(error))
            refused += 1
            continue
        from ..core.markdown_import import summary_line

        imported += 1
        kept += len(result.kept_in_appendix)
        print(one_line(f"{name} -> {target}: {summary_line(result)}"), file=out)
    verb = "would import" if args.dry_run else "imported"
    line = f"{verb} {imported} postmortem(s)"
    if kept:
        line += f"; {kept} section(s) kept in an appendix"
    if refused:
        line += f"; {refused} file(s) refused"
    print(one_line(line), file=out)
    return 2 if refused else 0


class _Refused(Exception):
    """A file that gives no postmortem; the message names it."""


def _read(name: str, sections: tuple[SectionSpec, ...]) -> MarkdownImport:
    from ..core.markdown_import import NotAPostmortemError, import_markdown
    from ..core.model import ValidationError, from_dict, to_dict
    from ..core.timeline_import import ImportFormatError
    from ..storage.imports import ImportInputError, read_input

    try:
        text = read_input(name).text
    except (ImportInputError, ImportFormatError) as error:
        raise _Refused(str(error)) from None
    if "\x00" in text:
        raise _Refused(f"{name}: not text (it holds NUL bytes)")
    try:
        result = import_markdown(text, team_sections=sections)
    except NotAPostmortemError as error:
        raise _Refused(f"{name}: {error}") from None
    if not result.postmortem.title:
        from pathlib import Path

        result.postmortem.title = Path(name).stem
    try:  # what the file would hold must load again: a field over the size limit, say
        from_dict(to_dict(result.postmortem))
    except ValidationError as error:
        raise _Refused(f"{name}: {error}") from None
    return result


def _create(workspace: Workspace, result: MarkdownImport) -> str:
    from ..storage.workspace import StorageError

    try:
        created = workspace.ensure().create(result.postmortem)
    except StorageError as error:
        raise _Refused(str(error)) from None
    return created.path.name
