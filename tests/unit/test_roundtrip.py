"""Model -> TOML -> model round trips over generated postmortems (hypothesis)."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_tui.core import model
from postmortem_tui.core.model import (
    ACTION_KINDS,
    EVIDENCE_KINDS,
    MAX_WHOLE_NUMBER,
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
    from_dict,
    normalise_newlines,
)
from postmortem_tui.storage.workspace import dumps

ROUND_TRIP = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Arbitrary Unicode (control characters and newlines included); the model stores line
# breaks as bare newlines, so generated text is already in that form.
plain_text = st.text(max_size=30).map(normalise_newlines)
huge_text = st.sampled_from(["x" * 20_000, "line\n" * 3_000, "é💥\x1b\x9b" * 2_000])
texts = st.one_of(st.just(""), plain_text)
# Huge fields where they happen in practice (pasted logs); the size limit has its own test.
long_texts = st.one_of(texts, huge_text)
short_lists = {"max_size": 3}

# Whole-minute offsets only, within what TOML and `timezone` allow.
offsets = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
times = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)
) | st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2200, 12, 30), timezones=offsets
)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
counts = st.none() | st.integers(0, MAX_WHOLE_NUMBER)


def extra_keys(known: set[str]) -> st.SearchStrategy[str]:
    return st.text(max_size=12).filter(lambda key: key not in known)


# Values an unknown key may hold: anything TOML can carry (NaN aside: it is not equal to itself).
toml_scalars = st.one_of(
    st.text(max_size=20).map(lambda s: s.replace("\r\n", "\n")),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    dates,
    times,
    st.times(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def extras(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(extra_keys(known), toml_values, max_size=2)


def field_names(cls: type) -> set[str]:
    return {f for f in cls.__dataclass_fields__ if f != "extra"}


participants = st.builds(
    Participant, name=texts, role=texts, extra=extras(field_names(Participant))
)
events = st.builds(
    TimelineEvent,
    at=st.none() | times,
    event=long_texts,
    milestone=st.sampled_from(("", *MILESTONES)),
    link=texts,
    extra=extras(field_names(TimelineEvent)),
)
whys = st.builds(WhyStep, question=texts, answer=texts, extra=extras(field_names(WhyStep)))
factors = st.builds(Factor, text=texts, extra=extras(field_names(Factor)))
actions = st.builds(
    ActionItem,
    kind=st.sampled_from(ACTION_KINDS),
    text=texts,
    owner=texts,
    due=st.none() | dates,
    done=st.booleans(),
    priority=st.sampled_from(("", *PRIORITIES)),
    ticket=texts,
    factors=st.lists(st.integers(1, 50), max_size=4),
    extra=extras(field_names(ActionItem)),
)
evidence = st.builds(
    Evidence,
    kind=st.sampled_from(EVIDENCE_KINDS),
    text=texts,
    link=texts,
    extra=extras(field_names(Evidence)),
)
impacts = st.builds(
    Impact,
    duration_minutes=counts,
    users_affected=counts,
    users_affected_percent=st.none() | st.floats(0, 100),
    revenue_impact=texts,
    customer_tickets=counts,
    user_facing=texts,
    reputation=texts,
    extra=extras(field_names(Impact)),
)


@st.composite
def postmortems(draw: st.DrawFn) -> Postmortem:
    pm = Postmortem(
        title=draw(texts),
        date=draw(st.none() | dates),
        status=draw(st.sampled_from(STATUSES)),
        severity=draw(st.sampled_from(("", *SEVERITIES))),
        format=draw(st.sampled_from(model.FORMATS)),
        authors=draw(st.lists(texts, **short_lists)),
        tags=draw(st.lists(texts, **short_lists)),
        review_on=draw(st.none() | dates),
        summary=draw(long_texts),
        root_cause=draw(texts),
        what_went_well=draw(st.lists(texts, **short_lists)),
        what_went_poorly=draw(st.lists(texts, **short_lists)),
        where_we_got_lucky=draw(st.lists(texts, **short_lists)),
        lessons_learned=draw(texts),
        appendix=draw(texts),
        impact=draw(impacts),
        participants=draw(st.lists(participants, **short_lists)),
        timeline=draw(st.lists(events, max_size=5)),
        five_whys=draw(st.lists(whys, **short_lists)),
        factors=draw(st.lists(factors, **short_lists)),
        actions=draw(st.lists(actions, **short_lists)),
        evidence=draw(st.lists(evidence, **short_lists)),
        extra=draw(extras(field_names(Postmortem))),
    )
    pm.sort_timeline()  # loading sorts, so compare against the sorted form
    return pm


def offsets_of(pm: Postmortem) -> list[timedelta | None]:
    """`==` on aware datetimes compares instants only; the offset must survive too."""
    return [e.at.utcoffset() if e.at else None for e in pm.timeline]


@ROUND_TRIP
@given(postmortems())
def test_model_survives_toml_round_trip(pm: Postmortem) -> None:
    text = dumps(pm)
    back = from_dict(tomllib.loads(text))
    assert back == pm
    assert offsets_of(back) == offsets_of(pm)
    # Saving what was loaded writes the same bytes: stable order, nothing drifts.
    assert dumps(back) == text
    # Terminal controls stay escaped in the file, so `cat` or `less` cannot be hijacked.
    assert {c for c in text if is_raw_control(c)} == set()


def is_raw_control(char: str) -> bool:
    return (ord(char) < 0x20 and char not in "\t\n") or 0x7F <= ord(char) <= 0x9F


def test_a_field_at_the_size_limit_round_trips() -> None:
    pm = Postmortem(title="big", summary="log line\n" * (model.MAX_FIELD_CHARS // 9))
    assert from_dict(tomllib.loads(dumps(pm))) == pm


def test_local_times_and_dates_in_extras_round_trip() -> None:
    pm = Postmortem(
        title="t",
        extra={"on_call_handover": time(9, 30), "window": [date(2026, 1, 1), 1.5, "x"]},
    )
    assert from_dict(tomllib.loads(dumps(pm))) == pm
