"""The core never imports Textual: checked in a fresh interpreter, where nothing is cached."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

CORE = ("model", "timeline", "storage", "listing", "cli")


def python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )


def test_importing_the_core_and_listing_does_not_import_textual(workspace_path: Path) -> None:
    result = python(
        f"""
        import importlib, io, sys
        for name in {CORE!r}:
            importlib.import_module("postmortem_tui." + name)
        from postmortem_tui.cli import main
        from postmortem_tui.storage import Workspace
        Workspace({str(workspace_path)!r}).add_sample()
        out = io.StringIO()
        assert main(["list"], out=out) == 0, out.getvalue()
        assert "payment" in out.getvalue().lower(), out.getvalue()
        loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print(loaded)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_postmortem_list_command_does_not_import_textual(workspace_path: Path) -> None:
    """`-X importtime` names every module the real command imports."""
    workspace_path.mkdir()
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "postmortem_tui", "list"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "postmortem_tui.cli" in imported  # the check itself works
    assert [name for name in imported if name.split(".")[0] == "textual"] == []
