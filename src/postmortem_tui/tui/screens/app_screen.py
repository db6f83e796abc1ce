"""The base of the app's full screens: one typed way to reach the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from ..app import PostmortemApp


class AppScreen(Screen[None]):
    """A screen of `PostmortemApp`; `pm_app` is the app with its own methods typed."""

    @property
    def pm_app(self) -> PostmortemApp:
        return self.app  # type: ignore[return-value]
