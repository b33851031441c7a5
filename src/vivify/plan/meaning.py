"""Reading words by meaning: what the word lists do not place is compared with example phrases
of every effect, camera move, style and sound layer, in five languages, through a multilingual
sentence encoder (see `vivify.text.encoder`).

Pure: the encoder and the encoded examples are handed in. A span is read as the name whose
closest examples (the mean of its three best similarities) are closest to it, when that
similarity reaches `threshold` and beats the closest examples of things vivify cannot do
("make him dance", "a windmill") by `margin`. Both were calibrated on a validation set kept
apart from the examples (scripts/calibrate_meaning.py); anything below stays unmatched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

KINDS = ("effect", "camera", "style", "sound")
TOP = 3  # examples averaged per name


@dataclass(frozen=True)
class Catalogue:
    """Example phrases with their names and kinds ("none": not something vivify can do), and
    their unit-length vectors, one row each."""

    names: tuple[str, ...]
    kinds: tuple[str, ...]
    vectors: NDArray[np.float32]
    threshold: float
    margin: float
    beside: float = 0.0  # more similarity asked of a span whose clause already names an effect

    def __post_init__(self) -> None:
        if not len(self.names) == len(self.kinds) == len(self.vectors):
            raise ValueError("a catalogue needs one name and one kind per vector")


@dataclass(frozen=True)
class Match:
    span: str
    name: str
    kind: str
    similarity: float
    beaten: float  # the similarity of the closest name not chosen (or of "none")

    def note(self) -> str:
        return f"Read '{self.span}' as {self.name}, similarity {self.similarity:.2f}."


def scores(
    vectors: NDArray[np.float32], catalogue: Catalogue, kinds: Sequence[str] = KINDS
) -> list[dict[str, tuple[str, float]]]:
    """For each row of `vectors`: every name of `kinds` (and "none") with its kind and score."""
    sims = vectors @ catalogue.vectors.T
    out: list[dict[str, tuple[str, float]]] = []
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (name, kind) in enumerate(zip(catalogue.names, catalogue.kinds, strict=True)):
        if kind in kinds or kind == "none":
            groups.setdefault((name, kind), []).append(i)
    for row in sims:
        scored: dict[str, tuple[str, float]] = {}
        for (name, kind), idx in groups.items():
            best = np.sort(row[idx])[-TOP:]
            score = float(best.mean())
            if name not in scored or score > scored[name][1]:
                scored[name] = (kind, score)
        out.append(scored)
    return out


def best_match(
    span: str, scored: dict[str, tuple[str, float]], catalogue: Catalogue, extra: float = 0.0
) -> Match | None:
    ranked = sorted(scored.items(), key=lambda kv: -kv[1][1])
    if not ranked or ranked[0][0] == "none":
        return None
    (name, (kind, top)), rest = ranked[0], ranked[1:]
    none = scored.get("none", ("none", -1.0))[1]
    if top < catalogue.threshold + extra or top - none < catalogue.margin:
        return None
    beaten = max(none, rest[0][1][1] if rest else -1.0)
    return Match(span, name, kind, round(top, 3), round(beaten, 3))


def read_spans(
    spans: Sequence[str],
    encode: Callable[[Sequence[str]], NDArray[np.float32]],
    catalogue: Catalogue,
    kinds: Sequence[str] = KINDS,
    beside: bool = False,
) -> list[Match | None]:
    """What each span means, or None where nothing in the catalogue is close enough. Spans
    `beside` a named effect ("falling" in "falling leaves") must be closer by `beside`."""
    if not spans:
        return []
    vectors = encode(list(spans))
    extra = catalogue.beside if beside else 0.0
    return [
        best_match(span, scored, catalogue, extra)
        for span, scored in zip(spans, scores(vectors, catalogue, kinds), strict=True)
    ]
