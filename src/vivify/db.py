"""The database, at the edge: by default one SQLite file in the data folder (WAL, full sync), or
any SQLAlchemy URL (PostgreSQL later) with the same code. The stores build on `open_engine`,
which brings the schema up to date through the migrations in `vivify.migrations`."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from vivify.errors import VivifyError

DB_FILE = "manifests.sqlite3"  # the file's historical name: it holds manifests and decisions


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{Path(data_dir).resolve() / DB_FILE}"


def open_engine(url: str) -> tuple[Engine, bool]:
    """An engine for `url` with the schema migrated to the newest revision; and whether it is
    SQLite (which stores naive datetimes, so callers store UTC without a zone there)."""
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    lock: Path | None = None
    if sqlite and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        try:
            _private_file(path)
        except OSError as exc:
            raise DatabaseError(f"The database {path} can't be opened ({exc.strerror}).") from None
        lock = path.with_name(path.name + ".migrate-lock")
    # A server may drop a pooled connection (a restart, a failover, an idle timeout): each is
    # checked as it is taken from the pool and replaced if it is gone.
    engine = create_engine(url, pool_pre_ping=not sqlite)
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    where = parsed.database if sqlite else parsed.render_as_string(hide_password=True)
    try:
        migrate(engine, lock)
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
        raise DatabaseError(
            f"The database {where} can't be used ({reason}); if it is damaged, move it aside "
            "and vivify starts a new one (the manifests it held are then no longer found)."
        ) from None
    except OSError as exc:
        engine.dispose()
        raise DatabaseError(f"The database {where} can't be opened ({exc.strerror}).") from None
    return engine, sqlite


class DatabaseError(VivifyError):
    """The database can't be opened or brought up to date: damaged, not vivify's, or out of
    reach."""


def migrate(engine: Engine, lock: Path | None = None) -> None:
    """Bring the database to the newest schema revision (`vivify.migrations`). Processes that
    open a fresh database at once take turns: on SQLite through a lock file beside it, on
    PostgreSQL through an advisory lock held for the migration's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with _file_lock(lock), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7317351)")  # "vivify" migrations
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


@contextlib.contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _private_file(path: Path) -> None:
    """The database file, created readable by its owner only (it holds every clip's manifest
    and every decision); SQLite gives its WAL and shared-memory files the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a committed row survives a power cut too
        cursor.execute("PRAGMA busy_timeout=10000")  # wait for another writer instead of failing
        cursor.execute("PRAGMA foreign_keys=ON")  # an account's rows go with it
    finally:
        cursor.close()


class SqlStore:
    """Base of the stores: an engine on `url` with the subclass's tables, closed on exit."""

    metadata: ClassVar[MetaData]  # the tables it uses (their schema comes from the migrations)

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine, self._sqlite = open_engine(url)

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
