"""`postmortem serve`: the app served to a browser through textual-serve, on this machine only
unless told otherwise; without the extra, one line saying how to install it and exit 2."""

from __future__ import annotations

import asyncio
import builtins
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from postmortem_tui.cli.main import main
from postmortem_tui.cli.serve import INSTALL_HINT, app_command, is_loopback
from postmortem_tui.storage.workspace import Workspace


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # a local test server
        assert response.status == 200
        return bytes(response.read()).decode("utf-8")


def wait_for_page(url: str, server: subprocess.Popen[bytes], timeout: float = 30.0) -> str:
    """The page once the server answers; fails if the server exits or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fetch(url)
        except (urllib.error.URLError, ConnectionError):
            if server.poll() is not None:
                raise AssertionError(f"the server exited with {server.returncode}") from None
            if time.monotonic() > deadline:
                raise AssertionError("the server did not answer in time") from None
            time.sleep(0.05)  # polling a condition with a deadline, not waiting for a guess


@pytest.fixture
def server(workspace_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    pytest.importorskip("textual_serve")
    assert main(["sample"], out=open(os.devnull, "w")) == 0  # noqa: SIM115
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "postmortem_tui", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,  # a few lines: the pipe never fills during a test
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        yield process, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def test_serve_answers_with_the_page_on_localhost(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    process, port = server
    page = wait_for_page(f"http://127.0.0.1:{port}/", process)
    assert "<div>postmortem</div>" in page  # the title textual-serve shows while it starts
    assert f"ws://127.0.0.1:{port}/ws" in page  # the browser talks back to the same place
    assert process.stdout is not None
    said = process.stdout.readline().decode()  # printed before the server answered
    assert said.startswith("serving ") and f" on http://127.0.0.1:{port} (ctrl+c stops)" in said


def test_serve_runs_the_app_for_a_browser(server: tuple[subprocess.Popen[bytes], int]) -> None:
    """A browser's websocket gets the workspace browser, the sample postmortem listed."""
    aiohttp = pytest.importorskip("aiohttp")
    process, port = server
    wait_for_page(f"http://127.0.0.1:{port}/", process)

    async def screen_text() -> bytes:
        received = b""
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30") as websocket,
        ):
            deadline = time.monotonic() + 30
            while b"Payment" not in received:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"the app did not draw in time: {received[-400:]!r}")
                message = await websocket.receive(timeout=remaining)
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data
                elif message.type != aiohttp.WSMsgType.TEXT:
                    raise AssertionError(f"the app's connection ended: {message.type}")
            await websocket.send_json(["stdin", "q"])  # quit the app before closing
        return received

    assert b"Payment" in asyncio.run(screen_text())


def test_without_the_extra_it_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def no_textual_serve(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "textual_serve" or name.startswith("textual_serve."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_textual_serve)
    monkeypatch.delitem(sys.modules, "textual_serve.server", raising=False)
    assert main(["serve", "--port", str(free_port())]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"postmortem: {INSTALL_HINT}\n"
    assert 'pip install "postmortem-tui[serve]"' in captured.err


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_a_bad_port_is_one_line_and_exit_2(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", port]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--port" in err


def test_localhost_only_unless_told_otherwise() -> None:
    from postmortem_tui.cli.main import build_parser

    args = build_parser("serve").parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.1.5", "example.com"):
        assert not is_loopback(host), host


def test_each_tab_runs_this_python_on_this_workspace(tmp_path: Path) -> None:
    command = app_command(Workspace(tmp_path / "a folder; with $(spaces)"))
    assert command.startswith(f"{sys.executable} -m postmortem_tui --workspace ")
    assert "'" in command  # quoted for the shell textual-serve starts it with


def test_a_port_in_use_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("textual_serve")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"postmortem: cannot listen on 127.0.0.1 port {port}: ")
