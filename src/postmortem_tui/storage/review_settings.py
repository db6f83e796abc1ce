"""Reading a workspace's review settings from `<workspace>/postmortem.toml`."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..core.review_config import ReviewConfig, ReviewConfigError, parse_review_config
from .workspace import WORKSPACE_CONFIG


def load_review_config(workspace_root: Path) -> ReviewConfig:
    """The workspace's review settings, or the defaults when it has no `postmortem.toml`."""
    path = Path(workspace_root) / WORKSPACE_CONFIG
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ReviewConfig()
    except UnicodeDecodeError:
        raise ReviewConfigError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise ReviewConfigError(f"{path}: cannot read: {error.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReviewConfigError(f"{path}: invalid TOML: {error}") from None
    return parse_review_config(data, path)
