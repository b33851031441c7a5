"""The database, at the edge: by default one SQLite file in the data folder (WAL, full sync), or
any SQLAlchemy URL (PostgreSQL later) with the same code. The stores build on `open_engine`."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

DB_FILE = "manifests.sqlite3"  # the file's historical name: it holds manifests and decisions


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir).resolve() / DB_FILE}"


def open_engine(url: str, metadata: MetaData) -> tuple[Engine, bool]:
    """An engine for `url` with `metadata`'s tables created; and whether it is SQLite (which
    stores naive datetimes, so callers store UTC without a zone there)."""
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database not in (None, "", ":memory:"):
        _private_file(Path(parsed.database))
    engine = create_engine(url)
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    _create_tables(engine, metadata)
    return engine, sqlite


def _private_file(path: Path) -> None:
    """The database file, created readable by its owner only (it holds every clip's manifest
    and every decision); SQLite gives its WAL and shared-memory files the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _create_tables(engine: Engine, metadata: MetaData, tries: int = 10) -> None:
    """Create what is missing. Processes opening a fresh data folder at once race between
    "does the table exist" and "create it": the loser sees "already exists" and looks again."""
    for attempt in range(tries):
        try:
            metadata.create_all(engine)
            return
        except OperationalError as exc:
            if "already exists" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a committed row survives a power cut too
        cursor.execute("PRAGMA busy_timeout=10000")  # wait for another writer instead of failing
    finally:
        cursor.close()


class SqlStore:
    """Base of the stores: an engine on `url` with the subclass's tables, closed on exit."""

    metadata: ClassVar[MetaData]

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine, self._sqlite = open_engine(url, self.metadata)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Self:
        """The default store: the SQLite file in the data folder."""
        return cls(default_url(data_dir))

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
