"""Reference for typing: a lone Textual Input, focused, on an otherwise empty screen."""

from textual.app import App, ComposeResult
from textual.widgets import Input

MARKER = "Reference input ready"


class InputReference(App[None]):
    def compose(self) -> ComposeResult:
        field = Input(placeholder=MARKER)
        field.cursor_blink = False  # as the app with `cursor_blink = false`: idle output is 0
        yield field


if __name__ == "__main__":
    InputReference().run()
