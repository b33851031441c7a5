"""The schema comes from the migrations: they make what the stores' tables say, join a database
made before them, and leave it alone when it is up to date."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine

from vivify.db import default_url, open_engine


def _all_tables() -> MetaData:
    from vivify.moderation.records import DecisionStore
    from vivify.provenance.store import ManifestStore
    from vivify.service.tables import metadata as service

    merged = MetaData()
    for metadata in (ManifestStore.metadata, DecisionStore.metadata, service):
        for table in metadata.tables.values():
            table.to_metadata(merged)
    return merged


def test_the_migrations_make_exactly_the_tables_the_code_uses(any_database: str) -> None:
    engine, _ = open_engine(any_database)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, _all_tables())
    engine.dispose()
    assert differences == []


def test_a_database_made_before_migrations_joins_them_with_its_rows(tmp_path: Path) -> None:
    """An earlier vivify made its tables with create_all and kept no revision."""
    from vivify.provenance.store import ManifestStore

    url = default_url(tmp_path)
    old = create_engine(url)
    with old.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE manifests (payload BIGINT NOT NULL PRIMARY KEY, clip_sha256 "
            "VARCHAR(64) NOT NULL, created_at DATETIME NOT NULL, manifest_json TEXT NOT NULL)"
        )
        conn.exec_driver_sql("CREATE INDEX ix_manifests_clip_sha256 ON manifests (clip_sha256)")
        conn.exec_driver_sql(
            "INSERT INTO manifests VALUES (7, '" + "a" * 64 + "', '2026-01-01 00:00:00', '{}')"
        )
    old.dispose()
    with ManifestStore(url) as store:
        record = store.get(7)
    assert record is not None and record.clip_sha256 == "a" * 64
    revision = sqlite3.connect(tmp_path / "manifests.sqlite3").execute(
        "SELECT version_num FROM alembic_version"
    )
    assert revision.fetchone() is not None


def test_opening_an_up_to_date_database_changes_nothing(tmp_path: Path) -> None:
    url = default_url(tmp_path)
    open_engine(url)[0].dispose()
    before = (
        sqlite3.connect(tmp_path / "manifests.sqlite3")
        .execute("SELECT sql FROM sqlite_master ORDER BY name")
        .fetchall()
    )
    open_engine(url)[0].dispose()
    after = (
        sqlite3.connect(tmp_path / "manifests.sqlite3")
        .execute("SELECT sql FROM sqlite_master ORDER BY name")
        .fetchall()
    )
    assert before == after


def test_a_damaged_database_is_one_sentence_and_stays_as_it_was(tmp_path: Path) -> None:
    from vivify.db import DatabaseError

    damaged = tmp_path / "manifests.sqlite3"
    damaged.write_bytes(b"\x13not a database at all" * 200)
    before = damaged.read_bytes()
    with pytest.raises(DatabaseError, match=r"can't be used \(file is not a database\)"):
        open_engine(default_url(tmp_path))
    assert damaged.read_bytes() == before


def test_a_database_where_no_file_can_be_made_is_one_sentence(tmp_path: Path) -> None:
    from vivify.db import DatabaseError

    (tmp_path / "file").write_text("a file, not a folder")
    with pytest.raises(DatabaseError, match="can't be opened"):
        open_engine(default_url(tmp_path / "file" / "data"))


def test_processes_opening_a_fresh_postgresql_database_at_once_take_turns(
    postgres_url: str,
) -> None:
    """Four processes migrate one new database together: the advisory lock lets one make the
    tables while the others wait, then find them made."""
    import subprocess
    import sys

    script = (
        "import sys; from vivify.service.store import ServiceStore; "
        "ServiceStore(sys.argv[1]).close()"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", script, postgres_url], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], errors


def test_a_postgresql_url_that_reaches_nothing_is_one_sentence_without_its_password() -> None:
    from vivify.db import DatabaseError

    url = "postgresql+psycopg://vivify:s3cret@127.0.0.1:1/vivify"
    with pytest.raises(DatabaseError) as refused:
        open_engine(url)
    assert "can't be used" in str(refused.value) and "s3cret" not in str(refused.value)
