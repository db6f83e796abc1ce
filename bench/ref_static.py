"""Reference for cold start: a bare Textual app that shows one Static."""

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "Reference static ready"


class StaticReference(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    StaticReference().run()
