from pausepost import Post, Screener, Verdict


def test_screener_returns_a_verdict_for_plain_text() -> None:
    a = Screener.default().screen(Post(text="Sunday reset: long walk, phone off."))
    assert a.verdict in set(Verdict)
    assert a.to_dict()["verdict"] == a.verdict.value
