"""A Slack channel export: one JSON file per day, each a list of messages.

    [{"type": "message", "ts": "1540162323.000100", "user": "U2", "text": "<@U1> failover started",
      "user_profile": {"display_name": "db-oncall", "real_name": "Database on-call"}}]

Each message's time is its `ts` (Unix seconds, so no zone is needed) and its author the
poster's display name from `user_profile`. Joins, topic changes and other notices (a
`subtype` other than a bot's, a `/me`, a thread broadcast or a file share) are passed over.
Mentions (`<@U1>`, `<#C1|ops>`, `<!here>`, links) read as they do in Slack, with the names
found anywhere in the files imported together.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html import unescape

from ..model import MAX_FIELD_CHARS
from .records import (
    NO_TEXT,
    NOT_A_MESSAGE,
    TOO_LONG,
    ImportFormatError,
    ImportRecord,
    Parsed,
    clean_text,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from .records import InputFile, ParseContext

#: Subtypes that are messages someone (or some system) posted; every other is a notice.
MESSAGE_SUBTYPES = frozenset({"", "bot_message", "me_message", "thread_broadcast", "file_share"})
_DETECT_MESSAGES = 20
_MARKUP = re.compile(r"<([^<>\n]*)>")


def load_messages(file: InputFile) -> list[Any]:
    """The file's list of messages; `ImportFormatError` when it is not one."""
    try:
        messages = json.loads(file.text)
    except (ValueError, RecursionError):
        raise ImportFormatError(f"{file.name}: not JSON, so not a Slack export") from None
    if not isinstance(messages, list):
        raise ImportFormatError(f"{file.name}: not a Slack export (not a list of messages)")
    return messages


def looks_like_export(text: str) -> bool:
    """Whether text is a JSON list of objects, one of the first of which has a Slack `ts`."""
    if not text.lstrip().startswith("["):
        return False
    try:
        messages = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if not isinstance(messages, list):
        return False
    first = messages[:_DETECT_MESSAGES]
    return all(isinstance(m, dict) for m in first) and any("ts" in m for m in first)


def _profile_name(profile: Any) -> str:
    if not isinstance(profile, dict):
        return ""
    for key in ("display_name", "real_name", "name"):
        value = profile.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def user_names(messages: Sequence[Any]) -> dict[str, str]:
    """User id to the name their `user_profile` gives, from every message that has one."""
    names: dict[str, str] = {}
    for message in messages:
        if isinstance(message, dict) and isinstance(message.get("user"), str):
            name = _profile_name(message.get("user_profile"))
            if name:
                names[message["user"]] = name
    return names


def readable(text: str, names: dict[str, str]) -> str:
    """Slack's markup as it shows on screen: `<@U1>` as `@name`, `<#C1|ops>` as `#ops`,
    `<!here>` as `@here`, `<https://x|label>` as `label (https://x)`, entities decoded."""

    def replace(found: re.Match[str]) -> str:
        target, _, label = found[1].partition("|")
        if target.startswith("@"):
            return "@" + names.get(target[1:], label or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return label or "@" + target[1:].split("^")[0]
        return f"{label} ({target})" if label and label != target else target

    return unescape(_MARKUP.sub(replace, text))


def _instant(ts: Any) -> datetime | None:
    """`ts` is Unix seconds and a message number, `"1540162323.000100"`."""
    seconds, _, number = str(ts).partition(".")
    if not seconds.isdigit() or not (number.isdigit() or not number):
        return None
    try:
        return datetime.fromtimestamp(int(seconds), UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _author(message: dict[str, Any], names: dict[str, str]) -> str:
    user = message.get("user")
    if isinstance(user, str) and user in names:
        return names[user]
    for key in ("username", "user"):
        value = message.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return _profile_name(message.get("bot_profile"))


def _record(message: Any, names: dict[str, str], source: str, parsed: Parsed) -> None:
    subtype = message.get("subtype") or "" if isinstance(message, dict) else None
    if (
        not isinstance(message, dict)
        or message.get("type", "message") != "message"
        or not isinstance(subtype, str)
        or subtype not in MESSAGE_SUBTYPES
    ):
        parsed.skip(NOT_A_MESSAGE)
        return
    raw = message.get("text")
    text = clean_text(readable(raw, names)) if isinstance(raw, str) else ""
    if not text:
        parsed.skip(NO_TEXT)
    elif len(text) > MAX_FIELD_CHARS:
        parsed.skip(TOO_LONG)
    else:
        at = _instant(message.get("ts"))
        parsed.records.append(ImportRecord(at, _author(message, names), text, source))


def parse_files(files: Sequence[InputFile], context: ParseContext) -> Parsed:
    """Every message of every file; names gathered from all of them first."""
    exports = [(file, load_messages(file)) for file in files]
    names: dict[str, str] = {}
    for _, messages in exports:
        names.update(user_names(messages))
    parsed = Parsed()
    for file, messages in exports:
        for number, message in enumerate(messages, start=1):
            _record(message, names, f"{file.name}#{number}", parsed)
    return parsed
