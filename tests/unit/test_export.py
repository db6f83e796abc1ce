"""Markdown and JSON export: the template's headings whatever the fields hold, and the figures."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from postmortem_tui.core.export import to_json, to_markdown
from postmortem_tui.core.model import (
    ActionItem,
    Evidence,
    Factor,
    Impact,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
    strip_control_chars,
)
from postmortem_tui.storage import workspace as storage

MD = MarkdownIt("commonmark")

TEMPLATE = [
    (2, "Summary"),
    (2, "Impact"),
    (2, "Timeline"),
    (2, "Root Cause"),
    (2, "Contributing Factors"),
    (2, "What Went Well"),
    (2, "What Went Poorly"),
    (2, "Where We Got Lucky"),
    (2, "Action Items"),
    (3, "Prevent"),
    (3, "Detect"),
    (3, "Mitigate"),
    (2, "Lessons Learned"),
    (2, "Appendix"),
]

HOSTILE_LINES = [
    "# Title",
    "## Summary",
    "### Prevent",
    "Setext heading",
    "===",
    "Another",
    "---",
    "|a|b|",
    "|-|-|",
    "<script>alert(1)</script>",
    "<div>",
    "`code` and ``more``",
    "```python",
    "~~~",
    "- [ ] not a task",
    "* star",
    "+ plus",
    "1. one",
    "2) two",
    "> quote",
    "    indented code",
    "\tTab code",
    "[link](https://example.com) ![img](x.png) [ref]: https://x",
    "<https://autolink.example>",
    "&amp; &#35; &copy;",
    "back\\slash\\",
    "trailing double space  ",
    "\x1b[31mred\x1b[0m \x00 NUL \x9b CSI \x07 bell",
    "***",
    "_ _ _",
    "## closing ##",
]
HOSTILE = "\n".join(HOSTILE_LINES)
HOSTILE_LINK = "javascript:alert(1)"


def fold(text: str) -> str:
    return " ".join(strip_control_chars(text).split())


def headings(markdown: str) -> list[tuple[int, str]]:
    tokens = MD.parse(markdown)
    found = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            found.append((int(token.tag[1]), text_of(tokens[i + 1])))
    return found


def text_of(inline: Token) -> str:
    return "".join(c.content for c in inline.children or [] if c.type == "text")


def full_template(title: str) -> list[tuple[int, str]]:
    return [(1, f"{title} Postmortem"), *TEMPLATE]


@pytest.fixture
def sample(tmp_path: Path) -> Postmortem:
    path = storage.Workspace(tmp_path / "ws").add_sample()
    return storage.load(path).postmortem


def hostile_postmortem(*, quick: bool = False) -> Postmortem:
    at = datetime(2026, 1, 30, 14, 32, tzinfo=UTC)
    return Postmortem(
        title=HOSTILE,
        date=date(2026, 1, 30),
        status=HOSTILE,  # a hand-built model can hold anything
        severity=HOSTILE,
        format="quick" if quick else "full",
        authors=HOSTILE_LINES,
        tags=HOSTILE_LINES,
        summary=HOSTILE,
        root_cause=HOSTILE,
        what_went_well=HOSTILE_LINES,
        what_went_poorly=[HOSTILE],
        where_we_got_lucky=HOSTILE_LINES,
        lessons_learned=HOSTILE,
        appendix=HOSTILE,
        impact=Impact(
            duration_minutes=36,
            users_affected=2400,
            revenue_impact=HOSTILE,
            user_facing=HOSTILE,
            reputation=HOSTILE,
        ),
        participants=[Participant(name=line, role=HOSTILE) for line in HOSTILE_LINES[:5]],
        timeline=[
            TimelineEvent(at=at, event=HOSTILE, milestone="started", link=HOSTILE_LINK),
            TimelineEvent(at=at + timedelta(minutes=3), event=HOSTILE, milestone=HOSTILE),
            TimelineEvent(at=None, event=HOSTILE, link=HOSTILE),
        ],
        five_whys=[WhyStep(question=HOSTILE, answer=HOSTILE), WhyStep(question=HOSTILE)],
        factors=[Factor(text=line) for line in HOSTILE_LINES],
        actions=[
            ActionItem(kind=kind, text=HOSTILE, owner=HOSTILE, ticket=HOSTILE, priority=HOSTILE)
            for kind in ("prevent", "detect", "mitigate", HOSTILE)
        ],
        evidence=[Evidence(kind=HOSTILE, text=HOSTILE, link=HOSTILE_LINK)],
    )


@dataclass
class Finding:
    field: str
    severity: str
    rule_id: str
    message: str
    suggestion: str


def assert_plain(markdown: str) -> None:
    """No raw HTML, code, links or control characters came from user text."""
    assert strip_control_chars(markdown) == markdown
    for token in MD.parse(markdown):
        assert token.type not in ("html_block", "code_block", "fence", "blockquote_open")
        for child in token.children or []:
            assert child.type not in ("html_inline", "code_inline", "link_open", "image")


def test_sample_has_exactly_the_template_headings(sample: Postmortem) -> None:
    assert headings(to_markdown(sample)) == full_template(sample.title)


def test_empty_postmortem_has_exactly_the_template_headings() -> None:
    assert headings(to_markdown(Postmortem(title=""))) == full_template("Untitled")


def test_hostile_text_in_every_field_cannot_change_the_headings() -> None:
    markdown = to_markdown(hostile_postmortem(), today=date(2026, 2, 1))
    assert headings(markdown) == full_template(fold(HOSTILE))
    assert_plain(markdown)


def test_hostile_text_in_the_quick_format() -> None:
    markdown = to_markdown(hostile_postmortem(quick=True), today=date(2026, 2, 1))
    assert headings(markdown) == [(2, f"Quick Postmortem: {fold(HOSTILE)}")]
    assert_plain(markdown)


def test_review_findings_add_one_final_section() -> None:
    findings = [
        Finding("root_cause", "warning", "blame-name", "Names a person", "Describe the system"),
        Finding(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE),
    ]
    markdown = to_markdown(hostile_postmortem(), findings=findings)
    assert headings(markdown) == [*full_template(fold(HOSTILE)), (2, "Review Findings")]
    assert_plain(markdown)
    section = markdown.split("## Review Findings\n", 1)[1]
    assert "- **warning** root_cause: Names a person — Describe the system (blame-name)" in (
        section
    )
    assert to_markdown(Postmortem(title="x"), findings=[]).endswith(
        "## Review Findings\n\n_No open findings._\n"
    )


def test_sample_timeline_and_derived_durations(sample: Postmortem) -> None:
    markdown = to_markdown(sample)
    timeline = markdown.split("## Timeline\n", 1)[1].split("## Root Cause", 1)[0]
    assert "**2026-03-12**" in timeline
    assert "- 09:10 — **started:** Release 4.18 ships" in timeline
    assert "(<https://metrics.example.com/d/queue-disk>)" in timeline
    assert "- **Time to detection:** 38m" in timeline
    assert "- **Time to resolution:** 1h 37m" in timeline
    impact = markdown.split("## Impact\n", 1)[1].split("## Timeline", 1)[0]
    assert "- **Duration:** 52m (as recorded)" in impact
    sample.impact.duration_minutes = None
    derived = to_markdown(sample).split("## Impact\n", 1)[1].split("## Timeline", 1)[0]
    # The same figure as the time to resolution: named, not printed a second time.
    assert "- **Duration:** the time to resolution (see Timeline)" in derived
    assert "1h 37m" not in derived


@pytest.mark.parametrize("quick", [False, True])
def test_each_derived_figure_is_printed_once(sample: Postmortem, quick: bool) -> None:
    sample.format = "quick" if quick else "full"
    for impact_minutes in (52, None):
        sample.impact.duration_minutes = impact_minutes
        markdown = to_markdown(sample)
        for label in ("detection", "acknowledge", "mitigation", "resolution"):
            assert markdown.count(f"**Time to {label}:**") == 1, label
        assert markdown.count("1h 37m") == 1  # the time to resolution
        assert markdown.count("38m") == 1  # the time to detection


def test_timeline_groups_events_by_day() -> None:
    start = datetime(2026, 1, 30, 23, 50, tzinfo=timezone(timedelta(hours=2)))
    pm = Postmortem(
        title="Overnight",
        timezone="Europe/Helsinki",  # UTC+02:00 in January: days as the offsets say
        timeline=[
            TimelineEvent(at=start, event="Queue grows", milestone="started"),
            TimelineEvent(at=start + timedelta(minutes=20), event="Alert", milestone="detected"),
        ],
    )
    markdown = to_markdown(pm)
    first, second = markdown.index("**2026-01-30**"), markdown.index("**2026-01-31**")
    assert first < markdown.index("- 23:50 — **started:** Queue grows") < second
    assert second < markdown.index("- 00:10 — **detected:** Alert")
    assert "_Times in Europe/Helsinki (UTC+02:00)._" in markdown
    assert "- **Time to detection:** 20m" in markdown
    assert "- **Time to resolution:** unknown" in markdown


def test_action_items_marks_done_overdue_and_ticket() -> None:
    pm = Postmortem(
        title="Actions",
        actions=[
            ActionItem("prevent", "Add pool limits", "@db", date(2026, 2, 7), ticket="OPS-1"),
            ActionItem("detect", "Alert at 80%", "@sre", date(2026, 2, 1), done=True),
            ActionItem("mitigate", "Circuit breaker", "", None, ticket="https://t.example/2"),
        ],
    )
    markdown = to_markdown(pm, today=date(2026, 2, 10))
    assert "- [ ] Add pool limits — @db, due 2026-02-07 (**overdue**), OPS-1" in markdown
    assert "- [x] Alert at 80% — @sre, due 2026-02-01\n" in markdown
    assert "- [ ] Circuit breaker — no owner, no due date, <https://t.example/2>" in markdown
    assert "2 of 3 open, 1 overdue on 2026-02-10." in markdown
    # Without an as-of date: a document, with neither the status line nor overdue notes.
    document = to_markdown(pm)
    assert "overdue" not in document
    assert "open" not in document


@pytest.mark.parametrize("quick", [False, True])
def test_the_status_line_only_with_an_as_of_date(sample: Postmortem, quick: bool) -> None:
    sample.format = "quick" if quick else "full"
    assert " of 4 open" not in to_markdown(sample)
    as_of = to_markdown(sample, today=date(2026, 3, 30))
    assert "3 of 4 open, 1 overdue on 2026-03-30." in as_of
    assert as_of.count("(**overdue**)") == 1


def test_action_items_show_the_factors_they_address() -> None:
    pm = Postmortem(
        title="Links",
        factors=[Factor("Disk alert fires at 95%"), Factor("No backoff cap on retries")],
        actions=[
            ActionItem("prevent", "Cap retries", "@sre", factors=[2]),
            ActionItem("detect", "Alert at 80%", "@sre", factors=[2, 1, 2]),
            ActionItem("mitigate", "Runbook", "@sre", factors=[7]),
            ActionItem("mitigate", "Nothing linked", "@sre"),
        ],
    )
    for quick in (False, True):
        pm.format = "quick" if quick else "full"
        markdown = to_markdown(pm)
        assert (
            "- [ ] Cap retries — @sre, no due date\\\n"
            "  Addresses factor 2 (No backoff cap on retries).\n"
        ) in markdown
        assert (
            "  Addresses factor 1 (Disk alert fires at 95%); factor 2 (No backoff cap on retries)."
        ) in markdown
        assert "  Addresses factor 7 (not in the list).\n" in markdown
        assert markdown.count("Addresses") == 3
        # The line continues the item's paragraph (a hard break), it starts none of its own.
        inline = [t.content for t in MD.parse(markdown) if "Cap retries" in t.content]
        assert inline == [
            "[ ] Cap retries — @sre, no due date\\\nAddresses factor 2 (No backoff cap on retries)."
        ]


def test_linked_factor_text_stays_plain_text() -> None:
    pm = Postmortem(
        title="x",
        factors=[Factor(HOSTILE)],
        actions=[ActionItem("prevent", "Fix", factors=[1])],
    )
    markdown = to_markdown(pm)
    assert headings(markdown) == full_template("x")
    assert_plain(markdown)


def test_empty_sections_say_so() -> None:
    markdown = to_markdown(Postmortem(title="Empty"))
    for line in (
        "_No summary yet._",
        "_No impact recorded yet._",
        "_No timeline events yet._",
        "_No root cause yet._",
        "_No contributing factors yet._",
        "_No prevent actions yet._",
        "_No detect actions yet._",
        "_No mitigate actions yet._",
        "_No lessons recorded yet._",
        "_Nothing in the appendix yet._",
    ):
        assert f"\n\n{line}\n" in markdown
    assert markdown.count("_Nothing recorded yet._") == 3
    # every section without sub-sections has a body before the next heading
    blocks = markdown.split("\n\n")
    for block, after in itertools.pairwise(blocks):
        if block.startswith("## ") and block != "## Action Items":
            assert not after.startswith("#"), block


def test_contributing_factors_then_five_whys(sample: Postmortem) -> None:
    markdown = to_markdown(sample)
    section = markdown.split("## Contributing Factors\n", 1)[1].split("## What Went Well", 1)[0]
    assert section.index("1. Schema changes are not checked") < section.index("**5 Whys**")
    assert "1. Why were webhooks delayed? → The broker refused" in section


def test_appendix_lists_evidence_participants_and_notes(sample: Postmortem) -> None:
    appendix = to_markdown(sample).split("## Appendix\n", 1)[1]
    assert "- metric: Queue disk usage" in appendix
    assert "<https://chat.example.com/archives/inc-2026-03-12>" in appendix
    assert "- incident commander: Alex R." in appendix
    assert "Broker version 3.12" in appendix


def test_quick_format(sample: Postmortem) -> None:
    sample.format = "quick"
    markdown = to_markdown(sample, today=date(2026, 3, 30))
    assert headings(markdown) == [(2, f"Quick Postmortem: {sample.title}")]
    assert "**What happened:** For 52 minutes" in markdown
    assert "**Why:** A schema change" in markdown
    assert "- Retries have no backoff ceiling" in markdown
    assert markdown.count("- [ ] ") == 3 and markdown.count("- [x] ") == 1
    empty = to_markdown(Postmortem(title="Minor", format="quick"))
    assert "**What happened:** _Not recorded yet._" in empty
    assert "**Action items:**\n\n_No action items yet._" in empty


def test_quick_format_exports_its_timeline_and_derived_times(sample: Postmortem) -> None:
    sample.format = "quick"
    markdown = to_markdown(sample)
    assert headings(markdown) == [(2, f"Quick Postmortem: {sample.title}")]
    assert "**Timeline:**\n\n_Times in UTC._\n\n**2026-03-12**" in markdown
    assert "- 09:10 — **started:** Release 4.18 ships the new webhook payload schema" in markdown
    assert "- 10:47 — **resolved:** Backlog drained" in markdown
    assert "- **Time to detection:** 38m" in markdown
    assert "- **Time to resolution:** 1h 37m" in markdown
    order = [markdown.index(s) for s in ("What happened", "**Timeline:**", "**Action items:**")]
    assert order == sorted(order)
    assert "**Timeline:**" not in to_markdown(Postmortem(title="Minor", format="quick"))


def test_times_are_shown_in_the_postmortems_zone_saying_which() -> None:
    pm = Postmortem(
        title="Clocks change overnight",
        timezone="America/New_York",
        timeline=[
            TimelineEvent(at=datetime(2026, 3, 8, 1, 30), event="Queue grows", milestone="started"),
            TimelineEvent(at=datetime(2026, 3, 8, 7, 10, tzinfo=UTC), event="Alert fires"),
        ],
    )
    markdown = to_markdown(pm)
    assert "_Times in America/New_York (UTC-05:00 → UTC-04:00)._" in markdown
    assert "- 01:30 — **started:** Queue grows" in markdown
    assert "- 03:10 UTC-04:00 — Alert fires" in markdown  # 07:10Z, after the clocks went forward
    assert "- **Time to detection:** unknown" in markdown
    derived = json.loads(to_json(pm))["derived"]
    assert derived["timezone"] == {
        "name": "America/New_York",
        "recorded": True,
        "text": "Times in America/New_York (UTC-05:00 → UTC-04:00)",
    }
    assert json.loads(to_json(pm))["timeline"][0]["at"] == "2026-03-08T01:30:00"  # as stored


def test_a_day_and_eleven_minutes_is_never_one_day() -> None:
    pm = Postmortem(
        title="Day-long outage",
        timezone="UTC",
        timeline=[
            TimelineEvent(at=datetime(2026, 1, 30, 22, 52), milestone="started"),
            TimelineEvent(at=datetime(2026, 1, 31, 23, 3), milestone="resolved"),
        ],
    )
    assert "- **Time to resolution:** 1d 0h 11m" in to_markdown(pm)
    assert "- **Duration:** the time to resolution (see Timeline)" in to_markdown(pm)
    assert json.loads(to_json(pm))["derived"]["time_to_resolution"] == {
        "minutes": 24 * 60 + 11,
        "text": "1d 0h 11m",
    }


def test_json_shape(sample: Postmortem) -> None:
    data = json.loads(to_json(sample, today=date(2026, 3, 30)))
    assert data["schema_version"] == 1
    assert data["title"] == sample.title
    assert data["date"] == "2026-03-12"
    assert data["timeline"][0]["at"] == "2026-03-12T09:10:00Z"
    assert data["actions"][0]["due"] == "2026-03-27"
    derived = data["derived"]
    assert derived["time_to_detection"] == {"minutes": 38, "text": "38m"}
    assert derived["time_to_resolution"] == {"minutes": 97, "text": "1h 37m"}
    assert derived["impact_duration"] == {"minutes": 52, "text": "52m"}
    assert derived["open_actions"] == 3
    assert derived["overdue_actions"] == 1
    assert derived["as_of"] == "2026-03-30"


def test_json_without_milestones_or_date_gives_nulls() -> None:
    text = to_json(Postmortem(title="Nothing yet"))
    assert text == to_json(Postmortem(title="Nothing yet"))  # stable
    assert text.endswith("}\n") and '\n  "title"' in text  # indented
    derived = json.loads(text)["derived"]
    assert derived["time_to_mitigation"] == {"minutes": None, "text": "unknown"}
    assert derived["overdue_actions"] is None


def test_json_keeps_text_exactly_but_never_emits_raw_control_characters() -> None:
    title = "Queue \x1b[31mfull\x9b\x00"
    text = to_json(
        Postmortem(title=title, extra={"derived": "from a hand edit", "ratio": float("nan")})
    )
    assert strip_control_chars(text) == text
    data = json.loads(text)
    assert data["title"] == title
    assert data["derived_from_file"] == "from a hand edit"
    assert data["ratio"] == "nan"  # TOML allows nan; JSON does not
