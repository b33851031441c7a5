"""Reading a prompt: which effects it asks for, which it rules out, and how they should move.

Pure text processing in five languages: words are compared without case or accents and through
Snowball stems, small typos are repaired by edit distance, negations rule out the effects in
their clause, and intensity, speed and direction words attach to the nearest effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rapidfuzz.distance import DamerauLevenshtein

from vivify.plan import lexicon
from vivify.plan.figures import read_figures
from vivify.plan.tokens import (
    CAMERA_MOVES,
    TOWARDS,
    Token,
    WordCounts,
    camera_target,
    normalise,
    split,
    stems,
    thunder,
    tokenise,
    wordset,
)

__all__ = [
    "CAMERA_MOVES",
    "TOWARDS",
    "Modifier",
    "Reading",
    "Span",
    "WordCounts",
    "normalise",
    "read",
    "stems",
]

_MODIFIER_REACH = 3  # tokens between a modifier and the effect it shapes


@dataclass(frozen=True)
class Modifier:
    kind: str  # "intensity", "speed" or "direction"
    value: float  # a factor for intensity and speed, -1 or 1 for direction
    words: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    """Words the lists do not place, kept together for reading by meaning (see
    `vivify.plan.meaning`). A heard span asks for a sound ("with the sound of the sea"): it
    chooses sound layers, and the effect words in it (`effects`) are heard, not shown."""

    text: str  # as typed
    unmatched: tuple[str, ...]
    content: str = ""  # a heard span without its sound words: what is to be heard
    negated: bool = False
    heard: bool = False
    effects: tuple[str, ...] = ()
    beside: bool = False  # its clause names an effect (or asks vaguely), which it may only describe
    near: tuple[str, ...] = ()  # the effects its clause names
    touching: tuple[str, ...] = ()  # the effects of the words right before and after it
    target: str = ""  # the camera move it follows: it says where the camera goes, nothing more


@dataclass
class Reading:
    """What a prompt says, before the scene is considered."""

    effects: dict[str, list[str]] = field(default_factory=dict)  # in order of first mention
    negated: dict[str, list[str]] = field(default_factory=dict)
    modifiers: dict[str, list[Modifier]] = field(default_factory=dict)  # "*": the whole plan
    exclusive: list[str] = field(default_factory=list)
    vague: list[str] = field(default_factory=list)
    mixed_precipitation: list[str] = field(default_factory=list)
    typos: list[tuple[str, str]] = field(default_factory=list)  # (as typed, read as)
    unmatched: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    thunder: list[str] = field(default_factory=list)  # thunder words asked for, not ruled out
    audio_only: list[str] = field(default_factory=list)  # "sound only": nothing named is shown
    sounds: dict[str, list[str]] = field(default_factory=dict)  # layers sound words name


@dataclass(frozen=True)
class _Vocabulary:
    single: dict[str, frozenset[str]]  # stem -> effects
    exact: dict[str, frozenset[str]]  # exact normalised word -> effects
    phrases: list[tuple[tuple[str, ...], str, str]]  # (words, role, label), longest first
    words: dict[str, tuple[str, str]]  # normalised word -> (role, label) for non-effect roles
    spellings: dict[str, str]  # normalised single effect word -> itself, for typo repair
    modifier_stems: dict[str, str]  # stem of a modifier word (5+ letters) -> its label
    stem_words: dict[str, frozenset[str]]  # stem -> the single effect words that have it


@cache
def vocabulary() -> _Vocabulary:
    single: dict[str, set[str]] = {}
    exact: dict[str, set[str]] = {}
    phrases: list[tuple[tuple[str, ...], str, str]] = []
    spellings: dict[str, str] = {}
    stem_words: dict[str, set[str]] = {}
    for effect, text in lexicon.EFFECT_WORDS.items():
        for entry in lexicon.words(text):
            norm = normalise(entry)
            if " " in norm or len(split(norm)) > 1:
                phrases.append((tuple(split(norm)), "effect", effect))
            elif norm.startswith("="):
                exact.setdefault(norm[1:], set()).add(effect)
            else:
                spellings[norm] = norm
                for stem in stems(norm):
                    single.setdefault(stem, set()).add(effect)
                    stem_words.setdefault(stem, set()).add(norm)
    words: dict[str, tuple[str, str]] = {}
    roles = [
        ("negation", lexicon.NEGATIONS, ""),
        ("break", lexicon.CLAUSE_BREAKS, ""),
        ("exclusive", lexicon.EXCLUSIVE, ""),
        ("vague", lexicon.VAGUE_WORDS, ""),
        ("mixed", lexicon.MIXED_PRECIPITATION, ""),
        ("modifier", lexicon.INTENSITY_DOWN, "intensity:down"),
        ("modifier", lexicon.INTENSITY_UP, "intensity:up"),
        ("modifier", lexicon.SPEED_DOWN, "speed:down"),
        ("modifier", lexicon.SPEED_UP, "speed:up"),
        ("modifier", lexicon.LEFT, "direction:-1"),
        ("modifier", lexicon.RIGHT, "direction:1"),
        ("very", lexicon.VERY, ""),
        ("sound", lexicon.SOUND_CUES, ""),
        ("distant", lexicon.DISTANT, ""),
        *(("sound_verb", words, layer) for layer, words in lexicon.SOUND_VERBS.items()),
        *(("sound_source", words, layer) for layer, words in lexicon.SOUND_SOURCES.items()),
        ("clear", lexicon.CLEAR_SKY, ""),
        *(("opposite", words, effect) for effect, words in lexicon.OPPOSITES.items()),
        ("audio_only", lexicon.AUDIO_ONLY, ""),
        ("still", lexicon.STILL, ""),
        ("stop", lexicon.IDIOMS, ""),
    ]
    for role, text, label in roles:
        for entry in lexicon.words(text):
            parts = tuple(split(normalise(entry)))
            if len(parts) > 1:
                phrases.append((parts, role, label))
            elif parts:
                words.setdefault(parts[0], (role, label))
    for word in lexicon.words(lexicon.STOPWORDS):
        words.setdefault(normalise(word), ("stop", ""))
    modifier_stems = {
        stem: label
        for word, (role, label) in words.items()
        if role == "modifier" and len(word) >= 5
        for stem in stems(word)
    }
    phrases.sort(key=lambda p: -len(p[0]))
    return _Vocabulary(
        single={k: frozenset(v) for k, v in single.items()},
        exact={k: frozenset(v) for k, v in exact.items()},
        phrases=phrases,
        words=words,
        spellings=spellings,
        modifier_stems=modifier_stems,
        stem_words={k: frozenset(v) for k, v in stem_words.items()},
    )


_INTENSITY = {"down": 0.5, "up": 1.8}
_VERY = {"down": 0.3, "up": 2.5}


def read(prompt: str, words: WordCounts | None = None) -> Reading:
    """Read `prompt` into a `Reading`. With `words`, a typo is repaired only when the word as
    typed is not a word of its own: see `_repair`."""
    tokens = tokenise(prompt)
    vocab = vocabulary()
    _mark_phrases(tokens, vocab)
    reading = Reading()
    for tok in tokens:
        if not tok.role:
            _mark_word(tok, vocab, reading, words)
    read_figures(tokens, words)
    _collect(tokens, reading)
    return reading


_LAYERED = ("sound_verb", "sound_source")  # roles whose label is a sound layer
_LABELLED = (*_LAYERED, "opposite")  # roles whose label is kept (a layer or an effect)


def _mark_phrases(tokens: list[Token], vocab: _Vocabulary) -> None:
    norms = [t.norm for t in tokens]
    for words, role, label in vocab.phrases:
        n = len(words)
        for i in range(len(tokens) - n + 1):
            if any(tokens[i + k].role for k in range(n)):
                continue
            if tokens[i + n - 1].clause != tokens[i].clause:
                continue  # "la pioggia no, solo nuvole" is not "no solo"
            if all(_same(norms[i + k], words[k]) for k in range(n)):
                typed = tuple(tokens[i + k].text for k in range(n))
                for k in range(n):
                    tokens[i + k].role = "part"
                head = tokens[i]
                head.role, head.words = role, typed
                if role == "effect":
                    head.effects = (label,)
                elif role == "modifier":
                    kind, value = label.split(":")
                    head.modifier = (kind, _value(kind, value))
                head.layer = label if role in _LABELLED else ""


def _same(token: str, word: str) -> bool:
    """A phrase word matches its own form, a shared stem, or (5+ letters) one typo away."""
    if token == word:
        return True
    if len(token) > 3 and len(word) > 3 and stems(token) & stems(word):
        return True
    return (
        len(word) >= 5
        and token[:1] == word[:1]
        and DamerauLevenshtein.distance(token, word, score_cutoff=1) <= 1
    )


def _value(kind: str, value: str) -> float:
    if kind == "direction":
        return float(value)
    return _INTENSITY[value]


def _mark_word(tok: Token, vocab: _Vocabulary, reading: Reading, words: WordCounts | None) -> None:
    """Exact effect words first, then the other roles (so a stop word is not read through a
    stem it shares with an effect word in another language), then stems, compounds, typos."""
    tok.words = (tok.text,)
    if tok.norm in vocab.spellings or tok.norm in vocab.exact:
        tok.role, tok.effects = "effect", _effects_of(tok.norm, vocab)
        return
    if tok.norm in vocab.words:
        role, label = vocab.words[tok.norm]
        tok.role = role
        tok.layer = label if role in _LABELLED else ""
        if role == "modifier":
            kind, value = label.split(":")
            tok.modifier = (kind, _value(kind, value))
        return
    if _sound_suffix(tok.norm):  # 'Meeresrauschen', 'Regengeräusche': the head is heard
        tok.role = "sound"
        head = _heard_part(tok).lower()
        source = next(  # 'Möwengeschrei': the gulls' own layer
            (
                vocab.words[h]
                for h in (normalise(head), normalise(head)[:-1], normalise(head)[:-2])
                if vocab.words.get(h, ("", ""))[0] == "sound_source"
            ),
            None,
        )
        if source is not None:
            tok.role, tok.layer = source
            return
        tok.effects = next(
            (
                found
                for h in (head, head[:-1], head[:-2])
                if len(h) >= 3 and (found := _effects_of(normalise(h), vocab))
            ),
            (),
        )
        return
    effects = _effects_of(tok.norm, vocab)
    if effects and words is not None:
        effects = _same_language(tok.norm, effects, vocab, words)
    if effects:
        tok.role, tok.effects = "effect", effects
        return
    modifier = _modifier_by_stem(tok.norm, vocab)
    if modifier:
        tok.role, tok.modifier = "modifier", modifier
        return
    small = _diminutive(tok.norm, vocab)
    if small:
        tok.role, tok.effects = "effect", small
        return
    repaired = _repair(tok.norm, vocab, words)  # before compounds: 'watercolr' is not 'water' + ...
    if repaired:
        tok.role, tok.effects = "effect", _effects_of(repaired, vocab)
        reading.typos.append((tok.text, repaired))
        return
    compound = _compound(tok.norm, vocab)
    if compound:
        effects, without = compound
        tok.role, tok.effects = ("without" if without else "effect"), effects
        return
    if words is not None:
        named = _german_head(tok.norm, vocab, words)
        if named:
            tok.role, tok.effects = "effect", named


_DIMINUTIVES = (
    ("olina", "a"),
    ("olino", "o"),
    ("ecitas", "as"),
    ("ecitos", "os"),
    ("itas", "as"),
    ("itos", "os"),
    ("ita", "a"),
    ("ito", "o"),
    ("icine", "e"),
    ("ine", "e"),
    ("ini", "i"),
    ("ina", "a"),
    ("ino", "o"),
    ("ette", "e"),
    ("ettes", "es"),
    ("etta", "a"),
    ("ette", "e"),
    ("chen", "e"),
    ("chen", ""),
    ("lein", "e"),
    ("lein", ""),
)


def _diminutive(norm: str, vocab: _Vocabulary) -> tuple[str, ...]:
    """The effect a diminutive names: 'estrellitas', 'nuvolette', 'Wölkchen', 'gocce' kept."""
    if len(norm) < 6:
        return ()
    for suffix, ending in _DIMINUTIVES:
        if norm.endswith(suffix) and len(norm) - len(suffix) >= 3:
            found = _effects_of(norm[: -len(suffix)] + ending, vocab)
            if found:
                return found
    return ()


def _modifier_by_stem(norm: str, vocab: _Vocabulary) -> tuple[str, float] | None:
    """Inflected modifiers ('starkem', 'leichten', 'fuertes'): same stem as a listed one. Only
    for words longer than five letters, so 'lights' is not read as 'light'."""
    if len(norm) <= 5:
        return None
    for stem in stems(norm):
        label = vocab.modifier_stems.get(stem)
        if label:
            kind, value = label.split(":")
            return (kind, _value(kind, value))
    return None


_WITHOUT_SUFFIXES = ("less", "los", "lose", "losen", "loser", "frei", "freie", "free")


def _compound(norm: str, vocab: _Vocabulary) -> tuple[tuple[str, ...], bool] | None:
    """Compound words ('Schneefall', 'Regenschauer', 'wolkenlos'): a long word that starts with
    an effect word of five or more letters. A suffix meaning 'without' ('-los', '-less',
    '-frei') rules the effect out instead."""
    if len(norm) < 8:
        return None
    for cut in range(len(norm) - 3, 4, -1):
        head, tail = norm[:cut], norm[cut:]
        if head in vocab.spellings:
            return _effects_of(head, vocab), tail in _WITHOUT_SUFFIXES
    return None


def _same_language(
    norm: str, effects: tuple[str, ...], vocab: _Vocabulary, words: WordCounts
) -> tuple[str, ...]:
    """A word of some language is read through a shared stem only as effect words of that same
    language: English 'lamp' is not Italian 'lampo' (lightning). Effect words that no list
    knows (compounds, slang) keep their stems."""
    typed = set(words.known_in(norm))
    if not typed:
        return effects
    kept: set[str] = set()
    for stem in stems(norm):
        for word in vocab.stem_words.get(stem, ()):
            langs = set(words.known_in(word))
            if not langs or langs & typed:
                kept |= vocab.single.get(stem, frozenset()) & set(_effects_of(word, vocab))
    return tuple(e for e in effects if e in kept)


def _german_head(norm: str, vocab: _Vocabulary, words: WordCounts) -> tuple[str, ...]:
    """German compounds end in what they are: 'Ostsee', 'Bergsee' (a lake or sea),
    'Morgennebel' (fog), 'Sommerregen' (rain). A word of another language is left alone
    ('oversee')."""
    if len(norm) < 6 or set(words.known_in(norm)) - {"de"}:
        return ()
    for cut in range(3, len(norm) - 2):
        tail = norm[cut:]
        if tail == "see":  # German for lake, English for look: only as a compound's head
            return ("water",)
        if tail in vocab.spellings and "de" in words.known_in(tail):
            return _effects_of(tail, vocab)
    return ()


def _effects_of(norm: str, vocab: _Vocabulary) -> tuple[str, ...]:
    if norm in vocab.exact:
        return tuple(sorted(vocab.exact[norm]))
    found: set[str] = set()
    for stem in stems(norm):
        found |= vocab.single.get(stem, frozenset())
    return tuple(sorted(found))


REPAIR_ODDS = 20  # a real word is read as another only if that one is this much more common


def _repair(norm: str, vocab: _Vocabulary, words: WordCounts | None = None) -> str | None:
    """A typo of an effect word: one edit away (two for long words), the same first letter, and
    no other equally close effect word. Four-letter words only by swapping two letters.

    A word of one of the five languages ('sopra', 'brass', 'painting', 'fallo') is not a typo:
    it is repaired only where the effect word is REPAIR_ODDS times more common in every language
    the typed word belongs to ('clods' is read as 'clouds'; 'painting' is not read as 'panning',
    nor Italian 'sopra' as Spanish 'sopla')."""
    if len(norm) < 4 or not norm.isalpha():
        return None
    typed = words.known_in(norm) if words is not None else {}
    if not typed and words is not None and _enclitic(norm, words):
        return None
    limit = 1 if len(norm) < 8 else 2
    best: list[tuple[int, str]] = []
    for word in vocab.spellings:
        if word[0] != norm[0] or abs(len(word) - len(norm)) > limit:
            continue
        distance = DamerauLevenshtein.distance(norm, word, score_cutoff=limit)
        if distance > limit:
            continue
        if len(norm) == 4 and sorted(norm) != sorted(word):
            continue
        best.append((distance, word))
    if typed:
        assert words is not None
        best = [
            (d, w)
            for d, w in best
            if all(words.known_in(w).get(lang, 0) >= REPAIR_ODDS * n for lang, n in typed.items())
        ]
    if not best:
        return None
    best.sort()
    top = [w for d, w in best if d == best[0][0]]
    effects = {_effects_of(w, vocab) for w in top}
    return top[0] if len(effects) == 1 else None


_CLITICS = ("glielo", "gliela", "le", "les", "lo", "los", "la", "las", "me", "te", "nos", "mi")


def _enclitic(norm: str, words: WordCounts) -> bool:
    """A Spanish or Italian verb with its pronoun joined on ("hazle", "ponle", "fallo"): the
    verb is a known word of that language."""
    for suffix in _CLITICS:
        stem = norm[: -len(suffix)]
        if norm.endswith(suffix) and len(stem) >= 3:
            known = words.known_in(stem)
            if known.get("es", 0) or known.get("it", 0):
                return True
    return False


_BACK_REACH = (
    6  # tokens a negation with nothing after it reaches back: "rain? no", "… don't show it"
)
_SOUND_REACH = 4  # tokens after a sound word that it makes heard
_HEARD_BACK = 5  # tokens before it: "den Regen soll man nur hören"


def _negations(heads: list[Token]) -> tuple[dict[int, str], set[int], set[int]]:
    """(effect token -> the negation that rules it out, softened modifiers, negated tokens of
    any role). A negation rules out what follows it in its clause; with nothing there to rule
    out, it reaches back to the nearest effect in its sentence ("the sound of rain, don't show
    it", "Wolken ja, Regen nein")."""
    negated_at: dict[int, str] = {}
    softened: set[int] = set()
    reached: set[int] = set()
    for i, tok in enumerate(heads):
        if tok.role == "still":  # "keep the sky still": the effect just before, in its clause
            for j in range(i - 1, max(-1, i - 1 - _BACK_REACH), -1):
                if heads[j].clause != tok.clause:
                    break
                reached.add(j)
                if heads[j].role == "effect":
                    negated_at[j] = tok.text
                    break
                if not heads[j].role:  # "telecamera ferma": an unknown word is ruled out
                    break
            continue
        if tok.role != "negation":
            continue
        k = i + 1
        while k < len(heads) and heads[k].role == "very":
            k += 1
        if k < len(heads) and heads[k].role == "modifier" and heads[k].clause == tok.clause:
            softened.add(k)
            continue
        found = False
        for j in range(i + 1, min(len(heads), i + 7)):
            nxt = heads[j]
            if nxt.role == "break" and j == i + 1:
                continue  # "nothing with fire", "nada con fuego"
            if nxt.clause != tok.clause or nxt.role in ("break", "negation", "exclusive"):
                break  # "kein Glitzer, kein Kitsch, einfach nur Schnee"
            if found and nxt.norm in _AND and j + 1 < len(heads) and heads[j + 1].norm in _THE:
                break  # "no rain and the camera pans": a new statement
            reached.add(j)
            if nxt.role in ("effect", "sound") or (not nxt.role and nxt.norm):
                found = found or nxt.role == "effect" or nxt.role == "sound"
            if nxt.role == "effect":
                negated_at[j] = tok.text
        if found or any(
            not h.role or h.norm in _MOVING for h in heads[i + 1 : i + 3] if h.clause == tok.clause
        ):
            continue  # "sans bouger": the negation has its own object
        alone = all(h.role in ("negation", "stop") for h in heads if h.sentence == tok.sentence)
        for j in range(i - 1, max(-1, i - 1 - _BACK_REACH), -1):
            back = heads[j]
            if back.role in ("negation", "break") or (
                back.sentence != tok.sentence and not (alone and back.sentence == tok.sentence - 1)
            ):
                break
            if back.role == "effect":
                negated_at[j] = tok.text
                break
    return negated_at, softened, reached


_MOVING = frozenset(lexicon.words(lexicon.CAMERA_MOVING))
_THE = frozenset(
    lexicon.words("the der die das den le la les l el los las il lo gli i my mein meine mon ma mi")
)
_AND = frozenset(
    {"and", "und", "et", "y", "e", "ed", "plus", "also", "auch", "aussi", "tambien", "anche"}
)


def _heard(heads: list[Token]) -> dict[int, int]:
    """Tokens a sound word makes heard -> that sound word's index: the next few in its clause,
    and the nearest word before it that could be heard ("rain sounds", "den Regen nur hören"),
    never across "and"."""
    heard: dict[int, int] = {}
    hearable = ("effect", "", "stop", "sound", "sound_verb", "sound_source")
    only = next((i for i, t in enumerate(heads) if t.role == "audio_only"), None)
    if only is not None:  # "ocean waves, audio only": everything named is heard
        for j, tok in enumerate(heads):
            if tok.role in ("effect", "sound"):
                heard[j] = j
    for i, tok in enumerate(heads):
        if tok.role == "distant":
            _far_off(heads, i, heard)
            continue
        if tok.role not in ("sound", "sound_verb"):
            continue
        heard.setdefault(i, i)
        for j in range(i + 1, min(len(heads), i + _SOUND_REACH + 1)):
            if heads[j].clause != tok.clause or heads[j].role not in hearable:
                break
            if heads[j].norm in _AND:  # "the sound of the bar and a zoom": the zoom is seen
                break
            heard.setdefault(j, i)
        if any(
            heads[j].role in ("effect", "", "sound_source")
            for j in heard
            if j > i and heard[j] == i
        ):
            continue  # "metti il suono del vento": what it hears follows it
        back: list[int] = []  # "el mar de fondo sonando": back over 'fondo' to 'mar'
        for j in range(i - 1, max(-1, i - 1 - _HEARD_BACK), -1):
            if heads[j].clause != tok.clause or heads[j].role not in (*hearable, "exclusive"):
                break
            if heads[j].norm in _AND:
                break
            if heads[j].role in ("effect", ""):
                back.append(j)
                if heads[j].role == "effect":
                    break
        if any(heads[j].role == "effect" for j in back):
            for j in back:
                heard.setdefault(j, i)
        elif back:
            heard.setdefault(back[0], i)
    return heard


_HEARD_CONTENT = ("effect", "", "sound", "sound_verb", "sound_source")


def _far_off(heads: list[Token], i: int, heard: dict[int, int]) -> None:
    """ "Thunder in the distance", "campane in lontananza": the nearest words before the
    distance words (else after them) are heard if they could be a sound: thunder, a sound, or
    words the lists do not know. A sight far off stays a sight ("des éclairs au loin")."""
    for step in (-1, 1):
        found: list[int] = []
        j = i + step
        while 0 <= j < len(heads) and abs(j - i) <= 3 and heads[j].clause == heads[i].clause:
            tok = heads[j]
            if tok.norm in _AND or tok.role not in ("effect", "", "stop", "sound", "sound_source"):
                break
            if tok.role == "effect":
                if stems(tok.norm) & thunder():
                    found.append(j)
                break  # a sight: it is seen, far off
            if tok.role in ("", "sound", "sound_source"):
                found.append(j)
            j += step
        if found:
            heard.setdefault(i, i)
            for j in found:
                heard.setdefault(j, i)
            return


def _heard_part(tok: Token) -> str:
    """What a token of a heard span says is heard: itself, nothing for a sound word, the head
    of a sound compound ('Meeresrauschen': 'Meeres')."""
    if tok.role != "sound":
        return " ".join(tok.words or (tok.text,))
    end = _sound_suffix(tok.norm)
    return tok.text[: len(tok.text) - len(end)] if end else ""


def _sound_suffix(norm: str) -> str:
    """The sound word a compound ends in ('meeresrauschen': 'rauschen'), or ''."""
    return next(
        (e for e in lexicon.SOUND_SUFFIXES if norm.endswith(e) and len(norm) >= len(e) + 3), ""
    )


def _spans(heads: list[Token], heard: dict[int, int], negated: set[int], reading: Reading) -> None:
    """Group what the lists do not place into spans: each sound word with what it makes heard,
    and each run of unplaced words within a clause."""
    for cue in sorted(set(heard.values())):
        idx = [j for j, c in heard.items() if c == cue]
        content = [j for j in idx if heads[j].role in _HEARD_CONTENT]
        if not content:  # what it makes heard is heard through another sound word
            continue
        lo, hi = min(content), max(content)
        part = heads[lo : hi + 1]
        reading.spans.append(
            Span(
                text=" ".join(" ".join(h.words or (h.text,)) for h in part if h.role != "distant"),
                unmatched=tuple(h.text for h in part if not h.role),
                content=" ".join(
                    _heard_part(h) for h in part if h.role not in ("stop", "sound_verb", "distant")
                ).strip(),
                negated=cue in negated,
                heard=True,
                effects=tuple(e for h in part if h.role in ("effect", "sound") for e in h.effects),
            )
        )
    run: list[int] = []
    for i in [*range(len(heads)), -1]:
        tok = heads[i] if i >= 0 else None
        same = tok is not None and run and tok.clause == heads[run[-1]].clause
        if tok is not None and i not in heard and tok.role in ("", "stop") and (same or not run):
            run.append(i)
            continue
        content = [j for j in run if not heads[j].role]
        if content:
            part = heads[content[0] : content[-1] + 1]
            clause = heads[content[0]].clause
            reading.spans.append(
                Span(
                    text=" ".join(h.text for h in part),
                    unmatched=tuple(h.text for h in part if not h.role),
                    negated=content[0] in negated,
                    beside=any(h.role in ("effect", "vague") and h.clause == clause for h in heads),
                    near=tuple(
                        e
                        for h in heads
                        if h.role == "effect" and h.clause == clause
                        for e in h.effects
                    ),
                    touching=tuple(
                        e
                        for j in (content[0] - 1, content[-1] + 1)
                        if 0 <= j < len(heads)
                        and heads[j].role == "effect"
                        and heads[j].clause == clause
                        for e in heads[j].effects
                    ),
                    target=camera_target(heads, content[0], reach=3),
                )
            )
        run = [i] if tok is not None and i not in heard and tok.role in ("", "stop") else []


_CLOUDLESS = ("rain", "lightning")


def _refines(heads: list[Token], i: int) -> bool:
    """ "La nuit, mais sans étoiles": a negated word after "but" that names, in other words,
    an effect already asked for refines it; it does not rule it out. So does a negated fake
    or big one ("a real laugh, not that fake smile", "a tiny smile, NOT a big cheesy grin")."""
    tok = heads[i]
    near = heads[max(0, i - 2) : i + 3]
    if any(h.norm in _FAKE and h.clause == tok.clause for h in near) and any(
        h.role == "effect" and h.effects == tok.effects for k, h in enumerate(heads) if k != i
    ):
        return True  # "una risata vera, non quel sorriso finto": not a fake or a big one
    for j in range(i - 1, -1, -1):
        if heads[j].role == "break" and heads[j].norm in _BUT:
            return any(
                h.role == "effect"
                and h.effects == tok.effects
                and not stems(h.norm) & stems(tok.norm)
                and not stems(h.norm) & thunder()  # thunder is heard: "but no lightning"
                for h in heads[:j]
            )
    return False


_FAKE = frozenset(
    lexicon.words("""
        fake forced false plastic falsch falsches gezwungen gezwungenes kunstlich aufgesetzt
        aufgesetztes faux fausse force forcee forcé artificiel falso falsa forzado forzada
        fingido fingida finto finta forzato forzata
        big huge wide broad cheesy grosses grosse breites breite grand grande gran enorme
    """)
)
_BUT = frozenset(lexicon.words("but aber sondern mais pero ma pourtant jedoch however"))


def _beside_source(heads: list[Token], i: int) -> bool:
    """A sound verb right next to the thing that makes the sound ("crickets chirping",
    "les grillons qui chantent"): the thing's layer is heard, not the verb's own."""
    return heads[i].role == "sound_verb" and any(
        heads[j].role == "sound_source" and heads[j].clause == heads[i].clause
        for j in range(max(0, i - 2), min(len(heads), i + 3))
    )


def _collect(tokens: list[Token], reading: Reading) -> None:
    heads = [t for t in tokens if t.role not in ("part",)]
    negated_at, softened, reached = _negations(heads)
    heard = _heard(heads)
    _spans(heads, heard, reached, reading)
    named: set[str] = set()  # effects a positive word names on its own
    vetoed: set[str] = set()  # effects a negated word names on its own
    for i, tok in enumerate(heads):
        text = " ".join(tok.words)
        if tok.role == "without":
            for effect in tok.effects:
                reading.negated.setdefault(effect, []).append(text)
                vetoed.add(effect)
        elif (
            tok.role == "effect"
            and i in heard
            and i not in negated_at
            and heads[heard[i]].role != "sound_verb"
        ):
            continue  # heard, not shown: its span chooses a sound layer (a crackling fire is both)
        elif tok.role == "effect":
            negated = i in negated_at
            if not negated and stems(tok.norm) & thunder():
                reading.thunder.append(text)
            target = reading.negated if negated else reading.effects
            for effect in tok.effects:
                target.setdefault(effect, []).append(f"{negated_at[i]} {text}" if negated else text)
            if len(tok.effects) == 1 and not (negated and _refines(heads, i)):
                (vetoed if negated else named).add(*tok.effects)
        elif tok.role == "exclusive":
            reading.exclusive.append(text)
        elif tok.role == "audio_only":
            reading.audio_only.append(text)
            for effect in tok.effects:  # "sans toucher à la photo": the camera is held too
                reading.negated.setdefault(effect, []).append(text)
                vetoed.add(effect)
        elif tok.role in _LAYERED and tok.layer and not _beside_source(heads, i):
            reading.sounds.setdefault(tok.layer, []).append(text)
        elif tok.role == "clear":
            for effect in _CLOUDLESS:  # a clear sky: rain and lightning are not shown
                reading.negated.setdefault(effect, []).append(text)
                vetoed.add(effect)
        elif tok.role == "vague":
            reading.vague.append(text)
        elif tok.role == "mixed":
            reading.mixed_precipitation.append(text)
        elif tok.role == "modifier" and tok.modifier is not None:
            _attach(heads, i, negated_at, reading, i in softened)
        elif not tok.role:
            reading.unmatched.append(tok.text)
    # Ruled out anywhere: ruled out. But a word that brings several effects ("thunderstorm":
    # lightning and rain) does not, when negated, veto one that is named on its own.
    never = wordset(lexicon.NEVER)
    for effect in list(reading.negated):
        said_never = all(w.split()[0].lower() in never for w in reading.negated[effect])
        if effect in named and said_never:  # a description: "she never smiles in photos"
            del reading.negated[effect]
            continue
        if effect in vetoed or effect not in named:
            reading.effects.pop(effect, None)
        else:
            del reading.negated[effect]


def _attach(
    heads: list[Token], i: int, negated_at: dict[int, str], reading: Reading, softened: bool
) -> None:
    """Give a modifier to the nearest effect in its sentence (following on a tie), or to all.
    A negated modifier ("not too heavy", "nicht zu stark") means a little less than usual."""
    tok = heads[i]
    assert tok.modifier is not None
    kind, value = tok.modifier
    words = [" ".join(tok.words)]
    if i > 0 and heads[i - 1].role == "very" and kind != "direction":
        value = _VERY["up" if value > 1 else "down"]
        words.insert(0, heads[i - 1].text)
    if softened and kind != "direction":
        value = 0.7 if value > 1 else 1.0
        for back in range(i - 1, max(-1, i - 4), -1):
            if heads[back].role == "negation":
                words = [*(h.text for h in heads[back:i] if h.role != "very"), *words]
                break
    best: tuple[int, int] | None = None
    for j, other in enumerate(heads):
        if other.role != "effect" or j in negated_at or other.sentence != tok.sentence:
            continue
        distance = abs(j - i)
        if distance <= _MODIFIER_REACH and (best is None or (distance, j < i) < best):
            best = (distance, j < i)
            nearest = other
    modifier = Modifier(kind, value, tuple(words))
    if best is None:
        reading.modifiers.setdefault("*", []).append(modifier)
    else:
        for effect in nearest.effects:
            reading.modifiers.setdefault(effect, []).append(modifier)
