"""Every dialog declares its keys like the screens: an ACTIONS table of UserAction feeding
BINDINGS, the help screen and the palette; no key is handled any other way."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.screen import ModalScreen

import postmortem_tui.tui.forms as forms
from postmortem_tui.tui.forms.conflict import ConflictDialog
from postmortem_tui.tui.forms.export_path import ExportPathDialog
from postmortem_tui.tui.forms.goto_pane import GoToPaneDialog
from postmortem_tui.tui.keys import UserAction, bindings_for


def dialogs() -> list[type[ModalScreen]]:
    found: list[type[ModalScreen]] = []
    for module_info in pkgutil.iter_modules(forms.__path__):
        module = importlib.import_module(f"{forms.__name__}.{module_info.name}")
        found.extend(
            cls
            for _name, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, ModalScreen) and cls.__module__ == module.__name__
        )
    return found


def test_the_forms_hold_every_dialog() -> None:
    names = {cls.__name__ for cls in dialogs()}
    assert {"ConflictDialog", "GoToPaneDialog", "ExportPathDialog", "ItemForm"} <= names
    assert len(names) >= 6


@pytest.mark.parametrize("dialog", dialogs(), ids=lambda cls: cls.__name__)
def test_each_dialog_binds_exactly_its_action_table(dialog: type[ModalScreen]) -> None:
    actions = dialog.__dict__.get("ACTIONS")
    assert actions, f"{dialog.__name__} has no ACTIONS table of its own"
    assert all(isinstance(action, UserAction) for action in actions)
    assert dialog.__dict__["BINDINGS"] == bindings_for(actions)
    assert "on_key" not in dialog.__dict__, "keys are bound through ACTIONS, not on_key"


def field_keys(prefix: str) -> dict[str, str]:
    return {f"{prefix}.next_field": "tab", f"{prefix}.previous_field": "shift+tab"}


@pytest.mark.parametrize("dialog", dialogs(), ids=lambda cls: cls.__name__)
def test_tab_moves_the_focus_before_the_next_key_in_every_dialog(
    dialog: type[ModalScreen],
) -> None:
    # Priority: run as the app reads the key, so keys typed ahead follow the focus.
    moves = {a.keys: a for a in dialog.__dict__["ACTIONS"] if a.keys in ("tab", "shift+tab")}
    assert set(moves) == {"tab", "shift+tab"}
    assert all(action.priority for action in moves.values())
    assert moves["tab"].action == "app.focus_next"
    assert moves["shift+tab"].action == "app.focus_previous"


@pytest.mark.parametrize(
    ("dialog", "keys"),
    [
        (
            ConflictDialog,
            {
                "conflict.reload": "r",
                "conflict.copy": "c",
                "conflict.later": "escape,l",
                **field_keys("conflict"),
            },
        ),
        (ExportPathDialog, {"export.cancel": "escape", **field_keys("export")}),
        (
            GoToPaneDialog,
            {
                "goto.cancel": "escape",
                **{f"goto.number_{n}": str(n) for n in range(1, 10)},
                **field_keys("goto"),
            },
        ),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else "",
)
def test_the_dialogs_keep_their_keys(dialog: type[ModalScreen], keys: dict[str, str]) -> None:
    assert {a.id: a.keys for a in dialog.__dict__["ACTIONS"]} == keys
