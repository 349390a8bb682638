"""The Screener: detectors -> findings -> policy -> assessment -> rewrite."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from pausepost.config import Config
from pausepost.core.analysis import build_context
from pausepost.core.inputs import validate_text
from pausepost.core.language import UNREAD_ADVICE
from pausepost.core.normalize import Normalized, normalize
from pausepost.core.policy import decide
from pausepost.core.questions import advice_for, questions_for
from pausepost.core.registry import load_detectors, load_judge
from pausepost.core.rewrite import DEFAULT_LINE, rewrite_candidates
from pausepost.core.types import (
    Assessment,
    Audience,
    Context,
    Detector,
    EngineInfo,
    Finding,
    Judge,
    Post,
    Verdict,
)
from pausepost.errors import InputError

ENGINE_VERSION = "0.2.0"  # 0.2: normalized text, language by model: cached verdicts are stale


class Screener:
    """Screens posts. Build once (detectors are loaded then), call `screen` many times."""

    def __init__(
        self,
        detectors: Sequence[Detector],
        *,
        config: Config | None = None,
        judge: Judge | None = None,
    ) -> None:
        self._detectors = tuple(detectors)
        self._judge = judge
        self._config = config or Config()
        self._rewrite_ok: dict[tuple[str, str | None, Audience | None], bool] = {}
        self.engine = EngineInfo(
            name="pausepost",
            version=ENGINE_VERSION,
            detectors=tuple(f"{d.name}@{d.version}" for d in self._detectors)
            + ((f"{judge.name}@{judge.version}",) if judge is not None else ()),
        )

    @classmethod
    def default(
        cls, config: Config | None = None, *, include_plugins: bool = True, rules_only: bool = False
    ) -> Screener:
        """Rules and the learned model (raises `ModelError` if the model is missing or
        corrupt: fail closed). `rules_only` leaves the model out, for comparisons."""
        judge = None if rules_only else load_judge()
        return cls(load_detectors(include_plugins=include_plugins), config=config, judge=judge)

    @property
    def config(self) -> Config:
        return self._config

    def screen(self, post: Post) -> Assessment:
        """Screen one post. Raises `InputError` for input that cannot be screened."""
        validate_text(post.text)
        return self._screen(post, with_rewrite=True)

    def rule_findings(self, post: Post, ctx: Context, errors: list[str]) -> list[Finding]:
        """What the detectors (the rules) find, before the judge reviews it."""
        findings: list[Finding] = []
        for det in self._detectors:
            try:
                found = list(det.detect(post, ctx))
            except Exception as exc:  # fail closed: any detector crash forbids `post`
                errors.append(f"{det.name}: {type(exc).__name__}")
                continue
            findings.extend(_checked(det, found, len(post.text), errors))
        return findings

    def _screen(self, post: Post, *, with_rewrite: bool) -> Assessment:
        # Detectors and the model read plain letters; findings point back into what was typed.
        norm = normalize(post.text)
        work = post
        if norm.changed or post.extra_text:
            work = replace(
                post,
                text=norm.text,
                extra_text=tuple((k, normalize(v).text) for k, v in post.extra_text),
            )
        ctx = build_context(work, self._config)
        errors: list[str] = []
        findings = self.rule_findings(work, ctx, errors)
        if self._judge is not None:
            # A rewrite's re-screen needs the verdict only, not the words behind each flag.
            findings = self._judged(work, ctx, findings, errors, explain=with_rewrite)
        findings.sort(key=Finding.sort_key)
        decision = decide(work, findings, ctx, errors=errors)
        text_rewrite = None
        if with_rewrite and decision.verdict is not Verdict.POST and decision.language_checked:
            flagged = tuple(
                work.text[f.start : f.end].lower()
                for f in decision.findings
                if f.label is not None and f.start is not None and f.end is not None
            )
            candidates = [
                c
                for c in rewrite_candidates(work, decision, ctx)
                if not any(w and w in c.lower() for w in flagged)  # no flagged word survives
            ]
            text_rewrite = self._safe_rewrite(work, candidates)
        return Assessment(
            post=post,
            verdict=decision.verdict,
            concerns=decision.concerns,
            findings=tuple(_in_original(f, norm) for f in decision.findings),
            reasons=decision.reasons,
            questions=questions_for(decision),
            rewrite=text_rewrite,
            engine=self.engine,
            errors=tuple(errors),
            advice=advice_for(work, decision.verdict, decision.concerns)
            if decision.language_checked
            else UNREAD_ADVICE,
        )

    def _judged(
        self, post: Post, ctx: Context, findings: list[Finding], errors: list[str], *, explain: bool
    ) -> list[Finding]:
        assert self._judge is not None
        try:
            judged = self._judge.review(post, ctx, findings, explain=explain)
        except Exception as exc:  # fail closed: keep every rule finding, and forbid `post`
            errors.append(f"{self._judge.name}: {type(exc).__name__}")
            return findings
        n = len(post.text)
        ok = [f for f in judged if not f.has_span or 0 <= (f.start or 0) < (f.end or 0) <= n]
        if len(ok) != len(judged):
            errors.append(f"{self._judge.name}: contract violation")
        return ok

    def _safe_rewrite(self, post: Post, candidates: list[str]) -> str:
        """The first candidate that itself screens as `post` (re-screening is the guarantee)."""
        for candidate in candidates:
            if self._passes(candidate, post.platform, post.audience):
                return candidate
        return DEFAULT_LINE

    def _passes(self, text: str, platform: str | None, audience: Audience | None) -> bool:
        # Theme lines recur across posts; remember their verdicts (bounded, text-keyed).
        key = (text, platform, audience)
        cached = self._rewrite_ok.get(key)
        if cached is None:
            post = Post(text=text, platform=platform, audience=audience)
            cached = self._screen(post, with_rewrite=False).verdict is Verdict.POST
            if len(self._rewrite_ok) >= 4096:
                self._rewrite_ok.clear()
            self._rewrite_ok[key] = cached
        return cached

    def screen_many(self, posts: Iterable[Post]) -> Iterator[Assessment | InputError]:
        """Screen posts in order; bad input yields its `InputError` instead of stopping."""
        for post in posts:
            try:
                yield self.screen(post)
            except InputError as exc:
                yield exc


def _in_original(f: Finding, norm: Normalized) -> Finding:
    if not norm.changed or f.start is None or f.end is None:
        return f
    start, end = norm.span(f.start, f.end)
    return replace(f, start=start, end=end)


def _checked(det: Detector, found: list[Finding], n: int, errors: list[str]) -> list[Finding]:
    """Drop findings that break the detector contract, and say so (fails closed)."""
    ok: list[Finding] = []
    for f in found:
        bad_span = f.has_span and not (0 <= (f.start or 0) < (f.end or 0) <= n)
        if bad_span or f.concern not in det.emits:
            errors.append(f"{det.name}: contract violation")
            continue
        ok.append(f)
    return ok


_default: Screener | None = None


def screen_text(text: str, **post_fields: object) -> Assessment:
    """Convenience: screen one text with the default screener (built once, lazily)."""
    global _default
    if _default is None:
        _default = Screener.default()
    return _default.screen(Post(text=text, **post_fields))  # type: ignore[arg-type]
