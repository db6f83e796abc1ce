"""The export formats: one module per format and one table of them.

A new format is one module with a render function and one `ExportFormat` entry in `FORMATS`;
the command line's `--format`, the file suffixes and `storage.exports.write_export` follow.
"""

from __future__ import annotations

from ..record import FrozenRecord, set_field
from .json import derived_figures, render_json, to_json
from .markdown import display_title, to_markdown

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2.5 ms at start)
if TYPE_CHECKING:  # a Protocol class costs import time; only the type checker needs it
    from collections.abc import Sequence
    from datetime import date
    from pathlib import PurePath
    from typing import Any, Protocol

    from ..model import Postmortem

    class Render(Protocol):
        """Renders a postmortem; `today` marks overdue items, `findings` are the open review
        findings to append (formats that cannot show them leave them out)."""

        def __call__(
            self,
            pm: Postmortem,
            *,
            today: date | None = ...,
            findings: Sequence[Any] | None = ...,
        ) -> str: ...

    class RenderIndex(Protocol):
        """Renders the page that lists an `--all` export's files: (file name, postmortem)."""

        def __call__(self, pages: Sequence[tuple[str, Postmortem]]) -> str: ...


class ExportFormat(FrozenRecord):
    """One export format: how the command line names it, its file suffix, how it renders."""

    __slots__ = (  # noqa: RUF023 (field order)
        "name",
        "title",
        "suffix",
        "render",
        "shows_findings",
        "render_index",
        "index_name",
    )
    name: str  #: the `--format` value
    title: str  #: the format's name in messages, e.g. "Markdown written"
    suffix: str  #: the file suffix, with its dot
    render: Render
    #: whether `render` shows review findings (so callers run the review only when it does)
    shows_findings: bool
    #: for `export --all`: the page listing the files, written as `index_name`; None: no index
    render_index: RenderIndex | None
    index_name: str

    def __init__(
        self,
        *,
        name: str,
        title: str,
        suffix: str,
        render: Render,
        shows_findings: bool = False,
        render_index: RenderIndex | None = None,
        index_name: str = "",
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "title", title)
        set_field(self, "suffix", suffix)
        set_field(self, "render", render)
        set_field(self, "shows_findings", shows_findings)
        set_field(self, "render_index", render_index)
        set_field(self, "index_name", index_name)


MARKDOWN = ExportFormat(
    name="markdown", title="Markdown", suffix=".md", render=to_markdown, shows_findings=True
)
JSON = ExportFormat(name="json", title="JSON", suffix=".json", render=render_json)


def _render_html(
    pm: Postmortem,
    *,
    today: date | None = None,
    findings: Sequence[Any] | None = None,
    **options: Any,
) -> str:
    from .html import to_html  # imported when used: Markdown and JSON exports start sooner

    return to_html(pm, today=today, findings=findings, **options)


def _render_html_index(pages: Sequence[tuple[str, Postmortem]]) -> str:
    from .html import html_index

    return html_index(pages)


HTML = ExportFormat(
    name="html",
    title="HTML",
    suffix=".html",
    render=_render_html,
    shows_findings=True,
    render_index=_render_html_index,
    index_name="index.html",
)

#: Every format by name, the default first.
FORMATS: dict[str, ExportFormat] = {f.name: f for f in (MARKDOWN, JSON, HTML)}


def __getattr__(name: str) -> Any:
    """`to_html` and `html_index`, loaded from `html.py` on first use."""
    if name in ("to_html", "html_index"):
        from . import html

        return getattr(html, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def format_for_path(path: PurePath, default: ExportFormat = MARKDOWN) -> ExportFormat:
    """The format whose suffix `path` has (case-insensitive), else `default`."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS.values() if f.suffix == suffix), default)


__all__ = [
    "FORMATS",
    "HTML",
    "JSON",
    "MARKDOWN",
    "ExportFormat",
    "derived_figures",
    "display_title",
    "format_for_path",
    "html_index",
    "render_json",
    "to_html",
    "to_json",
    "to_markdown",
]
