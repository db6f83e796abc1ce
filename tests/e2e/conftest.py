"""Fixtures of the end-to-end tests: a private tmux server, and a workspace with the sample."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_terminal import Terminal

from postmortem_tui.storage.workspace import Workspace


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    yield term
    term.close()


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, Path]:
    workspace = tmp_path / "ws"
    return workspace, Workspace(workspace).add_sample()
