"""The table of export formats and the one function that writes an export to a file."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path, PurePath

import pytest

from postmortem_tui.cli.main import main
from postmortem_tui.core.export import FORMATS, JSON, MARKDOWN, format_for_path
from postmortem_tui.core.model import ActionItem, Postmortem, new_postmortem
from postmortem_tui.core.review import Finding
from postmortem_tui.storage.exports import write_export
from postmortem_tui.storage.workspace import SaveError, Workspace, load

TODAY = date(2026, 2, 10)
FINDING = Finding(
    rule_id="blame-language",
    severity="warning",
    field="summary",
    span=None,
    message="names a person",
    suggestion="describe the system",
)


def late_action_postmortem() -> Postmortem:
    pm = new_postmortem("Queue disk filled", incident_date=date(2026, 1, 30))
    pm.actions.append(ActionItem(text="Alert at 70% disk", due=date(2026, 2, 1)))
    return pm


def test_every_format_has_a_unique_name_and_suffix() -> None:
    assert list(FORMATS) == ["markdown", "json", "html"]  # the command line's default first
    assert all(name == f.name for name, f in FORMATS.items())
    suffixes = [f.suffix for f in FORMATS.values()]
    assert len(set(suffixes)) == len(suffixes) and all(s.startswith(".") for s in suffixes)


@pytest.mark.parametrize("export_format", list(FORMATS.values()), ids=list(FORMATS))
def test_every_format_renders_with_today_and_findings(export_format) -> None:  # type: ignore[no-untyped-def]
    pm = late_action_postmortem()
    text = export_format.render(pm, today=TODAY, findings=[FINDING])
    assert text.endswith("\n") and "Queue disk filled" in text
    assert ("names a person" in text) == export_format.shows_findings
    assert export_format.render(pm, today=TODAY) == export_format.render(
        pm, today=TODAY, findings=None
    )


def test_markdown_marks_overdue_items_and_json_counts_them() -> None:
    pm = late_action_postmortem()
    assert "(**overdue**)" in MARKDOWN.render(pm, today=TODAY)
    assert json.loads(JSON.render(pm, today=TODAY))["derived"]["overdue_actions"] == 1


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("out/x.json", JSON),
        ("X.JSON", JSON),
        ("x.md", MARKDOWN),
        ("x.txt", MARKDOWN),
        ("x", MARKDOWN),
    ],
)
def test_format_for_path_reads_the_suffix(path: str, expected: object) -> None:
    assert format_for_path(PurePath(path)) is expected


def test_write_export_makes_the_folder_and_writes_atomically(tmp_path: Path) -> None:
    target = tmp_path / "exports" / "deep" / "queue.json"
    write_export(late_action_postmortem(), target, JSON, today=TODAY)
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "Queue disk filled"
    assert sorted(os.listdir(target.parent)) == ["queue.json"]  # no temp file left behind
    write_export(late_action_postmortem(), target, JSON, today=None)
    assert json.loads(target.read_text(encoding="utf-8"))["derived"]["as_of"] is None


def test_write_export_without_create_folder_names_the_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "queue.md"
    with pytest.raises(SaveError, match=r"the folder .*missing does not exist"):
        write_export(late_action_postmortem(), target, today=TODAY, create_folder=False)
    assert not target.parent.exists()


def test_write_export_reports_a_folder_it_cannot_make(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("in the way\n")
    with pytest.raises(SaveError, match=r"could not save queue\.md"):
        write_export(late_action_postmortem(), tmp_path / "a-file" / "queue.md", today=TODAY)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def sample_id(workspace_path: Path) -> str:
    return Workspace(workspace_path).ensure().add_sample().stem


def test_cli_export_writes_each_format(workspace_path: Path, tmp_path: Path) -> None:
    ref = sample_id(workspace_path)
    for name, export_format in FORMATS.items():
        target = tmp_path / f"one{export_format.suffix}"
        assert run("export", ref, "--format", name, "-o", str(target)) == (0, "")
        code, printed = run("export", ref, "--format", name)
        assert code == 0 and printed == target.read_text(encoding="utf-8")
    assert json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))["derived"]


def test_cli_export_all_uses_the_format_suffix(workspace_path: Path, tmp_path: Path) -> None:
    ref = sample_id(workspace_path)
    code, printed = run("export", "--all", "--format", "json", "-o", str(tmp_path / "out"))
    assert (code, printed.startswith("exported 1 postmortem(s)")) == (0, True)
    assert os.listdir(tmp_path / "out") == [f"{ref}.json"]


def test_cli_with_review_appends_findings_to_markdown_only(workspace_path: Path) -> None:
    ref = sample_id(workspace_path)
    assert "## Review Findings" in run("export", ref, "--with-review")[1]
    assert "Review Findings" not in run("export", ref, "--with-review", "--format", "json")[1]


def test_cli_refuses_an_unknown_format(
    workspace_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ref = sample_id(workspace_path)
    assert run("export", ref, "--format", "yaml")[0] == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'yaml' (choose from 'markdown', 'json', 'html')" in err


# --- an export never replaces the workspace's own files (issue 10, defect 9) -----------------


def two_postmortems(workspace_path: Path) -> tuple[Workspace, Path, Path]:
    workspace = Workspace(workspace_path).ensure()
    sample = workspace.add_sample()
    other = workspace.create(new_postmortem("Cache eviction storm", incident_date=date(2026, 4, 1)))
    return workspace, sample, other.path


@pytest.mark.parametrize(
    "target",
    [
        "OTHER",
        ".history/SAMPLE_ID/20260101T000000000000Z.toml",
        ".trash/old.toml",
        "postmortem.toml",
        ".index.json",
    ],
)
def test_cli_export_refuses_to_replace_a_workspace_file(
    workspace_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace, sample, other = two_postmortems(workspace_path)
    path = workspace.root / target.replace("SAMPLE_ID", sample.stem)
    if target == "OTHER":
        path = other
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text("kept = true\n")
    before = path.read_bytes()
    code, _ = run("export", sample.stem, "-o", str(path), "--workspace", str(workspace.root))
    assert code == 2
    assert "refusing to write an export over" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_write_export_refuses_a_postmortem_through_a_relative_path(
    workspace_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, sample, other = two_postmortems(workspace_path)
    monkeypatch.chdir(workspace.root)
    before = other.read_bytes()
    with pytest.raises(SaveError, match="it is a postmortem"):
        write_export(load_pm(sample), Path(other.name), today=TODAY, workspace=workspace)
    assert other.read_bytes() == before
    write_export(load_pm(sample), Path("notes.md"), today=TODAY, workspace=workspace)
    assert (workspace.root / "notes.md").is_file()  # other files in the workspace are fine


def load_pm(path: Path) -> Postmortem:
    return load(path).postmortem
