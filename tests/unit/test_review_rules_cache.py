"""The review's rules are kept parsed beside the index (`.review-rules.json`): a later run
reads the copy instead of parsing the rules file, a stale or broken copy is replaced, and the
review's findings are the same either way."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from postmortem_tui.core import review_rules
from postmortem_tui.core.model import ActionItem, new_postmortem
from postmortem_tui.core.review import review
from postmortem_tui.storage.review_settings import RULES_CACHE, load_review_config


@pytest.fixture(autouse=True)
def fresh_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review_rules, "_GIVEN_RAW", {})
    review_rules._rule_book.cache_clear()


def findings(workspace: Path) -> list[str]:
    pm = new_postmortem("Queue disk full", incident_date=date(2026, 3, 12))
    pm.summary = "Sam forgot to expand the disk."
    pm.actions = [ActionItem(text="Improve monitoring")]
    config = load_review_config(workspace)
    review_rules._rule_book.cache_clear()
    return sorted(f.rule_id for f in review(pm, today=date(2026, 3, 13), config=config))


def test_the_first_run_keeps_the_parsed_rules_and_a_later_run_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = findings(tmp_path)
    cached = json.loads((tmp_path / RULES_CACHE).read_text(encoding="utf-8"))
    assert cached["stamp"] == review_rules.rules_file_stamp("en")
    assert cached["rules"] == review_rules._raw_rules("en")

    def no_parsing(language: str) -> dict[str, object]:
        raise AssertionError("the rules file was parsed again")

    monkeypatch.setattr(review_rules, "_GIVEN_RAW", {})
    monkeypatch.setattr(review_rules, "_raw_rules", no_parsing)
    assert findings(tmp_path) == first


@pytest.mark.parametrize("content", ["{", '{"stamp": "en:1:2", "rules": {}}', '"x"', "[]"])
def test_a_stale_or_broken_copy_is_replaced(tmp_path: Path, content: str) -> None:
    (tmp_path / RULES_CACHE).write_text(content, encoding="utf-8")
    expected = findings(tmp_path / "elsewhere") if (tmp_path / "elsewhere").mkdir() is None else []
    assert findings(tmp_path) == expected
    cached = json.loads((tmp_path / RULES_CACHE).read_text(encoding="utf-8"))
    assert cached["stamp"] == review_rules.rules_file_stamp("en")


def test_a_workspace_that_cannot_be_written_still_reviews(tmp_path: Path) -> None:
    missing = tmp_path / "not-there"
    assert "blame-person" in findings(missing)
    assert not missing.exists()
