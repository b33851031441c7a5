"""Text data worked out once, at install, so that a new process starts sooner and smaller.

A fresh process used to spend about 4 s and 95 MB before it could read a prompt: it encoded the
5,800 example phrases of the planner's catalogue, and it folded five languages' word lists into
Python dicts of 835,000 words. `scripts/install` now writes both to `text.npz` in the models
folder (`vivify.scene.subject.models_dir()`, $VIVIFY_MODELS_DIR when set):

- the phrase vectors, keyed by the phrase itself and the encoder's name: a phrase added or edited
  since then is simply encoded at load, so the file can be stale but never wrong;
- the word counts as sorted 64-bit hashes of the folded words with their counts (10 MB instead
  of 95), stamped with a fingerprint of the word lists and of the folding code; a file whose
  fingerprint differs is ignored and the lists are folded afresh.

Without the file everything works as before, only slower to start. Nothing here is written at
run time.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from vivify.plan.tokens import normalise

log = logging.getLogger(__name__)

FILE_NAME = "text.npz"

Table = tuple[NDArray[np.uint64], NDArray[np.uint32]]


def word_key(word: str) -> int:
    """A folded word's 64-bit key in the tables (BLAKE2b; a clash among 835,000 words has odds
    of about one in 50 million)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def table_of(counts: dict[str, int]) -> Table:
    """Word counts as two arrays sorted by key, for `np.searchsorted`."""
    merged: dict[int, int] = {}
    for word, n in counts.items():
        key = word_key(word)
        merged[key] = merged.get(key, 0) + n
    keys = np.fromiter(merged.keys(), np.uint64, len(merged))
    values = np.fromiter(merged.values(), np.int64, len(merged))
    order = np.argsort(keys, kind="stable")
    return keys[order], np.minimum(values[order], np.iinfo(np.uint32).max).astype(np.uint32)


def lookup(table: Table, word: str) -> int:
    """The count of a folded word in `table` (0 when it is not there)."""
    return lookup_key(table, word_key(word))


def lookup_key(table: Table, key: int) -> int:
    keys, counts = table
    at = np.uint64(key)
    i = int(keys.searchsorted(at))
    return int(counts[i]) if i < len(keys) and keys[i] == at else 0


def words_fingerprint(sources: list[bytes]) -> str:
    """What the tables were made from: the raw word lists and the code that folds the words."""
    digest = hashlib.sha256()
    for data in sources:
        digest.update(hashlib.sha256(data).digest())
    digest.update(inspect.getsource(normalise).encode("utf-8"))
    return digest.hexdigest()


def path_in(folder: Path) -> Path:
    return folder / FILE_NAME


def read(folder: Path, prefix: str = "") -> dict[str, NDArray[np.generic]]:
    """The arrays of `text.npz` in `folder` whose names start with `prefix` (only those are
    read: the word tables and the phrase vectors are loaded by different steps), or {} when
    the file is absent or unreadable."""
    path = path_in(folder)
    if not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files if name.startswith(prefix)}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        log.warning("ignoring %s: %s", path, exc)
        return {}


def write(folder: Path, arrays: dict[str, NDArray[np.generic]]) -> Path:
    """Write `text.npz` atomically: a reader never sees half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = path_in(folder)
    fd, tmp = tempfile.mkstemp(prefix=".text.", suffix=".npz", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
