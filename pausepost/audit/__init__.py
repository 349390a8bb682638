"""Audit past posts from a platform's data export: screen them all, privately, and report.

`audit_export(path, out_dir, factory=...)` streams the export through the screener (in
parallel across cores, with a resumable cache) into report.html, report.json and
report.csv.
"""

from __future__ import annotations

from pausepost.audit.cache import ResultCache, engine_fingerprint, post_key
from pausepost.audit.parallel import ScreenerFactory, ScreenerLike, default_jobs, run_jobs
from pausepost.audit.progress import ProgressBar
from pausepost.audit.report_html import KIND_WORD, render_page
from pausepost.audit.runner import AuditPaths, audit_export
from pausepost.audit.summary import AuditSummary

__all__ = [
    "KIND_WORD",
    "AuditPaths",
    "AuditSummary",
    "ProgressBar",
    "ResultCache",
    "ScreenerFactory",
    "ScreenerLike",
    "audit_export",
    "default_jobs",
    "engine_fingerprint",
    "post_key",
    "render_page",
    "run_jobs",
]
