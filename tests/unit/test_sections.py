"""The sections table: every field of a postmortem lives in exactly one section."""

from __future__ import annotations

from dataclasses import fields

import pytest

from postmortem_tui.core.model import Postmortem
from postmortem_tui.core.review import pane_of
from postmortem_tui.core.sections import SECTIONS, Section, section_named

#: Fields no section shows: bookkeeping, and what the file keeps but the editor does not know.
NOT_EDITED = {"schema_version", "extra"}
#: Keys a section holds that the file keeps among its unknown keys (`extra`).
IN_EXTRA = {"sections"}


def test_every_edited_field_is_in_exactly_one_section() -> None:
    held = [name for section in SECTIONS for name in section.fields]
    assert len(held) == len(set(held))
    assert set(held) - IN_EXTRA == {f.name for f in fields(Postmortem)} - NOT_EDITED


def test_section_ids_are_unique_and_found_by_id() -> None:
    assert len({s.id for s in SECTIONS}) == len(SECTIONS)
    assert section_named("factors").fields == ("five_whys", "factors")
    with pytest.raises(KeyError):
        section_named("preview")


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.id)
def test_the_review_places_each_field_in_its_section(section: Section) -> None:
    assert all(pane_of(f"{name}[0].text") == section.id for name in section.fields)
