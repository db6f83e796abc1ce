"""The postmortem model: validation names the field, to_dict is stable and keeps extras."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from postmortem_tui.core import model
from postmortem_tui.core.model import (
    MAX_FIELD_CHARS,
    ActionItem,
    Postmortem,
    SchemaTooNewError,
    TimelineEvent,
    ValidationError,
    from_dict,
    new_postmortem,
    strip_control_chars,
    to_dict,
)


def minimal(**extra: Any) -> dict[str, Any]:
    return {"schema_version": 1, "title": "Queue disk filled", **extra}


def test_minimal_file_loads_with_defaults() -> None:
    pm = from_dict(minimal())
    assert pm.title == "Queue disk filled"
    assert (pm.status, pm.format, pm.severity) == ("draft", "full", "")
    assert pm.timeline == [] and pm.actions == [] and pm.extra == {}


@pytest.mark.parametrize("missing", ["schema_version", "title"])
def test_required_keys(missing: str) -> None:
    data = minimal()
    del data[missing]
    with pytest.raises(ValidationError) as caught:
        from_dict(data)
    assert caught.value.field_path == missing
    assert "missing required key" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "field_path", "words"),
    [
        (minimal(title=5), "title", "expected a string"),
        (minimal(date="2026-01-30"), "date", "expected a date"),
        (minimal(date=datetime(2026, 1, 30, 14, 32)), "date", "expected a date"),
        (minimal(authors="Sam"), "authors", "expected a list of strings"),
        (minimal(tags=["ok", 3]), "tags[1]", "expected a string"),
        (minimal(impact=3), "impact", "expected a table"),
        (minimal(impact={"users_affected": -1}), "impact.users_affected", "zero or more"),
        (minimal(impact={"users_affected": True}), "impact.users_affected", "whole number"),
        (minimal(impact={"users_affected_percent": 150}), "impact.users_affected_percent", "0"),
        (minimal(timeline={"at": 1}), "timeline", "list of tables"),
        (minimal(timeline=[{"at": "14:32"}]), "timeline[0].at", "date-time"),
        (
            minimal(actions=[{"due": date(2026, 2, 7)}, {"due": "soon"}]),
            "actions[1].due",
            "expected a date",
        ),
        (minimal(actions=[{"done": "no"}]), "actions[0].done", "true or false"),
        (minimal(actions=[{"factors": [1, 0]}]), "actions[0].factors[1]", "start at 1"),
        (minimal(actions=[{"factors": [True]}]), "actions[0].factors[0]", "whole number"),
        (minimal(actions=[{"factors": 1}]), "actions[0].factors", "list of factor numbers"),
    ],
)
def test_wrong_types_name_the_field(data: dict[str, Any], field_path: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        from_dict(data)
    assert caught.value.field_path == field_path
    assert words in str(caught.value)
    assert f"'{field_path}'" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "field_path"),
    [
        (minimal(status="published"), "status"),
        (minimal(severity="catastrophic"), "severity"),
        (minimal(format="long"), "format"),
        (minimal(status=""), "status"),
        (minimal(timeline=[{"milestone": "fixed"}]), "timeline[0].milestone"),
        (minimal(actions=[{"kind": "blame"}]), "actions[0].kind"),
        (minimal(actions=[{"priority": "urgent"}]), "actions[0].priority"),
        (minimal(evidence=[{"kind": "screenshot"}]), "evidence[0].kind"),
    ],
)
def test_unknown_enum_values_are_refused_with_the_choices(
    data: dict[str, Any], field_path: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        from_dict(data)
    assert caught.value.field_path == field_path
    assert "unknown value" in str(caught.value)
    assert "expected" in str(caught.value) and "|" in str(caught.value)


def test_blank_optional_enums_are_allowed() -> None:
    pm = from_dict(minimal(severity="", actions=[{"priority": ""}], timeline=[{"milestone": ""}]))
    assert pm.severity == "" and pm.actions[0].priority == "" and pm.timeline[0].milestone == ""


def test_schema_too_new_is_refused_clearly() -> None:
    with pytest.raises(SchemaTooNewError) as caught:
        from_dict({"schema_version": 99, "title": "x"})
    assert "schema_version 99 is newer" in str(caught.value)
    assert "upgrade" in str(caught.value)


@pytest.mark.parametrize("version", [0, -1, True, "1", 1.0])
def test_bad_schema_versions(version: object) -> None:
    with pytest.raises(ValidationError) as caught:
        from_dict({"schema_version": version, "title": "x"})
    assert caught.value.field_path == "schema_version"


def test_field_size_limit_names_the_field() -> None:
    assert from_dict(minimal(summary="a" * MAX_FIELD_CHARS)).summary == "a" * MAX_FIELD_CHARS
    with pytest.raises(ValidationError) as caught:
        from_dict(minimal(actions=[{"text": "a" * (MAX_FIELD_CHARS + 1)}]))
    assert caught.value.field_path == "actions[0].text"
    assert "too long" in str(caught.value)


def test_line_breaks_are_normalised_on_load() -> None:
    pm = from_dict(minimal(summary="one\r\ntwo\rthree\n", what_went_well=["a\r\nb"]))
    assert pm.summary == "one\ntwo\nthree\n"
    assert pm.what_went_well == ["a\nb"]


def test_time_offsets_must_be_whole_minutes() -> None:
    odd = timezone(timedelta(hours=5, minutes=30, seconds=15))
    with pytest.raises(ValidationError) as caught:
        from_dict(minimal(timeline=[{"at": datetime(2026, 1, 30, 14, 32, tzinfo=odd)}]))
    assert caught.value.field_path == "timeline[0].at"
    west = timezone(-timedelta(hours=3, minutes=30))
    pm = from_dict(minimal(timeline=[{"at": datetime(2026, 1, 30, 14, 32, tzinfo=west)}]))
    assert pm.timeline[0].at is not None and pm.timeline[0].at.utcoffset() == west.utcoffset(None)


def test_unknown_keys_are_kept_at_every_level() -> None:
    pm = from_dict(
        minimal(
            future_flag=True,
            impact={"users_affected": 3, "regions": ["eu"]},
            actions=[{"text": "x", "estimate": "2d"}],
            timeline=[{"event": "y", "source": {"kind": "pager"}}],
        )
    )
    assert pm.extra == {"future_flag": True}
    assert pm.impact.extra == {"regions": ["eu"]}
    assert pm.actions[0].extra == {"estimate": "2d"}
    assert pm.timeline[0].extra == {"source": {"kind": "pager"}}
    out = to_dict(pm)
    assert out["future_flag"] is True
    assert out["impact"]["regions"] == ["eu"]
    assert out["actions"][0]["estimate"] == "2d"
    assert out["timeline"][0]["source"] == {"kind": "pager"}


def test_to_dict_key_order_is_stable_and_documented() -> None:
    pm = Postmortem(
        title="t",
        date=date(2026, 1, 30),
        severity="major",
        summary="s",
        tags=["a"],
        authors=["b"],
        extra={"zz_unknown": 1},
        factors=[model.Factor(text="f")],
        actions=[ActionItem(text="a", owner="@team", due=date(2026, 2, 1), factors=[1], id="a1")],
    )
    out = to_dict(pm)
    assert list(out) == [
        "schema_version",
        "title",
        "date",
        "status",
        "severity",
        "format",
        "authors",
        "tags",
        "summary",
        "zz_unknown",
        "factors",
        "actions",
    ]
    assert list(out["actions"][0]) == ["id", "kind", "text", "owner", "due", "done", "factors"]


def test_to_dict_omits_blanks_but_writes_title_and_done() -> None:
    out = to_dict(Postmortem(title="", actions=[ActionItem(id="a1")]))
    assert out == {
        "schema_version": 1,
        "title": "",
        "status": "draft",
        "format": "full",
        "actions": [{"id": "a1", "kind": "prevent", "done": False}],
    }


def test_zero_is_not_blank() -> None:
    pm = Postmortem(title="t", impact=model.Impact(users_affected=0, customer_tickets=0))
    assert to_dict(pm)["impact"] == {"users_affected": 0, "customer_tickets": 0}


def test_timeline_sorts_by_instant_and_keeps_equal_times_in_order() -> None:
    utc = UTC
    plus2 = timezone(timedelta(hours=2))
    events = [
        {"event": "untimed"},
        {"at": datetime(2026, 1, 30, 15, 0, tzinfo=utc), "event": "c"},
        {"at": datetime(2026, 1, 30, 16, 0, tzinfo=plus2), "event": "b (14:00Z)"},
        {"at": datetime(2026, 1, 30, 14, 0, tzinfo=utc), "event": "b2 same instant"},
        {"at": datetime(2026, 1, 30, 9, 0), "event": "a local"},
    ]
    pm = from_dict(minimal(timeline=events))
    assert [e.event for e in pm.timeline] == [
        "a local",
        "b (14:00Z)",
        "b2 same instant",
        "c",
        "untimed",
    ]


def test_open_and_overdue_actions() -> None:
    pm = Postmortem(
        title="t",
        actions=[
            ActionItem(text="open, late", due=date(2026, 1, 1)),
            ActionItem(text="done, late", due=date(2026, 1, 1), done=True),
            ActionItem(text="open, no due"),
            ActionItem(text="open, on time", due=date(2026, 3, 1)),
        ],
    )
    today = date(2026, 2, 1)
    assert [a.text for a in pm.open_actions()] == ["open, late", "open, no due", "open, on time"]
    assert [a.text for a in pm.overdue_actions(today)] == ["open, late"]


def test_new_postmortem_is_a_one_line_draft() -> None:
    pm = new_postmortem(" Disk\r\nfull \n", incident_date=date(2026, 1, 30), quick=True)
    assert pm.title == "Disk full"
    assert (pm.status, pm.format, pm.date) == ("draft", "quick", date(2026, 1, 30))
    with pytest.raises(ValidationError):
        new_postmortem("x", incident_date=date(2026, 1, 30), severity="sev1")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain\ttab\nline", "plain\ttab\nline"),
        ("\x1b[2Jclear", "[2Jclear"),
        ("csi\x9b31m", "csi31m"),
        ("nul\x00bel\x07del\x7fnel\x85cr\r", "nulbeldelnelcr"),
        ("é ü 💥", "é ü 💥"),
    ],
)
def test_strip_control_chars(text: str, expected: str) -> None:
    assert strip_control_chars(text) == expected


def test_timeline_event_defaults() -> None:
    assert TimelineEvent(id="e1") == TimelineEvent(
        at=None, event="", milestone="", link="", id="e1", extra={}
    )


# --- the classes themselves (plain records, not dataclasses) ---------------------------------


def test_records_compare_by_value_and_class() -> None:
    assert TimelineEvent(event="Disk full", id="e1") == TimelineEvent(event="Disk full", id="e1")
    assert TimelineEvent(event="Disk full", id="e1") != TimelineEvent(event="Disk at 90%", id="e1")
    # Two items made apart are two items, however alike: each has its own id.
    assert TimelineEvent(event="Disk full") != TimelineEvent(event="Disk full")
    assert ActionItem(text="x") != TimelineEvent(event="x")
    assert Postmortem("A") == Postmortem(title="A")
    with pytest.raises(TypeError):
        hash(Postmortem("A"))  # mutable, like a dataclass with eq


def test_records_take_positional_fields_and_never_share_defaults() -> None:
    first, second = Postmortem("A"), Postmortem("B")
    first.actions.append(ActionItem("detect", "Alert at 70% disk"))
    assert second.actions == [] and second.impact is not first.impact
    assert first.actions[0].kind == "detect" and first.actions[0].text == "Alert at 70% disk"


def test_records_repr_like_a_dataclass() -> None:
    factor = model.Factor(text="No size check", id="f1")
    assert repr(factor) == "Factor(text='No size check', id='f1', extra={})"


def test_dataclasses_replace_and_fields_still_work_on_the_model() -> None:
    """The TUI's item forms copy items with `dataclasses.replace`."""
    import dataclasses

    item = ActionItem(text="Alert at 70% disk", owner="@storage", factors=[1])
    copy = dataclasses.replace(item, owner="@platform")
    # The copy is the same item, edited: it keeps the id.
    assert copy == ActionItem(text="Alert at 70% disk", owner="@platform", factors=[1], id=item.id)
    assert [f.name for f in dataclasses.fields(ActionItem)] == list(ActionItem.__slots__)
    event = TimelineEvent(event="x")
    pm = dataclasses.replace(Postmortem("A"), timeline=[event])
    assert pm.title == "A" and pm.timeline == [event]


def test_frozen_records_refuse_assignment_and_hash_by_value() -> None:
    from postmortem_tui.core.timeline import DerivedTimes

    times = DerivedTimes(timedelta(minutes=5), None, None, None, None)
    with pytest.raises(AttributeError):
        times.to_detection = None
    assert hash(times) == hash(DerivedTimes(timedelta(minutes=5), None, None, None, None))


def test_records_copy_and_pickle() -> None:
    import copy
    import pickle

    from postmortem_tui.core.review import Finding

    finding = Finding("vague-action", "warning", "actions[0].text", (0, 5), "Vague", "Name it")
    pm = Postmortem("A", actions=[ActionItem(text="Alert at 70% disk")])
    for value in (finding, pm):
        assert copy.deepcopy(value) == value and copy.copy(value) == value
        assert pickle.loads(pickle.dumps(value)) == value
