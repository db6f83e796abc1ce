"""The layers of the package, as contracts (pyproject's [tool.importlinter]) that CI checks.

core <- storage <- tui <- cli; inside the tui, app <- screens <- panes <- forms <- widgets <-
keys. The core and storage never import Textual or Rich.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PACKAGE = PROJECT / "src" / "postmortem_tui"


def lint_imports(config: Path, source_root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the package found under `source_root`."""
    code = (
        "import sys\nfrom importlinter.cli import lint_imports\n"
        f"sys.exit(lint_imports(config_filename={str(config)!r}, no_cache=True, no_logo=True))"
    )
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )


def test_every_layer_contract_is_kept() -> None:
    result = lint_imports(PROJECT / "pyproject.toml", PROJECT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "broken"),
    [
        ("core/model.py", "import textual", "never import Textual"),
        ("storage/index.py", "from ..tui import app", "storage above core"),
        ("tui/widgets/header.py", "from ..screens import editor", "Inside the tui"),
        ("tui/app.py", "from ..cli import main", "storage above core"),
    ],
)
def test_a_planted_violation_breaks_a_contract(
    tmp_path: Path, module: str, planted: str, broken: str
) -> None:
    """The check itself works: a copy of the package with one bad import fails it."""
    copy = tmp_path / "src" / "postmortem_tui"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text() + f"\n{planted}  # planted\n")
    shutil.copy(PROJECT / "pyproject.toml", tmp_path / "pyproject.toml")
    result = lint_imports(tmp_path / "pyproject.toml", tmp_path / "src")
    assert result.returncode == 1, result.stdout + result.stderr
    verdicts = [line for line in result.stdout.splitlines() if broken in line]
    assert any(line.endswith("BROKEN") for line in verdicts), result.stdout
