"""Importing a timeline (core): each format read from the documented examples and from broken
input, time zones and clock changes, duplicates, the window, and where new events go."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from postmortem_tui.core.model import TimelineEvent
from postmortem_tui.core.timeline_import import (
    DUPLICATE,
    FORMATS,
    NO_TEXT,
    NO_TIME,
    NOT_A_MESSAGE,
    OUTSIDE_WINDOW,
    ImportFormatError,
    ImportRecord,
    InputFile,
    ParseContext,
    Parsed,
    decode,
    detect,
    merged_timeline,
    plan_import,
    read_records,
)

DATA = Path(__file__).parent.parent / "data" / "import"
DOCS = Path(__file__).parents[2] / "docs" / "import.md"
INCIDENT = date(2018, 10, 21)
NEW_YORK = ZoneInfo("America/New_York")


def example(name: str) -> InputFile:
    path = DATA / name
    return InputFile(path.name, path.read_text(encoding="utf-8"))


def read(
    *files: InputFile, fmt: str = "auto", zone: timezone | ZoneInfo = UTC, day: date = INCIDENT
) -> Parsed:
    return read_records(list(files), fmt, ParseContext(zone, day))


def text(name: str, body: str) -> InputFile:
    return InputFile(name, body)


def rows(parsed: Parsed) -> list[tuple[str | None, str, str, str]]:
    """Each record as (UTC time or None, author, text, source)."""
    return [
        (
            None if r.at is None else r.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            r.author,
            r.text,
            r.source,
        )
        for r in parsed.records
    ]


# --- the documented examples --------------------------------------------------------------

EXAMPLE_FORMATS = {
    "slack/2018-10-21.json": "slack",
    "chat.txt": "chat",
    "irc.log": "chat",
    "chat-dated.txt": "chat",
    "zsh_history": "shell",
    "bash_history": "shell",
    "app.log": "log",
    "syslog": "syslog",
}


def test_every_example_is_shipped_and_documented() -> None:
    shipped = sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.is_file())
    assert shipped == sorted(EXAMPLE_FORMATS)
    docs = DOCS.read_text(encoding="utf-8")
    for name in shipped:
        assert (DATA / name).read_text(encoding="utf-8") in docs, name


@pytest.mark.parametrize(("name", "fmt"), EXAMPLE_FORMATS.items())
def test_detect_names_each_examples_format(name: str, fmt: str) -> None:
    assert detect(example(name).text) == fmt
    assert set(EXAMPLE_FORMATS.values()) == set(FORMATS)


def test_slack_export() -> None:
    parsed = read(example("slack/2018-10-21.json"))
    assert rows(parsed) == [
        (
            "2018-10-21 22:53:00",
            "db-oncall",
            "Replication lag alert on db-primary-east > 300s",
            "2018-10-21.json#2",
        ),
        (
            "2018-10-21 22:55:00",
            "Incident coordinator",
            "@db-oncall status page set to degraded, see status (https://status.example.com)",
            "2018-10-21.json#3",
        ),
        ("2018-10-21 22:56:00", "pagerbot", "Paging @storage-oncall", "2018-10-21.json#4"),
    ]
    assert parsed.skipped == {NOT_A_MESSAGE: 1}  # the join


def test_chat_log_with_bare_times_crosses_midnight() -> None:
    assert rows(read(example("chat.txt"))) == [
        (
            "2018-10-21 22:52:00",
            "db-oncall",
            "replication lag alert on db-primary-east",
            "chat.txt:1",
        ),
        (
            "2018-10-21 22:54:00",
            "coordinator",
            "opening an incident channel\nthe runbook link is in the topic",
            "chat.txt:2",
        ),
        ("2018-10-21 23:07:00", "db-oncall", "writes paused on the east cluster", "chat.txt:4"),
        ("2018-10-22 00:05:00", "coordinator", "status page updated", "chat.txt:5"),
    ]


def test_irc_and_dated_chat_logs_read_alike() -> None:
    irc = [(author, words) for _, author, words, _ in rows(read(example("irc.log")))]
    dated = rows(read(example("chat-dated.txt")))
    assert [(author, words) for _, author, words, _ in dated] == irc
    assert [at for at, *_ in dated] == [
        "2018-10-21 22:52:03",
        "2018-10-21 22:54:10",
        "2018-10-21 23:07:45",
    ]


@pytest.mark.parametrize("name", ["zsh_history", "bash_history"])
def test_shell_history(name: str) -> None:
    commands = rows(read(example(name)))
    assert [at for at, *_ in commands] == [
        "2018-10-21 22:52:00",
        "2018-10-21 22:53:30",
        "2018-10-21 23:07:00",
    ]
    assert {author for _, author, _, _ in commands} == {""}
    assert commands[2][2] == "kubectl -n storage scale deploy/writer --replicas=0"
    # zsh keeps a command typed over two lines as two lines
    second = "kubectl -n storage logs orchestrator-0 " + ("\\\n" if name == "zsh_history" else "")
    assert commands[1][2] == second + "--since=10m"
    assert [source for *_, source in commands] == (
        [f"{name}:1", f"{name}:2", f"{name}:4"]
        if name == "zsh_history"
        else [f"{name}:2", f"{name}:4", f"{name}:6"]
    )


def test_log_lines_with_a_stack_trace() -> None:
    assert rows(read(example("app.log"))) == [
        (
            "2018-10-21 22:52:03",
            "",
            "ERROR replication: lag on db-primary-east is 312s",
            "app.log:1",
        ),
        (
            "2018-10-21 22:52:41",
            "",
            "WARN orchestrator: failover to db-primary-west started\n"
            "Traceback (most recent call last):\n"
            "  ConnectionError: db-primary-east unreachable",
            "app.log:2",
        ),
        ("2018-10-21 23:07:45", "", "INFO writer: writes paused", "app.log:5"),
    ]


def test_syslog_takes_the_year_of_the_incident() -> None:
    assert rows(read(example("syslog"))) == [
        ("2018-10-21 22:52:03", "", "db-primary-east mysqld[812]: replica lag 312s", "syslog:1"),
        (
            "2018-10-21 22:52:41",
            "",
            "orchestrator-0 orchestrator[77]: failover to db-primary-west started",
            "syslog:2",
        ),
        ("2018-10-21 23:07:45", "", "writer-3 systemd[1]: Stopped writer.service.", "syslog:3"),
    ]


# --- broken and unusual input -------------------------------------------------------------


def slack_file(name: str, messages: object) -> InputFile:
    return InputFile(name, json.dumps(messages))


def test_slack_passes_over_notices_and_broken_messages() -> None:
    parsed = read(
        slack_file(
            "day.json",
            [
                "not a message",
                {"type": "message", "subtype": "channel_topic", "ts": "1540162380.1", "text": "t"},
                {"type": "message", "subtype": ["odd"], "ts": "1540162380.1", "text": "t"},
                {"type": "reaction", "ts": "1540162380.1", "text": "t"},
                {"type": "message", "ts": "1540162380.1", "text": ""},
                {"type": "message", "ts": "1540162380.1"},
                {"type": "message", "ts": "soon", "text": "no time here"},
                {"type": "message", "text": "no ts at all"},
                {"type": "message", "subtype": None, "ts": "1540162380", "text": "kept"},
                {"type": "message", "subtype": "me_message", "ts": "1540162390.2", "text": "/me"},
            ],
        ),
        fmt="slack",
    )
    assert parsed.skipped == {NOT_A_MESSAGE: 4, NO_TEXT: 2}
    assert [(at, words) for at, _, words, _ in rows(parsed)] == [
        (None, "no time here"),
        (None, "no ts at all"),
        ("2018-10-21 22:53:00", "kept"),
        ("2018-10-21 22:53:10", "/me"),
    ]
    assert plan_import([], parsed, tz=UTC).skipped[NO_TIME] == 2


def test_slack_mentions_use_names_from_every_file_of_the_import() -> None:
    first = slack_file(
        "a.json",
        [{"ts": "1540162380.1", "user": "U2", "text": "<@U1> and <@U9|old-name>, <#C1|ops>"}],
    )
    second = slack_file(
        "b.json",
        [
            {
                "ts": "1540162390.1",
                "user": "U1",
                "user_profile": {"real_name": "Storage on-call"},
                "text": "<!here> &lt;see&gt; <https://x.example> &amp; <mailto:a@b|a@b>",
            }
        ],
    )
    parsed = read(first, second)
    assert [(author, words) for _, author, words, _ in rows(parsed)] == [
        ("U2", "@Storage on-call and @old-name, #ops"),
        ("Storage on-call", "@here <see> https://x.example & a@b (mailto:a@b)"),
    ]


@pytest.mark.parametrize(
    ("body", "reason"),
    [("{not json", "not JSON"), ('{"ts": "1"}', r"not a Slack export \(not a list")],
)
def test_slack_refuses_what_is_not_an_export(body: str, reason: str) -> None:
    with pytest.raises(ImportFormatError, match=f"day.json: {reason}"):
        read(text("day.json", body), fmt="slack")


def test_chat_malformed_lines() -> None:
    parsed = read(
        text(
            "chat.txt",
            "\n\nexported from the ops channel\nsecond header line\n"
            "[22:52] db-oncall: lag alert\n"
            "[25:61] db-oncall: an impossible time\n"
            "10:00 the cron job ran (pasted, not a message)\n"
            "[22:53] <coordinator> on it\n"
            "[22:54]\n"
            "[2:55 PM] relay: afternoon\n"
            "[12:05 AM] relay: just after midnight\n"
            "22:56 <relay> late\n",
        )
    )
    assert rows(parsed) == [
        (None, "", "exported from the ops channel\nsecond header line", "chat.txt:3"),
        ("2018-10-21 22:52:00", "db-oncall", "lag alert", "chat.txt:5"),
        (
            None,
            "db-oncall",
            "an impossible time\n10:00 the cron job ran (pasted, not a message)",
            "chat.txt:6",
        ),
        ("2018-10-21 22:53:00", "coordinator", "on it", "chat.txt:8"),
        ("2018-10-22 14:55:00", "relay", "afternoon", "chat.txt:10"),
        ("2018-10-23 00:05:00", "relay", "just after midnight", "chat.txt:11"),
        ("2018-10-23 22:56:00", "relay", "late", "chat.txt:12"),
    ]
    assert parsed.skipped == {NO_TEXT: 1}  # `[22:54]` with nothing said


def test_chat_times_a_little_out_of_order_stay_on_their_day() -> None:
    parsed = read(text("c.txt", "[23:10] a: one\n[23:08] b: two\n[22:20] c: three\n[21:15] d: 4\n"))
    assert [at for at, *_ in rows(parsed)] == [
        "2018-10-21 23:10:00",
        "2018-10-21 23:08:00",
        "2018-10-21 22:20:00",
        "2018-10-22 21:15:00",  # more than an hour back: the next day
    ]


def test_shell_malformed_lines() -> None:
    parsed = read(
        text(
            "history",
            "ls -la\ncd /srv\n"  # before times were recorded: commands without a time
            "#1540162320\n"
            "#1540162330\n"  # a time line without its command
            "uptime\n"
            ": 99999999999999999999:0;far future\n"
            ": 1540162340:0;df -h\n",
        ),
        fmt="shell",
    )
    assert rows(parsed) == [
        (None, "", "ls -la", "history:1"),
        (None, "", "cd /srv", "history:2"),
        ("2018-10-21 22:52:10", "", "uptime", "history:5"),
        (None, "", "far future", "history:6"),
        ("2018-10-21 22:52:20", "", "df -h", "history:7"),
    ]
    assert parsed.skipped == {NO_TEXT: 1}


def test_zsh_history_with_non_ascii_text_decodes() -> None:
    # zsh writes the byte 0x83 and the byte XOR 0x20 for some bytes of UTF-8 text
    typed = ": 1540162320:0;echo 'réplica ă'\n".encode()
    metafied = typed.replace("ă".encode(), b"\xc4\x83\xa3")
    assert decode(metafied, "zsh_history") == typed.decode()
    assert decode(b"\xef\xbb\xbfplain", "f") == "plain"
    with pytest.raises(ImportFormatError, match="f: not UTF-8 text"):
        decode(b"\xff\xfe\x00binary", "f")


def test_log_malformed_lines() -> None:
    parsed = read(
        text(
            "app.log",
            "starting up\n"
            "2018-02-30T10:00:00Z ERROR no such day\n"
            "2018-10-21 22:52:03,412 WARNING [pool] exhausted\n"
            "[2018-10-21T22:52:04.999999999+02:00] api | refused\n"
            "2018-10-21T22:52:05Z\n",
        ),
        fmt="log",
    )
    assert rows(parsed) == [
        (None, "", "starting up", "app.log:1"),
        (None, "", "ERROR no such day", "app.log:2"),
        ("2018-10-21 22:52:03", "", "WARNING [pool] exhausted", "app.log:3"),
        ("2018-10-21 20:52:04", "", "api | refused", "app.log:4"),
    ]
    assert parsed.skipped == {NO_TEXT: 1}


def test_syslog_malformed_lines_and_the_turn_of_the_year() -> None:
    parsed = read(
        text(
            "syslog",
            "Dec 31 23:59:58 lb-1 haproxy[9]: backend down\n"
            "  continued on the next line\n"
            "Jan  1 00:00:03 lb-1 haproxy[9]: backend up\n"
            "Feb 30 10:00:00 lb-1 kernel: no such day\n"
            "Oct 21 22:52 lb-1 cut short\n",
        ),
        fmt="syslog",
        day=date(2018, 12, 31),
    )
    assert rows(parsed) == [
        (
            "2018-12-31 23:59:58",
            "",
            "lb-1 haproxy[9]: backend down\n  continued on the next line",
            "syslog:1",
        ),
        ("2019-01-01 00:00:03", "", "lb-1 haproxy[9]: backend up", "syslog:3"),
        (None, "", "lb-1 kernel: no such day\nOct 21 22:52 lb-1 cut short", "syslog:4"),
    ]


def test_unrecognised_input_names_the_file() -> None:
    with pytest.raises(ImportFormatError, match=r"notes\.md: not a chat log"):
        read(text("notes.md", "# Notes\n\nNothing with a time here.\n"))
    with pytest.raises(ImportFormatError, match=r"empty\.txt: not a chat log"):
        read(text("empty.txt", ""))
    with pytest.raises(ImportFormatError, match=r"app\.log: no line with a time reads as syslog"):
        read(example("app.log"), fmt="syslog")
    with pytest.raises(ImportFormatError, match="unknown format"):
        read(example("app.log"), fmt="csv")


def test_auto_reads_each_file_in_its_own_format() -> None:
    parsed = read(example("chat.txt"), example("zsh_history"), example("slack/2018-10-21.json"))
    assert {source.split(":")[0].split("#")[0] for *_, source in rows(parsed)} == {
        "chat.txt",
        "zsh_history",
        "2018-10-21.json",
    }


# --- time zones and clock changes -------------------------------------------------------------


def test_a_utc_log_into_a_new_york_postmortem() -> None:
    plan = plan_import([], read(example("app.log"), zone=NEW_YORK), tz=NEW_YORK)
    assert [e.at.isoformat() for e in plan.events if e.at] == [
        "2018-10-21T18:52:03-04:00",
        "2018-10-21T18:52:41-04:00",  # to the second
        "2018-10-21T19:07:45-04:00",
    ]


def test_times_without_an_offset_are_in_the_postmortems_zone() -> None:
    plan = plan_import([], read(example("chat.txt"), zone=NEW_YORK), tz=NEW_YORK)
    assert [e.at.isoformat() for e in plan.events if e.at] == [
        "2018-10-21T22:52:00-04:00",
        "2018-10-21T22:54:00-04:00",
        "2018-10-21T23:07:00-04:00",
        "2018-10-22T00:05:00-04:00",
    ]


def test_the_day_clocks_go_back() -> None:
    """New York, 4 November 2018: 01:00 to 02:00 happens twice (EDT, then EST)."""
    day = date(2018, 11, 4)
    log = text(
        "app.log",
        "2018-11-04T05:30:00Z first 01:30\n2018-11-04T06:10:00Z second 01:10\n"
        "2018-11-04T07:30:00Z then 02:30\n",
    )
    plan = plan_import([], read(log, zone=NEW_YORK, day=day), tz=NEW_YORK)
    assert [e.at.isoformat() for e in plan.events if e.at] == [
        "2018-11-04T01:30:00-04:00",
        "2018-11-04T01:10:00-05:00",
        "2018-11-04T02:30:00-05:00",
    ]
    chat = text("chat.txt", "[01:30] a: before\n[01:45] b: still EDT\n[01:10] c: EST now\n")
    chat_plan = plan_import([], read(chat, zone=NEW_YORK, day=day), tz=NEW_YORK)
    times = [e.at for e in chat_plan.events if e.at]
    assert [t.isoformat() for t in times] == [
        "2018-11-04T01:30:00-04:00",
        "2018-11-04T01:45:00-04:00",
        "2018-11-04T01:10:00-05:00",  # the repeated hour, not 35 minutes back
    ]
    assert times[2].astimezone(UTC) - times[1].astimezone(UTC) == timedelta(minutes=25)


def test_the_day_clocks_go_forward() -> None:
    """New York, 11 March 2018: 02:00 jumps to 03:00."""
    chat = text("chat.txt", "[01:50] a: before\n[03:10] b: after\n")
    plan = plan_import([], read(chat, zone=NEW_YORK, day=date(2018, 3, 11)), tz=NEW_YORK)
    first, second = (e.at for e in plan.events)
    assert first is not None and second is not None
    assert (first.isoformat(), second.isoformat()) == (
        "2018-03-11T01:50:00-05:00",
        "2018-03-11T03:10:00-04:00",
    )
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(minutes=20)


# --- from records to events ----------------------------------------------------------------


def test_events_keep_author_and_source_in_extra() -> None:
    plan = plan_import([], read(example("irc.log"), example("app.log")), tz=UTC)
    by_source = {e.extra["source"]: e for e in plan.events}
    assert by_source["app.log:1"].extra == {"source": "app.log:1"}
    chat = [e for e in plan.events if "author" in e.extra]
    assert chat[0].extra == {"author": "db-oncall", "source": "irc.log:1"}
    assert chat[0].event == "replication lag alert on db-primary-east"
    assert chat[0].milestone == chat[0].link == ""


def test_authors_and_file_names_are_one_clean_line() -> None:
    parsed = Parsed()
    at = datetime(2018, 10, 21, 22, 52, tzinfo=UTC)
    parsed.records.append(ImportRecord(at, " relay\x1b[31m\nbot ", "text", "a\x07.log:1"))
    (event,) = plan_import([], parsed, tz=UTC).events
    assert event.extra == {"author": "relay[31m bot", "source": "a.log:1"}


def test_importing_twice_adds_nothing() -> None:
    parsed = read(example("chat.txt"), example("chat.txt"))
    first = plan_import([], parsed, tz=NEW_YORK)
    assert len(first.events) == 4
    assert first.skipped == {DUPLICATE: 4}  # the same file given twice
    again = plan_import(first.events, parsed, tz=NEW_YORK)
    assert again.events == []
    assert again.skipped == {DUPLICATE: 8}
    assert again.skipped_text() == "8 skipped (8 duplicate)"


def test_an_event_typed_without_an_offset_is_a_duplicate_in_the_postmortems_zone() -> None:
    typed = TimelineEvent(
        at=datetime(2018, 10, 21, 22, 52), event="replication lag alert on db-primary-east"
    )
    plan = plan_import([typed], read(example("chat.txt"), zone=NEW_YORK), tz=NEW_YORK)
    assert plan.skipped == {DUPLICATE: 1}
    other_text = plan_import(
        [TimelineEvent(at=datetime(2018, 10, 21, 22, 52), event="something else")],
        read(example("chat.txt"), zone=NEW_YORK),
        tz=NEW_YORK,
    )
    assert other_text.skipped == {}


def test_the_window_keeps_its_ends() -> None:
    parsed = read(example("app.log"))
    start = datetime(2018, 10, 21, 22, 52, 41, tzinfo=UTC)
    plan = plan_import([], parsed, tz=NEW_YORK, start=start)
    assert [e.extra["source"] for e in plan.events] == ["app.log:2", "app.log:5"]
    # a bound without an offset is in the postmortem's zone: 18:52:41 in New York
    plan = plan_import([], parsed, tz=NEW_YORK, end=datetime(2018, 10, 21, 18, 52, 41))
    assert [e.extra["source"] for e in plan.events] == ["app.log:1", "app.log:2"]
    assert plan.skipped == {OUTSIDE_WINDOW: 1}
    assert plan.skipped_text() == "1 skipped (1 outside the window)"


def test_skipped_reasons_read_in_one_line() -> None:
    parsed = read(
        example("slack/2018-10-21.json"),
        slack_file(
            "x.json",
            [
                {"text": "no time"},
                {
                    "ts": "1540162380.9",
                    "text": "Replication lag alert on db-primary-east &gt; 300s",
                },
            ],
        ),
    )
    plan = plan_import([], parsed, tz=UTC, end=datetime(2018, 10, 21, 22, 54, tzinfo=UTC))
    assert len(plan.events) == 1
    assert plan.skipped_text() == (
        "5 skipped (1 duplicate, 2 outside the window, 1 no time, 1 not a message)"
    )
    assert plan_import([], read(example("irc.log")), tz=UTC).skipped_text() == "none skipped"


def test_new_events_go_in_by_time_and_the_rest_keep_their_order() -> None:
    def at(hhmm: str) -> datetime:
        hours, minutes = map(int, hhmm.split(":"))
        return datetime(2018, 10, 21, hours, minutes, tzinfo=UTC)

    # typed out of order on purpose: the import must not sort what it did not add
    timeline = [
        TimelineEvent(at=at("22:00"), event="a"),
        TimelineEvent(at=at("23:30"), event="b"),
        TimelineEvent(at=at("22:30"), event="c"),
        TimelineEvent(at=None, event="untimed"),
    ]
    new = [TimelineEvent(at=at(t), event=t) for t in ("21:00", "22:30", "23:00", "23:45")]
    merged = merged_timeline(timeline, new, tz=UTC)
    assert [e.event for e in merged] == [
        "21:00", "a", "b", "c", "22:30", "23:00", "23:45", "untimed"
    ]  # fmt: skip
    in_order = [timeline[0], timeline[2], timeline[1], timeline[3]]
    assert [e.event for e in merged_timeline(in_order, new, tz=UTC)] == [
        "21:00", "a", "c", "22:30", "23:00", "b", "23:45", "untimed"
    ]  # fmt: skip
    assert merged_timeline([], new, tz=UTC) == new


def test_ten_thousand_chat_lines() -> None:
    lines, seconds = [], 0
    for number in range(10_000):
        seconds += 7 + number % 11  # about 33 hours in all: past midnight and the next one
        hours, rest = divmod(seconds, 3600)
        clock = f"{(22 + hours) % 24:02d}:{rest // 60:02d}:{rest % 60:02d}"
        lines.append(f"[{clock}] relay-{number % 7}: message {number} from the queue")
        if number % 100 == 0:
            lines.append("  a continuation line")
    parsed = read(text("big.txt", "\n".join(lines)), zone=NEW_YORK)
    plan = plan_import([], parsed, tz=NEW_YORK)
    assert len(plan.events) == 10_000
    assert plan.skipped == {}
    times = [e.at for e in plan.events if e.at]
    assert all(a < b for a, b in itertools.pairwise(times))
    assert times[0].isoformat() == "2018-10-21T22:00:07-04:00"
    assert times[-1].date() == date(2018, 10, 23)
    assert times[-1] - times[0] == timedelta(seconds=seconds - 7)
    assert plan.events[100].event == "message 100 from the queue\n  a continuation line"
    assert plan_import(plan.events, parsed, tz=NEW_YORK).skipped == {DUPLICATE: 10_000}


def test_imported_events_survive_a_save_and_are_duplicates_after_it(tmp_path: Path) -> None:
    from postmortem_tui.core.model import Postmortem
    from postmortem_tui.storage.workspace import Workspace, load

    parsed = read(example("app.log"), example("slack/2018-10-21.json"), zone=NEW_YORK)
    pm = Postmortem("Replication lag", date=INCIDENT)
    pm.timeline = merged_timeline([], plan_import([], parsed, tz=NEW_YORK).events, tz=NEW_YORK)
    saved = load(Workspace(tmp_path).create(pm).path).postmortem
    assert [(e.at, e.event, e.extra) for e in saved.timeline] == [
        (e.at, e.event, e.extra) for e in pm.timeline
    ]
    assert saved.timeline[2].extra == {"author": "db-oncall", "source": "2018-10-21.json#2"}
    again = plan_import(saved.timeline, parsed, tz=NEW_YORK)
    assert again.events == []


def test_a_record_is_plain_data() -> None:
    record = ImportRecord(None, "", "text", "f:1")
    assert record == ImportRecord(None, "", "text", "f:1")
    assert hash(record) == hash(ImportRecord(None, "", "text", "f:1"))
