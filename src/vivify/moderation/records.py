"""The decision store: every gate's `Decision`, kept with its job, as the JSON the gate returned.

SQLAlchemy 2 Core like the manifest store, and by default in the same SQLite file
(`DecisionStore.in_data_dir`), in its own table `decisions`, in WAL mode with full fsync: every
`add` is one transaction, and a decision once added survives a crash. A job's record is the list
of its decisions in the order they were made; it is removed only with the job's draft or story
(`forget_job`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
)

from vivify.db import SqlStore
from vivify.moderation.decision import Decision

MAX_JOB_ID = 128

_metadata = MetaData()
decisions = Table(
    "decisions",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", String(MAX_JOB_ID), nullable=False, index=True),
    Column("stage", String(16), nullable=False),
    Column("allowed", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decision_json", Text, nullable=False),
)


class DecisionStore(SqlStore):
    """Decisions by job, in any database SQLAlchemy can reach."""

    metadata = _metadata

    def add(self, job_id: str, decision: Decision) -> None:
        """Keep one decision for the job, in one transaction."""
        if not job_id or len(job_id) > MAX_JOB_ID:
            raise ValueError(f"a job id has 1 to {MAX_JOB_ID} characters")
        when = decision.time
        when = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
        row = {
            "job_id": job_id,
            "stage": decision.stage,
            "allowed": decision.allowed,
            "created_at": when.replace(tzinfo=None) if self._sqlite else when,
            "decision_json": decision.model_dump_json(),
        }
        with self._engine.begin() as conn:
            conn.execute(insert(decisions).values(**row))

    def forget_job(self, job_id: str) -> None:
        """Remove a job's decisions (its draft or story was deleted or expired)."""
        with self._engine.begin() as conn:
            conn.execute(delete(decisions).where(decisions.c.job_id == job_id))

    def for_job(self, job_id: str) -> list[Decision]:
        """The job's decisions, in the order they were added."""
        query = (
            select(decisions.c.decision_json)
            .where(decisions.c.job_id == job_id)
            .order_by(decisions.c.id)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(query).scalars().all()
        return [Decision.model_validate_json(text) for text in rows]
