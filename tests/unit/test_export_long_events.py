"""A timeline event of several lines: the Markdown export keeps every line and line break as
text, the JSON export and the TOML file keep the text exactly."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from postmortem_tui.core.export import to_json, to_markdown
from postmortem_tui.core.markdown_text import escape_block
from postmortem_tui.core.model import Postmortem, TimelineEvent
from postmortem_tui.storage import workspace as storage

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

AT = datetime(2026, 1, 30, 14, 32, tzinfo=UTC)
LINES = [
    "Queue depth passed 10k on the ingest cluster.",
    "# x",
    "- y",
    "> z",
    "1. one",
    "---",
    "```",
    "Failover to the standby region was chosen over a restart.",
]
EVENT = "\n".join(LINES)


def postmortem(event: str = EVENT, *, quick: bool = False) -> Postmortem:
    return Postmortem(
        title="Ingest backlog",
        format="quick" if quick else "full",
        timeline=[
            TimelineEvent(at=AT, event=event, milestone="detected", link="https://e.example/1"),
            TimelineEvent(at=AT.replace(minute=40), event="Backlog drained"),
        ],
    )


def item_lines(inline: Token) -> list[str]:
    """The lines an inline token shows: text, split at hard breaks; nothing else allowed."""
    lines = [""]
    for child in inline.children or []:
        if child.type == "hardbreak":
            lines.append("")
        else:
            assert child.type in ("text", "strong_open", "strong_close", "link_open",
                                  "link_close"), f"unexpected {child.type}: {child}"  # fmt: skip
            lines[-1] += child.content
    return lines


def timeline_items(markdown: str) -> list[list[str]]:
    """Each item of the timeline's list (the first list after the events' day) as the lines
    a Markdown reader shows; nothing but paragraphs inside an item."""
    tokens = MD.parse(markdown)
    day = next(i for i, t in enumerate(tokens) if t.content == "**2026-01-30**")
    start = next(i for i in range(day, len(tokens)) if tokens[i].type == "bullet_list_open")
    items: list[list[str]] = []
    for token in tokens[start + 1 :]:
        if token.type == "bullet_list_close" and token.level == tokens[start].level:
            break
        if token.type == "list_item_open":
            items.append([])
        elif token.type == "inline":
            items[-1].extend(item_lines(token))
        else:
            assert token.type in ("paragraph_open", "paragraph_close", "list_item_close"), token
    return items


@pytest.mark.parametrize("quick", [False, True], ids=["full", "quick"])
def test_every_line_of_an_event_stays_a_line_of_text(quick: bool) -> None:
    items = timeline_items(to_markdown(postmortem(quick=quick)))
    first, *rest = LINES
    assert items[0] == [
        f"14:32 — detected: {first}",
        *rest[:-1],
        f"{rest[-1]} (https://e.example/1)",
    ]
    assert items[1] == ["14:40 — Backlog drained"]


def test_a_blank_line_in_an_event_keeps_both_paragraphs_in_its_item() -> None:
    items = timeline_items(to_markdown(postmortem("Seen: disk at 95%\n\n- Decided: # stop jobs")))
    assert items[0][0].endswith("Seen: disk at 95%")
    assert items[0][1:] == ["- Decided: # stop jobs (https://e.example/1)"]
    assert len(items) == 2


def test_line_breaks_in_a_text_area_are_kept_in_the_export() -> None:
    markdown = to_markdown(Postmortem(title="t", summary="Line one\n> Line two"))
    tokens = MD.parse(markdown)
    start = next(i for i, t in enumerate(tokens) if t.content == "Summary")
    paragraph = tokens[start + 3]
    assert item_lines(paragraph) == ["Line one", "> Line two"]
    assert escape_block("a\nb\n\nc", indent="  ") == "a\\\n  b\n\n  c"


def test_json_and_toml_keep_an_events_lines_exactly(tmp_path: Path) -> None:
    text = EVENT + "\n\n  indented line\ttab \u00e9"
    pm = postmortem(text)
    assert json.loads(to_json(pm))["timeline"][0]["event"] == text
    created = storage.Workspace(tmp_path / "ws").create(pm)
    assert storage.load(created.path).postmortem.timeline[0].event == text
    assert '"""' in storage.dumps(pm)  # written as a multi-line string, readable in the file
