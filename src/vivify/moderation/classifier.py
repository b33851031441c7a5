"""The prompt gate's learned layer: one logistic classifier per category on the multilingual
sentence encoder's vector of the prompt (see `vivify.text.encoder`).

Trained by scripts/train_moderation.py on text-only data in five languages
(training/moderation/train_*.jsonl and the rules' own test sets), with its thresholds calibrated
on a validation set written by another author (training/moderation/validation.jsonl). The
weights ship as `data/prompt_classifier.npz`. The prompt is read through the rules'
normalisation first (look-alike letters, invisible characters, spaced and leet letters), so
spelling tricks reach the classifier undone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from vivify.moderation._prompt_text import tokenise

FILE = "prompt_classifier.npz"


def readable(prompt: str) -> str:
    """The prompt with spelling tricks undone, as the classifier reads it."""
    words = []
    for tok in tokenise(prompt):
        if tok.raw.isalpha():
            words.append(tok.raw)
        else:  # "n@ked", "s3xy": the first reading a trick produced
            words.append(next((form for form, trick in tok.forms.items() if trick), tok.raw))
    return " ".join(words)


@dataclass(frozen=True)
class PromptClassifier:
    categories: tuple[str, ...]
    weights: NDArray[np.float32]  # (categories, 512)
    bias: NDArray[np.float32]  # (categories,)
    thresholds: NDArray[np.float32]  # (categories,)
    version: str

    def scores(self, vectors: NDArray[np.float32]) -> NDArray[np.float32]:
        """Each category's probability for each row of `vectors`."""
        logits = vectors @ self.weights.T + self.bias
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def judge(
        self, prompt: str, encode: Callable[[Sequence[str]], NDArray[np.float32]]
    ) -> list[tuple[str, float, float]]:
        """(category, score, threshold) for every category whose score reaches its threshold."""
        scores = self.scores(encode([readable(prompt)]))[0]
        return [
            (cat, round(float(s), 3), round(float(t), 3))
            for cat, s, t in zip(self.categories, scores, self.thresholds, strict=True)
            if s >= t
        ]

    def save(self, path: str) -> None:
        np.savez_compressed(
            path,
            categories=np.array(self.categories),
            weights=self.weights,
            bias=self.bias,
            thresholds=self.thresholds,
            version=np.array(self.version),
        )


_lock = threading.Lock()
_loaded: list[PromptClassifier] = []


def prompt_classifier() -> PromptClassifier:
    """The bundled classifier, loaded once per process."""
    with _lock:
        if not _loaded:
            path = resources.files("vivify.moderation").joinpath("data", FILE)
            with path.open("rb") as f, np.load(f) as z:
                _loaded.append(
                    PromptClassifier(
                        categories=tuple(str(c) for c in z["categories"]),
                        weights=z["weights"].astype(np.float32),
                        bias=z["bias"].astype(np.float32),
                        thresholds=z["thresholds"].astype(np.float32),
                        version=str(z["version"]),
                    )
                )
        return _loaded[0]
