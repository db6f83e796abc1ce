"""User settings (theme, cursor blink) kept in a small TOML file.

The file lives at `platformdirs.user_config_path("postmortem-tui") / "config.toml"`, or at
`$POSTMORTEM_CONFIG`. A missing or broken file gives the defaults: settings never stop the app.
No Textual here.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .workspace import SaveError, write_atomically

CONFIG_ENV = "POSTMORTEM_CONFIG"
DEFAULT_THEME = "textual-dark"


@dataclass
class Settings:
    """What the app remembers between runs."""

    theme: str = DEFAULT_THEME
    cursor_blink: bool = True


def config_path() -> Path:
    """`$POSTMORTEM_CONFIG`, else the per-user config folder."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path("postmortem-tui") / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings; any value that is missing or of the wrong type keeps its default."""
    path = path or config_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Settings()
    settings = Settings()
    theme = raw.get("theme")
    if isinstance(theme, str) and theme.strip():
        settings.theme = theme.strip()
    blink = raw.get("cursor_blink")
    if isinstance(blink, bool):
        settings.cursor_blink = blink
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically; raises `SaveError` with a reason fit to show."""
    path = path or config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SaveError(f"could not save settings in {path.parent}: {error.strerror}") from None
    data = {"theme": settings.theme, "cursor_blink": settings.cursor_blink}
    import tomli_w  # settings are written rarely; reading them is on every start

    write_atomically(path, tomli_w.dumps(data).encode("utf-8"))
