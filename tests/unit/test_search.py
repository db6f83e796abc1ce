"""The search query (core/search.py): parsing, matching every text, where it matched; and
`postmortem list --query` on the known workspace (figures_support)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from figures_support import known_workspace
from postmortem_tui.core.model import (
    ActionItem,
    Factor,
    TimelineEvent,
    new_postmortem,
)
from postmortem_tui.core.search import (
    EMPTY_QUERY,
    QueryError,
    SearchQuery,
    matches,
    parse_query,
    places,
    search_document,
)


def test_words_phrases_and_terms() -> None:
    query = parse_query(
        'Disk  "Backoff   ceiling" tag:DB,queue severity:critical,major status:final '
        "owner:Storage after:2026-01-01 before:2026-07-01 http://x"
    )
    assert query == SearchQuery(
        texts=("disk", "backoff ceiling", "http://x"),
        tags=(("db", "queue"),),
        severities=(("critical", "major"),),
        statuses=(("final",),),
        owners=(("storage",),),
        after=date(2026, 1, 1),
        before=date(2026, 7, 1),
    )


def test_quoted_term_values_and_open_quotes() -> None:
    assert parse_query('owner:"storage team"').owners == (("storage team",),)
    assert parse_query('"queue backed').texts == ("queue backed",)  # still being typed
    assert parse_query('""').texts == ()
    assert parse_query("   ") == EMPTY_QUERY
    assert parse_query("error: x").texts == ("error:", "x")  # not a key: text


def test_repeated_dates_narrow_the_period() -> None:
    query = parse_query("after:2026-01-01 after:2026-03-01 before:2026-09-01 before:2026-05-01")
    assert (query.after, query.before) == (date(2026, 3, 1), date(2026, 5, 1))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("after:notadate", "after:notadate: not a date (expected YYYY-MM-DD)"),
        ("before:2026-02-30", "before:2026-02-30: not a date (expected YYYY-MM-DD)"),
        ("severity:huge", "severity:huge: not a severity (one of critical, major, minor)"),
        ("status:done", "status:done: not a status (one of draft, review, final)"),
        ("tag:", "tag: needs a value"),
        ("owner:,", "owner: needs a value"),
    ],
)
def test_bad_terms_name_themselves(text: str, message: str) -> None:
    with pytest.raises(QueryError) as error:
        parse_query(text)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@given(st.text(max_size=80))
def test_any_text_parses_or_says_why(text: str) -> None:
    try:
        parse_query(text)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)


def incident() -> object:
    pm = new_postmortem(
        "Checkout errors", incident_date=date(2026, 3, 4), severity="major", timezone="UTC"
    )
    pm.status = "final"
    pm.tags = ["payments", "DB"]
    pm.summary = "Card payments failed for twenty minutes."
    pm.timeline = [TimelineEvent(event="The connection pool to the primary filled up")]
    pm.factors = [Factor(text="Retries had no backoff ceiling, so load grew.")]
    pm.actions = [ActionItem(text="Cap retries", owner="Payments team", ticket="PAY-12")]
    pm.lessons_learned = "Pool exhaustion looked like a network fault at first."
    return search_document(pm, "2026-03-04-checkout-errors")


@pytest.mark.parametrize(
    "text",
    [
        "checkout",
        "2026-03-04-checkout",
        "CARD payments",
        "connection pool",
        '"backoff ceiling"',
        "pay-12",
        "network fault",
        "tag:db",
        "tag:payments tag:db",
        "tag:queue,payments",
        "severity:major status:final",
        "owner:payments",
        "after:2026-03-03 before:2026-03-05",
        "",
    ],
)
def test_matches(text: str) -> None:
    assert matches(parse_query(text), incident())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "checkout refund",  # every word must appear
        '"ceiling backoff"',  # a phrase is in order
        "tag:pay",  # a tag is matched whole
        "tag:payments tag:queue",  # both tags
        "severity:minor",
        "status:draft,review",
        "owner:storage",
        "after:2026-03-04",  # strict
        "before:2026-03-04",
    ],
)
def test_does_not_match(text: str) -> None:
    assert not matches(parse_query(text), incident())  # type: ignore[arg-type]


def test_places_say_where_each_section_matched() -> None:
    doc = incident()
    found = places(parse_query("pool retries"), doc)  # type: ignore[arg-type]
    assert [p.as_text() for p in found] == [
        "timeline: The connection pool to the primary filled up",
        "factors: Retries had no backoff ceiling, so load grew.",
        "actions: Cap retries",
    ]
    assert places(parse_query("tag:db"), doc) == []  # type: ignore[arg-type]
    long = places(parse_query("twenty"), doc)  # type: ignore[arg-type]
    assert long[0].as_text() == "summary: Card payments failed for twenty minutes."


def test_excerpts_are_cut_around_the_match() -> None:
    pm = new_postmortem("x", incident_date=date(2026, 1, 1))
    pm.summary = ("filler words " * 20) + "the QUEUE\nfilled " + ("more text " * 20)
    found = places(parse_query("queue filled"), search_document(pm))
    assert found[0].section == "summary"
    excerpt = found[0].excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "the QUEUE filled" in excerpt and "\n" not in excerpt
    assert len(excerpt) < 80


# --- postmortem list --query ---------------------------------------------------------------------


def run(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "list", "--workspace", str(workspace), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return known_workspace(tmp_path_factory.mktemp("known") / "ws").root


def ids(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode == 0, done.stderr
    return [row["id"] for row in json.loads(done.stdout)]


def test_list_query_searches_every_text_with_terms(ws: Path) -> None:
    assert ids(run(ws, "--json", "--query", "backoff")) == [
        "2026-02-05-packet-loss-between-zones",
        "2026-01-20-database-failover-took-too-long",
        "2026-01-10-queue-backed-up-after-a-deploy",
    ]
    assert ids(run(ws, "--json", "--query", "backoff tag:db severity:critical")) == [
        "2026-01-10-queue-backed-up-after-a-deploy"
    ]
    assert ids(run(ws, "--json", "--query", "tag:db after:2026-01-10 before:2026-03-01")) == [
        "2026-01-20-database-failover-took-too-long"
    ]
    assert ids(run(ws, "--json", "--query", 'owner:"storage team" status:draft')) == [
        "2026-03-01-slow-reports-from-the-replica",
        "2026-02-05-packet-loss-between-zones",
        "2026-01-20-database-failover-took-too-long",
        "2026-01-10-queue-backed-up-after-a-deploy",
    ]


def test_list_query_shows_where(ws: Path) -> None:
    done = run(ws, "--query", '"failover"')
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith("2026-01-20-database-failover-took-too-long  2026-01-20  major")
    assert lines[1:] == [
        "    title: Database failover took too long",
        "    factors: The runbook did not cover failover.",
        "    actions: Follow-up 1 for the database failover took too long",
    ]
    # The file that does not load cannot be searched: said on stderr, once.
    assert done.stderr.strip() == "postmortem: 1 file(s) that do not load were not searched"
    row = json.loads(run(ws, "--json", "--query", "failover").stdout)[0]
    assert row["matches"][1] == {
        "section": "factors",
        "excerpt": "The runbook did not cover failover.",
    }


def test_list_query_nothing_found(ws: Path) -> None:
    done = run(ws, "--query", "volcano")
    assert (done.returncode, done.stdout) == (0, "No postmortem matches the query\n")
    assert ids(run(ws, "--json", "--query", "volcano")) == []


@pytest.mark.parametrize(
    "query", ["after:notadate", "severity:urgent", "before:", "status:closed tag:db"]
)
def test_list_bad_query_is_one_line_and_exit_2(ws: Path, query: str) -> None:
    done = run(ws, "--query", query)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith("postmortem: --query: ")


HOSTILE = Path(__file__).parent.parent / "data" / "hostile-every-field.toml"
UNSAFE = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b", "\u2028", "\x0b")


def test_hostile_text_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    import shutil

    ws = tmp_path / "hostile"
    ws.mkdir()
    shutil.copy(HOSTILE, ws / HOSTILE.name)
    for args in (["--query", "pwned"], ["--query", "pwned", "--json"]):
        done = run(ws, *args)
        assert done.returncode == 0, done.stderr
        assert "pwned" in done.stdout
        assert not any(char in done.stdout for char in UNSAFE), args
    stats = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "stats", "--workspace", str(ws)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert stats.returncode == 0 and "most frequent tags: Tag " in stats.stdout
    assert not any(char in stats.stdout for char in UNSAFE)
