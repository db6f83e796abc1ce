"""The screen as text, as a terminal shows it: what a user sees, colours left out (so a test
can tell whether something is marked without colour, as under NO_COLOR)."""

from __future__ import annotations

import html
import re

from textual.app import App

# One run of text in Textual's SVG screenshot: its column (x, in px) and its line.
_RUN = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#terminal-(?:\d+-)?line-(\d+)\)">([^<]*)</text>'
)
_CELL_WIDTH = 12.2  # px per terminal cell in the screenshot


def screen_lines(app: App[object]) -> list[str]:
    """Every line of the screen as text."""
    width, height = app.size
    lines = [[" "] * width for _ in range(height)]
    for x, line, text in _RUN.findall(app.export_screenshot()):
        column = round(float(x) / _CELL_WIDTH)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if 0 <= column + offset < width and int(line) < height:
                lines[int(line)][column + offset] = char
    return ["".join(chars).rstrip() for chars in lines]


def char_at(app: App[object], x: int, y: int) -> str:
    """The character shown at column `x` of line `y`."""
    line = screen_lines(app)[y]
    return line[x] if x < len(line) else " "


def line_with(app: App[object], text: str) -> str:
    """The first line of the screen that shows `text` ("" when none does)."""
    return next((line for line in screen_lines(app) if text in line), "")
