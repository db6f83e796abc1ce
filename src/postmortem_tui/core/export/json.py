"""The JSON export: the file's data with dates as ISO strings, plus derived figures."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from ..model import Postmortem, to_dict
from ..timeline import derive_times, times_caption
from ..timezones import zone_name_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import Any

# JSON escapes C0 itself; C1 and DEL are valid raw in JSON but must never reach a terminal.
_RAW_CONTROL = re.compile(r"[\x7f-\x9f]")


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # TOML allows nan and inf; JSON does not
    return value


def _minutes(delta: timedelta | None) -> int | float | None:
    if delta is None:
        return None
    minutes = delta.total_seconds() / 60
    return int(minutes) if minutes.is_integer() else round(minutes, 2)


def derived_figures(pm: Postmortem, *, today: date | None = None) -> dict[str, Any]:
    """The zone times are in, durations (minutes or None, and as text) and action counts, for
    JSON consumers. Event times without an offset are wall-clock times in that zone."""
    derived = derive_times(pm)
    figures: dict[str, Any] = {
        "timezone": {
            "name": zone_name_of(pm),
            "recorded": bool(pm.timezone),
            "text": times_caption(pm),
        }
    }
    for key, text in derived.as_text().items():
        delta = getattr(derived, key.removeprefix("time_"))
        figures[key] = {"minutes": _minutes(delta), "text": text}
    figures["open_actions"] = len(pm.open_actions())
    figures["overdue_actions"] = len(pm.overdue_actions(today)) if today else None
    figures["as_of"] = today.isoformat() if today else None
    return figures


def to_json(pm: Postmortem, *, today: date | None = None) -> str:
    """The postmortem as indented JSON (dates as ISO strings) plus a `derived` object.

    An unknown top-level key `derived` in the file is kept as `derived_from_file`.
    """
    data = _jsonable(to_dict(pm))
    if "derived" in data:
        data["derived_from_file"] = data.pop("derived")
    data["derived"] = derived_figures(pm, today=today)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def render_json(
    pm: Postmortem, *, today: date | None = None, findings: Sequence[Any] | None = None
) -> str:
    """`to_json` with the signature of the export table; review findings are not part of it."""
    return to_json(pm, today=today)


__all__ = ["derived_figures", "render_json", "to_json"]
