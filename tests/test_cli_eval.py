"""`pausepost eval` over several sets: labelled JSONL and a TSV of ordinary posts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pausepost.cli.main import main

ITEMS = [
    {"id": "a", "text": "Proud of my team after a long week.", "verdict": "post"},
    {
        "id": "b",
        "text": "My 4pm client Jenna no-showed again, third time this month 🙄",
        "verdict": "hold",
        "concerns": ["identifiable", "client_specific", "negative"],
        "spans": [{"text": "4pm", "label": "DATE"}, {"text": "Jenna", "label": "NAME"}],
    },
]


def _files(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "set.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in ITEMS), encoding="utf-8")
    tweets = tmp_path / "tweets.txt"
    tweets.write_text("1\t2.1\tSo happy it's Friday :D\n2\t-1.5\tugh traffic again\n", "utf-8")
    return corpus, tweets


@pytest.mark.parametrize("engine", ["hybrid", "rules"])
def test_cli_eval_scores_every_set_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    corpus, tweets = _files(tmp_path)
    assert main(["eval", str(corpus), str(tweets), "--json", "--engine", engine]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {str(corpus), str(tweets)}
    assert out[str(corpus)]["n"] == 2 and out[str(tweets)]["n"] == 2
    # Tweets are gold `post`: the confusion matrix has only post rows.
    assert all(k.startswith("post->") for k in out[str(tweets)]["confusion"])
    assert out[str(corpus)]["confusion"].get("hold->hold") == 1


def test_cli_eval_plain_report_shows_the_confusion_matrix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, _ = _files(tmp_path)
    assert main(["eval", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "confusion (rows gold, columns predicted):" in out
    assert "macro_f1" in out


def test_cli_eval_bad_tsv_is_exit_65(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("no tabs here\n", encoding="utf-8")
    assert main(["eval", str(bad)]) == 65
    assert "line 1" in capsys.readouterr().err


def test_cli_eval_missing_file_is_exit_66(tmp_path: Path) -> None:
    assert main(["eval", str(tmp_path / "nope.jsonl")]) == 66
