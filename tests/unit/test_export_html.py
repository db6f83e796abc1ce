"""The HTML export: parsed as HTML, whatever the fields hold it has no script, no event handler
and no unsafe link, it keeps every word, and one page is checked in byte for byte."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_export import HOSTILE_LINES, hostile_postmortem

from postmortem_tui.cli.main import main
from postmortem_tui.core.export import FORMATS, HTML, format_for_path, to_html, to_markdown
from postmortem_tui.core.export.html import html_index, is_safe_link
from postmortem_tui.core.model import (
    ActionItem,
    Evidence,
    Factor,
    Participant,
    Postmortem,
    TimelineEvent,
    strip_control_chars,
)
from postmortem_tui.core.terminal_text import INVISIBLE
from postmortem_tui.storage import workspace as storage

DATA = Path(__file__).parent.parent / "data"
GOLDEN = DATA / "golden"
#: `UPDATE_GOLDEN=1 pytest tests/unit/test_export_html.py` rewrites the checked-in pages.
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

#: Every element the export writes; anything else came from user text.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "ul",
    "ol", "li", "strong", "em", "a", "br", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip

#: Strings that try to become markup, a script or a link in an HTML page.
HOSTILE_HTML = [
    "<script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "<a href='javascript:alert(1)'>click</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "![x](https://tracker.example/pixel.png)",
    "[ref]: javascript:alert(1)\n\n[ref]",
    "<!-- comment --> <![CDATA[ x ]]> <?php ?>",
    "{title} {css} {body} %s",
    "&lt;script&gt; &#60;script&#62; &#x3C;script&#x3E;",
    "<style>body{display:none}</style>",
    "<meta http-equiv=refresh content='0;url=https://x.example'>",
    "<base href=https://evil.example/>",
    "<iframe src=https://x.example></iframe>",
    "\u202eevil\u202c and \u200bzero\u2066width",
]
HOSTILE_LINKS = [
    "javascript:alert(1)",
    " javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    'https://example.com/"onmouseover="alert(1)',
    "https://example.com/<script>",
    "//evil.example/x",
    "file:///etc/passwd",
]


@dataclass
class Page(HTMLParser):
    """A parsed page: its tags with attributes, and its text."""

    tags: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self.where.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if self.where and self.where[-1] == tag:
            self.where.pop()

    def handle_data(self, data: str) -> None:
        if "style" not in self.where:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        raise AssertionError(f"a comment in the page: {data!r}")

    def handle_pi(self, data: str) -> None:
        raise AssertionError(f"a processing instruction in the page: {data!r}")

    def unknown_decl(self, data: str) -> None:
        raise AssertionError(f"a declaration in the page: {data!r}")


def parse(page: str) -> Page:
    parsed = Page()
    parsed.feed(page)
    parsed.close()
    return parsed


def assert_safe(page: str) -> Page:
    """No script, no event handler, no unsafe link, no element the export does not write."""
    assert strip_control_chars(page) == page, "a control character in the page"
    # Bidi controls and invisible characters as references: a terminal printing it is not fooled.
    assert INVISIBLE.search(page) is None, "an invisible character in the page"
    parsed = parse(page)
    names = [tag for tag, _ in parsed.tags]
    assert set(names) <= ALLOWED_TAGS, set(names) - ALLOWED_TAGS
    assert names.count("style") == 1 and names.count("title") == 1
    for tag, attrs in parsed.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert name not in ("src", "srcset", "style", "formaction", "action"), (tag, name)
            if name == "href":
                assert tag == "a"
                assert value is not None
                scheme = value.split(":", 1)[0].lower() if ":" in value else ""
                assert scheme in ("http", "https", "mailto") or (
                    scheme == "" and value.endswith(".html") and "/" not in value
                ), value
    return parsed


def test_is_safe_link() -> None:
    for url in ("https://example.com/a?b=c#d", "http://x.example", "mailto:sre@example.com"):
        assert is_safe_link(url), url
    assert is_safe_link("2026-03-12-queue-disk.html")
    assert is_safe_link("a%20b.html")
    for url in (*HOSTILE_LINKS, "", "javascript:x.html", "../up.html", "a/b.html", "x.htm"):
        assert not is_safe_link(url), url


def hostile_files() -> list[Postmortem]:
    return [
        storage.load(DATA / "hostile-every-field.toml").postmortem,
        storage.load(DATA / "core-hostile-title.toml").postmortem,
    ]


def every_field(text: str, link: str) -> Postmortem:
    at = datetime(2026, 1, 30, 14, 32, tzinfo=UTC)
    return Postmortem(
        title=text,
        date=date(2026, 1, 30),
        status=text,
        severity=text,
        authors=[text],
        tags=[text, text],
        summary=text,
        root_cause=text,
        what_went_well=[text],
        what_went_poorly=[text],
        where_we_got_lucky=[text],
        lessons_learned=text,
        appendix=text,
        participants=[Participant(name=text, role=text)],
        timeline=[
            TimelineEvent(at=at, event=text, milestone="started", link=link),
            TimelineEvent(at=at, event=text, milestone="resolved", link=link),
        ],
        factors=[Factor(text=text)],
        actions=[
            ActionItem(kind, text, text, ticket=link, priority=text, factors=[1])
            for kind in ("prevent", "detect", "mitigate")
        ],
        evidence=[Evidence(kind=text, text=text, link=link)],
    )


@pytest.mark.parametrize("quick", [False, True])
def test_hostile_files_and_strings_never_become_markup(quick: bool) -> None:
    postmortems = [*hostile_files(), hostile_postmortem(quick=quick)]
    postmortems += [every_field(text, link) for text in HOSTILE_HTML for link in HOSTILE_LINKS]
    for pm in postmortems:
        pm.format = "quick" if quick else "full"
        page = to_html(pm, today=date(2026, 2, 1), findings=[])
        parsed = assert_safe(page)
        hrefs = [value for tag, attrs in parsed.tags for name, value in attrs if name == "href"]
        # The one http(s) link of HOSTILE_LINKS, its quotes %-escaped; no other link.
        assert set(hrefs) <= {"https://example.com/%22onmouseover=%22alert(1)"}
    index = html_index([(f"p{n}.html", pm) for n, pm in enumerate(postmortems)])
    parsed = assert_safe(index)
    hrefs = [value for tag, attrs in parsed.tags for name, value in attrs if name == "href"]
    assert sorted(hrefs) == sorted(f"p{n}.html" for n in range(len(postmortems)))


def test_user_text_comes_through_as_text() -> None:
    """Nothing typed is lost: every hostile string reads in the page as it was typed."""
    for text in [*HOSTILE_HTML, *HOSTILE_LINES]:
        folded = " ".join(strip_control_chars(text).split())
        page = "".join(parse(to_html(Postmortem(title=text, summary=text))).text)
        # Twice: the window's <title> and the <h1>.
        assert page.count(f"{folded} Postmortem") == 2, text


def test_links_that_are_safe_stay_links() -> None:
    pm = every_field("Queue disk filled", "https://metrics.example.com/d/queue?x=1&y=2")
    parsed = assert_safe(to_html(pm))
    hrefs = {value for tag, attrs in parsed.tags for name, value in attrs if name == "href"}
    assert hrefs == {"https://metrics.example.com/d/queue?x=1&y=2"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80),
    link=st.one_of(st.sampled_from(HOSTILE_LINKS), st.text(max_size=40)),
)
def test_generated_text_never_becomes_markup(text: str, link: str) -> None:
    assert_safe(to_html(every_field(text, link)))


def test_a_page_is_self_contained() -> None:
    page = to_html(hostile_postmortem())
    assert "<script" not in page.lower()
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # the browser fetches nothing either
    assert "@media print" in page


def test_the_page_has_the_markdowns_sections(tmp_path: Path) -> None:
    pm = storage.load(storage.Workspace(tmp_path / "ws").add_sample()).postmortem
    markdown_headings = [
        line.lstrip("#").strip() for line in to_markdown(pm).splitlines() if line.startswith("#")
    ]
    headings: list[str] = []

    class Headings(HTMLParser):
        inside = False

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.inside = tag in ("h1", "h2", "h3")
            if self.inside:
                headings.append("")

        def handle_endtag(self, tag: str) -> None:
            self.inside = False

        def handle_data(self, data: str) -> None:
            if self.inside:
                headings[-1] += data

    Headings().feed(to_html(pm))
    assert headings == markdown_headings


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == path.read_bytes(), f"{name} changed: UPDATE_GOLDEN=1 to accept"


def test_the_sample_page_matches_the_checked_in_page(tmp_path: Path) -> None:
    pm = storage.load(storage.Workspace(tmp_path / "ws").add_sample()).postmortem
    check_golden("sample.html", to_html(pm))
    check_golden("sample.md", to_markdown(pm))


def test_html_is_a_format_of_the_table() -> None:
    assert FORMATS["html"] is HTML
    assert format_for_path(Path("report.HTML")) is HTML  # the editor's export dialog
    assert HTML.render_index is not None and HTML.index_name == "index.html"


# --- the command line -------------------------------------------------------------------------


def new(workspace: Path, title: str, when: str | None) -> None:
    args = ["new", title, "--no-edit"] + (["--date", when] if when else [])
    assert main(args, out=open(os.devnull, "w")) == 0  # noqa: SIM115


def test_export_all_writes_a_page_each_and_an_index_newest_first(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new(workspace_path, "Queue disk filled", "2026-02-01")
    new(workspace_path, "DNS resolver timeouts", "2026-03-15")
    new(workspace_path, "Certificate expired on the edge proxy", "2025-12-24")
    new(workspace_path, "<script>alert(1)</script>", "2026-03-01")
    shutil.copy(DATA / "core-hostile-title.toml", workspace_path / "index.toml")  # undated
    out = tmp_path / "site"
    assert main(["export", "--all", "--format", "html", "-o", str(out)]) == 0
    assert "listed in index.html" in capsys.readouterr().out
    index = (out / "index.html").read_text(encoding="utf-8")
    parsed = assert_safe(index)
    hrefs = [unquote(v or "") for tag, attrs in parsed.tags for n, v in attrs if n == "href"]
    assert hrefs == [
        "2026-03-15-dns-resolver-timeouts.html",
        "2026-03-01-script-alert-1-script.html",
        "2026-02-01-queue-disk-filled.html",
        "2025-12-24-certificate-expired-on-the-edge-proxy.html",
        "index-postmortem.html",  # undated: last; `index.toml` keeps a page, the index its name
    ]
    assert sorted(p.name for p in out.iterdir()) == sorted([*hrefs, "index.html"])
    for href in hrefs:
        assert_safe((out / href).read_text(encoding="utf-8"))
    text = "".join(parsed.text)
    for column in ("Title", "Date", "Severity", "Status", "Tags", "Time to resolve"):
        assert column in text
    assert "<script>alert(1)</script>" in text  # as text


def test_export_html_to_a_file_and_to_stdout(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new(workspace_path, "Queue disk filled", "2026-02-01")
    capsys.readouterr()
    target = tmp_path / "report.html"
    assert main(["export", "2026-02-01", "--format", "html", "-o", str(target)]) == 0
    written = target.read_text(encoding="utf-8")
    assert main(["export", "2026-02-01", "--format", "html"]) == 0
    assert capsys.readouterr().out == written
    assert written.startswith("<!DOCTYPE html>")
    assert "<title>Queue disk filled Postmortem</title>" in written


def test_as_of_adds_the_status_line_and_overdue_notes(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["sample"])
    for fmt in ("markdown", "html"):
        capsys.readouterr()
        assert main(["export", "2026-03-12", "--format", fmt]) == 0
        document = capsys.readouterr().out
        assert "overdue" not in document and "of 4 open" not in document
        assert main(["export", "2026-03-12", "--format", fmt, "--as-of", "2026-03-30"]) == 0
        as_of = capsys.readouterr().out
        assert "3 of 4 open, 1 overdue on 2026-03-30." in as_of
        assert "overdue</strong>)" in as_of if fmt == "html" else "(**overdue**)" in as_of


def test_a_bad_as_of_date_is_one_line_and_exit_2(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["sample"])
    capsys.readouterr()
    assert main(["export", "2026-03-12", "--as-of", "2026-02-30"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--as-of" in err


def test_json_counts_overdue_items_only_as_of_a_date(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    main(["sample"])
    capsys.readouterr()
    assert main(["export", "2026-03-12", "--format", "json"]) == 0
    derived = json.loads(capsys.readouterr().out)["derived"]
    assert (derived["overdue_actions"], derived["as_of"]) == (None, None)
    assert main(["export", "2026-03-12", "--format", "json", "--as-of", "2026-03-30"]) == 0
    derived = json.loads(capsys.readouterr().out)["derived"]
    assert (derived["overdue_actions"], derived["as_of"]) == (1, "2026-03-30")
