"""User settings (theme, cursor blink, the time zone of new postmortems) kept in a small
TOML file.

The file lives at `platformdirs.user_config_path("postmortem-tui") / "config.toml"`, or at
`$POSTMORTEM_CONFIG`. A missing or broken file gives the defaults: settings never stop the app.
No Textual here.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..core.timezones import UnknownZoneError, system_zone_name, zone_named
from .workspace import SaveError, write_atomically

CONFIG_ENV = "POSTMORTEM_CONFIG"
DEFAULT_THEME = "textual-dark"


@dataclass
class Settings:
    """What the app remembers between runs."""

    theme: str = DEFAULT_THEME
    cursor_blink: bool = True
    #: The zone new postmortems are written in (an IANA name); "" for the system's zone.
    timezone: str = ""


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
    zone = raw.get("timezone")
    if isinstance(zone, str):
        settings.timezone = zone.strip()
    return settings


class UnknownDefaultZoneError(UnknownZoneError):
    """The configured `timezone` is not a zone; the message names it and the config file."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name)
        self.args = (f"{self.args[0]} (timezone in {path})",)


def default_zone_name(settings: Settings, path: Path | None = None) -> str:
    """The zone a new postmortem records: the configured one, else the system's.

    Raises `UnknownDefaultZoneError` when the configured name is not a zone.
    """
    if not settings.timezone:
        return system_zone_name()
    try:
        zone_named(settings.timezone)
    except UnknownZoneError:
        raise UnknownDefaultZoneError(settings.timezone, path or config_path()) from None
    return settings.timezone


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically; raises `SaveError` with a reason fit to show."""
    path = path or config_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SaveError(f"could not save settings in {path.parent}: {error.strerror}") from None
    data: dict[str, object] = {"theme": settings.theme, "cursor_blink": settings.cursor_blink}
    if settings.timezone:
        data["timezone"] = settings.timezone
    import tomli_w  # settings are written rarely; reading them is on every start

    write_atomically(path, tomli_w.dumps(data).encode("utf-8"))
