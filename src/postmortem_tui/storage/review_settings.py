"""Reading a workspace's review settings from `<workspace>/postmortem.toml`, and keeping the
review's rules file parsed beside the index (`.review-rules.json`): parsing the rules' TOML
on every `lint` or editor start cost ~3 ms, reading the JSON copy ~0.3 ms. The patterns
compiled from those rules are kept beside it too (`pattern_cache.py`)."""

from __future__ import annotations

import contextlib
import json
import tomllib
from pathlib import Path

from ..core.review_config import ReviewConfig, ReviewConfigError, parse_review_config
from ..core.review_rules import RulesDataError, raw_rules, rules_file_stamp, use_raw_rules
from ..core.team_sections import TeamTemplate, TemplateError, parse_team_template
from .workspace import (
    MAX_FILE_BYTES,
    MAX_NESTING,
    WORKSPACE_CONFIG,
    NotARegularFileError,
    SaveError,
    read_regular_file,
    write_atomically,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import Any

#: The parsed review rules, a cache beside the index: deleting it loses nothing.
RULES_CACHE = ".review-rules.json"


def load_review_config(workspace_root: Path) -> ReviewConfig:
    """The workspace's review settings, or the defaults when it has no `postmortem.toml`."""
    root = Path(workspace_root)
    _use_parsed_rules(root, "en")  # first: checking the settings below reads the rules too
    config = _read_review_config(root)
    if config.language != "en":
        with contextlib.suppress(RulesDataError):  # the review itself says so, in one line
            _use_parsed_rules(root, config.language)
    from .pattern_cache import use_kept_patterns_for  # the review's patterns, compiled

    use_kept_patterns_for(root, config)
    return config


def _use_parsed_rules(workspace_root: Path, language: str) -> None:
    """Give the review the rules as parsed before, when the copy beside the index is current;
    otherwise parse them and keep a copy there (when the workspace can be written)."""
    stamp = rules_file_stamp(language)
    if stamp is None:
        return
    path = workspace_root / RULES_CACHE
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, RecursionError):
        cached = json.loads(read_regular_file(path))
        if cached["stamp"] == stamp and isinstance(cached["rules"], dict):
            use_raw_rules(language, cached["rules"])
            return
    payload = json.dumps({"stamp": stamp, "rules": raw_rules(language)}, separators=(",", ":"))
    with contextlib.suppress(SaveError, OSError):
        write_atomically(path, payload.encode("utf-8"))


def _read_review_config(workspace_root: Path) -> ReviewConfig:
    read = _read_settings(workspace_root)
    return ReviewConfig() if read is None else parse_review_config(*read)


def load_team_template(workspace_root: Path) -> TeamTemplate:
    """The workspace's own sections (`[[sections]]`, `[template]` of `postmortem.toml`), or
    none without the file; `ReviewConfigError` naming the file and the key when it is bad."""
    read = _read_settings(Path(workspace_root))
    if read is None:
        return TeamTemplate()
    try:
        return parse_team_template(*read)
    except TemplateError as error:
        raise ReviewConfigError(str(error)) from None


def _read_settings(workspace_root: Path) -> tuple[dict[str, Any], Path] | None:
    """The parsed `postmortem.toml` and its path; None when there is none."""
    path = workspace_root / WORKSPACE_CONFIG
    try:
        data = read_regular_file(path)
    except FileNotFoundError:
        return None
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
    return settings, path
