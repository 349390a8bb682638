"""TikTok importer: both JSON layouts, only the user's own writing, DMs left out, damage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import export_fakes as fx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pausepost.cli import exitcodes
from pausepost.cli.main import main
from pausepost.importers import ExportError, NotAnExportError, Problem, iter_items, open_export
from pausepost.importers.unchecked import unchecked_notes

EXPECTED_2024 = [
    ("so true, night shift is rough", "comment", "2024-02-01T10:00:00"),
    (fx.FLAGGED, "comment", "2024-02-02T11:00:00"),
    (fx.BENIGN, "post", "2024-01-10T08:00:00"),
    ("a post I deleted last week", "deleted post", "2024-01-12T09:30:00"),
    (fx.TIKTOK_BIO, "profile bio", None),
    ("hi from the ward", "live comment", "2024-02-10T21:05:00"),
    ("how do you handle 12h shifts?", "live question", "2024-02-10T21:06:00"),
]


def test_current_layout(tmp_path: Path) -> None:
    folder = tmp_path / "TikTok_Data_1700000000"
    fx.tiktok_2024(folder)
    with open_export(fx.zip_dir(folder, tmp_path / "TikTok_Data.zip")) as export:
        items = list(export.items())
        assert export.detected.platforms == ("tiktok",)
        assert export.problems == []
        # an empty comment, a post with no description, the two DMs the user sent
        assert export.empty == 4
    assert [(i.post.text, i.kind, i.post.created_at) for i in items] == EXPECTED_2024
    post = items[2]
    assert post.post.id == "tiktok:7320000000000000001"
    assert post.url == "https://www.tiktokv.com/share/video/7320000000000000001/"
    assert post.post.platform == "tiktok_caption"  # the screener's name for TikTok
    assert post.source == "user_data_tiktok.json"


def test_older_layout(tmp_path: Path) -> None:
    items = list(iter_items(fx.tiktok_2021(tmp_path / "export")))
    assert [(i.post.text, i.kind) for i in items] == [
        ("first comment", "comment"),
        (fx.FLAGGED, "post"),
    ]
    assert items[1].url == "https://www.tiktokv.com/share/video/6950000000000000001/"
    assert items[1].post.created_at == "2021-04-01T08:00:00"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (["Post", "Posts", "VideoList"], "post"),
        (["Video", "Videos", "VideoList"], "post"),
        (["Activity", "Videos", "VideoList"], "post"),
        (["Your Public Activity", "Videos", "VideoList"], "post"),
        (["Post", "Recently Deleted Posts", "PostList"], "deleted post"),
        (["Post", "Recently Deleted Videos", "VideoList"], "deleted post"),
        (["Comment", "CommentsList"], "comment"),
        (["Profile", "Profile Information", "ProfileMap"], "profile bio"),
    ],
)
def test_section_names_seen_in_the_wild(tmp_path: Path, path: list[str], kind: str) -> None:
    obj = {"Title": "words", "comment": "words", "bioDescription": "words"}
    value: object = obj if kind == "profile bio" else [obj]
    for key in reversed(path):
        value = {key: value}
    watched = {"Activity": {"Video Browsing History": {"VideoList": [{"Date": "2021-01-01"}]}}}
    assert isinstance(value, dict)
    doc = {**watched, **value} if path[0] != "Activity" else value
    file = fx.write(tmp_path, "user_data.json", json.dumps(doc))
    with open_export(file) as export:
        assert [(i.post.text, i.kind) for i in export.items()] == [("words", kind)]
        assert export.empty == 0  # watch history is neither read nor counted


def test_videos_listed_without_a_description_are_counted_as_unchecked(tmp_path: Path) -> None:
    videos = [
        {
            "Date": "2020-05-01 10:00:00",
            "VideoLink": "https://www.tiktokv.com/share/video/5/",
            "Likes": "1",
        }
    ] * 2
    path = fx.write(
        tmp_path, "user_data.json", json.dumps({"Video": {"Videos": {"VideoList": videos}}})
    )
    with open_export(path) as export:
        assert list(export.items()) == []
        assert export.empty == 0 and export.problems == []
        notes = unchecked_notes(export.shared)
    assert [(n.what, n.platform, n.count) for n in notes] == [
        ("videos without their description", "tiktok", 2)
    ]


def test_direct_messages_are_never_read(tmp_path: Path) -> None:
    path = fx.tiktok_2024(tmp_path)
    texts = " ".join(i.post.text for i in iter_items(path))
    assert "private" not in texts and "another one" not in texts


def test_lone_file_is_detected(tmp_path: Path) -> None:
    path = fx.tiktok_2024(tmp_path, name="user_data_tiktok.json")
    assert len(list(iter_items(path))) == len(EXPECTED_2024)


def test_truncated_file_keeps_what_was_read(tmp_path: Path) -> None:
    path = fx.tiktok_2024(tmp_path)
    raw = path.read_bytes()
    path.write_bytes(raw[: raw.index(b'"Direct Message"')])
    problems: list[Problem] = []
    items = list(iter_items(path, problems))
    assert [i.post.text for i in items] == [EXPECTED_2024[0][0], EXPECTED_2024[1][0]]
    [problem] = problems
    assert "user_data_tiktok.json" in problem.message and "ends early" in problem.message
    assert fx.FLAGGED not in problem.message


def test_items_of_an_unexpected_shape_are_counted(tmp_path: Path) -> None:
    data = {"Comment": {"Comments": {"CommentsList": ["a bare string", {"comment": "kept"}]}}}
    path = fx.write(tmp_path, "user_data_tiktok.json", json.dumps(data))
    problems: list[Problem] = []
    assert [i.post.text for i in iter_items(path, problems)] == ["kept"]
    assert [p.skipped for p in problems] == [1]


def test_txt_export_gets_advice(tmp_path: Path) -> None:
    fx.write(tmp_path / "TikTok", "Activity/Like List.txt", "Date: 2024-01-01\nLink: x\n")
    with pytest.raises(NotAnExportError, match="TikTok's TXT export"):
        list(iter_items(tmp_path / "TikTok"))


def test_audit_finds_the_flagged_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / "config"))
    out = tmp_path / "out"
    code = main(
        [
            "audit",
            str(fx.tiktok_2024(tmp_path / "export")),
            "--out",
            str(out),
            "--jobs",
            "1",
            "--no-cache",
        ]
    )
    captured = capsys.readouterr()
    assert code in (exitcodes.HOLD, exitcodes.REVISE)
    assert "from TikTok" in captured.out
    assert fx.FLAGGED not in captured.out + captured.err
    posts = json.loads((out / "report.json").read_text())["posts"]
    flagged = next(p for p in posts if p["text"] == fx.FLAGGED)
    assert flagged["verdict"] in ("hold", "revise") and flagged["kind"] == "comment"


_KEYS = st.sampled_from(
    [
        "Post",
        "Posts",
        "Video",
        "Videos",
        "VideoList",
        "Comment",
        "Comments",
        "CommentsList",
        "Profile",
        "Profile Info",
        "ProfileMap",
        "Title",
        "Desc",
        "comment",
        "Date",
        "Link",
        "bioDescription",
        "Direct Message",
        "ChatHistory",
        "From",
    ]
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=_JSON)
def test_any_json_shape(tmp_path: Path, value: object) -> None:
    folder = tmp_path / "fuzz"
    shutil.rmtree(folder, ignore_errors=True)
    fx.write(folder, "user_data_tiktok.json", json.dumps(value))
    problems: list[Problem] = []
    try:
        items = list(iter_items(folder, problems))
    except ExportError:
        return
    assert all(isinstance(i.post.text, str) and i.post.text.strip() for i in items)
    assert not any("please report it" in p.message for p in problems)
