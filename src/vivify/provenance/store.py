"""The manifest store: every clip's Content Credentials report, keyed by its watermark payload.

When a clip loses its embedded manifest (a re-encode, a platform that strips metadata), the
invisible watermark still carries the 32-bit payload; looking it up here brings the credentials
back ("durable Content Credentials").

SQLAlchemy 2 Core, so the same code runs on PostgreSQL later (`ManifestStore("postgresql://...")`).
The default is a SQLite file in the data folder (`ManifestStore.in_data_dir`), in WAL mode with full
fsync: every `put` is one transaction, and a crash never loses a row that was already written.

Rules: the payload is unique. Putting a payload again for the same clip (same SHA-256) is a no-op
that returns the row already there; for a different clip it is a `ManifestCollision`, and the
existing row is kept.

A job reserves its payload before it renders (`reserve`): a row in `payload_reservations`, whose
primary key means two jobs, in one process or on two machines, can never take the same payload.
Storing the manifest removes the reservation in the same transaction; a job that fails or is
cancelled releases it (`release`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from vivify.db import SqlStore
from vivify.provenance.credentials import ProvenanceError

_metadata = MetaData()
manifests = Table(
    "manifests",
    _metadata,
    Column("payload", BigInteger, primary_key=True, autoincrement=False),  # 0 .. 2**32 - 1
    Column("clip_sha256", String(64), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("manifest_json", Text, nullable=False),
    # the job that made the clip (from its reservation), so that a job run again after a crash
    # replaces its first run's row (`forget_job`)
    Column("job_id", String(64), nullable=True, index=True),
    # the signed manifest store (JUMBF) and its active manifest's id, for the soft-binding API
    Column("manifest_store", LargeBinary, nullable=True),
    Column("manifest_id", String(200), nullable=True, index=True),
)


reservations = Table(
    "payload_reservations",
    _metadata,
    Column("payload", BigInteger, primary_key=True, autoincrement=False),
    Column("job_id", String(64), nullable=False),
    Column("reserved_at", DateTime(timezone=True), nullable=False),
)


# A payload still reserved this long after it was taken belongs to a process that was killed (no
# clip takes a day to make): its reservation, and a manifest stored for a clip that was never put
# in place, are released by the next run (`sweep_abandoned`).
ABANDONED = dt.timedelta(days=1)


class ManifestCollision(ProvenanceError):
    """A watermark payload is already taken by a different clip."""


@dataclass(frozen=True)
class ManifestRecord:
    payload: int
    manifest_json: str
    clip_sha256: str
    created_at: dt.datetime  # timezone-aware, UTC
    job_id: str | None = None  # the job that made the clip, when it was reserved for one
    manifest_store: bytes | None = None  # the signed manifest store, as C2PA readers take it
    manifest_id: str | None = None  # its active manifest's identifier ("urn:c2pa:…")


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (for `clip_sha256`)."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class ManifestStore(SqlStore):
    """Manifest reports by watermark payload, in any database SQLAlchemy can reach."""

    metadata = _metadata

    def put(
        self,
        payload: int,
        manifest_json: str,
        clip_sha256: str,
        created_at: dt.datetime | None = None,
        manifest_store: bytes | None = None,
    ) -> ManifestRecord:
        """Store a clip's manifest under its payload, in one transaction, and return the row.
        `manifest_store`: the signed manifest store's bytes, when the signer handed them over.

        The same payload and clip again returns the stored row unchanged; the same payload for a
        different clip raises `ManifestCollision`."""
        _check_payload(payload)
        if not re.fullmatch(r"[0-9a-f]{64}", clip_sha256):
            raise ValueError("clip_sha256 must be 64 lowercase hex digits")
        when = (created_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        row = {
            "payload": payload,
            "clip_sha256": clip_sha256,
            "created_at": when.replace(tzinfo=None) if self._sqlite else when,
            "manifest_json": manifest_json,
            "manifest_store": manifest_store,
            "manifest_id": active_manifest_id(manifest_json),
        }
        job = None
        try:
            with self._engine.begin() as conn:
                job = conn.execute(
                    select(reservations.c.job_id).where(reservations.c.payload == payload)
                ).scalar()
                conn.execute(insert(manifests).values(**row, job_id=job))
        except IntegrityError:
            existing = self.get(payload)
            if existing is None:  # not a duplicate payload: some other constraint
                raise
            if existing.clip_sha256 != clip_sha256:
                raise ManifestCollision(
                    f"Watermark payload {payload:08x} is already used by another clip "
                    f"(sha256 {existing.clip_sha256[:12]}…)."
                ) from None
            return existing
        return ManifestRecord(
            payload,
            manifest_json,
            clip_sha256,
            when,
            job,
            manifest_store,
            active_manifest_id(manifest_json),
        )

    def reserve(
        self, job_id: str, pick: Callable[[], int] = lambda: secrets.randbits(32), tries: int = 64
    ) -> int:
        """A payload no clip has and no other job holds, reserved for `job_id` in one
        transaction (the table's primary key settles a race between two jobs). A job that holds
        one already (its earlier run was killed) gets the same one back."""
        job_id = job_id[:64]
        if job_id != "-":
            with self._engine.connect() as conn:
                held = conn.execute(
                    select(reservations.c.payload).where(reservations.c.job_id == job_id)
                ).scalar()
            if held is not None:
                return int(held)
        for _ in range(tries):
            payload = pick()
            _check_payload(payload)
            now = dt.datetime.now(dt.UTC)
            try:
                with self._engine.begin() as conn:
                    taken = conn.execute(
                        select(manifests.c.payload).where(manifests.c.payload == payload)
                    ).first()
                    if taken:
                        continue
                    conn.execute(
                        insert(reservations).values(
                            payload=payload,
                            job_id=job_id,
                            reserved_at=now.replace(tzinfo=None) if self._sqlite else now,
                        )
                    )
                return payload
            except IntegrityError:  # another job holds it
                continue
        raise ProvenanceError("The manifest store has no free watermark payload left to reserve.")

    def placed(self, payload: int) -> None:
        """The clip stored under `payload` is in its place: its reservation ends, and its row
        is kept for good."""
        with self._engine.begin() as conn:
            conn.execute(delete(reservations).where(reservations.c.payload == payload))

    def release(self, payload: int) -> None:
        """Give back a payload whose clip never reached its place (the job failed, was blocked
        or cancelled): its reservation and any manifest stored under it, in one transaction. A
        payload whose clip was placed holds no reservation, and its row is never touched."""
        self._release(reservations.c.payload == payload)

    def forget_job(self, job_id: str, placed_too: bool = False) -> int:
        """Release whatever the job holds (see `release`): a job run again after its process
        was killed starts clean, and a deleted draft leaves nothing reserved. With
        `placed_too`, the rows of clips it placed go as well: its caller knows that no such
        clip was ever handed to anyone (a job run again whose earlier clip was never recorded).
        Returns how many manifest rows went."""
        job_id = job_id[:64]
        gone = self._release(reservations.c.job_id == job_id)
        if placed_too:
            with self._engine.begin() as conn:
                result = conn.execute(delete(manifests).where(manifests.c.job_id == job_id))
            gone += int(result.rowcount or 0)
        return gone

    def sweep_abandoned(self, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
        """Release reservations older than `older_than`: a process killed while it rendered or
        checked its clip, which will never place it. Returns how many manifest rows went."""
        cutoff = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC) - older_than
        stored = cutoff.replace(tzinfo=None) if self._sqlite else cutoff
        return self._release(reservations.c.reserved_at < stored)

    def _release(self, which: Any) -> int:
        with self._engine.begin() as conn:
            held = select(reservations.c.payload).where(which)
            gone = conn.execute(delete(manifests).where(manifests.c.payload.in_(held)))
            conn.execute(delete(reservations).where(which))
        return int(gone.rowcount or 0)

    def reserved(self, payload: int) -> str | None:
        """The job holding this payload, or None."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(reservations.c.job_id).where(reservations.c.payload == payload)
            ).first()
        return str(row[0]) if row else None

    def get(self, payload: int) -> ManifestRecord | None:
        """The row for this watermark payload, or None."""
        _check_payload(payload)
        with self._engine.connect() as conn:
            row = conn.execute(select(manifests).where(manifests.c.payload == payload)).first()
        return _record(row._mapping) if row else None

    def by_manifest_id(self, manifest_id: str) -> ManifestRecord | None:
        """The row whose active manifest has this identifier, or None."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(manifests).where(manifests.c.manifest_id == manifest_id[:200])
            ).first()
        return _record(row._mapping) if row else None

    def by_clip_hash(self, clip_sha256: str) -> ManifestRecord | None:
        """The row for the clip with these bytes (the newest, should there be several), or None."""
        query = (
            select(manifests)
            .where(manifests.c.clip_sha256 == clip_sha256.lower())
            .order_by(manifests.c.created_at.desc(), manifests.c.payload.desc())
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        return _record(row._mapping) if row else None


def _check_payload(payload: int) -> None:
    if not 0 <= payload < 2**32:
        raise ValueError("a watermark payload fits in 32 bits (0 .. 2**32 - 1)")


def _record(row: Any) -> ManifestRecord:
    created = row["created_at"]
    if created.tzinfo is None:  # SQLite keeps no zone; we always store UTC
        created = created.replace(tzinfo=dt.UTC)
    return ManifestRecord(
        payload=int(row["payload"]),
        manifest_json=str(row["manifest_json"]),
        clip_sha256=str(row["clip_sha256"]),
        created_at=created.astimezone(dt.UTC),
        job_id=row.get("job_id"),
        manifest_store=None if row.get("manifest_store") is None else bytes(row["manifest_store"]),
        manifest_id=row.get("manifest_id"),
    )


def active_manifest_id(manifest_json: str) -> str | None:
    """The active manifest's identifier in an SDK report, or None (unparseable, or none)."""
    try:
        found = json.loads(manifest_json).get("active_manifest")
    except (ValueError, AttributeError):
        return None
    return str(found)[:200] if found else None
