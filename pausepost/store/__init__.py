"""The local store: journal, consent ledger, allow-list additions, flag feedback and paired
browser extensions.

SQLite (WAL) in the user's data dir by default; PostgreSQL by URL. Library first: the web
app and the CLI hold a `Store`; nothing here renders or prints.
"""

from pausepost.store.consent import apply_ledger, covers
from pausepost.store.db import default_url, make_engine, migrate
from pausepost.store.journal import Decision, draft_hash
from pausepost.store.models import (
    AllowTerm,
    ConsentEntry,
    FlagFeedback,
    JournalEntry,
    PairedExtension,
)
from pausepost.store.store import Store

__all__ = [
    "AllowTerm",
    "ConsentEntry",
    "Decision",
    "FlagFeedback",
    "JournalEntry",
    "PairedExtension",
    "Store",
    "apply_ledger",
    "covers",
    "default_url",
    "draft_hash",
    "make_engine",
    "migrate",
]
