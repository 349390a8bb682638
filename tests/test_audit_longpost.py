"""Issue 13, item 3: a post over MAX_CHARS is screened in overlapping parts, never passed
unchecked; a post the audit cannot screen makes the run say so (report, stdout, exit 65)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import audit_fakes
import export_fakes as fx
import pytest

from pausepost.audit import audit_export, longpost
from pausepost.audit.longpost import OVERLAP, screen_in_parts, windows
from pausepost.audit.parallel import screen_chunk
from pausepost.cli import exitcodes
from pausepost.cli.main import main
from pausepost.core.inputs import MAX_CHARS, validate_text
from pausepost.core.types import Assessment, ImageRef, Post
from pausepost.errors import InputError

FILLER = "We walked by the river and the light was soft on the water this morning. "
STORY = "My client Rosa cried about her divorce again today."


class LimitedScreener(audit_fakes.FakeScreener):
    """The fake, refusing what the real screener refuses (over MAX_CHARS, binary)."""

    def screen(self, post: Post) -> Assessment:
        validate_text(post.text)
        return super().screen(post)


def limited_factory() -> LimitedScreener:
    return LimitedScreener()


def _long_text(n: int, story_at: int) -> str:
    """About `n` characters of paragraphs of filler, with STORY starting near `story_at`."""
    para = FILLER * 6 + "\n\n"
    head = (para * (story_at // len(para) + 1))[:story_at]
    tail = para * ((n - story_at) // len(para) + 1)
    return head + STORY + "\n\n" + tail[: max(0, n - story_at - len(STORY) - 2)]


def _x_export(root: Path, texts: list[str]) -> Path:
    tweets = [
        fx.tweet(str(i + 1), t, "Sat Feb 21 10:00:00 +0000 2021") for i, t in enumerate(texts)
    ]
    fx.write(root, "data/tweets.js", fx.ytd("tweets.part0", tweets))
    return root


@pytest.mark.parametrize("n", [MAX_CHARS + 1, 140_000, 400_000])
def test_windows_cover_the_post_in_bounded_overlapping_parts(n: int) -> None:
    text = _long_text(n, n // 2)
    parts = windows(text)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(0 < end - start <= MAX_CHARS for start, end in parts)
    for (s1, e1), (s2, _e2) in itertools.pairwise(parts):
        assert s1 < s2 < e1 and e1 - s2 <= OVERLAP  # overlapping, always moving on
        assert text[e1 - 2 : e1] == "\n\n"  # a part ends at a paragraph break
        assert text[s2 - 1] == " " or text[s2 - 1] == "\n"  # the next starts at a sentence
    # No break anywhere (one enormous word): still bounded and whole.
    parts = windows("x" * 200_000)
    assert all(end - start <= MAX_CHARS for start, end in parts)
    assert parts[-1][1] == 200_000


@pytest.mark.parametrize("workers", [1, 2])
def test_a_story_past_max_chars_is_found_and_marked_in_the_whole_post(
    tmp_path: Path, workers: int
) -> None:
    """The attacker's probe: the story sits after character 65,536 of one long post."""
    text = _long_text(140_000, story_at=100_000)
    export = _x_export(tmp_path / "export", [text, "Lovely walk today"])
    out = tmp_path / "out"
    summary = audit_export(export, out, factory=limited_factory, workers=workers)
    assert summary.not_screened == 0 and summary.held == 1 and summary.in_parts == 1
    posts = {p["id"]: p for p in json.loads((out / "report.json").read_text())["posts"]}
    long_post = posts["x:1"]
    assert long_post["verdict"] == "hold" and long_post["action"] == "delete"
    assert long_post["screened_in_parts"] == 3
    at = text.index("Rosa")
    assert at > MAX_CHARS
    assert [(s["start"], s["end"], s["text"]) for s in long_post["spans"]] == [
        (at, at + 4, "Rosa")
    ]  # found once, though parts overlap; offsets in the whole post
    assert long_post["rewrite"] is None  # a rewrite of one part is not the post's rewrite
    html = (out / "report.html").read_text()
    assert "<mark title='NAME'>Rosa</mark>" in html and "screened in 3 overlapping parts" in html
    assert "could not be screened" not in html and "NOT checked" not in html


def test_a_story_across_a_cut_is_read_whole_by_the_overlap() -> None:
    story = " Rosa, my client, "
    # No paragraph or sentence anywhere: the cut falls at a space inside the story.
    text = "x" * (MAX_CHARS - 8) + story + "y" * 30_000
    (_s, first_end), (second_start, _e) = windows(text)
    assert text.index("Rosa") < first_end < text.index("client")  # the story is cut...
    seen: list[str] = []

    class Recording(LimitedScreener):
        def screen(self, post: Post) -> Assessment:
            seen.append(post.text)
            return super().screen(post)

    result = screen_chunk(Recording(), [Post(text=text, id="p")])[0]
    assert any("Rosa, my client" in part for part in seen)  # ...and read whole in part 2
    assert second_start <= text.index("Rosa")
    assert result["verdict"] == "hold"
    at = text.index("Rosa")
    assert [(s["start"], s["text"]) for s in result["spans"]] == [(at, "Rosa")]


def test_a_part_that_cannot_be_screened_makes_the_post_revise_and_says_so() -> None:
    good = _long_text(70_000, story_at=60_000).replace("Rosa", "R.").replace("client", "day")
    bad = "\x01\x02 " * 30_000  # binary-looking tail
    result = screen_in_parts(
        good + "\n\n" + bad, lambda _i, t: LimitedScreener().screen(Post(text=t)).to_dict()
    )
    assert result["verdict"] == "revise"
    assert any("not screened: the draft looks like binary data" in e for e in result["errors"])
    assert result["reasons"][-1]["code"] == "part_not_screened"
    assert screen_in_parts(bad * 2, lambda _i, t: (_ for _ in ()).throw(InputError("no")))[
        "error"
    ].endswith("not screened: no")


def test_a_long_post_with_photos_is_screened_in_parts_with_images(tmp_path: Path) -> None:
    text = _long_text(100_000, story_at=80_000)
    post = Post(text=text, id="p", images=(ImageRef(path=str(tmp_path / "gone.jpg")),))
    result = screen_chunk(LimitedScreener(), [post], images=True)[0]
    assert result["verdict"] == "hold" and result["screened_in_parts"] == 2
    assert "error" not in result


def test_a_post_nobody_could_screen_never_looks_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused post (binary-looking): named at the top of the report, on stdout, exit 65."""
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / "config"))
    export = _x_export(tmp_path / "export", ["Lovely walk today", "ok \x01\x02\x03" * 20])
    out = tmp_path / "out"
    code = main(["audit", str(export), "--out", str(out), "--jobs", "1", "--no-cache"])
    captured = capsys.readouterr()
    assert code == exitcodes.DATA
    assert "NOT CHECKED: 1 post(s)" in captured.out and "not checked" in captured.err
    html = (out / "report.html").read_text()
    banner = html.index("id='not-screened'")
    assert banner < html.index("class='cards'")  # at the top, before any count
    assert "1 post(s) were NOT checked" in html and "x:2" in html[banner:]
    summary = json.loads((out / "report.json").read_text())["summary"]
    assert summary["not_screened"] == 1 and summary["not_screened_posts"][0]["id"] == "x:2"
    assert "\x01" not in json.dumps(summary["not_screened_posts"])  # never the text itself


def test_real_screener_holds_a_story_hidden_past_max_chars(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end with the real screener: before, exit 0 and "nothing flagged"."""
    monkeypatch.setenv("PAUSEPOST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path / "config"))
    text = _long_text(100_000, story_at=90_000).replace(STORY, fx.FLAGGED)
    export = _x_export(tmp_path / "export", [text])
    out = tmp_path / "out"
    code = main(["audit", str(export), "--out", str(out), "--jobs", "1", "--no-cache"])
    captured = capsys.readouterr()
    assert code == exitcodes.HOLD, captured.out + captured.err
    assert "screened in overlapping parts" in captured.out
    post = json.loads((out / "report.json").read_text())["posts"][0]
    assert post["verdict"] == "hold" and post["screened_in_parts"] == 2
    assert all(s["text"] == text[s["start"] : s["end"]] for s in post["spans"])
    assert any(s["start"] > MAX_CHARS for s in post["spans"])


def test_a_post_past_the_parts_limit_is_screened_as_far_as_it_goes_and_never_fine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(longpost, "MAX_PARTS", 2)
    text = (FILLER * 6 + "\n\n") * 300  # about 270,000 characters, nothing to flag
    seen: list[int] = []

    def screen_part(index: int, part: str) -> dict[str, object]:
        seen.append(index)
        return LimitedScreener().screen(Post(text=part)).to_dict()

    result = longpost.screen_in_parts(text, screen_part)
    assert seen == [0, 1]
    assert result["verdict"] == "revise"  # every part read was fine: the rest was not read
    assert any("not screened: the post is longer than Pause screens" in e for e in result["errors"])
