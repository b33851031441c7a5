"""Everything the planner needs beyond its word lists, loaded once per process: the sentence
encoder, the five languages' word counts and the encoded catalogue of example phrases."""

from __future__ import annotations

import json
import threading
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from vivify.plan.meaning import Catalogue
from vivify.text import precomputed
from vivify.text.encoder import DIMENSIONS, MODEL, Encoder, sentence_encoder
from vivify.text.words import Lexicons, lexicon_arrays, lexicons, word_lists


def catalogue_rows() -> list[dict[str, str]]:
    """The bundled example phrases (vivify/plan/data/phrases*.jsonl, one file per author)."""
    data = resources.files("vivify.plan").joinpath("data")
    files = sorted(
        (f for f in data.iterdir() if f.name.startswith("phrases") and f.name.endswith(".jsonl")),
        key=lambda f: f.name,
    )
    return [
        json.loads(line)
        for file in files
        for line in file.read_text("utf-8").splitlines()
        if line.strip()
    ]


def phrase_vectors(
    encoder: Encoder, phrases: list[str], stored: dict[str, NDArray[np.generic]] | None = None
) -> NDArray[np.float32]:
    """Each phrase's vector: from `stored` (text.npz's arrays) where it holds that phrase for this
    encoder, the rest encoded now."""
    out = np.zeros((len(phrases), DIMENSIONS), np.float32)
    known: dict[str, int] = {}
    if stored and str(stored.get("phrases_encoder")) == MODEL and "phrases" in stored:
        vectors = stored.get("phrase_vectors")
        if vectors is not None and vectors.shape == (len(stored["phrases"]), DIMENSIONS):
            known = {str(p): i for i, p in enumerate(stored["phrases"])}
            for i, phrase in enumerate(phrases):
                if phrase in known:
                    out[i] = vectors[known[phrase]]
    missing = [i for i, phrase in enumerate(phrases) if phrase not in known]
    if missing:
        out[missing] = encoder([phrases[i] for i in missing])
    return out


def load_catalogue(encoder: Encoder, folder: Path | None = None) -> Catalogue:
    """The bundled example phrases, encoded (those encoded at install are read from text.npz in
    `folder`, the models folder by default), with the calibrated thresholds (meaning.toml)."""
    from vivify.scene.subject import models_dir

    rows = catalogue_rows()
    data = resources.files("vivify.plan").joinpath("data")
    limits = tomllib.loads(data.joinpath("meaning.toml").read_text("utf-8"))
    stored = precomputed.read(folder or models_dir(), "phrase")
    vectors = phrase_vectors(encoder, [r["phrase"] for r in rows], stored)
    return Catalogue(
        names=tuple(r["name"] for r in rows),
        kinds=tuple(r["kind"] for r in rows),
        vectors=vectors,
        threshold=float(limits["threshold"]),
        margin=float(limits["margin"]),
        beside=float(limits.get("beside", 0.0)),
    )


@dataclass(frozen=True)
class TextModels:
    encoder: Encoder
    words: Lexicons
    catalogue: Catalogue

    @classmethod
    def load(cls) -> TextModels:
        """The process's text models, loaded on first use (about 1.5 s with text.npz in place,
        5 s without). Raises EncoderUnavailable when the encoder can't be loaded."""
        with _lock:
            if not _loaded:
                encoder = sentence_encoder()
                _loaded.append(cls(encoder, lexicons(), load_catalogue(encoder)))
            return _loaded[0]


_lock = threading.Lock()
_loaded: list[TextModels] = []


def precompute(folder: Path | None = None) -> Path:
    """Encode the catalogue's phrases and fold the word lists, and keep both in text.npz in
    `folder` (the models folder by default): scripts/install runs this once."""
    from vivify.scene.subject import models_dir

    phrases = sorted({r["phrase"] for r in catalogue_rows()})
    arrays: dict[str, NDArray[np.generic]] = {
        "phrases": np.array(phrases),
        "phrase_vectors": sentence_encoder()(phrases),
        "phrases_encoder": np.array(MODEL),
        **lexicon_arrays(word_lists()),
    }
    return precomputed.write(folder or models_dir(), arrays)
