"""Reading a workspace's review settings from `<workspace>/postmortem.toml`."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..core.review_config import ReviewConfig, ReviewConfigError, parse_review_config
from .workspace import (
    MAX_FILE_BYTES,
    MAX_NESTING,
    WORKSPACE_CONFIG,
    NotARegularFileError,
    read_regular_file,
)


def load_review_config(workspace_root: Path) -> ReviewConfig:
    """The workspace's review settings, or the defaults when it has no `postmortem.toml`."""
    path = Path(workspace_root) / WORKSPACE_CONFIG
    try:
        data = read_regular_file(path)
    except FileNotFoundError:
        return ReviewConfig()
    except NotARegularFileError:
        raise ReviewConfigError(f"{path}: not a regular file") from None
    except OSError as error:
        raise ReviewConfigError(f"{path}: cannot read: {error.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ReviewConfigError(f"{path}: file is too large (limit 16 MiB)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReviewConfigError(f"{path}: not UTF-8 text") from None
    try:
        settings = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ReviewConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        nested = f"values are nested more than {MAX_NESTING} levels deep"
        raise ReviewConfigError(f"{path}: {nested}") from None
    return parse_review_config(settings, path)
