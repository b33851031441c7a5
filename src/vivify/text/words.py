"""Is this a real word, and in which of vivify's five languages? Word-frequency lists from the
`pyspellchecker` wheel (MIT; counts drawn from OpenSubtitles and Wikipedia), loaded once per
process on first use (about 0.7 s), read from the installed package, never downloaded."""

from __future__ import annotations

import gzip
import json
import logging
import threading
from dataclasses import dataclass
from importlib import resources

from vivify.plan.tokens import normalise

log = logging.getLogger(__name__)

LANGUAGES = ("en", "de", "fr", "es", "it")
MIN_COUNT = 20  # rarer entries of the lists are often misspellings or names


@dataclass(frozen=True)
class Lexicons:
    """Word counts per language; words are folded as the planner folds them (lower case, no
    accents), and the counts of words that fold alike are added up."""

    counts: dict[str, dict[str, int]]

    def count(self, word: str, lang: str) -> int:
        n = self.counts.get(lang, {}).get(word, 0)
        return n if n >= MIN_COUNT else 0

    def known_in(self, word: str) -> dict[str, int]:
        """The languages `word` is a word of, with its count in each."""
        return {lang: n for lang in self.counts if (n := self.count(word, lang))}


_lock = threading.Lock()
_lexicons: list[Lexicons] = []


def lexicons() -> Lexicons:
    """The five languages' word counts (empty lists if the package is missing)."""
    with _lock:
        if not _lexicons:
            counts: dict[str, dict[str, int]] = {}
            for lang in LANGUAGES:
                try:
                    path = resources.files("spellchecker").joinpath(f"resources/{lang}.json.gz")
                    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
                        listed = json.load(f)
                except (ModuleNotFoundError, OSError, ValueError) as exc:
                    log.warning("No word list for %s (%s): typos are repaired unguarded", lang, exc)
                    listed = {}
                folded: dict[str, int] = {}
                for word, n in listed.items():
                    key = normalise(word)
                    folded[key] = folded.get(key, 0) + int(n)
                counts[lang] = {w: n for w, n in folded.items() if n >= MIN_COUNT}
            _lexicons.append(Lexicons(counts))
        return _lexicons[0]
