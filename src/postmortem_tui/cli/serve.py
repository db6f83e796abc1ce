"""`postmortem serve`: the app in a web browser, through textual-serve (an optional extra).

Each browser tab runs its own `postmortem` process on the serving machine, on the same
workspace. The server has no sign-in: it listens on this machine only (127.0.0.1) unless
`--host` says otherwise, and readers elsewhere reach it through an SSH port forward
(docs/sharing.md).
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from ..storage.workspace import Workspace
from .reporting import UsageError, complain, one_line

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import TextIO

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: The one line a missing extra gets.
INSTALL_HINT = 'serving in a browser needs textual-serve: pip install "postmortem-tui[serve]"'


def _port(text: str) -> int:
    """An argparse `type` for a TCP port, 1 to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1 to 65535)")
    return port


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="the address to listen on (default: %(default)s, this machine only; the server "
        "has no sign-in, see docs/sharing.md before widening it)",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        metavar="N",
        help="the port to listen on (default: %(default)s)",
    )


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (`localhost`, 127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _public_host(host: str) -> str:
    """The name the page's own links use to reach the server: the host as given, or this
    machine's name for an any-address bind (`0.0.0.0`, `::`), which no browser can reach."""
    bare = host.strip("[]")
    try:
        if ipaddress.ip_address(bare).is_unspecified:
            import socket

            bare = socket.getfqdn()
    except ValueError:
        pass
    return f"[{bare}]" if ":" in bare else bare


def app_command(workspace: Workspace) -> str:
    """The shell command textual-serve runs for each browser tab: this Python, this package,
    this workspace."""
    return shlex.join([sys.executable, "-m", "postmortem_tui", "--workspace", str(workspace.root)])


def serve_main(args: argparse.Namespace, workspace: Workspace, out: TextIO) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    host = str(args.host).strip()
    if not host:
        raise UsageError("--host must not be empty")
    _check_free(host, args.port)
    workspace.ensure()
    if not is_loopback(host):
        complain(
            sys.stderr,
            f"note: listening on {host}: anyone who can reach it can read and edit this "
            "workspace's postmortems (there is no sign-in)",
        )
    url = f"http://{_public_host(host)}:{args.port}"
    message = one_line(f"serving {workspace.root} on {url} (ctrl+c stops)")

    class _Server(Server):
        async def on_startup(self, app: object) -> None:
            # One plain line instead of textual-serve's banner.
            print(message, file=out, flush=True)

    server = _Server(
        app_command(workspace), host=host, port=args.port, title="postmortem", public_url=url
    )
    server.serve()
    return 0


def _check_free(host: str, port: int) -> None:
    """A `UsageError` naming the reason when `host:port` cannot be listened on, before the
    server says it is serving (it would only find out after)."""
    import socket

    try:
        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise UsageError(f"--host {host}: {error.strerror or error}") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind(address)
        except OSError as error:
            reason = error.strerror or str(error)
            raise UsageError(f"cannot listen on {host} port {port}: {reason}") from None


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "INSTALL_HINT", "add_serve_arguments", "serve_main"]
