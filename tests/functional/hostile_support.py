"""Shared by the hostile-text tests: a postmortem whose every text field holds terminal escapes,
and a check that a rendered screen holds nothing a terminal would obey."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from textual.app import App

from postmortem_tui.storage.workspace import Workspace

#: Every text field (and draft) holds OSC 0, OSC 52, CSI, C1 CSI, BEL, U+202E, U+200B and
#: the line separators a text area turns into line breaks (U+2028, VT).
HOSTILE_FILE = Path(__file__).parent.parent / "data" / "hostile-every-field.toml"
#: What the terminal would obey: C0 (but tab and newline), DEL, C1, bidi and invisible ones.
ACTS_ON_A_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


HOSTILE_TEMPLATE = """
[[sections]]
id = "customer_communication"
title = "Customer \\u001b]0;pm-pwned\\u0007 communication \\u202e"
prompt = "What did we tell \\u001b[2J customers?"
"""


def hostile_workspace(workspace_path: Path) -> tuple[Workspace, Path]:
    """A workspace holding a copy of HOSTILE_FILE, and that copy's path."""
    workspace = Workspace(workspace_path).ensure()
    path = workspace.root / "2026-03-12-hostile.toml"
    shutil.copyfile(HOSTILE_FILE, path)
    # A team section whose title and prompt carry escapes too, so the team pane is shown.
    (workspace.root / "postmortem.toml").write_text(HOSTILE_TEMPLATE, encoding="utf-8")
    return workspace, path


def assert_shown_safely(app: App[object], where: str) -> str:
    """The screen as rendered (an SVG screenshot, toasts and dialogs included) holds no
    character a terminal would act on; returns it."""
    screen = app.export_screenshot()
    found = ACTS_ON_A_TERMINAL.search(screen)
    assert found is None, f"{where}: {found.group()!r} reaches the terminal"
    return screen
