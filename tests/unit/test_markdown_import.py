"""Markdown postmortems read back into the model (`core.markdown_import`).

"The same postmortem" after Markdown -> postmortem: every field the Markdown export shows
reads back so that exporting again gives the same document, byte for byte. Not carried (the
export does not show them): item ids, unknown keys, action items' links to factors (until
the export shows them), the order of action items across kinds (the export groups them by
kind; the quick format shows no kind), participants' order across roles, the recorded zone when
it is "this system's zone", and the exact spacing inside a line (the export folds it).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_tui.core.export.markdown import to_markdown
from postmortem_tui.core.markdown_import import NotAPostmortemError, import_markdown
from postmortem_tui.core.model import (
    ACTION_KINDS,
    EVIDENCE_KINDS,
    MILESTONES,
    PRIORITIES,
    SEVERITIES,
    STATUSES,
    ActionItem,
    Evidence,
    Factor,
    Impact,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
    timeline_sort_key,
)
from postmortem_tui.core.team_sections import SectionSpec, section_text, set_section_text
from postmortem_tui.core.timezones import zone_of

DATA = Path(__file__).parent.parent / "data" / "import_md"
ROUND_TRIP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Prose with the characters Markdown gives meaning to, so escaping is part of the trip.
_ALPHABET = "abcXYZ019 .,:;!?'\"()-+*_#[]<>|&`~\\/=@é→—"
words = st.text(alphabet=_ALPHABET, min_size=1, max_size=24).filter(lambda s: s.strip())
texts = st.one_of(st.just(""), words)
blocks = st.one_of(
    texts, st.lists(words, min_size=1, max_size=3).map(lambda parts: "\n".join(parts))
)
names = st.text(alphabet="abcdefXYZ .'-", min_size=1, max_size=12).filter(
    lambda s: s.strip() and s.strip() not in ("no owner", "not set", "unnamed")
)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
zones = st.sampled_from(["", "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])
minutes = st.integers(0, 3 * 24 * 60)
SECTIONS = (
    SectionSpec("customer_communication", "Customer communication", required=True),
    SectionSpec("security-review", "Security review"),
)


@st.composite
def event_times(draw: st.DrawFn) -> datetime | None:
    if draw(st.booleans()) and draw(st.booleans()):
        return None
    at = datetime(2026, 3, 1) + timedelta(seconds=draw(st.integers(0, 4 * 86400)))
    if draw(st.booleans()):
        return at.replace(tzinfo=timezone(timedelta(minutes=draw(st.sampled_from([0, 60, -300])))))
    return at


events = st.builds(
    TimelineEvent,
    at=event_times(),
    event=blocks,
    milestone=st.sampled_from(("", *MILESTONES)),
    link=st.sampled_from(["", "https://status.example.com/incidents/42"]),
)
actions = st.builds(
    ActionItem,
    kind=st.sampled_from(ACTION_KINDS),
    text=words,
    owner=st.one_of(st.just(""), names),
    due=st.none() | dates,
    done=st.booleans(),
    priority=st.sampled_from(("", *PRIORITIES)),
    ticket=st.sampled_from(["", "https://tracker.example.com/OPS-12", "OPS-7"]),
    factors=st.lists(st.integers(1, 4), max_size=2),
)
impacts = st.builds(
    Impact,
    duration_minutes=st.none() | minutes,
    users_affected=st.none() | st.integers(0, 10**7),
    users_affected_percent=st.none() | st.integers(0, 10000).map(lambda n: n / 100),
    revenue_impact=texts,
    customer_tickets=st.none() | st.integers(0, 10**5),
    user_facing=texts,
    reputation=texts,
)


@st.composite
def postmortems(draw: st.DrawFn) -> Postmortem:
    pm = Postmortem(
        title=draw(words),
        date=draw(st.none() | dates),
        timezone=draw(zones),
        status=draw(st.sampled_from(STATUSES)),
        severity=draw(st.sampled_from(("", *SEVERITIES))),
        format=draw(st.sampled_from(("full", "quick"))),
        authors=draw(st.lists(names, max_size=3)),
        tags=draw(st.lists(names, max_size=3)),
        review_on=draw(st.none() | dates),
        summary=draw(blocks),
        root_cause=draw(blocks),
        what_went_well=draw(st.lists(words, max_size=3)),
        what_went_poorly=draw(st.lists(words, max_size=3)),
        where_we_got_lucky=draw(st.lists(words, max_size=3)),
        lessons_learned=draw(blocks),
        appendix=draw(blocks),
        impact=draw(impacts),
        participants=draw(st.lists(st.builds(Participant, name=names, role=names), max_size=3)),
        timeline=draw(st.lists(events, max_size=5)),
        five_whys=draw(st.lists(st.builds(WhyStep, question=words, answer=texts), max_size=3)),
        factors=draw(st.lists(st.builds(Factor, text=words), max_size=3)),
        actions=draw(st.lists(actions, max_size=4)),
        evidence=draw(
            st.lists(
                st.builds(
                    Evidence,
                    kind=st.sampled_from(EVIDENCE_KINDS),
                    text=words,
                    link=st.sampled_from(["", "https://grafana.example.com/d/queue"]),
                ),
                max_size=3,
            )
        ),
    )
    for spec in SECTIONS:
        set_section_text(pm, spec, draw(blocks))
    pm.sort_timeline()
    return pm


@ROUND_TRIP
@given(postmortems(), st.none() | dates)
def test_markdown_round_trip_gives_back_the_same_postmortem(
    pm: Postmortem, as_of: date | None
) -> None:
    """`as_of`: the export's overdue notes and status line, read back as derived text."""
    markdown = to_markdown(pm, today=as_of)
    result = import_markdown(markdown, team_sections=SECTIONS)
    assert to_markdown(result.postmortem, today=as_of) == markdown
    assert result.kept_in_appendix == []
    back = result.postmortem
    assert (back.title, back.date, back.status, back.severity, back.format) == (
        folded(pm.title),
        pm.date,
        pm.status,
        pm.severity,
        pm.format,
    )
    # The full format groups action items by kind; the quick one shows no kind.
    shown = pm.actions if pm.is_quick else sorted(pm.actions, key=lambda a: kinds.index(a.kind))
    assert [(folded(a.text), a.owner, a.due, a.done) for a in back.actions] == [
        (folded(a.text), folded(a.owner), a.due, a.done) for a in shown
    ]
    if not pm.is_quick:
        assert [f.text for f in back.factors] == [folded(f.text) for f in pm.factors]


kinds = list(ACTION_KINDS)


def folded(text: str) -> str:
    """A one-line field as the export writes it: runs of whitespace folded to one space."""
    return " ".join(text.split())


def test_the_sample_round_trips_and_every_section_is_placed() -> None:
    import tomllib
    from importlib.resources import files

    from postmortem_tui.core.model import from_dict

    pm = from_dict(tomllib.loads(files("postmortem_tui.data").joinpath("sample.toml").read_text()))
    result = import_markdown(to_markdown(pm))
    assert to_markdown(result.postmortem) == to_markdown(pm)
    assert result.kept_in_appendix == []
    back = result.postmortem
    assert back.title == pm.title and back.timezone == pm.timezone
    zone = zone_of(pm)
    assert [timeline_sort_key(e.at, zone) for e in back.timeline] == [
        timeline_sort_key(e.at, zone) for e in pm.timeline
    ]
    assert back.impact.duration_minutes == pm.impact.duration_minutes


def test_the_documents_export_shape_with_factor_links_reads_back() -> None:
    """The export as it changes to show each action's factors and leave derived figures and
    today's date out (issue 14): both shapes read back."""
    markdown = (
        "# Queue disk full Postmortem\n\n**Date:** 2026-03-12\n\n"
        "## Contributing Factors\n\n1. No alert on disk use\n2. Retention set to 30 days\n\n"
        "## Action Items\n\n### Prevent\n\n"
        "- [ ] Add a disk-use alert — Platform team, due 2026-04-01, addresses factors 1, 2\n"
        "- [x] Lower retention — Storage team, due 2026-03-20 (overdue), addresses factor 2\n"
        "- [ ] Review the runbook — no owner, no due date\n\n"
        "  _Addresses factors 1 and 2._\n"
    )
    back = import_markdown(markdown).postmortem
    assert [(a.text, a.owner, a.due, a.factors) for a in back.actions] == [
        ("Add a disk-use alert", "Platform team", date(2026, 4, 1), [1, 2]),
        ("Lower retention", "Storage team", date(2026, 3, 20), [2]),
        ("Review the runbook", "", None, [1, 2]),
    ]


def test_the_export_with_each_action_s_factors_on_a_line_of_its_own_reads_back() -> None:
    """The shape of the export once it shows what each action item addresses (issue 14):
    the factors on the item's last line, the impact's duration pointing at the timeline."""
    markdown = (
        "# Queue disk full Postmortem\n\n## Impact\n\n"
        "- **Duration:** the time to resolution (see Timeline)\n\n"
        "## Contributing Factors\n\n1. No alert on disk use\n2. Retention; factor 9 too long\n\n"
        "## Action Items\n\n### Prevent\n\n"
        "- [ ] Add a disk-use alert — Platform team, due 2026-04-01\\\n"
        "  Addresses factor 1 (No alert on disk use); factor 2 (Retention; factor 9 too long).\n"
    )
    result = import_markdown(markdown)
    assert result.kept_in_appendix == []
    (action,) = result.postmortem.actions
    assert (action.text, action.owner, action.factors) == (
        "Add a disk-use alert",
        "Platform team",
        [1, 2],
    )
    assert result.postmortem.impact.duration_minutes is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[ ] Add an alert (Platform team, due 2026-04-01)", ("Platform team", date(2026, 4, 1))),
        ("[ ] Add an alert (owner: @ops, due: 2026/04/01)", ("@ops", date(2026, 4, 1))),
        ("[x] Add an alert — @ops — by April 1, 2026", ("@ops", date(2026, 4, 1))),
        ("[ ] Add an alert (Owner: SRE; Due: 1 Apr 2026)", ("SRE", date(2026, 4, 1))),
        ("[ ] Add an alert", ("", None)),
    ],
)
def test_owners_and_due_dates_in_common_spellings(
    line: str, expected: tuple[str, date | None]
) -> None:
    back = import_markdown(f"# T\n\n## Action items\n\n- {line}\n").postmortem
    (action,) = back.actions
    assert (action.owner, action.due) == expected
    assert action.text == "Add an alert"
    assert action.done == line.startswith("[x]")


def test_timeline_lines_and_tables_both_read() -> None:
    markdown = (
        "# T\n\nDate: 2026-05-02\n\n## Timeline\n\n"
        "- 09:14 — Error rate on checkout rose above 5%\n"
        "- 09:20 - On-call engineer paged by the error-rate alert\n\n"
        "| Time | Event |\n| --- | --- |\n| 09:31 | Rolled back the release |\n"
    )
    back = import_markdown(markdown).postmortem
    assert [(e.at, e.event) for e in back.timeline] == [
        (datetime(2026, 5, 2, 9, 14), "Error rate on checkout rose above 5%"),
        (datetime(2026, 5, 2, 9, 20), "On-call engineer paged by the error-rate alert"),
        (datetime(2026, 5, 2, 9, 31), "Rolled back the release"),
    ]


def test_an_unknown_section_is_kept_in_the_appendix_as_written() -> None:
    markdown = "# T\n\n## Summary\n\nA cache expired.\n\n## Detection\n\nThe **alert** fired.\n"
    result = import_markdown(markdown)
    assert [p.heading for p in result.kept_in_appendix] == ["Detection"]
    assert "The **alert** fired." in result.postmortem.appendix
    assert result.postmortem.summary == "A cache expired."


def test_a_team_section_is_placed_by_its_title() -> None:
    markdown = "# T\n\n## Customer Communication\n\nStatus page updated at 09:40.\n"
    back = import_markdown(markdown, team_sections=SECTIONS).postmortem
    assert section_text(back, "customer_communication") == "Status page updated at 09:40."


def test_text_without_a_heading_is_not_a_postmortem() -> None:
    with pytest.raises(NotAPostmortemError):
        import_markdown("just a line of text\n")


@pytest.mark.parametrize("name", ["sre-book.md", "atlassian-style.md", "minimal.md"])
def test_hand_written_postmortems_import_with_every_section_placed(name: str) -> None:
    result = import_markdown((DATA / name).read_text(encoding="utf-8"))
    assert result.kept_in_appendix == [], result.kept_in_appendix
    pm = result.postmortem
    assert pm.title and pm.date and pm.summary and pm.timeline and pm.actions
    assert all(e.at is not None for e in pm.timeline)
    assert any(a.owner for a in pm.actions) and any(a.due for a in pm.actions)
    assert not pm.appendix or name == "sre-book.md"
