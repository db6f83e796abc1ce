"""Fixtures for every test: a private workspace and config, and a cursor that does not blink.

`async def` tests run in a fresh event loop each (no asyncio plugin needed for Pilot tests).
"""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea


@pytest.fixture(autouse=True)
def workspace_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`POSTMORTEM_WORKSPACE` points at an empty folder under `tmp_path`."""
    path = tmp_path / "workspace"
    monkeypatch.setenv("POSTMORTEM_WORKSPACE", str(path))
    return path


@pytest.fixture(autouse=True)
def config_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`POSTMORTEM_CONFIG` points at a (not yet written) file under `tmp_path`."""
    path = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("POSTMORTEM_CONFIG", str(path))
    return path


@pytest.fixture(autouse=True)
def system_zone(monkeypatch: pytest.MonkeyPatch) -> str:
    """The system's zone is UTC (`TZ`), so times in postmortems that record no zone read the
    same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    return "UTC"


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots and timings depend on the clock."""
    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.__dict__["cursor_blink"], "_default", False)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests to completion with `asyncio.run`."""
    test = pyfuncitem.obj
    if not inspect.iscoroutinefunction(test):
        return None
    names = inspect.signature(test).parameters
    asyncio.run(test(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
