"""The workspace on disk: ids, diff-friendly TOML, atomic saves, conflicts, history, trash."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tempfile
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem_tui.core.model import (
    ACTION_KINDS,
    EVIDENCE_KINDS,
    FORMATS,
    LIST_KEYS,
    MAX_FIELD_CHARS,
    MILESTONES,
    PRIORITIES,
    SEVERITIES,
    STATUSES,
    ActionItem,
    Evidence,
    Factor,
    Impact,
    Participant,
    Postmortem,
    TimelineEvent,
    WhyStep,
    from_dict,
)
from postmortem_tui.storage import workspace as storage
from postmortem_tui.storage.workspace import (
    HISTORY_KEEP,
    ConflictError,
    RefError,
    SaveError,
    Workspace,
    dumps,
    load,
    slugify,
)

DATA = Path(__file__).parent.parent / "data"
INCIDENT = date(2026, 1, 30)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "ws").ensure()


def make(workspace: Workspace, title: str = "Queue disk filled") -> storage.LoadedPostmortem:
    return workspace.create(Postmortem(title=title, date=INCIDENT))


def all_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.tmp")]


# --- ids --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Database connection exhaustion", "database-connection-exhaustion"),
        ("Café résumé", "cafe-resume"),
        ("  --Hello,   World!!--  ", "hello-world"),
        ("ﬁle ＡＢＣ ½", "file-abc-12"),
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con"),
        ("", "untitled"),
        ("/", "untitled"),
        ("\\", "untitled"),
        ("\x00\x00", "untitled"),
        ("💥" * 2500, "untitled"),
        ("日本語のタイトル", "untitled"),
        ("line\nbreak\r\n", "line-break"),
        ("a" * 59 + " b", "a" * 59),
        ("x" * 200, "x" * 60),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_slugify_is_always_a_safe_slug(title: str) -> None:
    slug = slugify(title)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 60


def test_taken_ids_get_a_number(workspace: Workspace) -> None:
    paths = [make(workspace, "Café résumé").path for _ in range(3)]
    assert [p.name for p in paths] == [
        "2026-01-30-cafe-resume.toml",
        "2026-01-30-cafe-resume-2.toml",
        "2026-01-30-cafe-resume-3.toml",
    ]
    assert all(storage.is_valid_id(p.stem) for p in paths)


HOSTILE_TITLES = [
    "../../etc/passwd",
    "..",
    "CON",
    "nul\x00byte",
    "💥" * 2500,
    "/",
    "\\",
    "a/b\\c",
    "line\nbreak",
    "/absolute/path",
    "~root",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_stay_inside_the_workspace(workspace: Workspace, title: str) -> None:
    created = make(workspace, title)
    assert created.path.parent == workspace.root
    assert created.path.is_file()
    assert storage.is_valid_id(created.path.stem)
    assert load(created.path).postmortem.title == title


@settings(max_examples=50, deadline=None)
@given(title=st.text(max_size=200))
def test_any_title_creates_a_file_inside_the_workspace(title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(Path(folder) / "property")
        created = make(workspace, title)
        assert created.path.parent == workspace.root
        assert created.path.resolve().parent == workspace.root.resolve()
        assert storage.is_valid_id(created.path.stem)


# --- diff-friendly output -------------------------------------------------------------------


def test_output_is_diff_friendly() -> None:
    pm = Postmortem(
        title="Queue disk filled",
        date=INCIDENT,
        authors=["Platform on-call", "Storage team"],
        summary="First line.\nSecond line.",
        timeline=[
            TimelineEvent(at=datetime(2026, 1, 30, 14, 32, tzinfo=UTC), event="a"),
            TimelineEvent(at=datetime(2026, 1, 30, 14, 40), event="b"),
            TimelineEvent(
                at=datetime(2026, 1, 30, 16, 45, tzinfo=timezone(timedelta(hours=2))), event="c"
            ),
        ],
        actions=[ActionItem(text="one", factors=[1, 2]), ActionItem(text="two")],
    )
    text = dumps(pm)
    lines = text.splitlines()
    assert lines[:3] == ["schema_version = 1", 'title = "Queue disk filled"', "date = 2026-01-30"]
    assert lines.count("[[timeline]]") == 3 and lines.count("[[actions]]") == 2
    assert "at = 2026-01-30T14:32:00Z" in lines
    assert "at = 2026-01-30T14:40:00" in lines
    assert "at = 2026-01-30T16:45:00+02:00" in lines
    assert 'summary = """\nFirst line.\nSecond line."""' in text
    assert '    "Platform on-call",' in lines  # one list value per line
    assert "{" not in text  # no inline tables
    assert dumps(pm) == text


def test_key_order_does_not_depend_on_the_file(tmp_path: Path) -> None:
    shuffled = tmp_path / "shuffled.toml"
    shuffled.write_text(
        'severity = "minor"\ntitle = "t"\nschema_version = 1\n'
        '[[actions]]\ndone = true\ntext = "x"\nkind = "detect"\nid = "a1"\n'
        '[impact]\nuser_facing = "u"\nduration_minutes = 3\n'
    )
    text = dumps(load(shuffled).postmortem)
    assert text == (
        "schema_version = 1\n"
        'title = "t"\n'
        'status = "draft"\n'
        'severity = "minor"\n'
        'format = "full"\n'
        "\n"
        "[impact]\n"
        "duration_minutes = 3\n"
        'user_facing = "u"\n'
        "\n"
        "[[actions]]\n"
        'id = "a1"\n'
        'kind = "detect"\n'
        'text = "x"\n'
        "done = true\n"
    )


def test_control_characters_stay_escaped_in_the_file(workspace: Workspace) -> None:
    created = make(workspace, "clear\x1b[2J csi\x9b31m bell\x07 nel\x85")
    raw = created.path.read_bytes().decode()
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", raw)
    assert "\\u001b[2J" in raw and "\\u009b31m" in raw
    assert load(created.path).postmortem.title == created.postmortem.title


def test_unknown_keys_survive_a_save(tmp_path: Path, workspace: Workspace) -> None:
    path = workspace.root / "2026-01-30-future.toml"
    path.write_text(
        'schema_version = 1\ntitle = "t"\nfuture = "kept"\n'
        '[impact]\nregions = ["eu"]\n'
        '[[actions]]\ntext = "x"\nestimate = "2d"\n[actions.meta]\nsource = "import"\n'
        '[[actions]]\ntext = "y"\n'
    )
    loaded = load(path)
    loaded.postmortem.summary = "edited"
    workspace.save(loaded)
    data = tomllib.loads(path.read_text())
    assert data["future"] == "kept"
    assert data["impact"]["regions"] == ["eu"]
    assert data["actions"][0]["estimate"] == "2d"
    assert data["actions"][0]["meta"] == {"source": "import"}
    assert [a["text"] for a in data["actions"]] == ["x", "y"]
    assert data["summary"] == "edited"


# --- atomic saves ---------------------------------------------------------------------------


def edited(loaded: storage.LoadedPostmortem, summary: str) -> storage.LoadedPostmortem:
    loaded.postmortem.summary = summary
    return loaded


def fail_with_enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("step", ["replace", "fsync"])
def test_a_failed_write_leaves_the_old_file(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    loaded = make(workspace)
    before = loaded.path.read_bytes()
    monkeypatch.setattr(os, step, fail_with_enospc)
    with pytest.raises(SaveError) as caught:
        workspace.save(edited(load(loaded.path), "new text"))
    monkeypatch.undo()
    assert "disk is full" in str(caught.value)
    assert "intact" in str(caught.value)
    assert loaded.path.read_bytes() == before
    assert temp_files(workspace.root) == []


def test_a_failed_final_rename_keeps_old_file_and_history(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = make(workspace)
    before = loaded.path.read_bytes()
    real_replace = os.replace

    def replace(src: str, dst: str | Path) -> None:
        if Path(dst) == loaded.path:
            fail_with_enospc()
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(SaveError) as caught:
        workspace.save(edited(load(loaded.path), "new text"))
    assert str(caught.value).startswith(f"could not save {loaded.path.name}: the disk is full")
    assert loaded.path.read_bytes() == before
    assert temp_files(workspace.root) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_refuses_the_save(workspace: Workspace) -> None:
    loaded = make(workspace)
    before = loaded.path.read_bytes()
    workspace.root.chmod(0o555)
    try:
        with pytest.raises(SaveError) as caught:
            workspace.save(edited(load(loaded.path), "new text"))
    finally:
        workspace.root.chmod(0o755)
    assert "not writable" in str(caught.value)
    assert loaded.path.read_bytes() == before


def test_the_fingerprint_of_a_loaded_file_is_computed_when_asked_for(
    workspace: Workspace,
) -> None:
    loaded = load(make(workspace).path)
    assert loaded.fingerprint == hashlib.sha256(loaded.path.read_bytes()).hexdigest()
    assert loaded == storage.LoadedPostmortem(loaded.path, loaded.postmortem, loaded.fingerprint)
    with pytest.raises(TypeError):
        storage.LoadedPostmortem(loaded.path, loaded.postmortem)


def test_save_writes_the_edit(workspace: Workspace) -> None:
    loaded = make(workspace)
    saved = workspace.save(edited(load(loaded.path), "Broker refused writes."))
    assert load(loaded.path).postmortem.summary == "Broker refused writes."
    assert saved.fingerprint == storage.fingerprint(loaded.path.read_bytes())
    assert temp_files(workspace.root) == []


# --- conflicts and history ------------------------------------------------------------------


def test_a_change_on_disk_is_a_conflict(workspace: Workspace) -> None:
    created = make(workspace)
    mine = load(created.path)
    other = load(created.path)
    workspace.save(edited(other, "written by another session"))
    theirs = created.path.read_bytes()
    with pytest.raises(ConflictError) as caught:
        workspace.save(edited(mine, "mine"))
    assert created.path.name in str(caught.value) and "changed on disk" in str(caught.value)
    assert created.path.read_bytes() == theirs

    workspace.save(mine, force=True)
    assert load(created.path).postmortem.summary == "mine"
    kept = [p.read_bytes() for p in workspace.history(created.path.stem)]
    assert theirs in kept


def test_a_hand_edit_is_a_conflict_too(workspace: Workspace) -> None:
    created = make(workspace)
    loaded = load(created.path)
    hand_edited = created.path.read_bytes() + b"# a comment added in an editor\n"
    created.path.write_bytes(hand_edited)
    with pytest.raises(ConflictError):
        workspace.save(edited(loaded, "mine"))
    assert created.path.read_bytes() == hand_edited


def test_every_save_keeps_the_previous_version(workspace: Workspace) -> None:
    created = make(workspace)
    versions = [created.path.read_bytes()]
    loaded = load(created.path)
    for n in range(3):
        loaded = workspace.save(edited(loaded, f"version {n}"))
        versions.append(created.path.read_bytes())
    history = workspace.history(created.path.stem)
    assert [p.read_bytes() for p in history] == versions[-2::-1]
    assert all(p.parent == workspace.root / ".history" / created.path.stem for p in history)


def test_history_keeps_the_last_twenty(workspace: Workspace) -> None:
    created = make(workspace)
    loaded = load(created.path)
    for n in range(HISTORY_KEEP + 5):
        loaded = workspace.save(edited(loaded, f"version {n}"))
    history = workspace.history(created.path.stem)
    assert len(history) == HISTORY_KEEP
    newest = load(history[0]).postmortem.summary
    oldest = load(history[-1]).postmortem.summary
    # 25 saves kept 25 earlier versions (the new file, versions 0-23); the oldest 5 went.
    assert (newest, oldest) == (f"version {HISTORY_KEEP + 3}", "version 4")


def test_comments_are_lost_on_save_but_kept_in_history(workspace: Workspace) -> None:
    path = workspace.root / "2026-01-30-commented.toml"
    original = b'# written by hand\nschema_version = 1\ntitle = "t"  # the title\n'
    path.write_bytes(original)
    workspace.save(edited(load(path), "s"))
    assert b"#" not in path.read_bytes()
    assert workspace.history(path.stem)[0].read_bytes() == original


def test_restoring_from_history_is_a_copy(workspace: Workspace) -> None:
    created = make(workspace)
    first = created.path.read_bytes()
    workspace.save(edited(load(created.path), "later"))
    shutil.copyfile(workspace.history(created.path.stem)[0], created.path)
    assert created.path.read_bytes() == first


def test_trash_moves_and_never_unlinks(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "unlink", pytest.fail)
    monkeypatch.setattr(os, "remove", pytest.fail)
    first = make(workspace)
    data = first.path.read_bytes()
    target = workspace.trash(first.path)
    assert not first.path.exists()
    assert target.parent == workspace.root / ".trash" and target.read_bytes() == data
    again = make(workspace)  # same id, free again
    assert again.path == first.path
    second_target = workspace.trash(again.path)
    assert second_target != target and target.exists() and second_target.exists()
    assert workspace.files() == []


def test_add_sample_copies_once_and_leaves_the_package_alone(workspace: Workspace) -> None:
    package_copy = resources.files("postmortem_tui.data").joinpath("sample.toml")
    shipped = package_copy.read_bytes()
    path = workspace.add_sample()
    assert path.parent == workspace.root and path.read_bytes() == shipped
    loaded = load(path)
    workspace.save(edited(loaded, "my notes on the sample"))
    assert workspace.add_sample() == path
    assert load(path).postmortem.summary == "my notes on the sample"
    assert package_copy.read_bytes() == shipped
    assert len(workspace.files()) == 1


# --- resolving references -------------------------------------------------------------------


def test_resolve(workspace: Workspace, tmp_path: Path) -> None:
    a = workspace.create(Postmortem(title="Queue disk filled", date=INCIDENT)).path
    b = workspace.create(Postmortem(title="Queue consumer stalled", date=INCIDENT)).path
    c = workspace.create(Postmortem(title="DNS", date=date(2026, 3, 1))).path
    elsewhere = tmp_path / "elsewhere" / "draft.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(a.read_bytes())

    assert workspace.resolve(a.stem) == a
    assert workspace.resolve("2026-03") == c
    assert workspace.resolve("2026-01-30-queue-d") == a
    assert workspace.resolve(str(elsewhere)) == elsewhere
    assert workspace.resolve(str(b)) == b
    assert workspace.resolve(b.name) == b  # a bare file name falls back to the workspace

    with pytest.raises(RefError) as ambiguous:
        workspace.resolve("2026-01-30-queue")
    assert "ambiguous" in str(ambiguous.value)
    assert a.stem in str(ambiguous.value) and b.stem in str(ambiguous.value)
    assert c.stem not in str(ambiguous.value)

    for missing in ("2027", str(tmp_path / "nope.toml"), "x/y"):
        with pytest.raises(RefError):
            workspace.resolve(missing)


# --- scanning a workspace with bad files ----------------------------------------------------


def test_scan_reports_each_bad_file_and_loads_the_good(workspace: Workspace) -> None:
    for fixture in DATA.glob("core-*.toml"):
        shutil.copy(fixture, workspace.root / fixture.name)
    (workspace.root / "core-binary.toml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    (workspace.root / "core-nul.toml").write_bytes(b'schema_version = 1\ntitle = "a\x00"\n')
    huge = "x" * (5 * 1024 * 1024)
    (workspace.root / "core-5mb.toml").write_text(
        f'schema_version = 1\ntitle = "big"\n\n[[factors]]\ntext = "{huge}"\n'
    )
    (workspace.root / "folder.toml").mkdir()
    before = all_files(workspace.root)

    loaded, broken = workspace.scan()

    assert sorted(p.id for p in loaded) == ["core-good", "core-hostile-title"]
    reasons = {b.path.name: (b.error.line, b.error.reason) for b in broken}
    assert reasons["core-malformed.toml"][0] == 3
    assert reasons["core-malformed.toml"][1].startswith("invalid TOML")
    assert reasons["core-wrong-type.toml"] == (
        12,
        "expected a date (YYYY-MM-DD) for 'actions[1].due'",
    )
    assert reasons["core-unknown-enum.toml"][0] == 3
    assert "unknown value 'catastrophic'" in reasons["core-unknown-enum.toml"][1]
    assert reasons["core-schema-99.toml"][0] == 1
    assert "schema_version 99 is newer" in reasons["core-schema-99.toml"][1]
    assert reasons["core-empty.toml"] == (None, "file is empty")
    assert reasons["core-binary.toml"][1].startswith("not UTF-8 text")
    assert "NUL" in reasons["core-nul.toml"][1]
    assert reasons["core-5mb.toml"][0] == 5
    assert "too long" in reasons["core-5mb.toml"][1]
    assert "'factors[0].text'" in reasons["core-5mb.toml"][1]
    assert f"{MAX_FIELD_CHARS:,}" in reasons["core-5mb.toml"][1]
    assert "directory" in reasons["folder.toml"][1]
    for bad in broken:
        assert str(bad.error).startswith(bad.path.name + ": ")
    assert all_files(workspace.root) == before  # scanning changes nothing


def test_a_file_over_the_size_limit_is_refused(workspace: Workspace) -> None:
    path = workspace.root / "huge.toml"
    path.write_bytes(b"# " + b"x" * storage.MAX_FILE_BYTES + b"\n")
    _, broken = workspace.scan()
    assert "too large" in broken[0].error.reason


def test_scan_ignores_history_trash_and_hidden_files(workspace: Workspace) -> None:
    created = make(workspace)
    workspace.save(edited(load(created.path), "v2"))
    workspace.trash(make(workspace, "other").path)
    (workspace.root / ".hidden.toml").write_text("not toml [")
    loaded, broken = workspace.scan()
    assert [item.path for item in loaded] == [created.path] and broken == []


@pytest.mark.parametrize(
    ("option", "env", "expected"),
    [("/opt/a", "/opt/b", "/opt/a"), (None, "/opt/b", "/opt/b")],
)
def test_workspace_path_precedence(
    monkeypatch: pytest.MonkeyPatch, option: str | None, env: str, expected: str
) -> None:
    monkeypatch.setenv(storage.WORKSPACE_ENV, env)
    assert storage.workspace_path(option) == Path(expected)


def test_default_workspace_is_per_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(storage.WORKSPACE_ENV)
    path = storage.workspace_path(None)
    assert path.name == "postmortems" and path.parent.name == "postmortem-tui"


# --- the documented format ------------------------------------------------------------------

FORMAT_DOC = Path(__file__).parent.parent.parent / "docs" / "file-format.md"


def test_documented_example_is_exactly_what_a_save_writes() -> None:
    doc = FORMAT_DOC.read_text()
    example = re.search(r"```toml\n(.*?)```", doc, re.S)
    assert example is not None
    pm = from_dict(tomllib.loads(example.group(1)))
    assert dumps(pm) == example.group(1)
    assert all(item.extra == {} for item in [pm, pm.impact, *pm.actions, *pm.timeline])


def test_documented_keys_match_the_model() -> None:
    doc = FORMAT_DOC.read_text()
    documented = set(re.findall(r"^\| `(\w+)`", doc, re.M))
    known = {"schema_version", "title"}
    for cls in (
        Postmortem,
        Impact,
        Participant,
        TimelineEvent,
        WhyStep,
        Factor,
        ActionItem,
        Evidence,
    ):
        known |= {name for name in cls.__dataclass_fields__ if name != "extra"}
    known -= {"impact", *LIST_KEYS}
    assert documented >= known
    for heading in ("[impact]", *(f"[[{key}]]" for key in LIST_KEYS)):
        assert f"### `{heading}`" in doc
    for values in (
        STATUSES,
        SEVERITIES,
        FORMATS,
        MILESTONES,
        ACTION_KINDS,
        PRIORITIES,
        EVIDENCE_KINDS,
    ):
        for value in values:
            assert f"`{value}`" in doc
