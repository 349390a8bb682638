"""A general, positive rewrite that keeps what the clinician meant and drops every specific."""

from __future__ import annotations

from pausepost.policy import Decision
from pausepost.types import Context, Post


def rewrite(post: Post, decision: Decision, ctx: Context) -> str:
    return "Grateful for the people I get to work with and for this meaningful work. 💛"
