"""`postmortem import FILE.md...` and the team template in `postmortem.toml`."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from postmortem_tui.cli.main import main
from postmortem_tui.core.export.json import to_json
from postmortem_tui.core.export.markdown import to_markdown
from postmortem_tui.core.model import Postmortem
from postmortem_tui.core.review import review
from postmortem_tui.core.team_sections import SectionSpec, section_text, set_section_text
from postmortem_tui.storage.review_settings import load_review_config, load_team_template
from postmortem_tui.storage.workspace import Workspace, dumps, load

DATA = Path(__file__).parent.parent / "data" / "import_md"
TEMPLATE = """
[[sections]]
id = "customer_communication"
title = "Customer communication"
prompt = "What did we tell customers, when, and where?"
required = true

[[sections]]
id = "security_review"
title = "Security review"
"""


def postmortem_files(workspace: Path) -> list[Path]:
    return [p for p in workspace.glob("*.toml") if p.name != "postmortem.toml"]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_import_creates_one_postmortem_per_file(workspace_path: Path) -> None:
    files = sorted(str(p) for p in DATA.glob("*.md"))
    code, out = run("import", *files)
    assert code == 0
    assert len(list(postmortem_files(workspace_path))) == 3
    assert out.splitlines()[-1] == "imported 3 postmortem(s)"
    assert "Follow-ups → action items" in out
    for path in postmortem_files(workspace_path):
        assert load(path).postmortem.actions


def test_dry_run_writes_nothing(workspace_path: Path) -> None:
    code, out = run("import", "--dry-run", str(DATA / "minimal.md"))
    assert code == 0 and "(dry run)" in out
    assert not workspace_path.exists() or not list(postmortem_files(workspace_path))


def test_a_bad_file_is_refused_in_one_line_and_the_others_still_import(
    workspace_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "dump.md"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    plain = tmp_path / "notes.md"
    plain.write_text("no heading here\n")
    code, out = run("import", str(binary), str(DATA / "minimal.md"), str(plain), "missing.md")
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 3
    assert "Traceback" not in err
    assert len(list(postmortem_files(workspace_path))) == 1
    assert out.splitlines()[-1] == "imported 1 postmortem(s); 3 file(s) refused"


def test_a_team_section_in_the_template_is_placed_on_import(
    workspace_path: Path, tmp_path: Path
) -> None:
    workspace_path.mkdir()
    (workspace_path / "postmortem.toml").write_text(TEMPLATE)
    doc = tmp_path / "doc.md"
    doc.write_text("# Login errors\n\n## Customer communication\n\nStatus page at 10:05.\n")
    code, _ = run("import", str(doc))
    assert code == 0
    (path,) = postmortem_files(workspace_path)
    pm = load(path).postmortem
    assert section_text(pm, "customer_communication") == "Status page at 10:05."
    assert not pm.appendix


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[[sections]]\ntitle = 'x'\n", "sections[0].id"),
        ("[[sections]]\nid = '9x'\ntitle = 'x'\n", "sections[0].id"),
        ("[[sections]]\nid = 'a'\ntitle = ''\n", "sections[0].title"),
        ("[[sections]]\nid = 'a'\ntitle = 'x'\nrequired = 'yes'\n", "sections[0].required"),
        ("[[sections]]\nid = 'a'\ntitle = 'x'\ncolour = 1\n", "sections[0].colour"),
        (
            "[[sections]]\nid = 'a'\ntitle = 'x'\n[[sections]]\nid = 'a'\ntitle = 'y'\n",
            "sections[1].id",
        ),
        ("[template]\nfull = ['summary', 'sidebar']\n", "template.full[1]"),
        ("[template]\nbrief = []\n", "template.brief"),
    ],
)
def test_a_bad_template_is_one_line_naming_the_key_and_exit_2(
    workspace_path: Path, capsys: pytest.CaptureFixture[str], text: str, key: str
) -> None:
    workspace_path.mkdir()
    (workspace_path / "postmortem.toml").write_text(text)
    code, _ = run("import", str(DATA / "minimal.md"))
    err = capsys.readouterr().err
    assert code == 2
    assert f": {key}: " in err and len(err.strip().splitlines()) == 1
    assert not list(postmortem_files(workspace_path))
    code, _ = run("lint", "--all")
    assert code == 2


def test_team_sections_round_trip_in_the_file_and_unknown_ones_are_kept(
    workspace_path: Path,
) -> None:
    workspace_path.mkdir()
    (workspace_path / "postmortem.toml").write_text(TEMPLATE)
    template = load_team_template(workspace_path)
    assert [s.id for s in template.sections] == ["customer_communication", "security_review"]
    pm = Postmortem(title="t", extra={"sections": {"retired": {"title": "Old", "text": "kept"}}})
    set_section_text(pm, template.sections[0], "Emailed customers at 10:05.")
    created = Workspace(workspace_path).create(pm)
    back = load(created.path).postmortem
    assert dumps(back) == dumps(pm)
    assert section_text(back, "retired") == "kept"
    assert "[sections.customer_communication]" in dumps(back)


def test_team_sections_are_kept_in_the_template_s_order() -> None:
    first, second = SectionSpec("a", "A"), SectionSpec("b", "B")
    pm = Postmortem(title="t", extra={"sections": {"old": {"title": "Old", "text": "x"}}})
    set_section_text(pm, second, "typed first", order=["a", "b"])
    set_section_text(pm, first, "typed second", order=["a", "b"])
    assert list(pm.extra["sections"]) == ["a", "b", "old"]
    set_section_text(pm, first, "", order=["a", "b"])
    assert list(pm.extra["sections"]) == ["b", "old"]


def test_exports_include_team_sections_in_order() -> None:
    pm = Postmortem(title="t")
    set_section_text(pm, SectionSpec("b", "Security review"), "No data exposed.")
    set_section_text(pm, SectionSpec("a", "Customer communication"), "Status page.")
    markdown = to_markdown(pm)
    assert markdown.index("## Security review") < markdown.index("## Customer communication")
    assert markdown.index("## Customer communication") < markdown.index("## Appendix")
    pm.format = "quick"
    assert "**Customer communication:** Status page." in to_markdown(pm)
    assert '"Customer communication"' in to_json(pm)


def test_the_review_reports_a_required_team_section_left_empty(workspace_path: Path) -> None:
    workspace_path.mkdir()
    (workspace_path / "postmortem.toml").write_text(TEMPLATE)
    config = load_review_config(workspace_path)
    pm = Postmortem(title="t")
    findings = [f for f in review(pm, today=date(2026, 1, 1), config=config)]
    (empty,) = [f for f in findings if f.rule_id == "empty-team-section"]
    assert empty.field == "sections.customer_communication"
    assert "Customer communication" in empty.message
    set_section_text(pm, SectionSpec("customer_communication", "Customer communication"), "x")
    findings = review(pm, today=date(2026, 1, 1), config=config)
    assert "empty-team-section" not in {f.rule_id for f in findings}


def test_terminal_escapes_in_a_file_never_reach_the_terminal_or_the_postmortem(
    workspace_path: Path, tmp_path: Path
) -> None:
    doc = tmp_path / "hostile.md"
    doc.write_text("# Queue \x1b[31mfull\n\n## Det\u202eection\n\nThe alert \x1b]8;;x\x07fired.\n")
    code, out = run("import", str(doc))
    assert code == 0
    assert "\x1b" not in out and "\u202e" not in out
    (path,) = postmortem_files(workspace_path)
    pm = load(path).postmortem
    assert "\x1b" not in pm.title + pm.appendix
    assert "The alert ]8;;xfired." in pm.appendix
