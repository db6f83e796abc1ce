"""Drafts: refused typed text kept as `draft_<field>` beside the value (docs/file-format.md)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from postmortem_tui.core.drafts import draft_key, keep_draft, read_draft, without_drafts

FIELDS = st.sampled_from(["time", "due", "factors", "date", "review_on", "users_affected"])


def test_the_keys_are_the_file_format_s() -> None:
    assert draft_key("review_on") == "draft_review_on"
    assert draft_key("users_affected") == "draft_users_affected"


@given(FIELDS, st.text())
def test_a_kept_draft_reads_back_and_dropping_it_restores_extra(field: str, typed: str) -> None:
    extra: dict[str, Any] = {"jira": "OPS-1"}
    assert keep_draft(extra, field, typed) is True
    assert read_draft(extra, field) == typed
    assert keep_draft(extra, field, typed) is False  # the same text again: nothing to save
    assert keep_draft(extra, field, None) is True
    assert extra == {"jira": "OPS-1"} and read_draft(extra, field) is None
    assert keep_draft(extra, field, None) is False


def test_a_draft_that_is_not_text_is_not_shown_as_one() -> None:
    assert read_draft({"draft_due": 5}, "due") is None


def test_without_drafts_strips_the_named_fields_or_every_draft() -> None:
    extra = {"draft_time": "25:00", "draft_due": "soon", "jira": "OPS-1"}
    assert without_drafts(extra, ["due"]) == {"draft_time": "25:00", "jira": "OPS-1"}
    assert without_drafts(extra) == {"jira": "OPS-1"}
    assert extra == {"draft_time": "25:00", "draft_due": "soon", "jira": "OPS-1"}  # a copy
