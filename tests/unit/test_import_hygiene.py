"""No module of the core, storage or the command line imports Textual or Rich.

Checked in a fresh interpreter per module, where nothing is cached, so an import made only
as a side effect of another module is seen too. (The layer contracts in test_layers.py check
the same statically; this checks what actually runs.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "postmortem_tui"
WITHOUT_TEXTUAL = ("core", "storage", "cli")


def modules_of(layer: str) -> list[str]:
    folder = PACKAGE / layer
    names = [f"postmortem_tui.{layer}"]
    for path in sorted(folder.rglob("*.py")):
        relative = path.relative_to(PACKAGE).with_suffix("")
        if path.name == "__init__.py":  # a sub-package, such as core.export
            relative = relative.parent
        name = "postmortem_tui." + ".".join(relative.parts)
        if name not in names:
            names.append(name)
    return names


def test_every_layer_without_textual_is_checked() -> None:
    checked = [m for layer in WITHOUT_TEXTUAL for m in modules_of(layer)]
    assert "postmortem_tui.core.review" in checked
    assert "postmortem_tui.core.export" in checked
    assert "postmortem_tui.storage.settings" in checked
    assert len(checked) >= 15


def test_importing_every_module_below_the_tui_imports_no_textual() -> None:
    modules = [m for layer in WITHOUT_TEXTUAL for m in modules_of(layer)]
    found = {}
    for name in modules:
        probe = (
            f"import sys, {name}\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
        )
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        found[name] = result.stdout.strip()
    assert {name: seen for name, seen in found.items() if seen != "[]"} == {}


def test_the_commands_that_do_not_start_the_app_import_no_textual(workspace_path: Path) -> None:
    """`-X importtime` names every module the real commands import."""
    workspace_path.mkdir()
    for argv in (["list"], ["sample"], ["export", "--all", "-o", str(workspace_path / "out")]):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "postmortem_tui", *argv],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
        assert "postmortem_tui.cli.main" in imported  # the check itself works
        assert [n for n in imported if n.split(".")[0] in ("textual", "rich")] == [], argv


def test_the_probe_sees_textual_when_it_is_imported() -> None:
    """The check itself works: the same probe on a module that does import Textual."""
    probe = (
        "import sys, postmortem_tui.tui.app; print(sorted(m for m in sys.modules "
        "if m.split('.')[0] == 'textual')[:1])"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "['textual']"


#: Modules the read-only commands never need, each a few milliseconds of start-up (see the
#: README's performance section): the dataclasses machinery, argparse's default width,
#: the file fingerprint, and the package-resources fallback.
SLOW_AND_UNNEEDED = ("dataclasses", "inspect", "shutil", "hashlib", "importlib.resources")


def imported_by(*argv: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "postmortem_tui", *argv],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode in (0, 1), result.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "postmortem_tui.cli.main" in imported  # the check itself works
    return imported


def test_list_export_and_lint_leave_out_what_they_do_not_need(workspace_path: Path) -> None:
    workspace_path.mkdir()
    sample = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "sample"], capture_output=True, text=True
    )
    ref = Path(sample.stdout.strip()).stem
    for argv in (["list"], ["export", ref], ["lint", ref], ["lint", "--all"]):
        imported = imported_by(*argv)
        assert [name for name in SLOW_AND_UNNEEDED if name in imported] == [], argv


def test_list_from_a_warm_index_parses_nothing(workspace_path: Path) -> None:
    """No TOML reader, hence no `typing` either (it is imported by tomllib alone)."""
    workspace_path.mkdir()
    sample = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "sample"], capture_output=True, text=True
    )
    path = Path(sample.stdout.strip())
    old = path.stat().st_mtime - 60  # older than the index's racy window, so it is cached
    os.utime(path, (old, old))
    assert "tomllib" in imported_by("list")  # the first run parses the file (and the check works)
    imported = imported_by("list")
    assert [name for name in ("tomllib", "typing", *SLOW_AND_UNNEEDED) if name in imported] == []
