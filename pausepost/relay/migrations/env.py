"""Alembic environment for the relay: runs on a connection handed over by `relay.db`."""

from __future__ import annotations

from alembic import context

from pausepost.relay.models import Base

connection = context.config.attributes["connection"]
# Its own version table, so a relay never mistakes a store database for its own.
context.configure(
    connection=connection, target_metadata=Base.metadata, version_table="relay_alembic_version"
)
with context.begin_transaction():
    context.run_migrations()
