"""Everything the planner needs beyond its word lists, loaded once per process: the sentence
encoder, the five languages' word counts and the encoded catalogue of example phrases."""

from __future__ import annotations

import json
import threading
import tomllib
from dataclasses import dataclass
from importlib import resources

import numpy as np

from vivify.plan.meaning import Catalogue
from vivify.text.encoder import Encoder, sentence_encoder
from vivify.text.words import Lexicons, lexicons


def load_catalogue(encoder: Encoder) -> Catalogue:
    """The bundled example phrases (vivify/plan/data/phrases*.jsonl, one file per author),
    encoded, with the calibrated thresholds (meaning.toml)."""
    data = resources.files("vivify.plan").joinpath("data")
    files = sorted(
        (f for f in data.iterdir() if f.name.startswith("phrases") and f.name.endswith(".jsonl")),
        key=lambda f: f.name,
    )
    rows = [
        json.loads(line)
        for file in files
        for line in file.read_text("utf-8").splitlines()
        if line.strip()
    ]
    limits = tomllib.loads(data.joinpath("meaning.toml").read_text("utf-8"))
    vectors = encoder([r["phrase"] for r in rows]) if rows else np.zeros((0, 512), np.float32)
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
        """The process's text models, loaded on first use (about 2 s). Raises
        EncoderUnavailable when the encoder can't be loaded."""
        with _lock:
            if not _loaded:
                encoder = sentence_encoder()
                _loaded.append(cls(encoder, lexicons(), load_catalogue(encoder)))
            return _loaded[0]


_lock = threading.Lock()
_loaded: list[TextModels] = []
