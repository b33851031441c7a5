"""The database's schema history (Alembic), applied by `vivify.db.migrate` whenever a store opens
a database: every table of every store, in numbered revisions under `versions/`."""
