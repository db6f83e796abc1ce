"""The HTML export: the Markdown export rendered by markdown-it-py into one self-contained page.

The page has the Markdown's sections because it is made from the Markdown: one document, two
forms. It needs nothing else to be read or printed: the styles are inline, there are no
scripts and nothing is fetched (a Content-Security-Policy says so to the browser too).

User text cannot become markup at any step: `markdown_text` escapes it into plain Markdown
text, the parser runs with raw HTML off (any `<` comes out as `&lt;`), images are off, and a
link is kept only when it is http(s), mailto or a sibling page of the export (`index.html`
linking to `<id>.html`): never `javascript:`, `data:` or `vbscript:`.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import quote, urlsplit

from ..markdown_text import clean, escape_inline
from ..model import Postmortem
from ..terminal_text import INVISIBLE
from ..timeline import derive_times, format_duration
from .markdown import to_markdown

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:
    from typing import Any

    from markdown_it import MarkdownIt

#: The schemes a link may have; anything else is written as text.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# A page of the same export, by its relative name: letters, digits, `._-` and %-escapes, so
# it can have no scheme, no host and no path above its folder.
_SIBLING_PAGE = re.compile(r"[A-Za-z0-9_%-][A-Za-z0-9._%-]*\.html")
# Whitespace and controls (a browser strips them from a scheme: `java\tscript:`), angle
# brackets and quotes: a link holding one is refused rather than repaired.
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"]")

_CSS = """\
:root { color-scheme: light dark; --ink: #1d1f21; --muted: #5c6166; --rule: #d5d8dc;
  --link: #0b57d0; --paper: #ffffff; --band: #f3f4f6; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e6e6e6; --muted: #a8adb3; --rule: #3b4046; --link: #8ab4f8;
    --paper: #16181a; --band: #202326; }
}
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem;
  border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
p, ul, ol { margin: 0.5rem 0; }
li { margin: 0.2rem 0; }
em { color: var(--muted); }
a { color: var(--link); overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.95rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem;
  border-bottom: 1px solid var(--rule); }
th { background: var(--band); }
@media print {
  :root { --ink: #000000; --muted: #333333; --rule: #999999; --link: #000000;
    --paper: #ffffff; --band: #eeeeee; }
  @page { margin: 18mm 16mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h1, h2, h3 { break-after: avoid; }
  li, tr { break-inside: avoid; }
  a { text-decoration: none; }
}
"""

_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>
{css}</style>
</head>
<body>
<main>
{body}</main>
</body>
</html>
"""


def is_safe_link(url: str) -> bool:
    """Whether a link may be written as a link: http(s) or mailto, or a sibling page."""
    if not url or _UNSAFE_IN_URL.search(url):
        return False
    if _SIBLING_PAGE.fullmatch(url):
        return True
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        return False
    return scheme.lower() in SAFE_SCHEMES


@functools.cache
def _parser() -> MarkdownIt:
    """CommonMark with GFM tables, raw HTML and images off, and only safe links."""
    from markdown_it import MarkdownIt  # imported late: only HTML exports need it

    class _SafeMarkdownIt(MarkdownIt):
        def validateLink(self, url: str) -> bool:  # markdown-it-py names it so
            return is_safe_link(url)

    parser = _SafeMarkdownIt("commonmark", {"html": False, "linkify": False})
    parser.enable("table")
    parser.disable("image")
    return parser


def _references(text: str) -> str:
    """Bidi controls and invisible characters as character references, as the Markdown
    writes them: a browser shows the same text, a terminal printing the file is not fooled."""
    return INVISIBLE.sub(lambda match: f"&#x{ord(match.group()):X};", text)


def _plain(text: str) -> str:
    """One line of user text for an attribute-free element such as <title>."""
    return _references(html.escape(" ".join(clean(text).split()), quote=True))


def render_markdown(markdown: str) -> str:
    """Markdown (as the exports write it) to an HTML fragment, with only safe links."""
    return _references(_parser().render(markdown))


def page(title: str, body: str) -> str:
    """A whole HTML document around a rendered `body`; `title` is plain text."""
    return _PAGE.format(title=_plain(title), css=_CSS, body=body)


def to_html(
    pm: Postmortem,
    *,
    today: date | None = None,
    findings: Sequence[Any] | None = None,
    **options: Any,
) -> str:
    """The postmortem as one self-contained HTML page: the Markdown export, rendered.

    Takes what `to_markdown` takes (`today` is the as-of date of the status line).
    """
    markdown = to_markdown(pm, today=today, findings=findings, **options)
    title = " ".join(clean(pm.title).split()) or "Untitled"
    return page(f"{title} Postmortem", render_markdown(markdown))


def page_link(name: str) -> str:
    """A page's file name as a relative link (every character but `._-` and letters and
    digits %-escaped)."""
    return quote(name, safe="")


def _cell(text: str) -> str:
    return escape_inline(text) or "—"


def _newest_first(entry: tuple[str, Postmortem]) -> tuple[int, str, str, str]:
    name, pm = entry
    day = pm.date.toordinal() if pm.date else 0  # undated last
    return (-day, " ".join(clean(pm.title).split()).casefold(), name, pm.title)


def index_markdown(pages: Sequence[tuple[str, Postmortem]]) -> str:
    """The index of an `--all` export as Markdown: one table row per page, newest first."""
    blocks = ["# Postmortems"]
    if not pages:
        blocks.append("_No postmortems._")
        return "\n\n".join(blocks) + "\n"
    count = f"{len(pages)} postmortem{'s' if len(pages) != 1 else ''}, newest first."
    rows = [
        "| Title | Date | Severity | Status | Tags | Time to resolve |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, pm in sorted(pages, key=_newest_first):
        title = escape_inline(pm.title) or "Untitled"
        cells = [
            f"[{title}](<{page_link(name)}>)",
            pm.date.isoformat() if pm.date else "—",
            _cell(pm.severity),
            _cell(pm.status),
            _cell(", ".join(t for t in (" ".join(t.split()) for t in pm.tags) if t)),
            format_duration(derive_times(pm).to_resolution),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    blocks += [count, "\n".join(rows)]
    return "\n\n".join(blocks) + "\n"


def html_index(pages: Sequence[tuple[str, Postmortem]]) -> str:
    """The `index.html` of an `--all` export: `pages` are (file name, postmortem) pairs."""
    return page("Postmortems", render_markdown(index_markdown(pages)))


__all__ = [
    "SAFE_SCHEMES",
    "html_index",
    "index_markdown",
    "is_safe_link",
    "page",
    "page_link",
    "render_markdown",
    "to_html",
]
