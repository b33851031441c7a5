"""The prompt gate's learned layer, on the multilingual sentence encoder's vector of the prompt
(see `vivify.text.encoder`): for each category, the mean of two opinions,

- a small neural network (one hidden layer, softmax over "none" and the seven categories), and
- the prompt's nearest neighbours among the training prompts (the 30 most similar, weighted by
  similarity): the share of them in that category.

Trained by scripts/train_moderation.py on text-only data in five languages
(training/moderation/train_*.jsonl and the rules' own test sets); the thresholds were chosen on a
validation set by another author (training/moderation/validation.jsonl). Everything ships in
`data/prompt_classifier.npz`, the neighbours as vectors and labels, not as text. A prompt is
blocked when its harm (one minus the share of "none") reaches `threshold`, or, where the rules
see a sign of a minor (a word, an age, a school year), its score for sexual content with minors
reaches the lower `minors_threshold`; the category reported is the
harmful one with the highest score. The prompt is read through the rules' normalisation first
(look-alike letters, invisible characters, spaced and leet letters).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from vivify.moderation._prompt_text import Token

FILE = "prompt_classifier.npz"
NEIGHBOURS = 30
SHARPNESS = 20.0  # neighbour weights: exp(SHARPNESS * similarity)
F32 = NDArray[np.float32]


def readable_tokens(tokens: Sequence[Token]) -> str:
    """The words with spelling tricks undone, as the classifier reads them."""
    words = []
    for tok in tokens:
        if tok.raw.isalpha():
            words.append(tok.raw)
        else:  # "n@ked", "s3xy": the first reading a trick produced
            words.append(next((form for form, trick in tok.forms.items() if trick), tok.raw))
    return " ".join(words)


@dataclass(frozen=True)
class Verdict:
    category: str  # the harmful category with the highest score
    score: float  # the score that blocked: the harm, or the minors score
    threshold: float


@dataclass(frozen=True)
class PromptClassifier:
    classes: tuple[str, ...]  # "none" first, then the categories
    hidden: F32  # (512, H)
    hidden_bias: F32  # (H,)
    out: F32  # (H, classes)
    out_bias: F32  # (classes,)
    neighbours: F32  # (N, 512) training vectors
    labels: NDArray[np.int16]  # (N,) their class index
    threshold: float
    minors_threshold: float
    version: str
    digest: str = ""  # SHA-256 of the data it was trained and calibrated from

    def network(self, vectors: F32) -> F32:
        h = np.maximum(0.0, vectors @ self.hidden + self.hidden_bias)
        z = h @ self.out + self.out_bias
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)

    def vote(self, vectors: F32) -> F32:
        sims = vectors @ self.neighbours.T
        k = min(NEIGHBOURS, sims.shape[1])
        idx = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        near = np.take_along_axis(sims, idx, axis=1)
        weights = np.exp(SHARPNESS * (near - near.max(axis=1, keepdims=True)))
        out = np.zeros((len(vectors), len(self.classes)), np.float32)
        for c in range(len(self.classes)):
            out[:, c] = (weights * (self.labels[idx] == c)).sum(axis=1)
        return out / weights.sum(axis=1, keepdims=True)

    def scores(self, vectors: F32) -> F32:
        """Each class's score (rows sum to 1) for each row of `vectors`."""
        vectors = vectors.astype(np.float32)
        return (self.network(vectors) + self.vote(vectors)) / 2

    def verdicts(
        self, scores: F32, minor_seen: Sequence[bool] | None = None
    ) -> list[Verdict | None]:
        """The verdict for each row of `scores`. Where the rules saw a sign of a minor
        (`minor_seen`; everywhere when not given), the sexual and minors scores together are
        held to the lower minors threshold."""
        minors = self.classes.index("minors_sexual")
        sexual = self.classes.index("sexual")
        seen = [True] * len(scores) if minor_seen is None else list(minor_seen)
        out: list[Verdict | None] = []
        for row, minor in zip(scores, seen, strict=True):
            harm = 1.0 - float(row[0])
            category = self.classes[1 + int(np.argmax(row[1:]))]
            # with a sign of a minor, anything sexual is sexualising a minor
            young = float(row[minors] + row[sexual])
            if minor and young >= self.minors_threshold:
                out.append(Verdict("minors_sexual", round(young, 3), self.minors_threshold))
            elif harm >= self.threshold:
                out.append(Verdict(category, round(harm, 3), self.threshold))
            else:
                out.append(None)
        return out

    def save(self, path: str) -> None:
        np.savez_compressed(
            path,
            classes=np.array(self.classes),
            hidden=self.hidden.astype(np.float16),
            hidden_bias=self.hidden_bias,
            out=self.out,
            out_bias=self.out_bias,
            neighbours=self.neighbours.astype(np.float16),
            labels=self.labels,
            limits=np.array([self.threshold, self.minors_threshold], np.float32),
            version=np.array(self.version),
            digest=np.array(self.digest),
        )


def load(file: object) -> PromptClassifier:
    with np.load(file) as z:  # type: ignore[arg-type]
        threshold, minors = (float(v) for v in z["limits"])
        return PromptClassifier(
            classes=tuple(str(c) for c in z["classes"]),
            hidden=z["hidden"].astype(np.float32),
            hidden_bias=z["hidden_bias"].astype(np.float32),
            out=z["out"].astype(np.float32),
            out_bias=z["out_bias"].astype(np.float32),
            neighbours=z["neighbours"].astype(np.float32),
            labels=z["labels"].astype(np.int16),
            threshold=threshold,
            minors_threshold=minors,
            version=str(z["version"]),
            digest=str(z["digest"]) if "digest" in z.files else "",
        )


_lock = threading.Lock()
_loaded: list[PromptClassifier] = []


def prompt_classifier() -> PromptClassifier:
    """The bundled classifier, loaded once per process."""
    with _lock:
        if not _loaded:
            path = resources.files("vivify.moderation").joinpath("data", FILE)
            with path.open("rb") as f:
                _loaded.append(load(f))
        return _loaded[0]
