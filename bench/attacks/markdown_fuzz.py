"""Attack e: user text full of Markdown and HTML metacharacters, exported as Markdown.

Each trial fills every free-text field of a postmortem (title, summary, timeline events,
links, action items, tickets, names, roles, evidence, ...) with random text built from
pieces that mean something in CommonMark or GFM, saves it with `Workspace.create` (through
the TOML writer), and exports it with the installed `postmortem export` (one time in four
`--with-review`). The export is parsed with markdown-it-py (CommonMark plus GFM tables and
strikethrough) and compared with the export of a twin postmortem whose every text is a
plain word (empty where the export shows it as empty, an URL where it is a safe link, the
same lines and paragraphs in multi-line fields). Any difference in the tokens (headings,
links, HTML, list items, tables, code, quotes, emphasis) is structure that user text made.

    python bench/attacks/markdown_fuzz.py --trials 2000
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from attack_support import arguments, installed_command, report, scratch
from markdown_it import MarkdownIt
from markdown_it.token import Token

from postmortem_tui.core.export.markdown import to_markdown
from postmortem_tui.core.markdown_text import clean, escape_inline, safe_url
from postmortem_tui.core.model import (
    ACTION_KINDS,
    EVIDENCE_KINDS,
    MILESTONES,
    Postmortem,
    from_dict,
)
from postmortem_tui.core.review import review
from postmortem_tui.storage.review_settings import load_review_config
from postmortem_tui.storage.workspace import Workspace, load

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

PIECES = [
    *"#>-+*_=`~<>|[]()!&;:\\/.1) \t\n\r\x00\x1b\x7f\x85\u00a0\u3000aZé",
    "a", "b", " ", " ", "\n", "\n\n", "1.", "1)", "&amp;", "&#35;", "&lt;", "<b>", "</div>",
    "<div>", "<!--", "-->", "<?php", "<![CDATA[", "](x)", "](javascript:alert(1))", "![i](x)",
    "```", "~~~", "    ", "---", "===", "***", "___", "| a | b |", "|---|---|", "- [ ] ",
    "[x]: http://x.io", "http://x.io", "<http://x.io>", "https://x.io/a_b*c*",
    "<mailto:a@b.c>", "a@b.c", "\\", "\\\n", "  \n", "$$", "{#id}", ":::", "^[note]",
    "www.example.com", "\u202e", "\u200b",
]  # fmt: skip

STRUCTURE = {  # token type prefix -> the category reported
    "heading": "headings",
    "link": "links",
    "image": "links",
    "html": "html",
    "list_item": "list_items",
    "bullet_list": "list_items",
    "ordered_list": "list_items",
    "table": "tables",
    "thead": "tables",
    "tbody": "tables",
    "tr": "tables",
    "th": "tables",
    "td": "tables",
    "code": "code",
    "fence": "code",
    "blockquote": "quotes",
    "hr": "other",
    "em": "emphasis",
    "strong": "emphasis",
    "s_": "emphasis",
}


def fuzz_text(rng: random.Random, *, lines: bool = False) -> str:
    if rng.random() < 0.15:
        return rng.choice(("", " ", "\n", "\x1b", "https://example.com/ok"))
    pieces = [rng.choice(PIECES) for _ in range(rng.randint(1, 24))]
    text = "".join(pieces)
    return text if lines else text.replace("\n", " ")


def fuzz_postmortem(rng: random.Random) -> dict[str, Any]:
    def text() -> str:
        return fuzz_text(rng)

    def texts() -> list[str]:
        return [text() for _ in range(rng.randint(0, 3))]

    start = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
    data: dict[str, Any] = {
        "schema_version": 1,
        "title": text(),
        "date": date(2026, 3, 12),
        "format": rng.choice(("full", "full", "quick")),
        "authors": texts(),
        "tags": texts(),
        "summary": fuzz_text(rng, lines=True),
        "root_cause": fuzz_text(rng, lines=True),
        "what_went_well": texts(),
        "what_went_poorly": texts(),
        "where_we_got_lucky": texts(),
        "lessons_learned": fuzz_text(rng, lines=True),
        "appendix": fuzz_text(rng, lines=True),
        "impact": {"revenue_impact": text(), "user_facing": text(), "reputation": text()},
        "participants": [{"name": text(), "role": text()} for _ in range(rng.randint(0, 3))],
        "timeline": [
            {
                "at": start + timedelta(minutes=7 * n),
                "event": text(),
                "milestone": rng.choice(("", *MILESTONES)),
                "link": text(),
            }
            for n in range(rng.randint(0, 4))
        ],
        "five_whys": [{"question": text(), "answer": text()} for _ in range(rng.randint(0, 3))],
        "factors": [{"text": text()} for _ in range(rng.randint(0, 3))],
        "actions": [
            {
                "kind": rng.choice(ACTION_KINDS),
                "text": text(),
                "owner": text(),
                "ticket": text(),
                "done": rng.random() < 0.3,
            }
            for _ in range(rng.randint(0, 4))
        ],
        "evidence": [
            {"kind": rng.choice(EVIDENCE_KINDS), "text": text(), "link": text()}
            for _ in range(rng.randint(0, 3))
        ],
    }
    return data


class Twin:
    """Plain words in place of user text, keeping what the exporter decides on: empty or
    not, a safe link or not, which texts are equal, the lines of multi-line text."""

    def __init__(self) -> None:
        self.words: dict[str, str] = {}

    def inline(self, text: str) -> str:
        escaped = escape_inline(text)
        if not escaped:
            return ""
        return self.words.setdefault(escaped, f"word{len(self.words)}")

    def kept_blank(self, text: str) -> str:
        """As `inline`, but text shown as nothing is still not empty (the impact's fields:
        any of them set makes the export list the impact)."""
        return self.inline(text) or ("\x01" if text else "")

    def link(self, text: str) -> str:
        if not text.strip():
            return ""
        if safe_url(text):
            return "https://example.com/" + self.inline(text)
        return self.inline(text) or "\x01"  # shown as an empty "()", as the original

    def block(self, text: str) -> str:
        return "\n".join(
            self.inline(line) if line.split() else "" for line in clean(text).split("\n")
        )

    def postmortem(self, pm: Postmortem) -> Postmortem:
        i, link, block = self.inline, self.link, self.block
        return replace(
            pm,
            title=i(pm.title),
            authors=[i(a) for a in pm.authors],
            tags=[i(t) for t in pm.tags],
            summary=block(pm.summary),
            root_cause=block(pm.root_cause),
            what_went_well=[i(t) for t in pm.what_went_well],
            what_went_poorly=[i(t) for t in pm.what_went_poorly],
            where_we_got_lucky=[i(t) for t in pm.where_we_got_lucky],
            lessons_learned=block(pm.lessons_learned),
            appendix=block(pm.appendix),
            impact=replace(
                pm.impact,
                revenue_impact=self.kept_blank(pm.impact.revenue_impact),
                user_facing=self.kept_blank(pm.impact.user_facing),
                reputation=self.kept_blank(pm.impact.reputation),
            ),
            participants=[replace(p, name=i(p.name), role=i(p.role)) for p in pm.participants],
            timeline=[replace(e, event=i(e.event), link=link(e.link)) for e in pm.timeline],
            five_whys=[
                replace(w, question=i(w.question), answer=i(w.answer)) for w in pm.five_whys
            ],
            factors=[replace(f, text=i(f.text)) for f in pm.factors],
            actions=[
                replace(a, text=i(a.text), owner=i(a.owner), ticket=link(a.ticket))
                for a in pm.actions
            ],
            evidence=[replace(e, text=i(e.text), link=link(e.link)) for e in pm.evidence],
        )

    def findings(self, findings: list[Any]) -> list[Any]:
        names = ("severity", "field", "message", "suggestion", "rule_id")
        return [
            SimpleNamespace(**{n: self.inline(str(getattr(f, n, "") or "")) for n in names})
            for f in findings
        ]


def shape(tokens: list[Token]) -> list[tuple[str, str]]:
    """Token types and tags, inline children included, runs of text as one."""
    out: list[tuple[str, str]] = []
    for token in tokens:
        for part in [token, *(token.children or [])]:
            if part.type == "inline":
                continue
            item = (part.type, part.tag)
            if item == ("text", "") and out and out[-1] == item:
                continue
            out.append(item)
    return out


def categories(extra: Counter[tuple[str, str]]) -> set[str]:
    found = set()
    for (kind, _), count in extra.items():
        if count > 0:
            prefix = next((p for p in STRUCTURE if kind.startswith(p)), None)
            found.add(STRUCTURE[prefix] if prefix else "other")
    return found


def main() -> int:
    parser = arguments(__doc__.splitlines()[0], 2000)
    parser.add_argument("--in-process", action="store_true", help="render without the CLI")
    parser.add_argument("--verbose", action="store_true", help="print each failing input")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    command = installed_command()
    counts: Counter[str] = Counter()
    today = date.today()
    with scratch(args.keep, "markdown") as folder:
        workspace = Workspace(folder / "ws").ensure()
        config = load_review_config(workspace.root)
        for _ in range(args.trials):
            with_review = rng.random() < 0.25
            path = workspace.create(from_dict(fuzz_postmortem(rng))).path
            pm = load(path).postmortem
            findings = review(pm, today=today, config=config) if with_review else None
            if args.in_process:
                exported = to_markdown(pm, today=today, findings=findings)
            else:
                argv = [command, "export", path.stem, "--workspace", str(workspace.root)]
                done = subprocess.run(
                    argv + (["--with-review"] if with_review else []),
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode != 0 or done.stderr:
                    counts["export_failed"] += 1
                    continue
                exported = done.stdout
            twin = Twin()
            twin_pm = twin.postmortem(pm)
            twin_findings = twin.findings(findings) if findings is not None else None
            expected = to_markdown(twin_pm, today=today, findings=twin_findings)
            got, want = shape(MD.parse(exported)), shape(MD.parse(expected))
            counts["exports"] += 1
            counts["with_review"] += with_review
            counts["tokens"] += len(got)
            if got != want:
                counts["broken_structure"] += 1
                extra = Counter(got)
                extra.subtract(Counter(want))
                for category in categories(extra):
                    counts[f"extra_{category}"] += 1
                if args.verbose:
                    print(repr(to_markdown(pm, today=today))[:2000], file=sys.stderr)
            path.unlink()
    order = ["exports", "with_review", "tokens", "export_failed", "broken_structure"]
    order += sorted(key for key in counts if key.startswith("extra_"))
    failures = tuple(key for key in order if key not in ("exports", "with_review", "tokens"))
    return report("markdown_fuzz", {key: counts[key] for key in order}, failures)


if __name__ == "__main__":
    sys.exit(main())
