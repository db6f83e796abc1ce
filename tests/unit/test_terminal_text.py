"""The one gate for user text on its way to a terminal."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from postmortem_tui.core.terminal_text import shown, shown_in_place

ACTS_ON_A_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def test_an_osc_title_and_clipboard_write_are_shown_not_obeyed() -> None:
    title = "Outage\x1b]0;pwned\x07 and \x1b]52;c;cm0gLXJmIH4=\x07"
    assert shown(title) == "Outage␛]0;pwned␇ and ␛]52;c;cm0gLXJmIH4=␇"


def test_c1_csi_del_and_nul_are_shown() -> None:
    assert shown("a\x9b31mb\x7fc\x00") == "a<U+009B>31mb␡c␀"


def test_bidi_overrides_and_zero_width_characters_are_shown() -> None:
    assert shown("invoice\u202egpj.exe") == "invoice<U+202E>gpj.exe"
    assert shown("admin\u200b") == "admin<U+200B>"
    assert shown("\u2066x\u2069") == "<U+2066>x<U+2069>"


def test_ordinary_text_passes_unchanged() -> None:
    text = "Café-Ausfall: 50 % der Nutzer 😬\n\tzweite Zeile [bold]nicht fett[/]"
    assert shown(text) is text


def test_one_line_shows_tabs_and_line_breaks() -> None:
    assert shown("a\tb\nc", one_line=True) == "a␉b␊c"
    assert shown("a\tb\nc") == "a\tb\nc"


@given(st.text())
def test_nothing_that_acts_on_a_terminal_survives(text: str) -> None:
    assert ACTS_ON_A_TERMINAL.search(shown(text)) is None
    assert "\n" not in shown(text, one_line=True)


@given(st.text())
def test_showing_twice_changes_nothing_more(text: str) -> None:
    once = shown(text)
    assert shown(once) == once


def test_in_place_every_character_keeps_its_place() -> None:
    """For text being edited: one visible character for each, so the cursor stays put."""
    assert shown_in_place("a\x1b]0;x\x07b\x9bc\u202ed\x7f\u200b") == "a␛]0;x␇b�c�d␡�"
    text = "Café\tzweite\nZeile 😬"
    assert shown_in_place(text) is text


@given(st.text())
def test_in_place_nothing_that_acts_on_a_terminal_survives(text: str) -> None:
    safe = shown_in_place(text)
    assert ACTS_ON_A_TERMINAL.search(safe) is None
    assert len(safe) == len(text)
