"""The prompt gate: does the prompt ask for something the policy forbids?

A policy with categories, not a bag of words. The text is first read through the spelling tricks
people use against filters (see `_prompt_text`), then every word and phrase gets labels from the
vocabulary in `_prompt_terms`: what it is (a person, a minor, a body part, a negation, a photo
word) and which act it names. A category fires on an act *and* a target, in the same sentence:

- sexual: nudity, undressing or sexual acts aimed at a person ("make her naked", not "naked
  trees"), sexual body parts being shown, or words that are sexual on their own ("porn").
- minors_sexual: anything sexual together with a word or an age that marks someone under 18,
  or the few words that name such material outright. It replaces "sexual" when both apply,
  and nudity needs no other target once a minor is named ("naked, my 12-year-old").
- violence: killing, wounding, mutilating aimed at a person: as the object ("shoot the man", not
  "shoot the clouds"), next to a person ("make him bleed"), or near one for acts that mean
  nothing else ("behead"). Blood near a person counts unless it names a colour or a moon.
- self_harm: harm aimed at oneself ("cut herself", "sich erhängen", cutting wrists or veins)
  and the words for suicide and self-harm.
- hate: extremist symbols, gestures and groups; slurs; calls to hurt or drive out a group.
- real_person: a well-known person's name, or a full personal name after "make"/"let", with
  something for them to do or say.

Negations just before an act ("no blood", "ohne Gewalt", "sin sangre") rule it out; phrases of
ordinary photo language ("shooting star", "blood orange", "torse nu") are never read as acts.
The decision names categories and rules, never the user's words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
from numpy.typing import NDArray

from vivify.moderation._prompt_terms import TERMS
from vivify.moderation._prompt_text import Token, entry_words, tokenise
from vivify.moderation._prompt_text import wordset as _wordset
from vivify.moderation.classifier import (
    PromptClassifier,
    Verdict,
    prompt_classifier,
    readable_tokens,
)
from vivify.moderation.decision import Decision, Evidence
from vivify.moderation.policy import Policy, default_policy
from vivify.text.encoder import sentence_encoder

VERSION = "1.0"
MODEL = f"vivify prompt policy {VERSION}"

# Most serious first: the order categories are reported in.
ORDER = ("minors_sexual", "sexual", "violence", "self_harm", "hate", "real_person", "harassment")

REASONS = {
    "minors_sexual": "for sexual content involving minors",
    "sexual": "for sexual content",
    "violence": "for graphic violence",
    "self_harm": "for self-harm",
    "hate": "for hate speech or extremist symbols",
    "real_person": "to depict a real, named person acting or speaking",
    "harassment": "to humiliate or degrade a person",
}

RULES = {
    "minors_sexual:explicit": "a term for sexual material involving minors",
    "minors_sexual:sexual+minor": "sexual or nudity terms together with a minor",
    "sexual:explicit": "a term that is sexual on its own",
    "sexual:nudity+person": "nudity or undressing aimed at a person",
    "sexual:undress+person": "removing a person's clothes",
    "sexual:act+person": "a sexual act aimed at a person",
    "sexual:body+exposure": "intimate body parts being shown",
    "violence:explicit": "a term for graphic violence",
    "violence:act+person": "a violent act aimed at a person",
    "violence:blood+person": "blood on a person",
    "self_harm:explicit": "a term for suicide or self-harm",
    "self_harm:act+self": "a harmful act aimed at oneself",
    "hate:symbol": "an extremist symbol, gesture or group",
    "hate:slur": "a slur",
    "hate:call+group": "a call to hurt or demean a group",
    "real_person:name+action": "a well-known person's name with something for them to do or say",
    "real_person:role+action": (
        "a public office held by a real person (the chancellor, the pope) with something for "
        "them to do or say"
    ),
    "real_person:named-pattern": "a full personal name with something for them to do or say",
    "real_person:deepfake": "a face swap or deepfake of a person",
}

_WINDOW = 6  # tokens between an act and its target, within a sentence
_PERSON = frozenset({"person", "minor", "pron", "name", "role"})
_SEXUAL_TARGETS = _PERSON | {"bodyword", "sexbody"}
_VIOLENCE_TARGETS = _PERSON | {"bodyword", "group", "animal"}
_SKIP = frozenset({"det", "poss"})
_CLITIC_SUFFIXES = ("gliela", "glielo", "gli", "las", "los", "les", "la", "lo", "le", "li")
_FULL = _wordset("""
    full filled packed crowded voll voller voller gefullt plein pleine pleins pleines rempli
    remplie lleno llena llenos llenas pieno piena pieni piene""")
_NE_PARTNERS = _wordset("pas jamais plus rien personne aucun aucune guere point")
_WITHOUT = _wordset("without no ohne keine kein sans sin senza")
_PREPOSITIONS = _wordset("""
    in on at of under with near behind beside by for from im am an auf unter mit bei von vor
    hinter neben dans sur sous avec pres chez par pour de en bajo con sobre junto por para su
    sotto vicino presso per di da nel sul""")
_NOT_NAMES = _wordset(
    "person minor pron poss det clitic refl body bodyword sexbody group neg clothes"
)
_NOT_SURNAME = _wordset("""
    blumen himmel wolken schnee regen sonne wasser baume baum hund katze ball drachen musik
    kaffee tee kuchen licht wind meer see berge berg strand feuer eis pizza brot suppe obst
    bier wein milch saft geige klavier gitarre fahrrad rad auto schlitten ski fussball tennis
    karten schach seifenblasen luftballons kerzen geschenke zahne haare hande""")


# ------------------------------------------------------------------------------ vocabulary
@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]  # "x" exact, "x*" prefix, "{label}" a labelled word, "*" any word
    label: str


@dataclass(frozen=True)
class _Vocabulary:
    exact: dict[str, frozenset[str]]
    prefixes: dict[str, tuple[tuple[str, frozenset[str]], ...]]  # by the first three letters
    squeezed: dict[str, frozenset[str]]  # doubled letters made single -> labels
    acts_by_length: dict[int, tuple[tuple[str, frozenset[str]], ...]]  # for "s*x"
    phrases: dict[str, tuple[_Phrase, ...]]  # by the first word (or its first three letters)
    slot_phrases: tuple[_Phrase, ...]  # phrases whose first word is a "{label}"


def _entries(text: str) -> Iterable[str]:
    for line in text.splitlines():
        for entry in line.split(","):
            if entry.strip():
                yield entry.strip()


def _squeeze(word: str) -> str:
    return re.sub(r"(\w)\1+", r"\1", word)


@cache
def vocabulary() -> _Vocabulary:
    exact: dict[str, set[str]] = {}
    prefixes: dict[str, dict[str, set[str]]] = {}
    squeezed: dict[str, set[str]] = {}
    phrases: dict[str, list[_Phrase]] = {}
    slot: list[_Phrase] = []
    for label, text in TERMS.items():
        for entry in _entries(text):
            words = tuple(entry_words(entry))
            if len(words) > 1:
                phrase = _Phrase(words, label)
                first = words[0]
                if first.startswith("{"):
                    slot.append(phrase)
                else:
                    key = first[:-1][:3] if first.endswith("*") else first
                    phrases.setdefault(key, []).append(phrase)
                continue
            word = words[0]
            if word.endswith("*"):
                stem = word[:-1]
                prefixes.setdefault(stem[:3], {}).setdefault(stem, set()).add(label)
            else:
                exact.setdefault(word, set()).add(label)
                if len(word) >= 4 and word.isalpha():
                    squeezed.setdefault(_squeeze(word), set()).add(label)
    acts: dict[int, list[tuple[str, frozenset[str]]]] = {}
    stems = {p: labs for d in prefixes.values() for p, labs in d.items()}
    for word, labels in [*exact.items(), *stems.items()]:
        act_labels = frozenset(lab for lab in labels if "." in lab)
        if act_labels and word.isalpha():
            acts.setdefault(len(word), []).append((word, act_labels))
    return _Vocabulary(
        exact={k: frozenset(v) for k, v in exact.items()},
        prefixes={
            k: tuple(sorted(((p, frozenset(v)) for p, v in d.items()), key=lambda x: -len(x[0])))
            for k, d in prefixes.items()
        },
        squeezed={k: frozenset(v) for k, v in squeezed.items()},
        acts_by_length={k: tuple(v) for k, v in acts.items()},
        phrases={k: tuple(v) for k, v in phrases.items()},
        slot_phrases=tuple(slot),
    )


@lru_cache(maxsize=65536)
def _word_labels(form: str) -> frozenset[str]:
    """The labels of one word: its exact entries and the prefixes it starts with."""
    vocab = vocabulary()
    labels = set(vocab.exact.get(form, ()))
    for prefix, labs in vocab.prefixes.get(form[:3], ()):
        if form.startswith(prefix):
            labels |= labs
    return frozenset(labels)


def _matches(tok: Token, word: str) -> str | None:
    """The trick through which `tok` reads as the phrase word `word`, or None."""
    if word == "*":
        return ""
    if word.startswith("{"):
        return tok.labels.get(word[1:-1])
    prefix = word.endswith("*")
    stem = word[:-1] if prefix else word
    for form, trick in tok.forms.items():
        if form == stem or (prefix and form.startswith(stem)):
            return trick
    if tok.squeezed and not prefix and len(stem) >= 4 and tok.squeezed == _squeeze(stem):
        return "held-down letters"
    return None


# ---------------------------------------------------------------------------- labelling
@dataclass(frozen=True)
class _Hit:
    label: str
    start: int
    end: int  # exclusive
    tricks: frozenset[str]


def _label(tokens: list[Token]) -> list[_Hit]:
    vocab = vocabulary()
    hits: list[_Hit] = []
    for i, tok in enumerate(tokens):
        found: dict[str, str] = {}
        for form, trick in tok.forms.items():
            for label in _word_labels(form):
                if label not in found or (found[label] and not trick):
                    found[label] = trick
        if tok.squeezed:
            for label in vocab.squeezed.get(tok.squeezed, ()):
                found.setdefault(label, "held-down letters")
        if tok.masked and not found:
            found.update(_unmask(tok.plain, vocab))
        if not found and "spread-out letters" in tok.tricks:
            found.update(_segment(tok))
        if not found and _PERSON_HEAD.search(tok.plain):
            found["person"] = ""  # "Skilehrer", "Trambahnfahrerin", "Chorleiter"
        tok.labels.update(found)
        for label, trick in found.items():
            hits.append(_Hit(label, i, i + 1, _tricks(tok, trick)))
    _mark_ages(tokens)
    _settle_ambiguous(tokens)
    for slots in (False, True):  # phrases of plain words first, so slots can use their labels
        for i in range(len(tokens)):
            for phrase in dict.fromkeys(_phrases_at(tokens, i, vocab, slots)):
                matched = _match_phrase(tokens, i, phrase)
                if matched is None:
                    continue
                end, tricks = matched
                for k in range(i, end):
                    tokens[k].labels.setdefault(phrase.label, "")
                hits.append(_Hit(phrase.label, i, end, tricks))
    return hits


_MYSELF = frozenset({"mich", "mi", "myself"})  # "wie ich mich vom Kirchturm stürze"
# German compounds ending in a word for a person: "Skilehrer", "Trambahnfahrerin".
_PERSON_HEAD = re.compile(
    r"^[a-z]{3,}(?:lehrer|leiter|fahrer|meister|trainer|arzt|arztin|verkaufer|pfleger|schwester"
    r"|schuler|spieler|sanger|tanzer|kellner|kollege|kollegin|nachbar|nachbarin|chef|chefin|"
    r"mann|frau)(?:in|innen|n)?$"
)


def _tricks(tok: Token, trick: str) -> frozenset[str]:
    return tok.tricks | ({trick} if trick else set())


def _unmask(plain: str, vocab: _Vocabulary) -> dict[str, str]:
    """'s*x', 'n*ked': a star for a letter, when at most half the letters are stars."""
    if plain.count("*") * 2 > len(plain):
        return {}
    found: dict[str, str] = {}
    for word, labels in vocab.acts_by_length.get(len(plain), ()):
        if all(p in ("*", w) for p, w in zip(plain, word, strict=True)):
            found.update(dict.fromkeys(labels, "a star for a letter"))
    return found


def _segment(tok: Token) -> dict[str, str]:
    """Spread-out letters that spell two words at once ("n a k e d c h i l d"): the labels of
    both halves, when each half is a word of the vocabulary."""
    for form in tok.forms:
        for cut in range(3, len(form) - 2):
            left, right = _word_labels(form[:cut]), _word_labels(form[cut:])
            if left and right:
                return dict.fromkeys(left | right, "")
    return {}


def _phrases_at(tokens: list[Token], i: int, vocab: _Vocabulary, slots: bool) -> list[_Phrase]:
    if slots:
        return list(vocab.slot_phrases)
    out: list[_Phrase] = []
    for form in tokens[i].forms:
        out.extend(vocab.phrases.get(form, ()))
        out.extend(
            p
            for p in vocab.phrases.get(form[:3], ())
            if p.words[0].endswith("*") or p.words[0] == form[:3]
        )
    return out


def _match_phrase(
    tokens: list[Token], i: int, phrase: _Phrase
) -> tuple[int, frozenset[str]] | None:
    """Where the phrase ends if it starts at token i, and the tricks undone to read it."""
    if i + len(phrase.words) > len(tokens):
        return None
    sentence = tokens[i].sentence
    tricks: set[str] = set()
    for k, word in enumerate(phrase.words):
        tok = tokens[i + k]
        trick = _matches(tok, word) if tok.sentence == sentence else None
        if trick is None:
            return None
        tricks |= _tricks(tok, trick)
    return i + len(phrase.words), frozenset(tricks)


_AGE_UNIT = re.compile(
    r"^(?:yo|y|yr|yrs|year|years|yearold|yearolds|j|jahre|jahr|jahrig\w*|ans|an|anos|ano|anitos"
    r"|anni|anno|enne|enni|tacos|primaveras|lenzi|primavere|piges|balais|berges|lenze|sommer|ete"
    r"|printemps|summers|springs)$"
)
# Words after which a bare number is an age: "she's 12", "ist 12", "tiene 14", "ha 11".
_IS = _wordset("is s isnt turns turned turning ist wird est a tiene cumple cumplio ha compie fa")
_NOT_AGE_UNITS = _wordset("""
    cm mm m km kg g lb lbs ft feet foot inch inches meter meters metres percent euro euros
    dollar dollars eur usd pm am uhr h min mins minutes minuten seconds sec o clock
    """)
_AGE_GLUED = re.compile(r"^(\d{1,2})(yo|yr|yrs|j|jahrig\w*|ans|anos|anni|enne|enni)$")
_NUMBER_WORDS = {
    word: value
    for value, words in enumerate(
        [
            "",
            "one eins un une uno una",
            "two zwei deux dos due",
            "three drei trois tres tre",
            "four vier quatre cuatro quattro",
            "five funf cinq cinco cinque",
            "six sechs seis sei",
            "seven sieben sept siete sette",
            "eight acht huit ocho otto",
            "nine neun neuf nueve nove",
            "ten zehn dix diez dieci",
            "eleven elf onze once undici",
            "twelve zwolf douze doce dodici",
            "thirteen dreizehn treize trece tredici",
            "fourteen vierzehn quatorze catorce quattordici",
            "fifteen funfzehn quinze quince quindici",
            "sixteen sechzehn seize dieciseis sedici",
            "seventeen siebzehn diecisiete diciassette",
        ]
    )
    for word in words.split()
}
_AGE_BEFORE = _wordset("aged age alter edad eta agee age")
_UNDER = _wordset("under unter moins menos menor meno sotto minore below")


def _age(tokens: list[Token], i: int) -> int | None:
    """The age that token i states, if it states one."""
    plain = tokens[i].plain
    glued = _AGE_GLUED.match(plain)
    if glued:
        return int(glued.group(1))
    if plain.endswith(("jahrig", "jahrige", "jahrigen", "jahriger", "jahriges")):
        number = plain[: plain.index("jahrig")]
        return _NUMBER_WORDS.get(number)
    value = int(plain) if plain.isdigit() and len(plain) <= 2 else _NUMBER_WORDS.get(plain)
    if value is None:
        return None
    if plain in ("sept", "huit", "neuf") and i > 0 and tokens[i - 1].plain == "dix":
        value += 10
    after = [t.plain for t in tokens[i + 1 : i + 3]]
    before = tokens[i - 1].plain if i > 0 else ""
    if after and _AGE_UNIT.match(after[0]):
        unit = after[0]
        english = unit in ("year", "years", "yr", "yrs")
        if english and not (len(after) > 1 and after[1] == "old"):
            return None
        return value
    if before in _AGE_BEFORE:
        return value
    nothing_after = not after or after[0] not in _NOT_AGE_UNITS
    if value <= 17 and nothing_after and ("(" in tokens[i].gap or before in _IS):
        return value  # "the boy (9)", "she's 12", "tiene 14"
    if before in _UNDER and value == 18:
        return 17
    return None


def _mark_ages(tokens: list[Token]) -> None:
    for i in range(len(tokens)):
        age = _age(tokens, i)
        if age is not None and age < 18:
            tokens[i].labels.setdefault("minor", "")
            tokens[i].labels.setdefault("person", "")


def _content_after(tokens: list[Token], i: int) -> Token | None:
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None or nxt.clause != tokens[i].clause:
        return None
    return nxt


_KIND_NOT_CHILD = _wordset("a what this that some any every be so very too one the other same such")


def _settle_ambiguous(tokens: list[Token]) -> None:
    """Words that are persons or minors in one reading and something else in another."""
    for i, tok in enumerate(tokens):
        nxt = _content_after(tokens, i)
        prev = tokens[i - 1].plain if i > 0 else ""
        unknown_next = nxt is not None and not nxt.labels and nxt.plain.isalpha()
        if "adjperson" in tok.labels and not unknown_next:
            tok.labels.setdefault("person", "")
        if tok.plain in ("vicina", "vicino", "vicine", "vicini") and not (
            nxt is not None and nxt.plain in ("a", "al", "alla", "allo", "ai", "agli", "alle", "di")
        ):
            tok.labels.setdefault("person", "")
        if tok.plain == "kind" and (prev in _KIND_NOT_CHILD or (nxt and nxt.plain in ("of", "to"))):
            tok.labels.pop("minor", None)
        if tok.plain in ("minor", "menor", "minore", "minori") and unknown_next:
            tok.labels.pop("minor", None)
        if "first" in tok.labels and tok.cap:
            tok.labels.setdefault("person", "")
        if tok.plain == "s" and tok.gap in ("'", "’"):  # "the man's", not French "s'est"
            tok.labels.pop("refl", None)


# ------------------------------------------------------------------------------- finding
@dataclass(frozen=True)
class Finding:
    """One rule that fired: its category, its id, and the spelling tricks undone to see it."""

    category: str
    rule: str
    tricks: frozenset[str]


class _Reader:
    """The rules, over one labelled prompt."""

    def __init__(self, tokens: list[Token], hits: list[_Hit]) -> None:
        self.tokens = tokens
        benign: set[int] = set()
        for hit in hits:
            if hit.label == "benign":
                benign.update(range(hit.start, hit.end))
        self.hits = [h for h in hits if not benign.intersection(range(h.start, h.end))]
        self.findings: list[Finding] = []
        # tokens of acts a negation rules out, the negation, and harmless phrases ("killer
        # sunset", "this song is killing me"): the classifier does not read them
        self.ruled_out: set[int] = set(benign)

    # ------------------------------------------------------------------ helpers
    def has(self, i: int, labels: Iterable[str]) -> bool:
        return 0 <= i < len(self.tokens) and any(lab in self.tokens[i].labels for lab in labels)

    def of(self, label: str) -> list[_Hit]:
        return [h for h in self.hits if h.label == label]

    def same_sentence(self, hit: _Hit, k: int) -> bool:
        return (
            0 <= k < len(self.tokens) and self.tokens[k].sentence == self.tokens[hit.start].sentence
        )

    def around(self, hit: _Hit, reach: int) -> range:
        return range(max(0, hit.start - reach), min(len(self.tokens), hit.end + reach))

    def nearby(self, hit: _Hit, labels: tuple[str, ...], reach: int) -> bool:
        """A word with one of `labels` within `reach` words of the hit, in its sentence."""
        return any(
            self.has(k, labels) and self.same_sentence(hit, k) for k in self.around(hit, reach)
        )

    def negated(self, hit: _Hit) -> bool:
        clause = self.tokens[hit.start].clause
        for k in range(max(0, hit.start - 3), hit.start):
            if self.tokens[k].plain == "ne" and not any(
                t.plain in _NE_PARTNERS for t in self.tokens[k + 1 : k + 5]
            ):
                continue  # German "ne" (a, one): "häng ne Fahne auf"; French "ne ... pas"
            if self.tokens[k].clause == clause and "neg" in self.tokens[k].labels:
                self.ruled_out.update(range(k, hit.end))
                return True
        return False

    def owned(self, k: int) -> bool:
        """Body part k belongs to a person: "his head", "the man's head", "la cabeza de ella"."""
        if self.has(k - 1, ("poss", "pron")):
            return True
        if k >= 2 and self.tokens[k - 1].plain == "s" and self.has(k - 2, _PERSON):
            return True
        return any(
            self.has(j, _PERSON) and self.tokens[j].clause == self.tokens[k].clause
            for j in range(k + 1, min(len(self.tokens), k + 4))
        )

    def target_at(self, k: int, kinds: frozenset[str]) -> bool:
        tok = self.tokens[k]
        if any(lab in tok.labels for lab in kinds):
            return True
        if "clitic" in tok.labels and tok.hyphen_before:  # "tue-le", "rends-la"
            return True
        return "body" in tok.labels and self.owned(k)

    def enclitic(self, hit: _Hit) -> bool:
        """The act carries its object: "desnúdala", "uccidilo", "sparagli"."""
        if hit.end - hit.start != 1:
            return False
        for form in self.tokens[hit.start].forms:
            for suffix in _CLITIC_SUFFIXES:
                stem = form[: -len(suffix)]
                if form.endswith(suffix) and len(stem) >= 3 and hit.label in _word_labels(stem):
                    return True
        return False

    def near(self, hit: _Hit, kinds: frozenset[str], reach: int = _WINDOW) -> bool:
        """A target within `reach` words in the sentence (inside a phrase too: "slit her
        throat"), or the object pronoun joined to the act or just before it ("la déshabiller")."""
        if self.enclitic(hit) or self.clitic_before(hit, alone=True):
            return True
        return any(
            self.same_sentence(hit, k) and self.target_at(k, kinds) for k in self.around(hit, reach)
        )

    def undresses_self(self, hit: _Hit) -> bool:
        """Undressing oneself: "se desnude", "si spoglia", "sich ausziehen", "undress herself",
        "sich im Clip langsam ausziehen" (a few words between)."""
        clause = self.tokens[hit.start].clause
        return self.has(hit.end, ("refl",)) or any(
            self.has(k, ("refl",)) and self.tokens[k].clause == clause
            for k in range(max(0, hit.start - 4), hit.start)
        )

    def object(self, hit: _Hit, kinds: frozenset[str]) -> bool:
        """The act's object is a person: the first word after it that is not an article."""
        if self.enclitic(hit):
            return True
        k, skipped = hit.end, 0
        sentence = self.tokens[hit.start].sentence
        if k < len(self.tokens) and self.tokens[k].hyphen_before and self.has(k, ("clitic",)):
            return True
        while k < len(self.tokens) and self.tokens[k].sentence == sentence and skipped <= 3:
            tok = self.tokens[k]
            if tok.plain == "her" and self.has(k + 1, ("body", "person", "minor", "sexbody")):
                k += 1
                continue
            if any(lab in tok.labels for lab in kinds):
                if k + 2 < len(self.tokens) and self.tokens[k + 1].plain == "s":
                    return self.has(k + 2, ("body", "sexbody"))  # "the man's head", not "dog"
                return True
            if "body" in tok.labels:
                return self.owned(k)
            if any(lab in tok.labels for lab in _SKIP):
                k += 1
                skipped += 1
                continue
            return self.full_of_people(k)
        return False

    def full_of_people(self, k: int) -> bool:
        """A place full of people: "the bus full of people", "une salle pleine d'enfants"."""
        clause = self.tokens[k].clause
        words = [t.plain for t in self.tokens[k + 1 : k + 2]]
        if not words or words[0] not in _FULL:
            return False
        return any(
            self.has(j, _PERSON | {"group"}) and self.tokens[j].clause == clause
            for j in range(k + 2, min(len(self.tokens), k + 6))
        )

    def clitic_before(self, hit: _Hit, alone: bool = False) -> bool:
        """An object pronoun just before the verb: "le tuer", "lo mata". Unless `alone`, some
        word must come before it in the clause, so that "la mata de rosas" (an article and a
        noun, the rose bush) is not read as "kills her"."""
        k = hit.start - 1
        clause = self.tokens[hit.start].clause
        if k < 0 or self.tokens[k].clause != clause:
            return False
        if self.has(k, ("pron",)) and any(
            self.tokens[k].plain.endswith(s) for s in _CLITIC_SUFFIXES
        ):
            return True  # "fallo impiccare", "hazla bailar": the pronoun joined to "make"
        if not self.has(k, ("clitic",)):
            return False
        return alone or (k >= 1 and self.tokens[k - 1].clause == clause)

    def subject_before(self, hit: _Hit, kinds: frozenset[str]) -> bool:
        k = hit.start - 1
        if k < 0 or self.tokens[k].clause != self.tokens[hit.start].clause:
            return False
        return self.target_at(k, kinds) or self.has(k, ("clitic",))

    def benign_neighbour(self, hit: _Hit) -> bool:
        """The word describes a thing: 'naked trees', 'árboles desnudos', 'a sexy red evening
        dress', 'pieds nus'. A person right next to it wins: 'make her naked near the trees'."""
        people = _SEXUAL_TARGETS | {"clitic"}
        if self.has(hit.start - 1, people) or self.has(hit.end, people):
            return False
        clause = self.tokens[hit.start].clause
        for steps in (range(hit.end, hit.end + 4), range(hit.start - 1, hit.start - 4, -1)):
            for k in steps:
                if not 0 <= k < len(self.tokens) or self.tokens[k].clause != clause:
                    break
                if self.has(k, people) or self.tokens[k].plain in _PREPOSITIONS:
                    break
                if self.has(k, ("benign_obj",)):
                    return True
        return False

    def reflexive(self, hit: _Hit) -> bool:
        clause = self.tokens[hit.start].clause
        return any(
            self.has(k, ("refl",)) and self.tokens[k].clause == clause
            for k in self.around(hit, 2)
            if not hit.start <= k < hit.end
        )

    def photo_talk(self, hit: _Hit) -> bool:
        """'shoot' in a sentence about cameras, with nothing about weapons or wounds."""
        sentence = self.tokens[hit.start].sentence
        in_sentence = [t for t in self.tokens if t.sentence == sentence]
        return any("photo" in t.labels for t in in_sentence) and not any(
            "weapon" in t.labels for t in in_sentence
        )

    def found(self, category: str, rule: str, hit: _Hit) -> None:
        self.findings.append(Finding(category, rule, hit.tricks))

    # -------------------------------------------------------------------- rules
    def run(self) -> list[Finding]:
        self.sexual()
        self.minors()
        self.violence()
        self.self_harm()
        self.hate()
        self.real_person()
        return self.findings

    def sexual(self) -> None:
        for hit in self.of("sexual.alone"):
            if not self.negated(hit):
                self.found("sexual", "sexual:explicit", hit)
        for hit in self.of("sexual.near"):
            if self.negated(hit) or self.benign_neighbour(hit):
                continue
            if self.near(hit, _SEXUAL_TARGETS) or self.undresses_self(hit):
                self.found("sexual", "sexual:nudity+person", hit)
        for hit in self.of("sexual.adjacent"):
            if not self.negated(hit) and (
                self.object(hit, _PERSON)
                or self.subject_before(hit, _PERSON)
                or self.undresses_self(hit)
            ):
                self.found("sexual", "sexual:nudity+person", hit)
        for hit in self.of("sexual.object"):
            if not self.negated(hit) and (self.object(hit, _PERSON) or self.clitic_before(hit)):
                self.found("sexual", "sexual:act+person", hit)
        for hit in self.of("sexual.near_act"):
            if not self.negated(hit) and self.near(hit, _PERSON):
                self.found("sexual", "sexual:act+person", hit)
        for hit in self.of("sexbody"):
            if self.negated(hit) or self.benign_neighbour(hit):
                continue
            sentence = [k for k in range(len(self.tokens)) if self.same_sentence(hit, k)]
            shown = any(self.has(k, ("expose",)) for k in sentence)
            owned = self.has(hit.start - 1, ("poss", "pron")) or (
                hit.start >= 2
                and self.tokens[hit.start - 1].plain == "s"
                and self.has(hit.start - 2, _PERSON)
            )
            if shown or owned:
                self.found("sexual", "sexual:body+exposure", hit)
        for hit in self._without_clothes():
            if self.near(hit, _SEXUAL_TARGETS):
                self.found("sexual", "sexual:nudity+person", hit)
        for hit in self._undressing(require_target=True):
            self.found("sexual", "sexual:undress+person", hit)
        for hit in self._separable(("zieh", "ziehe", "zieht", "ziehen"), "aus", "sexual.sep"):
            self.found("sexual", "sexual:undress+person", hit)

    def _without_clothes(self) -> list[_Hit]:
        """No clothes: "without any clothing", "ohne jede Kleidung", "sin nada de ropa"."""
        out: list[_Hit] = []
        for i, tok in enumerate(self.tokens):
            if tok.plain not in _WITHOUT:
                continue
            for k in range(i + 1, min(len(self.tokens), i + 4)):
                if self.tokens[k].clause != tok.clause:
                    break
                if self.has(k, ("all_clothes",)):
                    out.append(_Hit("sexual.near", i, k + 1, tok.tricks | self.tokens[k].tricks))
                    break
        return out

    def _undressing(self, require_target: bool) -> list[_Hit]:
        """Taking clothes off: a removing verb near a piece of clothing, and whose it is."""
        removing = list(self.of("remove"))
        for i, tok in enumerate(self.tokens):  # "take her clothes off"
            if tok.plain in ("take", "takes", "taking", "took", "taken"):
                for k in range(i + 1, min(len(self.tokens), i + 6)):
                    if self.tokens[k].plain == "off" and self.tokens[k].sentence == tok.sentence:
                        removing.append(_Hit("remove", i, i + 1, tok.tricks))
                        break
        out: list[_Hit] = []
        for hit in removing:
            if self.negated(hit):
                continue
            if not self.nearby(hit, ("clothes",), 4):
                continue
            owners = _PERSON | {"poss"}
            if (
                not require_target
                or self.near(hit, owners)
                or self.clitic_before(hit)
                or self.undresses_self(hit)
            ):
                out.append(hit)
        return out

    def _separable(self, verbs: Sequence[str], particle: str, label: str) -> list[_Hit]:
        """German separable verbs with the person in between: "zieh sie aus", "bring ihn um"."""
        out: list[_Hit] = []
        for i, tok in enumerate(self.tokens):
            if tok.plain not in verbs:
                continue
            target = False
            for k in range(i + 1, min(len(self.tokens), i + 9)):
                other = self.tokens[k]
                if other.clause != tok.clause:
                    break
                if other.plain == particle and target:
                    out.append(_Hit(label, i, k + 1, tok.tricks | other.tricks))
                    break
                target = target or self.has(k, _PERSON | {"refl"})
        return out

    def minors(self) -> None:
        for hit in self.of("minors.alone"):
            self.found("minors_sexual", "minors_sexual:explicit", hit)
        minor = [i for i, t in enumerate(self.tokens) if "minor" in t.labels]
        if not minor:
            return
        sexual = [f for f in self.findings if f.category == "sexual"]
        # With a minor named, nudity and sexualised looks need no other target.
        for label in ("sexual.near", "sexbody", "sexual.near_act", "suggestive"):
            for hit in self.of(label):
                if not self.negated(hit) and not self.benign_neighbour(hit):
                    sexual.append(Finding("sexual", label, hit.tricks))
        for hit in self._without_clothes():
            sexual.append(Finding("sexual", "without", hit.tricks))
        for hit in self._undressing(require_target=False):
            sexual.append(Finding("sexual", "remove", hit.tricks))
        if sexual:
            tricks = frozenset().union(*(f.tricks for f in sexual))
            tricks |= frozenset().union(*(self.tokens[i].tricks for i in minor))
            self.findings.append(Finding("minors_sexual", "minors_sexual:sexual+minor", tricks))

    def violence(self) -> None:
        for hit in self.of("violence.alone"):
            if not self.negated(hit):
                self.found("violence", "violence:explicit", hit)
        shooting = {(h.start, h.end) for h in self.of("shoot")}
        for hit in self.of("violence.near"):
            if self.negated(hit) or self.reflexive(hit):
                continue
            if self.near(hit, _VIOLENCE_TARGETS):
                self.found("violence", "violence:act+person", hit)
        for hit in self.of("violence.object"):
            if self.negated(hit) or self.reflexive(hit):
                continue
            if (hit.start, hit.end) in shooting and self.photo_talk(hit):
                continue
            if self.object(hit, _VIOLENCE_TARGETS) or self.clitic_before(hit):
                self.found("violence", "violence:act+person", hit)
        for hit in self.of("violence.adjacent"):
            if self.negated(hit) or self.reflexive(hit):
                continue
            if self.object(hit, _VIOLENCE_TARGETS) or self.subject_before(hit, _VIOLENCE_TARGETS):
                self.found("violence", "violence:act+person", hit)
        for hit in self.of("hurl"):  # "push him off the balcony", "lancialo giù dal balcone"
            if self.negated(hit) or self.reflexive(hit):
                continue
            aimed = self.object(hit, _VIOLENCE_TARGETS) or self.clitic_before(hit)
            if aimed and self.nearby(hit, ("height",), 6):
                self.found("violence", "violence:act+person", hit)
        for hit in self.of("violence.blood"):
            if self.negated(hit):
                continue
            if self.nearby(hit, ("blood_veto",), 3):
                continue
            if self.near(hit, _VIOLENCE_TARGETS):
                self.found("violence", "violence:blood+person", hit)
        for hit in self._separable(("bring", "bringe", "bringt", "bringen"), "um", "violence.sep"):
            said = [t.plain for t in self.tokens[hit.start : hit.end]]
            if said[0] == "bringt" and "mich" in said:
                continue  # "das bringt mich um, wie süß": it kills me, an idiom
            if not self.reflexive(_Hit(hit.label, hit.start, hit.start + 2, hit.tricks)):
                self.found("violence", "violence:act+person", hit)
        for hit in self.of("to_death"):  # "beat the homeless man to death"
            if not self.negated(hit) and any(
                self.has(k, ("beat",)) and self.same_sentence(hit, k)
                for k in range(max(0, hit.start - 6), hit.start)
            ):
                self.found("violence", "violence:act+person", hit)
        cuts = self.of("cut")
        for hit in self.of("throat"):  # "cut his throat", "tagliagli la gola"
            cut = [
                c
                for c in cuts
                if self.same_sentence(hit, c.start) and abs(c.start - hit.start) <= 4
            ]
            if (
                cut
                and not self.negated(cut[0])
                and (self.near(hit, _VIOLENCE_TARGETS) or any(self.enclitic(c) for c in cut))
            ):
                self.found("violence", "violence:act+person", hit)
        for hit in self.of("head") + self.of("body"):  # "córtale la cabeza", "Hand ab"
            cut = [
                c
                for c in cuts
                if self.same_sentence(hit, c.start) and abs(c.start - hit.start) <= 4
            ]
            carried = any(
                self.enclitic(c)
                or self.clitic_before(c, alone=True)
                or (self.has(c.end, ("clitic",)) and self.tokens[c.end].hyphen_before)
                for c in cut
            )
            if hit.label == "body":  # other parts only when cut off: "hack ihm die Hand ab"
                carried = False
            off = any(self.tokens[k].plain in ("off", "ab") for k in self.around(hit, 3))
            if (
                cut
                and not self.negated(cut[0])
                and (carried or (off and self.near(hit, _VIOLENCE_TARGETS)))
            ):
                self.found("violence", "violence:act+person", hit)
        for hit in self.of("tear"):  # "arráncale los ojos", "gouge out his eyes"
            carried = self.enclitic(hit) or (
                self.has(hit.end, ("clitic",)) and self.tokens[hit.end].hyphen_before
            )
            parts = [k for k in self.around(hit, 4) if self.has(k, ("tear_body",))]
            if not self.negated(hit) and any(carried or self.owned(k) for k in parts):
                self.found("violence", "violence:act+person", hit)
        for hit in self.of("blade"):  # "a knife in his heart"
            if not self.negated(hit) and any(
                self.has(k, ("vital",)) and self.owned(k) and self.same_sentence(hit, k)
                for k in self.around(hit, 4)
            ):
                self.found("violence", "violence:act+person", hit)
        for i, tok in enumerate(self.tokens):  # "set the old man on fire"
            if tok.plain not in ("set", "sets", "setting"):
                continue
            for k in range(i + 2, min(len(self.tokens), i + 7)):
                on_fire = self.tokens[k].plain in ("ablaze", "alight") or (
                    self.tokens[k].plain == "on"
                    and k + 1 < len(self.tokens)
                    and self.tokens[k + 1].plain == "fire"
                )
                if on_fire and any(self.has(j, _VIOLENCE_TARGETS) for j in range(i + 1, k)):
                    self.found("violence", "violence:act+person", _Hit("set", i, k, tok.tricks))
                    break

    def self_harm(self) -> None:
        for hit in self.of("self_harm.alone"):
            if not self.negated(hit):
                self.found("self_harm", "self_harm:explicit", hit)
        shooting = {(h.start, h.end) for h in self.of("shoot")}
        for hit in self.of("self_harm.verb"):
            if self.negated(hit) or not self.reflexive(hit):
                continue
            if (hit.start, hit.end) in shooting and self.photo_talk(hit):
                continue
            self.found("self_harm", "self_harm:act+self", hit)
        for hit in self.of("limbs"):  # "cutting her arms with a razor"
            sentence = [k for k in range(len(self.tokens)) if self.same_sentence(hit, k)]
            if (
                not self.negated(hit)
                and self.owned(hit.start)
                and any(self.has(k, ("cut",)) for k in self.around(hit, 3))
                and any(self.has(k, ("razor",)) for k in sentence)
            ):
                self.found("self_harm", "self_harm:act+self", hit)
        for hit in self.of("to_die"):  # "jump from the roof to die"
            sentence = [k for k in range(len(self.tokens)) if self.same_sentence(hit, k)]
            if not self.negated(hit) and any(self.has(k, ("refl", "leap")) for k in sentence):
                self.found("self_harm", "self_harm:act+self", hit)
        for hit in self.of("leap"):  # "wie ich mich vom Kirchturm stürze"
            clause = self.tokens[hit.start].clause
            self_ = any(
                (self.has(k, ("refl",)) or self.tokens[k].plain in _MYSELF)
                and self.tokens[k].clause == clause
                for k in self.around(hit, 3)
            )
            if self_ and self.nearby(hit, ("height",), 6) and not self.negated(hit):
                self.found("self_harm", "self_harm:act+self", hit)
        for hit in self.of("veins"):
            if not self.negated(hit) and self.nearby(hit, ("cut",), 4):
                self.found("self_harm", "self_harm:act+self", hit)

    def hate(self) -> None:
        for hit in self.of("hate.alone"):
            if not self.negated(hit):
                self.found("hate", "hate:symbol", hit)
        for hit in self.of("hate.slur"):
            self.found("hate", "hate:slur", hit)
        for hit in self.of("nazi"):
            if self.nearby(hit, ("nazi_thing",), 5):
                self.found("hate", "hate:symbol", hit)
        for hit in self.of("group"):
            calls = self.nearby(hit, ("call",), _WINDOW)
            out = self.has(hit.start - 1, ("out",)) or self.has(hit.end, ("out",))
            vermin = self.nearby(hit, ("dehuman",), 3)
            if calls or out or vermin:
                self.found("hate", "hate:call+group", hit)

    def real_person(self) -> None:
        def in_sentence(hit: _Hit, labels: tuple[str, ...], skip: range) -> bool:
            return any(
                self.has(k, labels) and self.same_sentence(hit, k) and k not in skip
                for k in range(len(self.tokens))
            )

        symbols = [range(h.start, h.end) for h in self.of("hate.alone")]
        for hit in self.of("name"):
            span = range(hit.start, hit.end)
            if any(hit.start in s for s in symbols):  # "heil hitler", "hitler salute"
                continue
            if in_sentence(hit, ("causative", "action", "deepfake"), span):
                self.found("real_person", "real_person:name+action", hit)
        for hit in self.of("role"):
            span = range(hit.start, hit.end)
            after = self.tokens[hit.end].plain if hit.end < len(self.tokens) else ""
            if after == "s":  # "the pope's balcony": a place, not the person
                continue
            # an office is only a person when asked to do something ("make the pope wave"),
            # not in a photo of one ("the pope waving from the balcony")
            if in_sentence(hit, ("causative", "deepfake"), span):
                self.found("real_person", "real_person:role+action", hit)
        for hit in self.of("deepfake"):
            if in_sentence(hit, ("person", "pron", "name"), range(hit.start, hit.end)):
                self.found("real_person", "real_person:deepfake", hit)
        for i in range(len(self.tokens) - 1):
            first, last = self.tokens[i], self.tokens[i + 1]
            shaped = (
                (first.cap and "first" in first.labels) or "title" in first.labels
            ) and _surname(last)
            if not shaped:
                continue
            hit = _Hit("named", i, i + 2, first.tricks | last.tricks)
            span = range(i, i + 2)
            if in_sentence(hit, ("causative",), span) and in_sentence(hit, ("action",), span):
                self.found("real_person", "real_person:named-pattern", hit)


def _surname(tok: Token) -> bool:
    """A capitalised word that is not a word of the vocabulary: "Carter", "Rossi", "Dupont"."""
    known = {lab for lab in tok.labels if "." in lab or lab in _NOT_NAMES}
    return (
        tok.cap
        and tok.raw.isalpha()
        and len(tok.raw) >= 2
        and not known
        and tok.plain not in _NOT_SURNAME
    )


# ------------------------------------------------------------------------------ decision
def read_prompt(prompt: str) -> list[Finding]:
    """Every rule that fires on `prompt`, before the policy decides which of them block.
    Sexual content with minors replaces plain sexual content."""
    return _read(prompt)[0]


def classifier_text(prompt: str) -> tuple[str, bool]:
    """What the classifier reads of `prompt`, and whether the rules saw a minor (see `_read`)."""
    _, text, minor = _read(prompt)
    return text, minor


def _read(prompt: str) -> tuple[list[Finding], str, bool]:
    """The rules' findings, the prompt without the acts a negation rules out ("ohne Blut",
    "no nudity") as the classifier reads it, and whether any word or age marks a minor."""
    tokens = tokenise(prompt)
    hits = _label(tokens)
    reader = _Reader(tokens, hits)
    findings = reader.run()
    if any(f.category == "minors_sexual" for f in findings):
        findings = [f for f in findings if f.category != "sexual"]
    kept = [t for i, t in enumerate(tokens) if i not in reader.ruled_out]
    minor = any("minor" in t.labels for t in tokens)
    return findings, readable_tokens(kept), minor


def check_prompt(
    prompt: str,
    policy: Policy | None = None,
    classifier: PromptClassifier | None = None,
    encode: Callable[[Sequence[str]], NDArray[np.float32]] | None = None,
) -> Decision:
    """The prompt gate's decision on `prompt` under `policy` (the bundled one by default).

    Two layers: the rules, then the learned classifier (the bundled one and the process's
    sentence encoder unless given). Either blocks; the evidence names the layer, and for the
    classifier the score and the threshold. If the classifier can't be loaded the caller's
    gate fails closed (see `Gates`)."""
    policy = policy or default_policy()
    classifier = classifier or prompt_classifier()
    encode = encode or sentence_encoder()
    fields = {
        "model": f"{MODEL} + classifier {classifier.version}",
        "policy_version": policy.version,
    }
    findings, text, minor = _read(prompt)
    verdict = classifier.verdicts(classifier.scores(encode([text])), [minor])[0] if text else None
    if verdict is not None and verdict.category == "sexual" and minor:
        # sexual content and any sign of a minor: always the minors category
        verdict = Verdict("minors_sexual", verdict.score, verdict.threshold)
    if (
        verdict is not None
        and verdict.category == "minors_sexual"
        and any(f.category == "sexual" for f in findings)
        and not any(f.category == "minors_sexual" for f in findings)
    ):  # the rules read ages ("she is 18"): where they saw an adult, so does the classifier
        verdict = Verdict("sexual", verdict.score, verdict.threshold)
    if _sports_result(prompt):  # "we murdered them 4-0, make the fans go wild"
        findings = [f for f in findings if f.category != "violence"]
        if verdict is not None and verdict.category in ("violence", "hate"):
            verdict = None
    found = [
        c
        for c in ORDER
        if any(f.category == c for f in findings) or (verdict and verdict.category == c)
    ]
    if "minors_sexual" in found and "sexual" in found:
        found.remove("sexual")
    blocking = [c for c in found if c == "minors_sexual" or policy.enforces(c)]
    waived = [c for c in found if c not in blocking]
    facts: dict[str, object] = {}
    if waived:
        facts["not_enforced"] = waived
    if not blocking:
        return Decision.allow("prompt", facts=facts, **fields)
    rules: dict[str, set[str]] = {}  # rule -> the tricks undone wherever it fired
    for finding in sorted(findings, key=lambda f: (ORDER.index(f.category), f.rule)):
        if finding.category in blocking:
            rules.setdefault(finding.rule, set()).update(finding.tricks)
    evidence = [
        Evidence(
            category=rule.split(":")[0],
            rule=rule,
            layer="rules",
            detail=RULES[rule] + (", read through " + ", ".join(sorted(tricks)) if tricks else ""),
        )
        for rule, tricks in rules.items()
    ]
    if verdict is not None and verdict.category in blocking:
        evidence.append(
            Evidence(
                category=verdict.category,
                rule=f"{verdict.category}:classifier",
                layer="classifier",
                score=verdict.score,
                threshold=verdict.threshold,
                detail=f"{RULES[verdict.category + ':classifier']}: {verdict.score:.2f}, "
                f"at or above {verdict.threshold:.2f}",
            )
        )
    undone = sorted(set().union(*rules.values())) if rules else []
    if undone:
        facts["spelling_tricks"] = undone
    return Decision.block(
        "prompt", blocking, _reason(blocking), evidence=evidence, facts=facts, **fields
    )


for _category in ORDER:
    RULES[f"{_category}:classifier"] = "the learned classifier's score"


_SCORE = re.compile(r"(?<![\d.])\d{1,2}\s*[-:]\s*\d{1,2}(?![\d.])")
_SPORTS = _wordset("""
    fans fan supporters supporter curva tifosi tifoseria ultras hinchas aficion aficionados
    match game partido partita spiel tor goal gol but buts goals tore stadium stadion stade
    estadio stadio team equipo squadra equipe mannschaft verein league liga derby finale final
    score result resultat ergebnis risultato resultado
""")


_WE = _wordset("we wir nous on abbiamo hemos les hemos li abbiamo us uns")
_HYPERBOLE = (
    "murder",
    "destroy",
    "massacr",
    "slaughter",
    "crush",
    "kill",
    "abgeschlachtet",
    "zerlegt",
    "vernichtet",
    "ecras",
    "detruit",
    "aplast",
    "masacr",
    "golead",
    "asfaltat",
    "distrutt",
)
_GORE = (
    "behead",
    "decapit",
    "stab",
    "blood",
    "gore",
    "shoot",
    "shot",
    "dismember",
    "burn",
    "hang",
    "sang",
    "sangre",
    "sangue",
    "blut",
    "knife",
    "messer",
    "couteau",
    "cuchill",
    "coltell",
)


def _sports_result(prompt: str) -> bool:
    """A team's win told as a slaughter: a score ("4-0", "5:0"), a word of sport, "we", and a
    verb of winning big ("murdered", "massacrés", "abgeschlachtet"), with nothing gory.
    "Massacred them 4-0" is a win, not violence."""
    if not _SCORE.search(prompt):
        return False
    plains = [t.plain for t in tokenise(prompt)]
    return (
        any(p in _SPORTS for p in plains)
        and any(p in _WE for p in plains)
        and any(p.startswith(_HYPERBOLE) for p in plains)
        and not any(p.startswith(_GORE) for p in plains)
    )


def _reason(categories: Sequence[str]) -> str:
    parts = [REASONS[c] for c in categories]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return "it asks " + joined
