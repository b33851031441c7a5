"""text.npz: the phrases encoded and the word lists folded at install give exactly what working
them out at load gives, a stale or foreign file is never trusted, and scripts/install made one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vivify.scene.subject import models_dir
from vivify.text import models, precomputed, words
from vivify.text.encoder import sentence_encoder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("text")
    models.precompute(folder)
    return folder


def test_the_install_made_the_text_data() -> None:
    data = precomputed.read(models_dir())
    assert data, f"no {precomputed.FILE_NAME} in {models_dir()}: run scripts/install"
    lists = words.word_lists()
    assert str(data["words_fingerprint"]) == precomputed.words_fingerprint(list(lists.values()))
    stored = {str(p) for p in data["phrases"]}
    assert {r["phrase"] for r in models.catalogue_rows()} <= stored


def test_the_stored_catalogue_is_the_encoded_one(built: Path) -> None:
    encoder = sentence_encoder()
    rows = models.catalogue_rows()
    fresh = encoder([r["phrase"] for r in rows[:300]])
    stored = models.load_catalogue(encoder, built)
    assert len(stored.names) == len(rows)
    np.testing.assert_allclose(stored.vectors[:300], fresh, atol=1e-6)


def test_phrases_added_since_the_install_are_encoded_at_load(built: Path) -> None:
    encoder = sentence_encoder()
    data = precomputed.read(built)
    phrases = ["make it rain", "a brand new phrase nobody stored", "lass es schneien"]
    vectors = models.phrase_vectors(encoder, phrases, data)
    np.testing.assert_allclose(vectors, encoder(phrases), atol=1e-6)
    # Vectors from another encoder are not used, even for phrases the file holds.
    foreign = {**data, "phrases_encoder": np.array("some other encoder")}
    foreign["phrase_vectors"] = np.zeros_like(data["phrase_vectors"])
    np.testing.assert_allclose(
        models.phrase_vectors(encoder, phrases, foreign), encoder(phrases), atol=1e-6
    )


def test_the_stored_word_tables_count_as_the_folded_lists(built: Path) -> None:
    lists = words.word_lists()
    stored = words._stored(lists, built)
    assert stored is not None
    fresh = words.build_lexicons(lists)
    assert stored.tables.keys() == fresh.tables.keys() == set(words.LANGUAGES)
    for lang, (keys, counts) in fresh.tables.items():
        np.testing.assert_array_equal(stored.tables[lang][0], keys)
        np.testing.assert_array_equal(stored.tables[lang][1], counts)
    for word in ("regen", "wind", "pluie", "sopra", "strasse", "wnidy", ""):
        assert stored.known_in(word) == fresh.known_in(word)


def test_word_tables_from_other_lists_are_ignored(built: Path, tmp_path: Path) -> None:
    lists = words.word_lists()
    changed = {**lists, "en": lists["en"] + b"\0"}  # any change to a list's bytes
    assert words._stored(changed, built) is None
    assert words._stored({k: v for k, v in lists.items() if k != "it"}, built) is None
    assert words._stored(lists, tmp_path) is None  # no file at all


def test_a_damaged_file_is_ignored_not_a_crash(tmp_path: Path) -> None:
    precomputed.path_in(tmp_path).write_bytes(b"PK\x03\x04 not really a zip")
    assert precomputed.read(tmp_path) == {}
    assert words._stored(words.word_lists(), tmp_path) is None
    assert models.load_catalogue(sentence_encoder(), tmp_path).vectors.shape[1] == 512


def test_a_table_finds_every_word_and_nothing_else() -> None:
    counts = {f"word{i}": i + 1 for i in range(5000)}
    table = precomputed.table_of(counts)
    assert all(precomputed.lookup(table, w) == n for w, n in counts.items())
    assert precomputed.lookup(table, "word5000") == 0
    assert precomputed.lookup(precomputed.table_of({}), "word1") == 0
