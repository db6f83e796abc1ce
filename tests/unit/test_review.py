"""One positive and one negative case per review rule, plus ordering, panes and config."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

import pytest

from postmortem_tui.core.model import (
    ActionItem,
    Factor,
    Impact,
    Participant,
    Postmortem,
    TimelineEvent,
)
from postmortem_tui.core.review import Finding, ReviewConfig, pane_of, review
from postmortem_tui.core.review_config import ReviewConfigError
from postmortem_tui.core.review_rules import compile_rules, rule_ids
from postmortem_tui.core.sections import SECTIONS
from postmortem_tui.storage.review_settings import load_review_config
from postmortem_tui.storage.workspace import parse_postmortem

TODAY = date(2026, 3, 20)
RULES = rule_ids()


def at(minute: int) -> datetime:
    return datetime(2026, 3, 12, 9, minute, tzinfo=UTC)


def good() -> Postmortem:
    """A postmortem that passes every rule; tests break one thing at a time."""
    return Postmortem(
        title="Checkout errors after a config push",
        date=date(2026, 3, 12),
        status="review",
        authors=["Priya N."],
        review_on=date(2026, 3, 30),
        summary="Checkout failed for 20 minutes. A config push removed a pool limit. "
        "Rolling back restored service.",
        root_cause="The config pipeline accepted a file without the pool limit key.",
        impact=Impact(users_affected=300),
        participants=[Participant(name="Sam", role="on-call"), Participant(name="Jordan K.")],
        timeline=[
            TimelineEvent(at=at(0), event="Config push reaches production", milestone="started"),
            TimelineEvent(at=at(3), event="Error rate alert fires", milestone="detected"),
            TimelineEvent(at=at(5), event="Sam paged the database team"),
            TimelineEvent(at=at(20), event="Jordan K. rolls back the push", milestone="resolved"),
        ],
        factors=[Factor(text="The pipeline has no schema check for configs")],
        actions=[
            ActionItem(
                kind="prevent",
                text="Add a schema check for pool settings to the config pipeline",
                owner="@platform",
                due=date(2026, 3, 27),
                factors=[1],
            )
        ],
    )


def rules_of(pm: Postmortem, **kwargs: object) -> list[str]:
    return [f.rule_id for f in review(pm, today=TODAY, **kwargs)]  # type: ignore[arg-type]


def findings_for(pm: Postmortem, rule_id: str) -> list[Finding]:
    return [f for f in review(pm, today=TODAY) if f.rule_id == rule_id]


def test_the_good_postmortem_has_no_findings() -> None:
    assert review(good(), today=TODAY) == []


def test_the_shipped_sample_has_no_errors() -> None:
    data = resources.files("postmortem_tui.data").joinpath("sample.toml").read_bytes()
    pm = parse_postmortem(data, Path("sample.toml"))
    findings = review(pm, today=date(2026, 3, 20))
    assert findings == []
    later = review(pm, today=date(2027, 1, 1))
    assert {f.rule_id for f in later} == {"action-overdue"}
    assert all(f.severity != "error" for f in later)


def test_every_rule_in_the_data_file_has_a_known_severity_and_a_test() -> None:
    book = compile_rules()
    assert all(spec.severity in ("error", "warning", "hint") for spec in book.rules.values())
    source = Path(__file__).read_text(encoding="utf-8")
    untested = [rule for rule in RULES if f'"{rule}"' not in source]
    assert untested == []


# --- blame -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sam forgot to rotate the key",
        "@dana should have checked the graph",
        "John deployed bad code on Friday",
        "The team failed to follow the runbook",
        "Jordan missed the page",
        "It was Jordan's mistake",
    ],
)
def test_blame_person_flags_a_person_who_failed(text: str) -> None:
    pm = good()
    pm.timeline[2].event = text
    found = findings_for(pm, "blame-person")
    assert [f.field for f in found] == ["timeline[2].event"]
    start, end = found[0].span or (0, 0)
    assert 0 <= start < end <= len(text)
    assert found[0].severity == "error"
    assert "system" in found[0].suggestion or "process" in found[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Sam paged the database team",
        "Jordan K. acknowledges the page",
        "Mei L. expands the queue volume",
        "Kafka missed three heartbeats",
        "The deploy failed to start",
        "Sam should have been paged by the disk alert",
    ],
)
def test_blame_person_leaves_neutral_facts_alone(text: str) -> None:
    pm = good()
    pm.timeline[2].event = text
    assert rules_of(pm) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Root cause: human error", "human error"),
        ("If only the canary had run longer", "If only"),
        ("A careless change to the pool", "careless"),
        ("The on-call is to blame", "to blame"),
        (
            "The step was skipped; nobody could be bothered. It didn't bother anyone",
            "didn't bother",
        ),
    ],
)
def test_blame_phrase_flags_blame_words_anywhere(text: str, phrase: str) -> None:
    pm = good()
    pm.root_cause = text
    found = findings_for(pm, "blame-phrase")
    assert found and found[0].field == "root_cause"
    start, end = found[0].span or (0, 0)
    assert text[start:end] == phrase


@pytest.mark.parametrize(
    "text",
    ["Fault injection passed", "git blame shows the limit is old", "A blameless review"],
)
def test_blame_phrase_ignores_look_alikes(text: str) -> None:
    pm = good()
    pm.root_cause = text
    assert rules_of(pm) == []


def test_blame_is_found_in_every_free_text_field() -> None:
    pm = good()
    pm.what_went_poorly = ["Jordan ignored the alert"]
    pm.impact.user_facing = "Customers suffered from operator error"
    fields = {f.field for f in review(pm, today=TODAY)}
    assert fields == {"what_went_poorly[0]", "impact.user_facing"}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Had Sam only run the dry-run, none of this would have happened", "blame-hindsight"),
        ("Any attentive on-call would have caught it", "blame-hindsight"),
        ("The rollout was rubber-stamped by the reviewer", "blame-judgement"),
        ("Classic PEBKAC on the deploy host", "blame-judgement"),
        ("Apparently it didn't occur to anyone to look", "blame-sarcasm"),
        ("Great work by @dana, deploying on a Friday at 5pm", "blame-sarcasm"),
    ],
)
def test_the_sentence_reading_names_its_kind_of_blame(text: str, rule: str) -> None:
    pm = good()
    pm.timeline[2].event = text
    found = findings_for(pm, rule)
    assert [f.field for f in found] == ["timeline[2].event"]
    assert found[0].severity == "error"
    assert found[0].message.startswith("“") and found[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "Nobody was careless here; the CLI made the destructive path the default",
        "Sam failed to reproduce the deadlock in staging",
        "Jordan K. missed the first page because the phone's focus mode had been reset",
        "If the alert had fired at 70%, we would have had two hours",
    ],
)
def test_the_sentence_reading_leaves_facts_alone(text: str) -> None:
    pm = good()
    pm.timeline[2].event = text
    assert rules_of(pm) == []


def test_a_person_blamed_is_one_finding_not_two() -> None:
    pm = good()
    pm.timeline[2].event = "Sam forgot to renew it"
    assert rules_of(pm) == ["blame-person"]


# --- action items ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Be more careful with deployments",
        "Improve testing of the checkout flow",
        "Try to catch this earlier",
        "Make sure the config is right",
        "Look into the connection pool",
        "Investigate the timeout on checkout",
        "Add better monitoring to checkout",
    ],
)
def test_vague_action_flags_items_nobody_can_finish(text: str) -> None:
    pm = good()
    pm.actions[0].text = text
    found = findings_for(pm, "vague-action")
    assert [f.field for f in found] == ["actions[0].text"]


@pytest.mark.parametrize(
    "text",
    [
        "Investigate the pool leak and write up findings in OPS-201",
        "Alert at 70% connection pool usage",
        "Add an integration test for connection cleanup",
    ],
)
def test_vague_action_accepts_concrete_items(text: str) -> None:
    pm = good()
    pm.actions[0].text = text
    assert rules_of(pm) == []


def test_action_too_short() -> None:
    pm = good()
    pm.actions[0].text = "Add limits"
    assert rules_of(pm) == ["action-too-short"]
    pm.actions[0].text = "Add pool limits"
    assert rules_of(pm) == []


def test_action_no_owner_and_no_due() -> None:
    pm = good()
    pm.actions[0] = replace(pm.actions[0], owner="", due=None)
    assert rules_of(pm) == ["action-no-owner", "action-no-due"]
    assert [f.field for f in review(pm, today=TODAY)] == ["actions[0].owner", "actions[0].due"]
    pm.actions[0].done = True  # finished items need neither any more
    assert rules_of(pm) == []


def test_action_overdue() -> None:
    pm = good()
    assert rules_of(pm) == []
    late = review(pm, today=date(2026, 3, 28))
    assert [(f.rule_id, f.field) for f in late] == [("action-overdue", "actions[0].due")]
    assert "2026-03-27" in late[0].message
    pm.actions[0].done = True
    assert review(pm, today=date(2026, 3, 28)) == []


def test_no_prevent_action() -> None:
    pm = good()
    pm.actions[0].kind = "detect"
    assert rules_of(pm) == ["no-prevent-action"]


def test_no_review_date_and_out_of_range() -> None:
    pm = good()
    pm.review_on = None
    assert rules_of(pm) == ["no-review-date"]
    pm.review_on = date(2026, 3, 15)
    found = findings_for(pm, "review-date-out-of-range")
    assert found and "3 days" in found[0].message
    pm.review_on = date(2026, 5, 1)
    assert rules_of(pm) == ["review-date-out-of-range"]
    pm.review_on = date(2026, 3, 26)  # 14 days: the edge of the window is fine
    assert rules_of(pm) == []


def test_final_with_unowned_actions_is_an_error() -> None:
    pm = good()
    pm.status = "final"
    assert rules_of(pm) == []
    pm.actions[0].owner = ""
    found = findings_for(pm, "final-unowned-actions")
    assert found[0].severity == "error" and found[0].field == "status"
    pm.status = "review"
    assert findings_for(pm, "final-unowned-actions") == []


# --- completeness ----------------------------------------------------------------------------


def test_empty_summary_root_cause_and_impact() -> None:
    pm = good()
    pm.summary, pm.root_cause, pm.impact = "  ", "", Impact()
    assert sorted(rules_of(pm)) == ["empty-impact", "empty-root-cause", "empty-summary"]


def test_summary_too_long() -> None:
    pm = good()
    pm.summary = " ".join(f"Sentence number {n} says something." for n in range(6))
    assert rules_of(pm) == ["summary-too-long"]
    pm.summary = "One sentence. Two sentences, e.g. with an abbreviation. Three."
    assert rules_of(pm) == []


def test_no_timeline_and_missing_milestones() -> None:
    pm = good()
    pm.timeline = []
    assert rules_of(pm) == ["no-timeline"]
    pm = good()
    pm.timeline[1].milestone = ""
    found = findings_for(pm, "missing-milestone")
    assert len(found) == 1 and "detected" in found[0].message


@pytest.mark.parametrize(
    ("typed", "finding"),
    [
        # `00:05` that went on the incident's day instead of the next one: 9h before 09:00
        (datetime(2026, 3, 12, 0, 5, tzinfo=UTC), False),
        (datetime(2026, 3, 11, 21, 0, tzinfo=UTC), False),  # exactly 12 hours before
        (datetime(2026, 3, 11, 20, 59, tzinfo=UTC), True),
        (datetime(2026, 3, 11, 9, 46), True),  # local, in the system's zone (UTC)
    ],
)
def test_event_long_before_start(typed: datetime, finding: bool) -> None:
    pm = good()
    pm.timeline.insert(0, TimelineEvent(at=typed, event="Queue consumer restarts"))
    found = findings_for(pm, "event-long-before-start")
    assert [f.field for f in found] == (["timeline[0].at"] if finding else [])
    if typed.hour == 9:
        assert "23h 14m before the incident started" in found[0].message
    assert pane_of("timeline[0].at") == "timeline"


def test_quick_postmortems_skip_full_format_rules() -> None:
    pm = good()
    pm.format, pm.timeline, pm.impact = "quick", [], Impact()
    assert rules_of(pm) == []


def test_factor_unaddressed_only_when_actions_link_factors() -> None:
    pm = good()
    pm.factors.append(Factor(text="Rollbacks are manual"))
    found = findings_for(pm, "factor-unaddressed")
    assert [f.field for f in found] == ["factors[1].text"]
    assert "2" in found[0].message
    pm.actions[0].factors = []  # an older file without links: no such finding
    assert findings_for(pm, "factor-unaddressed") == []


# --- ordering, panes, speed --------------------------------------------------------------------


def test_findings_come_in_pane_order_then_field_order() -> None:
    pm = good()
    pm.summary = ""
    pm.root_cause = ""
    pm.timeline = [TimelineEvent(event=f"Sam forgot step {n}") for n in range(12)]
    pm.actions.append(ActionItem(text="Improve things", owner="", due=None))
    findings = review(pm, today=TODAY)
    panes = [f.pane for f in findings]
    assert panes == sorted(panes, key=[s.id for s in SECTIONS].index)
    timeline = [f.field for f in findings if f.rule_id == "blame-person"]
    assert timeline == [f"timeline[{n}].event" for n in range(12)]


@pytest.mark.parametrize(
    ("field", "pane"),
    [
        ("summary", "summary"),
        ("review_on", "summary"),
        ("timeline[3].event", "timeline"),
        ("root_cause", "summary"),
        ("factors[0].text", "factors"),
        ("impact.user_facing", "impact"),
        ("actions[1].text", "actions"),
        ("what_went_poorly[0]", "lessons"),
        ("lessons_learned", "lessons"),
    ],
)
def test_each_field_belongs_to_a_pane(field: str, pane: str) -> None:
    assert pane_of(field) == pane


def test_review_is_fast_enough_to_run_while_typing() -> None:
    pm = good()
    pm.timeline = [TimelineEvent(event=f"Sam paged team {n} about the queue") for n in range(500)]
    review(pm, today=TODAY)
    start = time.perf_counter()
    for _ in range(10):
        review(pm, today=TODAY)
    assert (time.perf_counter() - start) / 10 < 0.05


# --- workspace config --------------------------------------------------------------------------


def write_config(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "postmortem.toml").write_text(text, encoding="utf-8")
    return folder


def test_no_config_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_review_config(tmp_path) == ReviewConfig()


def test_config_disables_rules_and_changes_severities(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        '[review]\ndisable = ["no-review-date"]\n[review.severity]\naction-no-due = "error"\n',
    )
    config = load_review_config(tmp_path)
    pm = good()
    pm.review_on = None
    pm.actions[0].due = None
    found = review(pm, today=TODAY, config=config)
    assert [(f.rule_id, f.severity) for f in found] == [("action-no-due", "error")]


def test_config_adds_names_and_phrases(tmp_path: Path) -> None:
    write_config(
        tmp_path,
        '[review]\nnames = ["Zed"]\nblame_phrases = ["yolo deploy"]\n'
        'vague_phrases = ["when convenient"]\n',
    )
    config = load_review_config(tmp_path)
    pm = good()
    pm.timeline[2].event = "Zed missed the alert"
    pm.root_cause = "A yolo  deploy on Friday"
    pm.actions[0].text = "Add the pool limits to the platform runbook when convenient"
    assert rules_of(pm) == []  # defaults: Zed is unknown, the phrases are not listed
    # In pane order: the root cause (summary pane), the timeline, the action items.
    assert rules_of(pm, config=config) == ["blame-phrase", "blame-person", "vague-action"]


def test_config_changes_the_review_window(tmp_path: Path) -> None:
    write_config(tmp_path, "[review]\nreview_min_days = 20\nreview_max_days = 40\n")
    pm = good()  # review 18 days after the incident
    assert rules_of(pm, config=load_review_config(tmp_path)) == ["review-date-out-of-range"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[review]\ndisabel = []\n", "review.disabel"),
        ('[review]\ndisable = ["no-such-rule"]\n', "review.disable[0]"),
        ("[review]\ndisable = 3\n", "review.disable"),
        ('[review.severity]\nno-such-rule = "error"\n', "review.severity.no-such-rule"),
        ('[review.severity]\naction-no-due = "fatal"\n', "review.severity.action-no-due"),
        ('[review]\nlanguage = "xx"\n', "review.language"),
        ("[review]\nreview_min_days = -1\n", "review.review_min_days"),
        ("[review]\nreview_min_days = 30\nreview_max_days = 10\n", "review.review_min_days"),
        ('review = "on"\n', "review"),
        ("[review\n", "invalid TOML"),
    ],
)
def test_a_bad_config_names_the_key(tmp_path: Path, text: str, named: str) -> None:
    write_config(tmp_path, text)
    with pytest.raises(ReviewConfigError) as caught:
        load_review_config(tmp_path)
    assert named in str(caught.value)
    assert "postmortem.toml" in str(caught.value)


def test_other_tables_in_the_config_file_are_left_alone(tmp_path: Path) -> None:
    write_config(tmp_path, '[app]\ntheme = "dark"\n')
    assert load_review_config(tmp_path) == ReviewConfig()


def test_the_speed_gate_changes_no_blame_result() -> None:
    """Every blame pattern contains a gate word, so skipping ungated text loses nothing."""
    import tomllib

    from postmortem_tui.core.review import _blame_in

    corpus = Path(__file__).parent.parent / "data" / "review_corpus.toml"
    data = tomllib.loads(corpus.read_text(encoding="utf-8"))
    texts = [s["text"] for s in data["sentence"]] + [a["text"] for a in data["action"]]
    texts += [line for line in Path(__file__).read_text(encoding="utf-8").splitlines()]
    book = compile_rules()
    known = {"sam", "jordan", "mei", "priya", "alex", "dana", "omar", "kim"}
    for text in texts:
        gated = [(r, m.span()) for r, m in _blame_in(text, known, book)]
        ungated = [(r, m.span()) for r, m in _blame_in(text, known, book, gated=False)]
        assert gated == ungated, text


def test_one_rule_book_however_the_phrases_are_passed() -> None:
    assert compile_rules("en") is compile_rules("en", (), ())
    blame = compile_rules("en", ["cowboy deploy"], ())  # type: ignore[arg-type]
    assert blame is compile_rules("en", ("cowboy deploy",))


def test_patterns_are_compiled_when_a_review_first_needs_them() -> None:
    # Extra phrases give this test a rule book of its own, with nothing compiled yet.
    config = ReviewConfig(blame_phrases=("compiled on demand",))
    book = compile_rules("en", config.blame_phrases, config.vague_phrases)
    assert book.compiled_patterns == frozenset()
    pm = Postmortem(title="Queue disk filled", summary="The queue disk filled up.")
    review(pm, today=date(2026, 3, 20), config=config)
    assert book.compiled_patterns == {"blame_gate"}  # no gate word: no blame scan
    pm.actions = [ActionItem(text="Alert at 70% disk usage on the queue hosts")]
    pm.summary = "Sam forgot to check the disk."
    review(pm, today=date(2026, 3, 20), config=config)
    # The sentence reading (review_sentences.py) decides about deliverables now.
    assert book.compiled_patterns == {"blame_gate", "person", "phrases", "vague_always"}


def test_the_gate_takes_whole_words_so_look_alikes_compile_nothing() -> None:
    """ "broke" and "mess" are not in "broker" and "message" (each match cost a compile of
    the blame patterns), and "breaks" opens the gate (it used to be skipped)."""
    config = ReviewConfig(blame_phrases=("whole words only",))
    book = compile_rules("en", config.blame_phrases, config.vague_phrases)
    pm = Postmortem(title="Broker", summary="The message broker refused writes.")
    review(pm, today=date(2026, 3, 20), config=config)
    assert book.compiled_patterns == {"blame_gate"}
    pm.summary = "Sam breaks the build every Friday."
    assert "blame-person" in [f.rule_id for f in review(pm, today=TODAY, config=config)]


def test_a_malformed_pattern_is_reported_as_bad_rules_data() -> None:
    from postmortem_tui.core.review_rules import RuleBook, RulesDataError

    book = compile_rules()
    broken = RuleBook(
        "xx",
        book.rules,
        book.settings,
        book.phrase_hints,
        book.role_words,
        book.not_names,
        {**book.sources, "person": "(unclosed"},
    )
    assert broken.phrases.pattern == book.phrases.pattern
    with pytest.raises(RulesDataError, match="malformed"):
        _ = broken.person


# --- merge conflicts kept in the file (more in test_conflicts.py) --------------------------


def test_each_conflict_kept_in_the_file_is_an_error_on_its_field() -> None:
    pm = good()
    pm.extra["conflicts"] = [
        {"field": "summary", "base": "a", "ours": "b", "theirs": "c"},
        {"field": "actions[0].owner", "ours": "@platform"},
        {"ours": "no field"},
    ]
    found = [(f.rule_id, f.field, f.severity) for f in review(pm, today=TODAY)]
    assert found == [
        ("merge-conflict", "summary", "error"),
        ("bad-conflict-entry", "conflicts[2]", "error"),
        ("merge-conflict", "actions[0].owner", "error"),
    ]
    owner = findings_for(pm, "merge-conflict")[1]
    assert owner.message.endswith("one version has “@platform”, the other no value")
    assert "merge-conflict" in rules_of(pm) and "bad-conflict-entry" in rules_of(pm)


def test_a_required_team_section_left_empty_is_reported_on_the_team_pane() -> None:
    from postmortem_tui.core.team_sections import SectionSpec, set_section_text

    spec = SectionSpec("customer_communication", "Customer communication", "Who was told?", True)
    config = ReviewConfig(required_sections=(spec,))
    pm = good()
    (finding,) = [
        f for f in review(pm, today=TODAY, config=config) if f.rule_id == "empty-team-section"
    ]
    assert finding.field == "sections.customer_communication"
    assert finding.pane == "team"
    assert finding.message == "The section “Customer communication” is empty"
    set_section_text(pm, spec, "Status page at 10:05")
    assert "empty-team-section" not in {f.rule_id for f in review(pm, today=TODAY, config=config)}
    quick_only = SectionSpec("x", "X", required=True, formats=("quick",))
    findings = review(good(), today=TODAY, config=ReviewConfig(required_sections=(quick_only,)))
    assert "empty-team-section" not in {f.rule_id for f in findings}
