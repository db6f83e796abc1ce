"""The second-generation review on a harder corpus of our own, with a held-out part.

`tests/data/review_corpus_hard.toml` holds 675 labelled sentences written the way engineers
write postmortems; a third of them, chosen by a hash of the sentence before any rule was
written, is held out: it is only measured here, never read while writing rules (a failure
prints counts, not sentences, to keep it so). `review_corpus_rounds.toml` holds four later
rounds, each measured once before it was tuned on (docs/review.md has the figures).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import time
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from postmortem_tui.core.model import ActionItem, Participant, Postmortem, TimelineEvent
from postmortem_tui.core.review import review
from postmortem_tui.core.review_rules import compile_rules, raw_rules
from postmortem_tui.storage.review_settings import load_review_config

# Imported in the tests that use them, so the corpus tests also run (and fail) on the
# first-generation review: core.regex_forms, storage.pattern_cache, review.blame_hits.

DATA = Path(__file__).parent.parent / "data"
HARD = DATA / "review_corpus_hard.toml"
ROUNDS = DATA / "review_corpus_rounds.toml"
THRESHOLD = 0.9
TODAY = date(2026, 4, 1)
VAGUE_RULES = {"vague-action", "action-too-short"}


def held_out(text: str) -> bool:
    """The held-out third: fixed before any rule was written, never to change."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 3 == 0


def load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


HARD_DATA = load(HARD)
PARTICIPANTS = HARD_DATA["participants"]


def labelled(label: str, data: dict[str, Any] = HARD_DATA) -> list[tuple[str, str]]:
    """(kind, sentence) for every sentence of one label."""
    return [(kind, text) for kind, texts in data[label].items() for text in texts]


def is_blame(finding_rule: str) -> bool:
    return finding_rule.startswith("blame-")


def flagged(sentences: list[str], actions: list[str]) -> tuple[set[int], set[int]]:
    """Indexes of the sentences the review blames and of the actions it calls vague."""
    pm = Postmortem(
        title="Corpus",
        participants=[Participant(name=n) for n in PARTICIPANTS],
        timeline=[TimelineEvent(event=t) for t in sentences],
        actions=[ActionItem(text=t, owner="@dana", due=date(2026, 5, 1)) for t in actions],
    )
    findings = review(pm, today=TODAY)

    def indexes(prefix: str, wanted: Any) -> set[int]:
        return {
            int(f.field[len(prefix) + 1 :].split("]")[0])
            for f in findings
            if wanted(f.rule_id) and f.field.startswith(prefix + "[")
        }

    return indexes("timeline", is_blame), indexes("actions", VAGUE_RULES.__contains__)


def score(labels: list[bool], found: set[int]) -> tuple[float, float, list[int], list[int]]:
    true_pos = [i for i, positive in enumerate(labels) if positive and i in found]
    false_pos = [i for i, positive in enumerate(labels) if not positive and i in found]
    false_neg = [i for i, positive in enumerate(labels) if positive and i not in found]
    precision = len(true_pos) / max(1, len(true_pos) + len(false_pos))
    recall = len(true_pos) / max(1, len(true_pos) + len(false_neg))
    return precision, recall, false_pos, false_neg


def measure(
    blame: list[str], neutral: list[str], vague: list[str], concrete: list[str]
) -> dict[str, tuple[float, float, list[str], list[str]]]:
    sentences, actions = blame + neutral, vague + concrete
    blamed, vague_found = flagged(sentences, actions)
    results = {}
    for name, texts, positives, found in (
        ("blame", sentences, len(blame), blamed),
        ("vague", actions, len(vague), vague_found),
    ):
        labels = [i < positives for i in range(len(texts))]
        precision, recall, false_pos, false_neg = score(labels, found)
        results[name] = (
            precision,
            recall,
            [texts[i] for i in false_pos],
            [texts[i] for i in false_neg],
        )
    return results


def part(label: str, *, held: bool) -> list[str]:
    return [text for _, text in labelled(label) if held_out(text) == held]


# --- the corpus ------------------------------------------------------------------------------


def test_the_corpus_is_big_enough_covers_every_kind_and_holds_a_third_out() -> None:
    counts = {label: len(labelled(label)) for label in ("blame", "neutral", "vague", "concrete")}
    assert sum(counts.values()) >= 600
    assert min(counts.values()) >= 120
    assert set(HARD_DATA["blame"]) >= {
        "hindsight",
        "judgement",
        "slang",
        "passive_actor",
        "sarcasm",
        "unknown_people",
        "non_native",
    }
    assert set(HARD_DATA["neutral"]) >= {
        "people_acting",
        "systems_negative",
        "people_ordinary",
        "rejects_blame",
        "lookalikes",
        "system_counterfactual",
    }
    assert set(HARD_DATA["vague"]) >= {
        "training",
        "runbook",
        "tbd",
        "fix_it",
        "harden",
        "align_sync",
        "clean_up",
        "audit",
        "socialize",
        "culture",
        "vigilance",
        "closer_look",
        "owner_to",
        "monitor",
        "reevaluate",
        "tune",
        "someone_should",
        "ensure",
        "staging",
        "ambitious",
    }
    assert "vague_verb_with_deliverable" in HARD_DATA["concrete"]
    everything = [t for label in counts for _, t in labelled(label)]
    assert len(everything) == len(set(everything))
    for label in counts:
        share = len(part(label, held=True)) / counts[label]
        assert 0.25 <= share <= 0.4, label


@pytest.mark.parametrize("kind", ["blame", "vague"])
def test_held_out_precision_and_recall_are_at_least_0_9(kind: str) -> None:
    result = measure(
        part("blame", held=True),
        part("neutral", held=True),
        part("vague", held=True),
        part("concrete", held=True),
    )[kind]
    precision, recall, false_pos, false_neg = result
    # Counts only: the held-out sentences are not to be read while tuning the rules.
    print(f"\nheld out, {kind}: precision {precision:.3f}, recall {recall:.3f}")
    print(f"  {len(false_pos)} false alarm(s), {len(false_neg)} missed")
    assert precision >= THRESHOLD
    assert recall >= THRESHOLD


@pytest.mark.parametrize("kind", ["blame", "vague"])
def test_tuning_part_precision_and_recall(kind: str) -> None:
    precision, recall, false_pos, false_neg = measure(
        part("blame", held=False),
        part("neutral", held=False),
        part("vague", held=False),
        part("concrete", held=False),
    )[kind]
    for text in false_pos:
        print("  false alarm:", text)
    for text in false_neg:
        print("  missed:", text)
    assert precision >= 0.95
    assert recall >= 0.95


def test_every_later_round_stays_above_0_9() -> None:
    for n, round_ in enumerate(load(ROUNDS)["round"], 1):
        results = measure(round_["blame"], round_["neutral"], round_["vague"], round_["concrete"])
        for kind, (precision, recall, false_pos, false_neg) in results.items():
            assert precision >= THRESHOLD, (n, kind, false_pos)
            assert recall >= THRESHOLD, (n, kind, false_neg)


# --- the issue's examples --------------------------------------------------------------------


def blame_in(text: str, participants: tuple[str, ...] = ("Sam", "Dana", "Jordan K.")) -> list[str]:
    pm = Postmortem(
        title="Checkout outage",
        participants=[Participant(name=n) for n in participants],
        timeline=[TimelineEvent(event=text)],
    )
    return [f.rule_id for f in review(pm, today=TODAY) if is_blame(f.rule_id)]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("The new hire fat-fingered the failover command.", "blame-judgement"),
        ("Bob's change took the site down.", "blame-person"),
        ("Nobody bothered to check.", "blame-judgement"),
        ("Had Sam only run the dry-run first, we would be fine.", "blame-hindsight"),
        ("Dana could have easily caught this by reading the diff.", "blame-hindsight"),
        ("This would have been caught if Jordan had looked at the graphs.", "blame-hindsight"),
        ("Any attentive on-call would have noticed the queue growing.", "blame-hindsight"),
        ("The migration was run by an inexperienced engineer.", "blame-judgement"),
        ("A new hire, all of six weeks here, pushed the config.", "blame-judgement"),
        ("Sam was not paying attention during the handover.", "blame-judgement"),
        ("Dana brushed off the capacity warning.", "blame-judgement"),
        ("Jordan rubber-stamped the pull request.", "blame-judgement"),
        ("Sam insisted on deploying during the sale.", "blame-judgement"),
        ("Honestly, this one is on him.", "blame-judgement"),
        ("It was an error of judgement on her part.", "blame-judgement"),
        ("The fault for the outage is theirs.", "blame-judgement"),
        ("Dana went ahead despite being told the freeze was on.", "blame-judgement"),
        ("Classic PEBKAC on the deploy box.", "blame-judgement"),
        ("Root cause was a beginner's error in the plan.", "blame-judgement"),
        ("The rules were mangled by Dana.", "blame-person"),
        ("The table was thoughtlessly deleted by Sam.", "blame-person"),
        ("Great work by @omar, shipping a schema change on a Friday.", "blame-sarcasm"),
        ("Apparently it didn't occur to anyone to check the disk.", "blame-sarcasm"),
        ("Whoever wrote this has clearly never heard of idempotency.", "blame-sarcasm"),
        ("Jordan once again deployed without a canary.", "blame-sarcasm"),
        ("bob pushed a broken config to the edge nodes.", "blame-person"),
        ("@kevin forgot to renew the domain.", "blame-person"),
        ("The secondary on-call ignored the page.", "blame-person"),
        ("Raj's team once again shipped without a feature flag.", "blame-sarcasm"),
        ("Dana is responsible of this outage because she did not checked.", "blame-judgement"),
    ],
)
def test_the_issues_kinds_of_blame_are_found(text: str, rule: str) -> None:
    found = blame_in(text)
    # The word lists' two rules come first: where they see the same words, theirs is kept.
    assert rule in found or {"blame-person", "blame-phrase"} & set(found), found


def test_an_unknown_name_is_found_and_a_system_name_is_not() -> None:
    assert blame_in("Bob's change took the site down.", participants=("Sam",))
    assert blame_in("Chen missed the deprecation notice.", participants=("Sam",))
    assert not blame_in("Kafka missed three heartbeats.", participants=("Sam",))
    assert not blame_in("The 14:02 change took the site down.", participants=("Sam",))


@pytest.mark.parametrize(
    "text",
    [
        "Fault-tolerance of the queue was never tested under partition.",
        "Nobody was careless here; the CLI made the destructive path the default.",
        "Human error is not accepted as a root cause in this review.",
        "The health check failed to detect the hung worker.",
        "Sam failed to reproduce the deadlock in staging.",
        "Jordan missed the first page because the phone's focus mode had been reset.",
        "The message broker restarted twice.",
        "Nobody is to blame; the tool allowed it.",
        "We are not looking for someone to blame.",
    ],
)
def test_the_issues_false_alarms_raise_nothing(text: str) -> None:
    assert blame_in(text) == []


@pytest.mark.parametrize(
    "title",
    [
        "Blame-free review of the checkout outage",
        "Who is to blame? The retry storm",
        "Fault in the payments router",
        "Not a blame game: the DNS migration",
    ],
)
def test_blame_and_fault_in_a_title_raise_nothing(title: str) -> None:
    pm = Postmortem(title=title)
    assert [f for f in review(pm, today=TODAY) if is_blame(f.rule_id)] == []


def test_a_title_that_blames_a_person_is_still_found() -> None:
    pm = Postmortem(title="Sam forgot to renew the certificate")
    assert "blame-person" in [f.rule_id for f in review(pm, today=TODAY)]


def vague_in(text: str) -> list[str]:
    pm = Postmortem(
        title="Corpus",
        actions=[ActionItem(kind="prevent", text=text, owner="@dana", due=date(2026, 5, 1))],
    )
    return [f.rule_id for f in review(pm, today=TODAY) if f.rule_id in VAGUE_RULES]


@pytest.mark.parametrize(
    "text",
    [
        "Train the team on the new deploy process.",
        "Follow the runbook next time.",
        "TBD",
        "Fix it.",
        "Harden the deploy pipeline.",
        "Make the failover more robust.",
        "Align with the platform team on ownership.",
        "Clean up the alerting.",
        "Audit permissions at some point.",
        "Socialize the learnings from this incident.",
        "Strengthen a culture of testing.",
        "Sync with the network team.",
        "Stay vigilant during deploys.",
        "Take a closer look at the retry logic.",
        "Sam to look into the memory leak.",
        "Jordan to follow up on the vendor issue.",
        "Continue to monitor the queue.",
        "Add some monitoring for the cache.",
        "Re-evaluate our on-call rotation.",
        "Tune the alerts.",
        "Someone should own the certificate renewals.",
        "Ensure everyone understands the failover process.",
        "Make staging more like production.",
        "Develop a comprehensive end-to-end observability strategy across all services.",
    ],
)
def test_the_issues_vague_actions_are_found(text: str) -> None:
    assert vague_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Improve documentation: add the offset-reset procedure to runbooks/kafka.md",
        "Harden SSH: disable password logins on the bastion hosts",
        "Investigate the pool leak and publish the findings in OPS-412",
        "Make the deploy pipeline fail when the canary error rate exceeds 1%",
        "Enable deletion protection on the production database",
    ],
)
def test_concrete_actions_that_start_with_a_vague_verb_pass(text: str) -> None:
    assert vague_in(text) == []


# --- explanations ------------------------------------------------------------------------------


def test_every_finding_names_its_words_why_and_a_rewrite() -> None:
    texts = [t for _, t in labelled("blame")]
    pm = Postmortem(
        title="Corpus",
        participants=[Participant(name=n) for n in PARTICIPANTS],
        timeline=[TimelineEvent(event=t) for t in texts],
        actions=[ActionItem(text=t) for _, t in labelled("vague")],
    )
    for finding in review(pm, today=TODAY):
        if not (is_blame(finding.rule_id) or finding.rule_id == "vague-action"):
            continue
        assert finding.span is not None
        start, end = finding.span
        assert 0 <= start < end
        assert finding.message.startswith("“") and "”" in finding.message
        assert len(finding.message.split("”", 1)[1].strip()) > 10  # why
        assert len(finding.suggestion) > 20  # the rewrite


def test_the_reviews_own_words_are_blameless() -> None:
    """Every message, why and rewrite the rules file holds passes the review itself."""
    from postmortem_tui.core.review import blame_hits

    raw = raw_rules("en")
    words = [e["why"] for e in raw["reading"]["blame"]] + [
        e["hint"] for e in raw["reading"]["blame"]
    ]
    words += [p["hint"] for p in raw["blame"]["phrases"]]
    words += [spec["message"] + " " + spec["suggestion"] for spec in raw["rules"].values()]
    words += [
        raw["vague_reading"][k] for k in ("strong_why", "strong_hint", "vague_why", "vague_hint")
    ]
    book = compile_rules()
    for text in words:
        assert blame_hits(text, frozenset(), book) == [], text


def test_json_output_keeps_the_new_rule_ids(tmp_path: Path) -> None:
    workspace = tmp_path / "pms"
    workspace.mkdir()
    (workspace / "2026-03-12-checkout.toml").write_text(
        'schema_version = 1\ntitle = "Checkout outage"\ndate = 2026-03-12\n'
        'summary = "Had Sam only run the dry-run first, we would be fine."\n',
        encoding="utf-8",
    )
    env = {**os.environ, "POSTMORTEM_WORKSPACE": str(workspace), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "postmortem_tui", "lint", "--all", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["postmortems"][0]["findings"]
    hindsight = [f for f in findings if f["rule_id"] == "blame-hindsight"]
    assert hindsight and hindsight[0]["field"] == "summary"
    assert "Had Sam only run" in hindsight[0]["message"]


# --- speed and the gates -----------------------------------------------------------------------


def test_the_gates_lose_no_finding() -> None:
    """A sentence skips an entry of the reading only when the entry could not match it."""
    reading = compile_rules().reading
    assert reading is not None
    texts = [t for label in ("blame", "neutral") for _, t in labelled(label)]
    for round_ in load(ROUNDS)["round"]:
        texts += round_["blame"] + round_["neutral"]
    for text in texts:
        lower = text.replace("’", "'").lower()
        gated = reading._gated(lower)
        for entry in reading.entries:
            if entry.pattern.search(text.replace("’", "'")) and entry.also(text):
                assert entry in gated, (entry.rule, entry.gate, text)


def test_the_bench_generators_blameless_text_raises_nothing(tmp_path: Path) -> None:
    bench = Path(__file__).resolve().parents[2] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", bench)
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.write_workspace(tmp_path, count=40, seed=3)
    from postmortem_tui.storage.workspace import load as load_file

    for path in sorted(tmp_path.glob("*.toml")):
        pm = load_file(path).postmortem
        rules = {f.rule_id for f in review(pm, today=TODAY)}
        assert not {r for r in rules if is_blame(r) or r in VAGUE_RULES}, path.name


def test_reviewing_again_after_a_change_is_fast_with_2000_events() -> None:
    neutral = [t for _, t in labelled("neutral")]
    pm = Postmortem(
        title="Big",
        participants=[Participant(name=n) for n in PARTICIPANTS],
        timeline=[TimelineEvent(event=neutral[n % len(neutral)] + f" ({n})") for n in range(2000)],
    )
    review(pm, today=TODAY)
    pm.timeline[5].event = "Sam forgot to drain the node."
    start = time.perf_counter()
    findings = review(pm, today=TODAY)
    assert time.perf_counter() - start < 0.25
    assert any(f.field == "timeline[5].event" for f in findings)


def test_patterns_built_from_their_kept_form_match_as_compiled() -> None:
    from postmortem_tui.core.regex_forms import form_of, from_form

    book = compile_rules()
    samples = [t for _, t in labelled("blame")[:40]] + ["Kafka missed three heartbeats."]
    for source in book.all_sources():
        form = form_of(source)
        if form is None:  # not CPython: the cache is not used there
            pytest.skip("no compiled forms on this interpreter")
        built = from_form(source, form)
        assert built is not None
        compiled = __import__("re").compile(source)
        assert built.groupindex == compiled.groupindex
        for text in samples:
            a, b = built.search(text), compiled.search(text)
            assert (a and a.span()) == (b and b.span())


def test_the_compiled_patterns_are_kept_beside_the_index_and_a_damaged_copy_is_ignored(
    tmp_path: Path,
) -> None:
    from postmortem_tui.core import regex_forms
    from postmortem_tui.storage.pattern_cache import PATTERNS_CACHE

    pm = Postmortem(title="Queue disk", summary="Sam forgot to expand the disk.")
    try:
        load_review_config(tmp_path)
        kept = tmp_path / PATTERNS_CACHE
        if regex_forms.forms_version() is None:
            assert not kept.exists()
            return
        assert kept.exists()
        first = [f.rule_id for f in review(pm, today=TODAY)]
        kept.write_bytes(kept.read_bytes()[:200] + b"\x00" * 50)
        load_review_config(tmp_path)  # the damaged copy is replaced
        assert [f.rule_id for f in review(pm, today=TODAY)] == first
        kept.write_bytes(b"not a cache")
        load_review_config(tmp_path)
        assert [f.rule_id for f in review(pm, today=TODAY)] == first
        assert "blame-person" in first
    finally:
        regex_forms.use_forms(None)


def test_vague_reason_says_why() -> None:
    from postmortem_tui.core.review import vague_reason

    book = compile_rules()
    reason = vague_reason("Sam to look into the memory leak", book)
    assert reason is not None
    (start, end), why, hint = reason
    assert "look into" in "Sam to look into the memory leak"[start:end]
    assert "finish" in why or "end" in why
    assert "e.g." in hint


def test_the_quick_look_for_people_loses_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries that need a person are skipped for a sentence without a word that may name
    one; forcing the look to say yes finds nothing more on the corpus."""
    from postmortem_tui.core.review_sentences import Reading

    reading = compile_rules().reading
    assert reading is not None
    known = frozenset(p.split()[0].casefold() for p in PARTICIPANTS)
    texts = [t for label in ("blame", "neutral") for _, t in labelled(label)]
    for round_ in load(ROUNDS)["round"]:
        texts += round_["blame"] + round_["neutral"]
    quick = {t: list(reading.blame(t.replace("’", "'"), known)) for t in texts}
    monkeypatch.setattr(Reading, "_may_name_people", lambda *_: True)
    for text in texts:
        assert list(reading.blame(text.replace("’", "'"), known)) == quick[text], text


def test_the_vague_readings_gates_lose_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """`anywhere` and `evidence` are searched only in items holding one of their gate words;
    searching every item finds the same on every action of the corpora."""
    from postmortem_tui.core.review_sentences import Reading

    reading = compile_rules().reading
    assert reading is not None
    texts = [t for label in ("vague", "concrete") for _, t in labelled(label)]
    for round_ in load(ROUNDS)["round"]:
        texts += round_["vague"] + round_["concrete"]
    texts += [a["text"] for a in load(DATA / "review_corpus.toml")["action"]]
    gated = {t: reading.vague(t) for t in texts}
    monkeypatch.setattr(Reading, "_found", lambda *_: True)
    for text in texts:
        assert reading.vague(text) == gated[text], text
