"""Reading a prompt for moderation: undo the spelling tricks people use to slip words past a
filter, then cut the text into tokens with their sentence and clause.

Tricks undone: compatibility forms (full-width or mathematical letters, ligatures) by NFKC;
invisible characters (zero-width spaces and joiners, soft hyphens, direction marks); look-alike
letters from other scripts (Cyrillic, Greek, small capitals) mapped to Latin; case; accents and
other diacritics; leet spelling (n4k3d, $ex, k!ll); letters spread out with spaces, dots,
hyphens or underscores (n a k e d, n.u.d.e); letters held down (naaaked); and a star in place of
a letter (s*x). A token keeps every reading that one of these produces, with the trick that
produced it, so the rules can match any of them and say which trick was undone.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from vivify.plan.tokens import normalise


def wordset(text: str) -> frozenset[str]:
    """The words of `text`, separated by white space."""
    return frozenset(text.split())


# Characters that show nothing: zero-width spaces and joiners, soft hyphen, direction marks,
# variation selectors, the Hangul fillers and the Mongolian vowel separator.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)

# Letters from other scripts that look like Latin ones (after NFKC, before case folding).
_LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԁ": "D",
        "Ӏ": "I", "Ԛ": "Q", "Ԝ": "W", "Ё": "E", "Ї": "I", "Ү": "Y",
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "х": "x", "у": "y", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d",
        "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ё": "e", "ї": "i", "ь": "b", "п": "n",
        "г": "r", "и": "u", "ү": "y", "ɡ": "g",
        # Greek
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "c", "ϲ": "c",
        # Latin look-alikes and small capitals
        "ɑ": "a", "ı": "i", "ȷ": "j", "ℓ": "l", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d",
        "ᴇ": "e", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m",
        "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v",
        "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "ŧ": "t",
        "ƒ": "f", "¢": "c", "þ": "p", "ð": "d",
        # Runes and archaic letters used for the SS runes ("ϟϟ", "ᛋᛋ")
        "ϟ": "s", "Ϟ": "S", "ᛋ": "s", "ᛊ": "s",
    }
)  # fmt: skip
_REGIONAL = range(0x1F1E6, 0x1F200)  # regional indicator symbols, 🇦 to 🇿

# Leet: digits and symbols written for letters. 1 and | can be i or l: both readings are kept.
_LEET = str.maketrans(
    {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", "$": "s",
     "!": "i", "€": "e", "+": "t", "£": "l"}
)  # fmt: skip
_LEET_CHARS = frozenset("0134578 9@$!|€+£".replace(" ", ""))

_W = r"[^\W_]"
# A word, with leet symbols inside it ("k!ll", "n@ked", "f*ck") and leading or trailing $ or @.
_WORD = re.compile(rf"[@$€£]*{_W}(?:{_W}|[@$€£!|+*]+(?={_W}))*[$@]*")
_SPREAD_GAP = re.compile(r"[\s.\-_·•*/,+~|:]{1,3}")  # between spread-out letters
_SENTENCE_GAP = re.compile(r"[.!?;()\[\]\n]")
_CLAUSE_GAP = re.compile(r"[,:–—]")
_RUNS = re.compile(r"(\w)\1{2,}")
_DOUBLES = re.compile(r"(\w)\1+")
_UMLAUT = re.compile(r"([aou])e(?=[b-df-hj-np-tv-z])")
SINGLE_LETTER_WORDS = wordset("a i o y e u")
_ACCENTED = {"él": "él", "tú": "tú", "sí": "sí"}  # words whose accent sets them apart


@dataclass
class Token:
    raw: str  # as typed, with invisible characters removed and look-alikes mapped
    plain: str  # lower case, no accents
    forms: dict[str, str]  # every reading -> the trick that produced it ("" for the plain one)
    sentence: int = 0
    clause: int = 0
    cap: bool = False  # starts with a capital letter
    hyphen_before: bool = False  # joined to the previous word by a hyphen ("tue-le")
    gap: str = ""  # what separates it from the previous word
    tricks: frozenset[str] = frozenset()  # tricks undone on the whole token
    masked: bool = False  # has a star in place of a letter
    squeezed: str = ""  # plain with doubled letters made single, when it had any
    labels: dict[str, str] = field(default_factory=dict)  # label -> trick, filled by the rules


_NONE: frozenset[str] = frozenset()


def _clean(prompt: str) -> tuple[str, list[frozenset[str]]]:
    """NFKC, invisible characters out, look-alike letters mapped; a set of tricks per char."""
    out: list[str] = []
    flags: list[frozenset[str]] = []
    pending: set[str] = set()
    for char in prompt:
        code = ord(char)
        if code < 128:  # plain ASCII: nothing to undo
            out.append(char)
            flags.append(frozenset(pending) if pending else _NONE)
            pending.clear()
            continue
        trick = ""
        if _INVISIBLE.match(char):
            trick = "invisible"
        elif unicodedata.category(char) == "Mn":  # combining marks: accents, strike-throughs
            trick = "overlay marks" if 0x0334 <= code <= 0x0338 or code >= 0x20D0 else ""
        if trick or unicodedata.category(char) == "Mn":
            if trick:
                pending.add(trick)
                if flags:
                    flags[-1] = flags[-1] | {trick}
            continue
        if code in _REGIONAL:
            mapped, trick = chr(ord("a") + code - _REGIONAL.start), "look-alike letters"
        else:
            mapped = unicodedata.normalize("NFKC", char).translate(_LOOKALIKES)
            trick = "look-alike letters" if mapped != char and mapped.isalnum() else ""
        for piece in mapped:
            out.append(piece)
            flags.append(frozenset(pending | ({trick} if trick else set())))
        pending.clear()
    return "".join(out), flags


def _fold(text: str) -> str:
    return normalise(text)


def _readings(plain: str) -> dict[str, str]:
    """The plain form and the forms that undo leet and held-down letters."""
    forms: dict[str, str] = {plain: ""}
    umlaut = _UMLAUT.sub(r"\1", plain)  # German spelled without umlauts: "maedchen"
    if umlaut != plain:
        forms[umlaut] = ""
    has_letter = any(c.isalpha() for c in plain)
    if has_letter and any(c in _LEET_CHARS for c in plain) and not plain.isdigit():
        base = plain.translate(_LEET)
        for one in ("i", "l"):
            leet = base.replace("1", one).replace("|", "l" if one == "i" else "i")
            if leet != plain and leet.isalpha():
                forms.setdefault(leet, "leet spelling")
    for form, trick in list(forms.items()):
        if _RUNS.search(form):
            for keep in (r"\1", r"\1\1"):
                forms.setdefault(_RUNS.sub(keep, form), trick or "held-down letters")
    return forms


def _split_run(text: str, run: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """A run of spread-out letters, cut where the gap differs from the usual one: "n a k e d
    c h i l d" with a wider space, "n.a.k.e.d c.h.i.l.d" with a space instead of a dot."""
    gaps = [text[a[1] : b[0]] for a, b in itertools.pairwise(run)]
    usual = max(set(gaps), key=gaps.count)
    out: list[tuple[int, int, bool]] = []
    pieces: list[list[tuple[int, int]]] = [[run[0]]]
    for span, gap in zip(run[1:], gaps, strict=True):
        if gap == usual:
            pieces[-1].append(span)
        else:
            pieces.append([span])
    for piece in (cut for whole in pieces for cut in _cut_words(text, whole)):
        number = len(piece) == 2 and all(text[a:b].isdigit() for a, b in piece)
        if len(piece) >= 3 or number:
            out.append((piece[0][0], piece[-1][1], True))
        else:
            out.extend((a, b, False) for a, b in piece)
    return out


_LETTER_WORDS = frozenset("àèìòù")  # single letters that are words: "à p o i l"


def _cut_words(text: str, piece: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Cut a run of spread-out characters where a number of two or more digits meets letters
    ("1 3 a n s": 13 and "ans"; leet like "n 4 k 3 d" stays whole) and around a letter that
    is a word of its own ("à p o i l")."""
    chars = [text[a:b].lower() for a, b in piece]
    digit = [c.isdigit() for c in chars]
    cuts: list[list[tuple[int, int]]] = [[piece[0]]]
    for k in range(1, len(piece)):
        run = 1  # the digit run on the digit side of the boundary
        if digit[k] != digit[k - 1]:
            side = k - 1 if digit[k - 1] else k
            step = -1 if side == k - 1 else 1
            j = side
            while 0 <= j + step < len(piece) and digit[j + step]:
                j += step
                run += 1
        word = chars[k] in _LETTER_WORDS or chars[k - 1] in _LETTER_WORDS
        if word or (digit[k] != digit[k - 1] and run >= 2):
            cuts.append([piece[k]])
        else:
            cuts[-1].append(piece[k])
    return cuts


def tokenise(prompt: str) -> list[Token]:
    text, flags = _clean(prompt)
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    # Join runs of three or more single characters spread out with spaces, dots or hyphens.
    merged: list[tuple[int, int, bool]] = []  # start, end, spread
    i = 0
    while i < len(spans):
        j = i
        while (
            j + 1 < len(spans)
            and spans[j][1] - spans[j][0] == 1
            and spans[j + 1][1] - spans[j + 1][0] == 1
            and _SPREAD_GAP.fullmatch(text[spans[j][1] : spans[j + 1][0]])
        ):
            j += 1
        if j - i >= 2 and spans[i][1] - spans[i][0] == 1:
            merged.extend(_split_run(text, spans[i : j + 1]))
            i = j + 1
        else:
            merged.append((spans[i][0], spans[i][1], False))
            i += 1
    tokens: list[Token] = []
    sentence = clause = 0
    previous_end = 0
    for start, end, spread in merged:
        gap = text[previous_end:start]
        if tokens and _SENTENCE_GAP.search(gap):
            sentence += 1
            clause += 1
        elif tokens and _CLAUSE_GAP.search(gap):
            clause += 1
        previous_end = end
        piece = text[start:end]
        raw = "".join(_WORD.findall(piece)) if spread else piece
        tricks = frozenset().union(*flags[start:end]) | (
            {"spread-out letters"} if spread else set()
        )
        plain = _fold(raw.replace("*", "\x00")).replace("\x00", "*")
        tokens.append(_token(raw, plain, spread, tricks, sentence, clause, gap))
    return tokens


def _token(
    raw: str, plain: str, spread: bool, tricks: frozenset[str], sentence: int, clause: int, gap: str
) -> Token:
    masked = "*" in plain
    forms = _readings(plain) if not masked else {plain: ""}
    if spread:  # "a n u d e": the first or last letter may be a word of its own
        core = plain.replace("*", "")
        if len(core) > 3 and core[0] in SINGLE_LETTER_WORDS:
            forms.update({k: v for k, v in _readings(core[1:]).items() if k not in forms})
        if len(core) > 3 and core[-1] in SINGLE_LETTER_WORDS:
            forms.update({k: v for k, v in _readings(core[:-1]).items() if k not in forms})
    lower = raw.lower()
    if lower in _ACCENTED:
        forms[_ACCENTED[lower]] = ""
    squeezed = _DOUBLES.sub(r"\1", plain)
    return Token(
        raw=raw,
        plain=plain,
        forms=forms,
        sentence=sentence,
        clause=clause,
        cap=raw[:1].isupper(),
        hyphen_before=gap.strip() == "-",
        gap=gap,
        tricks=tricks,
        masked=masked,
        squeezed=squeezed if squeezed != plain and squeezed.isalpha() else "",
    )


def entry_words(entry: str) -> list[str]:
    """The words of a vocabulary entry, folded like prompt text; a trailing '*' is kept."""
    words = re.split(r"[\s'’\-]+", entry.strip())
    return [_fold(w) for w in words if w]
