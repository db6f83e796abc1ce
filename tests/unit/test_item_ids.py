"""Every list item's `id`: made at random for new items, read and written first in each
item's table, derived the same on every read for a file without ids (which opening never
rewrites), duplicates and invalid ids repaired without losing an item, a non-string id
refused in one line; the items `note`, `timeline import` and the sample make have ids."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from postmortem_tui.core.export.json import to_json
from postmortem_tui.core.export.markdown import to_markdown
from postmortem_tui.core.merge import merge
from postmortem_tui.core.model import (
    ITEM_ID_PATTERN,
    LIST_KEYS,
    ActionItem,
    Evidence,
    Factor,
    Participant,
    Postmortem,
    TimelineEvent,
    ValidationError,
    WhyStep,
    from_dict,
    new_item_id,
    to_dict,
)
from postmortem_tui.core.timeline_import import ImportRecord, Parsed, plan_import
from postmortem_tui.storage.workspace import (
    PostmortemFileError,
    Workspace,
    dumps,
    load,
    parse_postmortem,
)

HEX_ID = re.compile(r"_?[0-9a-f]{8}")  # made here, or worked out from a file without ids

OLD_FILE = """\
schema_version = 1
title = "Queue backlog after a broker failover"
date = 2026-03-04
timezone = "UTC"
status = "draft"
format = "full"

[[participants]]
name = "Messaging on-call"
role = "responder"

[[timeline]]
at = 2026-03-04T22:50:00Z
event = "Broker failover starts"
milestone = "started"

[[timeline]]
at = 2026-03-04T22:55:00Z
event = "Queue depth alert fires"
milestone = "detected"

[[five_whys]]
question = "Why did deliveries queue?"
answer = "Consumers stopped."

[[factors]]
text = "No alert on consumer lag"

[[factors]]
text = "Failover drops consumer leases"

[[actions]]
kind = "prevent"
text = "Alert on consumer lag"
done = false
factors = [
    1,
]

[[evidence]]
kind = "metric"
text = "Queue depth graph"
"""


def ids(pm: Postmortem) -> dict[str, list[str]]:
    return {key: [item.id for item in getattr(pm, key)] for key in LIST_KEYS}


def parse(text: str) -> Postmortem:
    return parse_postmortem(text.encode(), Path("pm.toml"))


# --- new items --------------------------------------------------------------------------------


def test_every_kind_of_item_made_anywhere_gets_a_fresh_random_id() -> None:
    made = [TimelineEvent(), Factor(), WhyStep(), ActionItem(), Participant(), Evidence()]
    assert all(HEX_ID.fullmatch(item.id) for item in made)
    assert len({new_item_id() for _ in range(2000)}) == 2000
    assert all(ITEM_ID_PATTERN.fullmatch(new_item_id()) for _ in range(100))


def test_an_id_given_is_kept() -> None:
    assert Factor("x", id="deploy-1").id == "deploy-1"


# --- files without ids ------------------------------------------------------------------------


def test_a_file_without_ids_gets_the_same_ids_on_every_read() -> None:
    first, second = parse(OLD_FILE), parse(OLD_FILE)
    assert ids(first) == ids(second)
    assert all(HEX_ID.fullmatch(i) for key in LIST_KEYS for i in ids(first)[key])
    assert len(set(ids(first)["timeline"])) == 2


def test_a_file_without_ids_gets_the_same_ids_in_another_process() -> None:
    """Derived from the content, not from Python's per-process string hashing."""
    script = (
        "import sys; from pathlib import Path\n"
        "from postmortem_tui.storage.workspace import parse_postmortem\n"
        "pm = parse_postmortem(sys.stdin.buffer.read(), Path('pm.toml'))\n"
        "print(' '.join(e.id for e in pm.timeline + pm.factors))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=OLD_FILE.encode(),
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1
    pm = parse(OLD_FILE)
    assert outputs.pop().decode().split() == [i.id for i in pm.timeline + pm.factors]


def test_an_item_typed_in_by_hand_keeps_the_ids_of_the_others() -> None:
    """A derived id depends on the item itself, not on its place: an item added above the
    others by hand does not change theirs."""
    before = parse(OLD_FILE)
    extra = '[[factors]]\ntext = "Runbook lacks a failover step"\n\n[[factors]]\n'
    after = parse(OLD_FILE.replace("[[factors]]\n", extra, 1))
    assert [f.id for f in after.factors[1:]] == [f.id for f in before.factors]


def test_a_save_writes_every_id_first_in_its_table_and_loads_back_the_same() -> None:
    pm = parse(OLD_FILE)
    text = dumps(pm)
    for section in re.split(r"\n(?=\[\[)", text)[1:]:
        assert re.match(r"\[\[\w+\]\]\nid = \"_?[0-9a-f]{8}\"\n", section), section
    assert ids(parse(text)) == ids(pm)
    assert parse(text) == pm


def test_opening_a_file_without_ids_does_not_rewrite_it(tmp_path: Path) -> None:
    path = tmp_path / "2026-03-04-queue-backlog.toml"
    path.write_text(OLD_FILE, encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    workspace = Workspace(tmp_path)
    loaded, broken = workspace.scan()
    assert broken == [] and loaded[0].postmortem.factors[0].id
    load(path)
    assert path.read_text(encoding="utf-8") == OLD_FILE and path.stat().st_mtime_ns == stamp
    assert not (tmp_path / ".history").exists()


def test_the_next_save_of_a_file_without_ids_writes_them(tmp_path: Path) -> None:
    path = tmp_path / "2026-03-04-queue-backlog.toml"
    path.write_text(OLD_FILE, encoding="utf-8")
    shown = ids(load(path).postmortem)

    def mark_done(pm: Postmortem) -> bool:
        pm.actions[0].done = True
        return True

    Workspace(tmp_path).update(path, mark_done)
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert {key: [t["id"] for t in raw[key]] for key in LIST_KEYS} == shown


# --- repairs ----------------------------------------------------------------------------------


def test_a_copied_item_keeps_its_text_and_the_copy_gets_a_new_id() -> None:
    text = OLD_FILE.replace('[[factors]]\ntext = "No', '[[factors]]\nid = "f1"\ntext = "No')
    text = text.replace('[[factors]]\ntext = "Failover', '[[factors]]\nid = "f1"\ntext = "Failover')
    text += '\n[[factors]]\nid = "f1"\ntext = "No alert on consumer lag"\n'
    pm = parse(text)
    assert [f.text for f in pm.factors] == [
        "No alert on consumer lag",
        "Failover drops consumer leases",
        "No alert on consumer lag",
    ]
    assert pm.factors[0].id == "f1"
    assert len({f.id for f in pm.factors}) == 3
    assert ids(parse(text)) == ids(pm)  # the same repair every time
    saved = dumps(pm)
    assert ids(parse(saved)) == ids(pm) and saved.count('id = "f1"') == 1


@pytest.mark.parametrize("bad", ["", "two words", "x" * 65, "-leading-dash", "ünïcode", "a/b"])
def test_an_invalid_id_is_replaced_and_the_item_kept(bad: str) -> None:
    pm = from_dict(
        {
            "schema_version": 1,
            "title": "t",
            "factors": [{"id": bad, "text": "No alert"}, {"id": "ok_2", "text": "Leases"}],
        }
    )
    assert [f.text for f in pm.factors] == ["No alert", "Leases"]
    assert HEX_ID.fullmatch(pm.factors[0].id) and pm.factors[1].id == "ok_2"
    assert "id" not in pm.factors[0].extra


@pytest.mark.parametrize("bad", ["3", "true", "[1]", "{ a = 1 }", "2026-01-01"])
def test_an_id_that_is_not_text_is_refused_naming_the_field_and_line(bad: str) -> None:
    text = OLD_FILE.replace(
        "[[timeline]]\nat = 2026-03-04T22:55:00Z",
        f"[[timeline]]\nid = {bad}\nat = 2026-03-04T22:55:00Z",
    )
    with pytest.raises(PostmortemFileError) as caught:
        parse(text)
    message = str(caught.value)
    assert "expected a string for 'timeline[1].id'" in message
    assert "\n" not in message and message.startswith("pm.toml: line ")
    with pytest.raises(ValidationError):
        from_dict({"schema_version": 1, "title": "t", "actions": [{"id": 7}]})


def test_an_id_made_in_memory_twice_is_repaired_before_it_is_written() -> None:
    twin = Factor("No alert on consumer lag", id="f1")
    pm = Postmortem("t", factors=[twin, Factor("Leases", id="f1"), Factor("Untitled", id="")])
    data = to_dict(pm)
    written = [table["id"] for table in data["factors"]]
    assert written[0] == "f1" and len(set(written)) == 3
    assert [f.id for f in pm.factors] == written  # the postmortem holds what was written


# --- makers of items --------------------------------------------------------------------------


def test_the_sample_has_an_id_in_every_item() -> None:
    from importlib import resources

    data = resources.files("postmortem_tui.data").joinpath("sample.toml").read_text("utf-8")
    raw = tomllib.loads(data)
    for key in LIST_KEYS:
        assert raw[key] and all(HEX_ID.fullmatch(table["id"]) for table in raw[key]), key
        assert next(iter(raw[key][0])) == "id"


def test_a_note_from_the_shell_adds_an_event_with_a_fresh_id(workspace_path: Path) -> None:
    pm = Postmortem(
        "Queue backlog",
        date=date(2026, 3, 4),
        timeline=[TimelineEvent(datetime(2026, 3, 4, 23, 19, tzinfo=UTC), "Failover")],
    )
    path = Workspace(workspace_path).ensure().create(pm).path
    before = load(path).postmortem.timeline[0].id
    done = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "note", path.stem, "--at", "+5m", "Restarted"],
        capture_output=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1", "POSTMORTEM_WORKSPACE": str(workspace_path)},
    )
    assert done.returncode == 0, done.stderr
    timeline = load(path).postmortem.timeline
    assert [e.event for e in timeline] == ["Failover", "Restarted"]
    assert timeline[0].id == before and HEX_ID.fullmatch(timeline[1].id)
    assert timeline[1].id != before


def test_imported_events_get_fresh_ids() -> None:
    parsed = Parsed()
    for minute in range(3):
        at = datetime(2018, 10, 21, 22, 52 + minute, tzinfo=UTC)
        parsed.records.append(ImportRecord(at, f"message {minute}", "text", f"chat.txt:{minute}"))
    plan = plan_import([], parsed, tz=UTC)
    assert len(plan.events) == 3
    assert all(HEX_ID.fullmatch(event.id) for event in plan.events)
    assert len({event.id for event in plan.events}) == len(plan.events)


# --- exports ----------------------------------------------------------------------------------


def test_the_markdown_export_never_shows_ids_and_the_json_export_keeps_them() -> None:
    pm = parse(OLD_FILE)
    every_id = [i for key in LIST_KEYS for i in ids(pm)[key]]
    markdown = to_markdown(pm)
    assert not any(i in markdown for i in every_id)
    json_text = to_json(pm)
    assert all(f'"id": "{i}"' in json_text for i in every_id)


# --- merges of a file saved with ids on two branches -------------------------------------------


def test_two_branches_that_each_saved_an_old_file_merge_by_the_same_ids() -> None:
    ours, theirs = parse(OLD_FILE), parse(OLD_FILE)
    ours.timeline[0].event = "Broker failover starts in zone b"
    ours.factors.reverse()
    ours.actions[0].factors = [2]
    theirs.actions[0].done = True
    theirs.timeline.append(TimelineEvent(datetime(2026, 3, 4, 23, 30, tzinfo=UTC), "Drained"))
    result = merge(parse(OLD_FILE), parse(dumps(ours)), parse(dumps(theirs)))
    assert result.clean
    pm = result.postmortem
    assert [e.event for e in pm.timeline] == [
        "Broker failover starts in zone b",
        "Queue depth alert fires",
        "Drained",
    ]
    assert [f.text for f in pm.factors] == [
        "Failover drops consumer leases",
        "No alert on consumer lag",
    ]
    (action,) = pm.actions
    assert action.done and pm.factors[action.factors[0] - 1].text == "No alert on consumer lag"
    assert parse(dumps(pm)) == pm
