"""The words of a prompt: tokens with their sentence and clause, accent-free forms, Snowball
stems in five languages, and the lexicon's word sets. Shared by the reading of a prompt
(`vivify.plan.reading`) and its figures of speech (`vivify.plan.figures`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import snowballstemmer

from vivify.plan import lexicon

LANGUAGES = ("english", "german", "french", "spanish", "italian")
_TOKEN = re.compile(r"[^\W_]+|[,.;:!?()+&]", re.UNICODE)
SENTENCE_END = set(".;!?()")
CLAUSE_MARKS = set(",:+&")


@dataclass
class Token:
    text: str  # as typed
    norm: str  # lower case, no accents
    sentence: int
    clause: int
    role: str = ""  # effect, negation, exclusive, vague, modifier, very, break, stop, mixed
    effects: tuple[str, ...] = ()
    modifier: tuple[str, float] | None = None
    words: tuple[str, ...] = ()  # the phrase this token starts, as typed
    layer: str = ""  # the sound layer a sound word names ("crackling": fire)


def normalise(text: str) -> str:
    text = text.lower().replace("ß", "ss").replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _stemmers() -> tuple[snowballstemmer.stemmer, ...]:
    return tuple(snowballstemmer.stemmer(lang) for lang in LANGUAGES)


@cache
def stems(word: str) -> frozenset[str]:
    """The word itself and its Snowball stems in the five languages. A stem counts only if it
    keeps at least 3 letters and 60% of the word: shorter ones join unrelated words (French
    'donner' and English 'don', Spanish 'ventisca' and French 'vent')."""
    out = {word}
    for stemmer in _stemmers():
        stem = stemmer.stemWord(word)
        if len(stem) >= 3 and len(stem) >= 0.6 * len(word):
            out.add(stem)
    return frozenset(out)


def split(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if t not in SENTENCE_END and t not in CLAUSE_MARKS]


class WordCounts(Protocol):
    """How common a word is in each language (see `vivify.text.words`)."""

    def known_in(self, word: str) -> dict[str, int]: ...


def tokenise(prompt: str) -> list[Token]:
    tokens: list[Token] = []
    sentence = clause = 0
    for match in _TOKEN.finditer(prompt):
        text = match.group()
        if text in SENTENCE_END or text in CLAUSE_MARKS:
            clause += 1
            sentence += text in SENTENCE_END
            continue
        norm = normalise(text)
        if norm == "t" and tokens and tokens[-1].norm.endswith("n"):  # don't, isn't, won't
            norm = text = "not"
        tokens.append(Token(text=text, norm=norm, sentence=sentence, clause=clause))
    return tokens


@cache
def wordset(vocabulary: str) -> frozenset[str]:
    """The entries of a lexicon vocabulary, once per process."""
    return frozenset(lexicon.words(vocabulary))


@cache
def thunder() -> frozenset[str]:
    return frozenset(s for w in lexicon.words(lexicon.THUNDER) for s in stems(w))


TOWARDS = frozenset(
    lexicon.words(
        "on onto into in to at towards toward auf an in zu bis sur vers dans jusqu a hacia hasta "
        "en sobre su verso fino al alla sul sulla nel nella"
    )
)


CAMERA_MOVES = ("zoom_in", "zoom_out", "pan", "parallax")


def camera_target(tokens: list[Token], first: int, reach: int) -> str:
    """The camera move whose target the words from `first` on name ("zoom on the cake", "zoom
    a los ojos de mi perro", "zoom in on her smile"): a camera move at most `reach` tokens
    before them in the clause, with only small words between, one of them a preposition
    ("close her eyes" names no target); '' when there is none."""
    towards = tokens[first].norm in TOWARDS  # "zoom hasta sus ojos": 'hasta' may come first
    for j in range(first - 1, max(-1, first - 1 - reach), -1):
        tok = tokens[j]
        if tok.clause != tokens[first].clause:
            return ""
        if tok.role == "effect":
            return next((e for e in tok.effects if e in CAMERA_MOVES), "") if towards else ""
        if tok.role not in ("stop", "part") and tok.norm not in TOWARDS:
            return ""
        towards = towards or tok.norm in TOWARDS
    return ""
