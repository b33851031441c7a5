"""Decision records: stored with their job, read back exactly, kept across reopening, in the same
SQLite file as the manifest store."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest

from vivify.db import DB_FILE
from vivify.moderation.decision import Decision, Evidence
from vivify.moderation.photo import check_photo
from vivify.moderation.records import DecisionStore
from vivify.provenance.store import ManifestStore

BLANK = np.zeros((8, 8, 3), np.uint8)


def _decisions() -> list[Decision]:
    photo = check_photo(
        BLANK,
        detections=[
            {"class": "FEMALE_BREAST_EXPOSED", "score": 0.9, "box": [0, 0, 1, 1]},
            {"class": "FACE_MALE", "score": 0.8, "box": [0, 0, 1, 1]},
        ],
    )
    return [
        photo,
        Decision.allow("prompt", model="rules", policy_version="2026.11.1"),
        Decision.block(
            "video",
            ["label"],
            "the AI-generated label is missing",
            evidence=[Evidence(category="label", rule="badge", score=12.5, detail="frame 3")],
            facts={"sha256": "ab" * 32, "frames_checked": 3, "nested": {"a": [1, 2.5, None]}},
        ),
        Decision.failed_closed("publish", RuntimeError("c2pa reader crashed")),
    ]


def test_decisions_round_trip_in_order(tmp_path: Path) -> None:
    decisions = _decisions()
    with DecisionStore.in_data_dir(tmp_path) as store:
        for decision in decisions:
            store.add("job-1", decision)
        store.add("job-2", decisions[1])
        assert store.for_job("job-1") == decisions
        assert store.for_job("job-2") == [decisions[1]]
        assert store.for_job("no-such-job") == []


def test_records_survive_reopening(tmp_path: Path) -> None:
    decisions = _decisions()
    store = DecisionStore.in_data_dir(tmp_path)
    store.add("job-1", decisions[0])
    store.close()
    with DecisionStore.in_data_dir(tmp_path) as again:
        again.add("job-1", decisions[2])
        assert again.for_job("job-1") == [decisions[0], decisions[2]]
    with DecisionStore(f"sqlite:///{tmp_path / DB_FILE}") as by_url:
        assert by_url.for_job("job-1") == [decisions[0], decisions[2]]


def test_the_manifest_store_file_holds_both_tables_in_wal_mode(tmp_path: Path) -> None:
    with ManifestStore.in_data_dir(tmp_path) as manifests:
        manifests.put(7, "{}", "0" * 64)
    decision = _decisions()[1]
    with DecisionStore.in_data_dir(tmp_path) as store:
        store.add("job-1", decision)
    with ManifestStore.in_data_dir(tmp_path) as manifests:
        assert manifests.get(7) is not None
    db = sqlite3.connect(tmp_path / DB_FILE)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"manifests", "decisions"} <= tables
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        row = db.execute("SELECT job_id, stage, allowed, decision_json FROM decisions").fetchone()
        assert row[:3] == ("job-1", "prompt", 1)
        assert Decision.model_validate_json(row[3]) == decision
    finally:
        db.close()


def test_a_job_id_is_required(tmp_path: Path) -> None:
    with DecisionStore.in_data_dir(tmp_path) as store:
        with pytest.raises(ValueError, match="job id"):
            store.add("", _decisions()[1])
        with pytest.raises(ValueError, match="job id"):
            store.add("x" * 129, _decisions()[1])
        assert store.for_job("") == []


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    decision = _decisions()[1]
    stores = [DecisionStore.in_data_dir(tmp_path) for _ in range(2)]

    def write(store: DecisionStore, job: str) -> None:
        for _ in range(20):
            store.add(job, decision)

    threads = [
        threading.Thread(target=write, args=(store, f"job-{i % 2}"))
        for i, store in enumerate(stores * 2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(stores[0].for_job("job-0")) == 40
    assert len(stores[1].for_job("job-1")) == 40
    for store in stores:
        store.close()


def test_an_in_memory_store_works() -> None:
    decision = _decisions()[0]
    with DecisionStore("sqlite://") as store:
        store.add("j", decision)
        assert store.for_job("j") == [decision]
