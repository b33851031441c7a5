"""Is this a real word, and in which of vivify's five languages? Word-frequency lists from the
`pyspellchecker` wheel (MIT; counts drawn from OpenSubtitles and Wikipedia), loaded once per
process on first use, read from the installed package, never downloaded. scripts/install folds
them once into `text.npz` (`vivify.text.precomputed`); without it they are folded at load."""

from __future__ import annotations

import gzip
import json
import logging
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from vivify.plan.tokens import normalise
from vivify.text import precomputed

log = logging.getLogger(__name__)

LANGUAGES = ("en", "de", "fr", "es", "it")
MIN_COUNT = 20  # rarer entries of the lists are often misspellings or names


@dataclass(frozen=True)
class Lexicons:
    """Word counts per language; words are folded as the planner folds them (lower case, no
    accents), and the counts of words that fold alike are added up. Each language is a table of
    sorted word keys and counts (`vivify.text.precomputed`): 10 MB, where dicts took 95. Answers
    are remembered for the last 100,000 words, since prompts repeat their words."""

    tables: dict[str, precomputed.Table]
    _known: dict[str, dict[str, int]] = field(default_factory=dict, compare=False, repr=False)

    def count(self, word: str, lang: str) -> int:
        return self.known_in(word).get(lang, 0)

    def known_in(self, word: str) -> dict[str, int]:
        """The languages `word` is a word of, with its count in each."""
        found = self._known.get(word)
        if found is None:
            key = precomputed.word_key(word)
            found = {}
            for lang, table in self.tables.items():
                n = precomputed.lookup_key(table, key)
                if n >= MIN_COUNT:
                    found[lang] = n
            if len(self._known) >= _REMEMBER:
                self._known.clear()
            self._known[word] = found
        return dict(found)


_REMEMBER = 100_000
_lock = threading.Lock()
_lexicons: list[Lexicons] = []


def word_lists() -> dict[str, bytes]:
    """Each language's gzipped word list as the package ships it (missing ones left out)."""
    lists = {}
    for lang in LANGUAGES:
        try:
            path = resources.files("spellchecker").joinpath(f"resources/{lang}.json.gz")
            lists[lang] = path.read_bytes()
        except (ModuleNotFoundError, OSError) as exc:
            log.warning("No word list for %s (%s): typos are repaired unguarded", lang, exc)
    return lists


def fold(raw: bytes) -> precomputed.Table:
    """A gzipped JSON word list, folded and counted, as a table."""
    listed = json.loads(gzip.decompress(raw).decode("utf-8"))
    folded: dict[str, int] = {}
    for word, n in listed.items():
        key = normalise(word)
        folded[key] = folded.get(key, 0) + int(n)
    return precomputed.table_of({w: n for w, n in folded.items() if n >= MIN_COUNT})


def build_lexicons(lists: dict[str, bytes]) -> Lexicons:
    tables = {}
    for lang, raw in lists.items():
        try:
            tables[lang] = fold(raw)
        except (OSError, ValueError, EOFError) as exc:
            log.warning("No word list for %s (%s): typos are repaired unguarded", lang, exc)
    return Lexicons(tables)


def lexicons(folder: Path | None = None) -> Lexicons:
    """The five languages' word counts (empty lists if the package is missing): the tables
    made at install (in `folder`, the models folder by default) when they were made from these
    very lists, else folded from the lists now (about 1.5 s)."""
    with _lock:
        if not _lexicons:
            lists = word_lists()
            _lexicons.append(_stored(lists, folder) or build_lexicons(lists))
        return _lexicons[0]


def _stored(lists: dict[str, bytes], folder: Path | None) -> Lexicons | None:
    from vivify.scene.subject import models_dir

    data = precomputed.read(folder or models_dir(), "words_")
    fingerprint = precomputed.words_fingerprint(list(lists.values()))
    languages = ",".join(lists)
    if str(data.get("words_fingerprint")) != fingerprint:
        return None
    if str(data.get("words_languages")) != languages:
        return None
    try:
        tables = {
            lang: (
                np.asarray(data[f"words_{lang}_keys"], np.uint64),
                np.asarray(data[f"words_{lang}_counts"], np.uint32),
            )
            for lang in lists
        }
    except KeyError:
        return None
    return Lexicons(tables)


def lexicon_arrays(lists: dict[str, bytes]) -> dict[str, NDArray[np.generic]]:
    """What `text.npz` keeps of the word lists (see `vivify.text.precomputed`)."""
    built = build_lexicons(lists)
    arrays: dict[str, NDArray[np.generic]] = {
        "words_fingerprint": np.array(precomputed.words_fingerprint(list(lists.values()))),
        "words_languages": np.array(",".join(built.tables)),
    }
    for lang, (keys, counts) in built.tables.items():
        arrays[f"words_{lang}_keys"] = keys
        arrays[f"words_{lang}_counts"] = counts
    return arrays
