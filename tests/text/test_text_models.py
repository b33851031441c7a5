"""The text models: the encoder loads once, gives unit vectors that carry meaning across
languages, and the word counts know the five languages' words."""

from __future__ import annotations

import numpy as np

from vivify.text import TextModels, lexicons, sentence_encoder


def test_the_encoder_loads_once_and_gives_unit_vectors() -> None:
    encode = sentence_encoder()
    assert sentence_encoder() is encode
    vectors = encode(["make it rain", "lass es regnen", "make it rain"])
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vectors[0], vectors[2])


def test_meaning_crosses_languages() -> None:
    encode = sentence_encoder()
    rain, regen, snow = encode(["make it rain", "lass es regnen", "a portrait in oil paint"])
    assert float(rain @ regen) > float(rain @ snow) + 0.2


def test_word_counts_know_each_language() -> None:
    words = lexicons()
    assert set(words.known_in("sopra")) == {"it"}
    assert "en" in words.known_in("painting")
    assert "de" in words.known_in("strasse") or "de" in words.known_in("regen")
    assert words.known_in("wnidy") == {}


def test_the_catalogue_has_every_kind() -> None:
    catalogue = TextModels.load().catalogue
    assert {"effect", "camera", "style", "sound", "none"} <= set(catalogue.kinds)
    assert len(catalogue.names) == len(catalogue.vectors) > 1000
