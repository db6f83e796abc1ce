"""User text through the Markdown escaper renders back as the same plain text, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from postmortem_tui.core.markdown_text import (
    escape_block,
    escape_inline,
    link_or_text,
    safe_url,
)
from postmortem_tui.core.model import normalise_newlines, strip_control_chars

# CommonMark plus the GFM tables and strikethrough that most places rendering an export add.
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Pieces with a meaning somewhere in CommonMark or GFM, plus control characters and odd
# whitespace; text built from them hits the interesting cases far more often than random text.
PIECES = [
    *"#>-+*_=`~<>|[]()!&;:\\/.1) \t\n\r\x00\x1b\x7f\x85\u00a0\u3000aZé",
    "a", "b", "a", " ", " ", "\n", "1.", "1)", "&amp;", "&#35;", "<b>", "](x)", "```", "~~~",
    "    ", "---", "===", "http://x.io", "<http://x.io>",
]  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(PIECES), max_size=24).map("".join),
)


def folded(text: str) -> str:
    """The input as a reader sees it: control characters dropped, whitespace folded."""
    return " ".join(strip_control_chars(normalise_newlines(text)).split())


def plain_text(inline: Token) -> str:
    """The text of an inline token as a reader sees it (a hard break is a line break, a soft
    one a space); any other child (code, link, html, emphasis) fails."""
    parts = []
    breaks = {"hardbreak": "\n", "softbreak": " "}
    for child in inline.children or []:
        assert child.type in ("text", *breaks), f"unexpected {child.type}: {child}"
        parts.append(breaks.get(child.type, child.content))
    return "".join(parts)


def paragraphs(markdown: str) -> list[str]:
    """The plain text of each paragraph; fails on any other block."""
    tokens = MD.parse(markdown)
    texts = []
    for token in tokens:
        assert token.type in ("paragraph_open", "inline", "paragraph_close"), token.type
        if token.type == "inline":
            texts.append(plain_text(token))
    return texts


@settings(max_examples=200, deadline=None)
@given(TEXT)
@example("a _b_ c *d* `e` [f](g) <h> &amp; \\* ~~i~~")
def test_inline_text_renders_as_one_plain_paragraph(text: str) -> None:
    rendered = paragraphs(escape_inline(text))
    expected = folded(text)
    assert rendered == ([expected] if expected else [])


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_inline_text_stays_plain_inside_a_list_item_and_a_heading(text: str) -> None:
    expected = folded(text)
    item = MD.parse(f"- {escape_inline(text)}\n")
    assert [t.type for t in item if t.type.endswith("_open")] == (
        ["bullet_list_open", "list_item_open"] + (["paragraph_open"] if expected else [])
    )
    assert [plain_text(t) for t in item if t.type == "inline"] == ([expected] if expected else [])
    heading = MD.parse(f"## Quick Postmortem: {escape_inline(text)}\n")
    assert [t.type for t in heading] == ["heading_open", "inline", "heading_close"]
    assert plain_text(heading[1]) == f"Quick Postmortem: {expected}".strip()


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, max_size=6).map("\n".join))
@example("Title\n===\nx\n---\n- a\n> b\n1) c\n<div>\n```\n\tcode\n## h ##")
def test_block_text_keeps_its_paragraphs_and_nothing_else(text: str) -> None:
    lines = [folded(line) for line in normalise_newlines(text).split("\n")]
    groups: list[list[str]] = [[]]
    for line in lines:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    expected = ["\n".join(group) for group in groups if group]
    assert paragraphs(escape_block(text)) == expected


@pytest.mark.parametrize("delimiter", ["-:", ":-", ":-:", "--:", ":---:"])
def test_a_table_delimiter_row_in_block_text_makes_no_table(delimiter: str) -> None:
    text = f"Retry budget | queue depth\n{delimiter}"
    assert paragraphs(escape_block(text)) == [f"Retry budget | queue depth\n{delimiter}"]


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff"])
def test_bidi_and_invisible_characters_are_not_written_raw(char: str) -> None:
    assert char not in escape_inline(f"queue{char} depth") + escape_block(f"queue{char}\ndepth")


@pytest.mark.parametrize(
    "text",
    [
        "The deploy finished. Error rate went to 3.5% for 12 minutes.",
        "snake_case_name and R&D and 2 > 1 and a-b-c",
        "Retries (5 attempts) stopped; see the runbook: step 4.",
        "1 in 10 requests failed",
    ],
)
def test_ordinary_prose_is_left_readable(text: str) -> None:
    assert escape_inline(text) == text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# Summary", r"\# Summary"),
        ("> quoted", r"\> quoted"),
        ("- [ ] done", r"\- \[ \] done"),
        ("1. first", r"1\. first"),
        ("---", r"\---"),
        ("===", r"\==="),
        ("<script>alert(1)</script>", r"\<script>alert(1)\</script>"),
        ("`code`", r"\`code\`"),
        ("|a|b|", r"\|a\|b\|"),
        ("[link](http://x)", r"\[link\](http://x)"),
        ("&amp; &#35;", r"\&amp; \&#35;"),
        ("C:\\temp", r"C:\\temp"),
        ("_init_ *bold*", r"\_init\_ \*bold\*"),
        ("Outage #", r"Outage \#"),
        ("    indented", "indented"),
        ("\x1b[31mred\x1b[0m\x00", r"\[31mred\[0m"),
    ],
)
def test_structural_characters_are_escaped(text: str, escaped: str) -> None:
    assert escape_inline(text) == escaped


def test_inline_collapses_newlines_and_block_keeps_paragraphs() -> None:
    text = "first line\nsecond line  \n\n\n   \n# not a heading\n"
    assert escape_inline(text) == "first line second line # not a heading"
    assert escape_block(text) == "first line\\\nsecond line\n\n\\# not a heading"
    assert escape_block(" \n\t\n") == ""


@pytest.mark.parametrize(
    "url",
    ["https://metrics.example.com/d/queue-disk?from=now-1h&to=now", "http://chat.example/x_(y)"],
)
def test_http_links_become_autolinks(url: str) -> None:
    assert link_or_text(url) == f"<{url}>"
    tokens = MD.parseInline(link_or_text(url))[0].children or []
    assert [t.type for t in tokens] == ["link_open", "text", "link_close"]
    assert tokens[0].attrs["href"] == MD.normalizeLink(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://files.example.com/x",
        "https://example.com/a b",
        "https://example.com/<script>",
        "https://",
        "see the dashboard",
        "https://example.com/\x1b[31m",
        "data:text/html,<b>x</b>",
    ],
)
def test_anything_else_is_shown_as_plain_text(url: str) -> None:
    assert safe_url(url) is None
    for token in MD.parse(f"- {link_or_text(url)}\n"):
        for child in token.children or []:
            assert child.type == "text"
