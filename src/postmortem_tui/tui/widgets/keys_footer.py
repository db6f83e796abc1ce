"""The footer of every screen: the keys of where the user is, and help and the palette always.

Keys that do not fit on a narrow screen are not lost: "f1 help" (every key of the screen) and
"^p palette" (every action by name) stay at the right edge whatever the width. Below 80
columns the keys lose their padding so that more of them fit, and a key that would be cut
off is left out whole rather than shown in part.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.content import Content
from textual.widgets import Footer, Static

from ..breakpoints import NARROW_WIDTH


class FooterHint(Static):
    """One always-shown key: its key, what it does, and the action a click runs."""

    def __init__(self, key: str, description: str, action: str) -> None:
        super().__init__(
            Content.assemble((key, "bold $footer-key-foreground"), " ", description),
            classes="footer-hint",
        )
        self.action = action

    async def on_click(self) -> None:
        await self.app.run_action(self.action)


class KeysFooter(Footer):
    """Textual's footer, with help and the command palette docked at its right edge."""

    DEFAULT_CSS = """
    KeysFooter.-compact { padding-left: 1; }
    KeysFooter > .footer-hints {
        dock: right; width: auto; height: 1; padding-right: 1;
        border-left: vkey $foreground 20%;
        color: $footer-description-foreground;
    }
    KeysFooter .footer-hint { width: auto; margin-left: 1; }
    KeysFooter .footer-hint:hover { background: $block-hover-background; }
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False)

    def compose(self) -> ComposeResult:
        yield from super().compose()
        with HorizontalGroup(classes="footer-hints"):
            yield FooterHint("f1", "help", "app.help")
            yield FooterHint("^p", "palette", "app.command_palette")

    def on_mount(self) -> None:
        # After every layout of the screen (the keys change with the focus), in front or not.
        self.screen.screen_layout_refresh_signal.subscribe(self, self._leave_out_cut_keys)

    def on_unmount(self) -> None:
        self.screen.screen_layout_refresh_signal.unsubscribe(self)

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < NARROW_WIDTH
        for key in self.query("FooterKey"):  # wider: the next layout measures them again
            key.display = True

    def _leave_out_cut_keys(self, _screen: object = None) -> None:
        """Hide the keys from the first one the help and palette hints would cover."""
        hints = self.query(".footer-hints")
        if not hints:
            return
        edge = hints.first().region.x
        cut = False
        for key in self.query("FooterKey"):
            cut = cut or not key.display or key.region.right > edge
            if key.display == cut:
                key.display = not cut
