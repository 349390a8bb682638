"""The note to a colleague: kind, specific about the concern, never quoting details."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from web_support import CONSENT, RISKY, SAFE, FakeScreener

from pausepost.cli.main import main
from pausepost.core.nudge import CONCERN_LINES, compose_note
from pausepost.core.types import Concern, Post, Verdict


def test_nudge_names_concern_without_quoting_details() -> None:
    a = FakeScreener().screen(Post(text=RISKY))
    note = compose_note(a, colleague="Sam", sender="Alex")
    assert note.needed and note.verdict is Verdict.HOLD
    for span in a.to_dict()["spans"]:
        assert span["text"] not in note.text
    assert CONCERN_LINES[Concern.IDENTIFIABLE] in note.text
    assert CONCERN_LINES[Concern.MOCKING] in note.text
    assert note.text.startswith("Hi Sam,") and note.text.endswith("Alex")
    assert "taking it down" in note.text and "talk it through" in note.text


def test_nudge_revise_suggests_a_small_edit() -> None:
    note = compose_note(FakeScreener().screen(Post(text=CONSENT)))
    assert note.needed and "small edit" in note.text and note.text.startswith("Hi,")


def test_nudge_not_needed_for_a_fine_post() -> None:
    note = compose_note(FakeScreener().screen(Post(text=SAFE)))
    assert not note.needed and note.concerns == ()


@pytest.mark.parametrize("text", [RISKY, "Proud of my 16yo client Jaden at Lakeside High today"])
def test_nudge_never_echoes_long_runs_of_the_post(text: str) -> None:
    note = compose_note(FakeScreener().screen(Post(text=text))).text
    words = text.split()
    for i in range(len(words) - 2):
        assert " ".join(words[i : i + 3]) not in note


@pytest.fixture(autouse=True)
def no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAUSEPOST_CONFIG_DIR", str(tmp_path))


def test_nudge_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["nudge", "--json", "--to", "Sam", SAFE])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"needed", "subject", "note", "verdict", "concerns"}


def test_nudge_cli_text_and_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nudge", RISKY]) == 0
    out = capsys.readouterr().out
    assert "Rosa" not in out
    assert main(["nudge", "   "]) == 65


def test_nudge_cli_argument_mistake_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text(SAFE, encoding="utf-8")
    assert main(["nudge", SAFE, "-f", str(draft)]) == 2
    assert "not both" in capsys.readouterr().err
