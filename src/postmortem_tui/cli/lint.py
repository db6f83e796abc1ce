"""`postmortem lint`: the blameless review on the command line, for people, CI and hooks.

Exit 0 when no finding is an error (warnings pass unless `--strict`), 1 when one is, 2 for
bad usage or a file that cannot be read (one line each on stderr, the good files still
checked). Text output is one `id: where: severity rule-id: message` line per finding, the
field named as the editor shows it ("Timeline, 09:48Z Queue disk usage alert…"); the JSON
output has both that (`where`) and the field's path in the file (`field`); `--format github`
prints GitHub Actions annotations on the field's line (cli/github.py). `--changed REV`
checks the postmortems git says changed since REV, and untracked ones (storage/git.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..storage.workspace import LoadedPostmortem, PostmortemFileError, StorageError, Workspace, load
from .reporting import complain, iso_date_argument, one_line, safe_json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    import argparse
    from typing import Any, TextIO

    from ..core.review import Finding, ReviewConfig

JSON_VERSION = 1


def add_lint_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "refs", metavar="REF", nargs="*", help="ids, unique prefixes of ids, or .toml paths"
    )
    parser.add_argument(
        "--all", action="store_true", help="check every postmortem in the workspace"
    )
    parser.add_argument(
        "--changed",
        metavar="REV",
        help="check the postmortems changed since the git revision REV (and untracked ones)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="output (default: text; github: GitHub Actions workflow annotations)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit 1) on warnings as well as errors"
    )
    parser.add_argument(
        "--today",
        type=iso_date_argument,
        metavar="YYYY-MM-DD",
        help="judge due dates as of this day (default: today), for reproducible runs",
    )


def _gather(
    args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO
) -> tuple[list[LoadedPostmortem], bool]:
    """The postmortems to check, and whether any could not be read (already reported)."""
    if args.all:
        loaded, broken = workspace.scan()
        for bad in broken:
            _unreadable(args, bad.error, out, err)
        return loaded, bool(broken)
    refs: list[str] | list[Path] = args.refs
    if args.changed is not None:
        from ..storage.git import changed_postmortems

        refs = changed_postmortems(workspace, args.changed)
    loaded, failed, seen = [], False, set()
    for ref in refs:
        try:
            item = load(ref) if isinstance(ref, Path) else load(workspace.resolve(ref))
        except PostmortemFileError as error:
            _unreadable(args, error, out, err)
            failed = True
            continue
        except StorageError as error:  # RefError
            complain(err, str(error))
            failed = True
            continue
        key = item.path.resolve()
        if key not in seen:
            seen.add(key)
            loaded.append(item)
    return loaded, failed


def _unreadable(
    args: argparse.Namespace, error: PostmortemFileError, out: TextIO, err: TextIO
) -> None:
    """A file that cannot be read: one line on stderr, and an annotation for GitHub."""
    complain(err, str(error))
    if args.format == "github":
        from .github import error_annotation

        print(error_annotation(error), file=out)


def _text_lines(item: LoadedPostmortem, findings: list[Finding]) -> list[str]:
    return [
        one_line(f"{item.id}: {f.where}: {f.severity} {f.rule_id}: {f.message}") for f in findings
    ]


def _json_report(
    results: list[tuple[LoadedPostmortem, list[Finding]]], counts: dict[str, int]
) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "counts": counts,
        "postmortems": [
            {
                "id": item.id,
                "path": one_line(str(item.path)),
                "title": one_line(item.postmortem.title),
                "findings": [f.as_json() for f in findings],
            }
            for item, findings in results
        ],
    }


def lint_main(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO) -> int:
    """Run `postmortem lint` with parsed `args`; returns the exit code."""
    # Imported here so that building the parser for other sub-commands stays cheap.
    from ..core.review import ReviewConfigError, review
    from ..storage.review_settings import load_review_config

    if args.all and args.refs:
        complain(err, "lint: give either REF... or --all, not both")
        return 2
    if args.changed is not None and (args.all or args.refs):
        complain(err, "lint: --changed REV chooses the postmortems: give no REF or --all with it")
        return 2
    if not args.all and not args.refs and args.changed is None:
        complain(err, "lint: give one or more REFs, or --all")
        return 2
    try:
        config: ReviewConfig = load_review_config(workspace.root)
    except (StorageError, ReviewConfigError) as error:
        complain(err, str(error))
        return 2
    today = getattr(args, "today", None) or date.today()

    try:
        loaded, unreadable = _gather(args, workspace, out, err)
    except StorageError as error:  # PostmortemFileError, GitError
        complain(err, str(error))
        return 2
    results = [(item, review(item.postmortem, today=today, config=config)) for item in loaded]

    counts = {"error": 0, "warning": 0, "hint": 0}
    for _, findings in results:
        for finding in findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1

    if args.format == "json":
        print(safe_json(_json_report(results, counts)), file=out)
    elif args.format == "github":
        from .github import finding_annotations

        for item, findings in results:
            for line in finding_annotations(item, findings):
                print(line, file=out)
    else:
        for item, findings in results:
            for line in _text_lines(item, findings):
                print(line, file=out)

    if unreadable:
        return 2
    failing = counts["error"] + (counts["warning"] if args.strict else 0)
    return 1 if failing else 0
