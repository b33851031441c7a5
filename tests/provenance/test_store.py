"""The manifest store: keyed by watermark payload, collision-safe, durable across crashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from vivify.db import DB_FILE
from vivify.errors import VivifyError
from vivify.provenance.store import ManifestCollision, ManifestStore, sha256_file

WHEN = dt.datetime(2026, 5, 4, 12, 30, 15, 123456, tzinfo=dt.UTC)


def _sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def test_round_trip(tmp_path: Path) -> None:
    with ManifestStore.in_data_dir(tmp_path) as store:
        assert store.get(7) is None
        stored = store.put(7, '{"m": 1}', _sha("a"), WHEN)
        got = store.get(7)
        assert got == stored
        assert got is not None
        assert (got.payload, got.manifest_json, got.clip_sha256) == (7, '{"m": 1}', _sha("a"))
        assert got.created_at == WHEN and got.created_at.tzinfo is not None
        assert store.by_clip_hash(_sha("a")) == got
        assert store.by_clip_hash(_sha("zz")) is None
        store.put(2**32 - 1, "{}", _sha("max"))  # the whole 32-bit range fits
        assert store.get(2**32 - 1) is not None


def test_local_times_are_kept_as_the_same_instant(tmp_path: Path) -> None:
    local = WHEN.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    with ManifestStore.in_data_dir(tmp_path) as store:
        store.put(1, "{}", _sha("a"), local)
        got = store.get(1)
    assert got is not None and got.created_at == WHEN


def test_same_clip_again_is_idempotent_and_another_clip_collides(tmp_path: Path) -> None:
    with ManifestStore.in_data_dir(tmp_path) as store:
        first = store.put(42, '{"first": true}', _sha("a"), WHEN)
        again = store.put(42, '{"second": true}', _sha("a"), WHEN + dt.timedelta(hours=1))
        assert again == first  # nothing overwritten
        with pytest.raises(ManifestCollision, match="0000002a") as caught:
            store.put(42, "{}", _sha("b"))
        assert isinstance(caught.value, VivifyError)
        assert store.get(42) == first


def test_rows_survive_reopening_and_the_file_is_in_wal_mode(tmp_path: Path) -> None:
    with ManifestStore.in_data_dir(tmp_path) as store:
        for payload in range(5):
            store.put(payload, f'{{"n": {payload}}}', _sha(str(payload)), WHEN)
    with ManifestStore(f"sqlite:///{tmp_path / DB_FILE}") as store:
        rows = [store.get(p) for p in range(5)]
    assert [r.manifest_json if r else None for r in rows] == [f'{{"n": {p}}}' for p in range(5)]
    engine = create_engine(f"sqlite:///{tmp_path / DB_FILE}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_committed_rows_survive_a_crash(tmp_path: Path) -> None:
    """A process that dies right after `put` (no close, no cleanup) loses nothing."""
    script = textwrap.dedent(
        f"""
        import os
        from vivify.provenance.store import ManifestStore
        store = ManifestStore.in_data_dir({str(tmp_path)!r})
        store.put(1, '{{"kept": 1}}', {_sha("a")!r})
        store.put(2, '{{"kept": 2}}', {_sha("b")!r})
        os._exit(9)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=False)
    assert result.returncode == 9
    with ManifestStore.in_data_dir(tmp_path) as store:
        one, two = store.get(1), store.get(2)
    assert one is not None and one.manifest_json == '{"kept": 1}'
    assert two is not None and two.clip_sha256 == _sha("b")


def test_a_failed_put_leaves_earlier_rows_alone(tmp_path: Path) -> None:
    with ManifestStore.in_data_dir(tmp_path) as store:
        store.put(1, "{}", _sha("a"), WHEN)
        with pytest.raises(ValueError, match="32 bits"):
            store.put(2**32, "{}", _sha("b"))
        with pytest.raises(ValueError, match="32 bits"):
            store.put(-1, "{}", _sha("b"))
        with pytest.raises(ValueError, match="hex"):
            store.put(3, "{}", "not-a-hash")
        assert store.get(1) is not None and store.get(3) is None


def test_sha256_file(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"x" * 3_000_000)
    assert sha256_file(path) == hashlib.sha256(b"x" * 3_000_000).hexdigest()


def test_a_reserved_payload_goes_to_one_job_only(tmp_path: Path) -> None:
    from vivify.provenance.credentials import ProvenanceError

    with ManifestStore.in_data_dir(tmp_path) as store:
        store.put(5, "{}", _sha("old"))
        picks = iter([5, 9, 9, 11])  # 5 is a clip's; 9 goes to the first job that asks
        first = store.reserve("job-a", pick=lambda: next(picks))
        second = store.reserve("job-b", pick=lambda: next(picks))
        assert (first, second) == (9, 11)
        assert store.reserved(9) == "job-a" and store.reserved(11) == "job-b"
        with pytest.raises(ProvenanceError, match="no free watermark payload"):
            store.reserve("job-c", pick=lambda: 9, tries=3)
        store.put(9, "{}", _sha("clip of job a"))  # stored, not yet in place: still held
        assert store.reserved(9) == "job-a"
        store.placed(9)  # in place: the reservation ends and the row stays for good
        assert store.reserved(9) is None
        store.release(9)  # a placed clip's row is never released
        assert store.get(9) is not None
        store.put(11, "{}", _sha("clip of job b"))
        store.release(11)  # job b was blocked at the video check: row and payload go
        assert store.get(11) is None and store.reserved(11) is None
        assert store.reserve("job-d", pick=lambda: 11) == 11


def test_a_job_run_again_after_a_crash_keeps_one_payload_and_one_row(tmp_path: Path) -> None:
    with ManifestStore.in_data_dir(tmp_path) as store:
        first = store.reserve("job-a", pick=lambda: 21)
        assert store.reserve("job-a", pick=lambda: 22) == first  # the same job: the same one
        store.put(first, "{}", _sha("first run's clip, never put in place"))
        assert store.forget_job("job-a") == 1  # the run again starts clean
        assert store.get(first) is None
        again = store.reserve("job-a", pick=lambda: 23)
        store.put(again, "{}", _sha("second run's clip"))
        store.placed(again)
        assert store.forget_job("job-a") == 0  # a placed clip's row stays
        assert store.get(23) is not None and store.forget_job("job-b") == 0


def test_a_killed_runs_reservation_and_row_are_swept_after_a_day(tmp_path: Path) -> None:
    """A CLI run killed during its video check had stored a manifest for a clip never placed."""
    with ManifestStore.in_data_dir(tmp_path) as store:
        killed = store.reserve("killed-run", pick=lambda: 31)
        store.put(killed, "{}", _sha("never placed"))
        running = store.reserve("running-now", pick=lambda: 32)
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=23)
        assert store.sweep_abandoned(dt.timedelta(days=1), now=later) == 0
        store.placed(running)
        much_later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, minutes=1)
        assert store.sweep_abandoned(dt.timedelta(days=1), now=much_later) == 1
        assert store.get(killed) is None and store.reserved(killed) is None


def test_two_processes_never_reserve_the_same_payload(any_database: str) -> None:
    """Workers on one database race for the same payloads: each is handed out once."""
    url = any_database
    script = textwrap.dedent(
        """
        import sys
        from vivify.provenance.store import ManifestStore
        store = ManifestStore(sys.argv[2])
        got = []
        for payload in range(40):
            try:
                job = sys.argv[1] + "-" + str(payload)  # one job, one payload
                got.append(store.reserve(job, pick=lambda p=payload: p, tries=1))
            except Exception:
                pass
        print(" ".join(map(str, got)))
        """
    )
    ManifestStore(url).close()  # the tables exist before the race
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, name, url], stdout=subprocess.PIPE, text=True
        )
        for name in ("w1", "w2", "w3")
    ]
    taken = [run.communicate(timeout=120)[0].split() for run in runs]
    everything = [p for got in taken for p in got]
    assert sorted(map(int, everything)) == list(range(40))  # each once, none lost


def test_the_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    with ManifestStore.in_data_dir(tmp_path / "data") as store:
        store.put(3, "{}", _sha("a"))
    assert (tmp_path / "data" / DB_FILE).stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700


def test_processes_opening_a_fresh_data_folder_at_once_do_not_race(tmp_path: Path) -> None:
    """Four processes creating the tables of one new database together: none fails."""
    script = textwrap.dedent(
        f"""
        from vivify.moderation.records import DecisionStore
        from vivify.provenance.store import ManifestStore
        ManifestStore.in_data_dir({str(tmp_path)!r}).close()
        DecisionStore.in_data_dir({str(tmp_path)!r}).close()
        """
    )
    for _ in range(2):  # a fresh folder each round
        for old in tmp_path.iterdir():
            old.unlink()
        runs = [
            subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
            for _ in range(4)
        ]
        errors = [run.communicate(timeout=120)[1] for run in runs]
        assert [run.returncode for run in runs] == [0, 0, 0, 0], errors
