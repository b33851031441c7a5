"""Alembic's environment: run by `vivify.db.migrate` on the connection it hands over (there is
no alembic.ini; the URL is the store's own)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
