"""Start-up puts garbage collection off (the command line does, before Textual is imported):
the app must turn it back on once its first screen is built, in the editor and the browser,
and keep what start-up built out of later collections."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from editor_support import SIZE, opened, sample_app, wait_for

from postmortem_tui.storage.workspace import Workspace
from postmortem_tui.tui.app import make_app


@pytest.fixture
def collection_put_off() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


@pytest.mark.usefixtures("collection_put_off")
async def test_the_editor_collects_again_once_built(
    workspace_path: Path, config_path: Path
) -> None:
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        await wait_for(pilot, gc.isenabled)
        assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("collection_put_off")
async def test_the_browser_collects_again_after_its_first_frame(
    workspace_path: Path, config_path: Path
) -> None:
    app = make_app(Workspace(workspace_path).ensure())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, gc.isenabled)
        assert gc.get_freeze_count() > 0


async def test_an_app_started_with_collection_on_leaves_it_alone(
    workspace_path: Path, config_path: Path
) -> None:
    frozen = gc.get_freeze_count()
    app, _path = sample_app(workspace_path, config_path)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot)
        assert gc.isenabled() and gc.get_freeze_count() == frozen
