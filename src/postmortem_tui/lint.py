"""`postmortem lint`: placeholder until the review engine lands (the review helper owns this)."""

from __future__ import annotations

import argparse
from typing import TextIO

from .storage import Workspace


def add_lint_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("refs", metavar="REF", nargs="*")
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true")


def lint_main(args: argparse.Namespace, workspace: Workspace, out: TextIO, err: TextIO) -> int:
    print("postmortem: lint is not available yet", file=err)
    return 2
