"""Snapshots of the action-items board at 80x24, 60x20 and 140x40: today and every date are
fixed and the workspace path is relative, so the pictures do not change from day to day."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "functional"))
from board_support import TODAY, board_workspace

from postmortem_tui.storage.workspace import Workspace
from postmortem_tui.tui.app import PostmortemApp, make_app
from postmortem_tui.tui.screens.action_board import ActionBoardScreen


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def board_app() -> PostmortemApp:
    board_workspace(Path("postmortems"))
    return make_app(Workspace(Path("postmortems")), today=TODAY)


def keys_then_board(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("a")
        for _ in range(250):
            screen = pilot.app.screen
            if isinstance(screen, ActionBoardScreen) and screen.loaded:
                break
            await pilot.pause(0.02)
        else:
            raise AssertionError("the board did not read the workspace in time")
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.usefixtures("here")
@pytest.mark.parametrize(
    ("size", "keys"),
    [
        ((80, 24), ()),
        ((80, 24), ("slash", *"sre")),
        ((60, 20), ()),
        ((140, 40), ()),
    ],
    ids=["80x24", "80x24-filtered", "60x20", "140x40"],
)
def test_the_board(snap_compare, size: tuple[int, int], keys: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(board_app(), run_before=keys_then_board(*keys), terminal_size=size)
