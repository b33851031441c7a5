"""Passes over a prompt's tokens that read several words as one meaning, after each word has
its own: figures of speech ("make her hair dance" is wind), a camera held still, nothing to
move, false friends of the prompt's language, opposites, colours that describe a thing, and
what the camera goes to. Pure text processing, like `vivify.plan.reading`, which runs them."""

from __future__ import annotations

from functools import cache

from vivify.plan import lexicon
from vivify.plan.tokens import (
    CAMERA_MOVES,
    Token,
    WordCounts,
    camera_target,
    normalise,
    stems,
    wordset,
)


def read_figures(tokens: list[Token], words: WordCounts | None) -> None:
    """Run every pass, in order, over tokens whose words are already marked."""
    if words is not None:
        _false_friends(tokens, words)
    _opposites(tokens)
    _colour_of_a_thing(tokens)
    _figurative_rain(tokens)
    _still_as_yet(tokens)
    _figures(tokens)
    _camera_direction(tokens)
    _camera_targets(tokens)
    _camera_held(tokens)
    _nothing_moves(tokens)
    _picture_kept(tokens)


def _figurative_rain(tokens: list[Token]) -> None:
    """ "A rain of petals", "lluvia de confeti": a rain word, a preposition and straight away a
    noun (no article) is a figure of speech for that noun, which chooses the effect (petals,
    sparkle, fire) by itself or by meaning. "The rain of the night" stays rain."""
    of, nouns = wordset(lexicon.RAIN_OF), wordset(lexicon.RAIN_NOUNS)
    for i, tok in enumerate(tokens):  # "blossoms raining down": what rains is named first
        before = tokens[i - 1] if i > 0 else None
        if (
            tok.role == "effect"
            and tok.effects == ("rain",)
            and before is not None
            and before.role == "effect"
            and set(before.effects) <= _RAINING_THINGS
            and before.clause == tok.clause
        ):
            tok.role, tok.effects = "stop", ()
    for i, tok in enumerate(tokens[:-1]):  # "che piovano coriandoli": what rains comes next
        if tok.role != "effect" or tok.effects != ("rain",) or tok.norm in nouns:
            continue
        after = [t for t in tokens[i + 1 : i + 3] if t.clause == tok.clause]
        if after and after[0].norm in _ARTICLES and len(after) > 1:
            after = after[1:]
        if after and after[0].role == "effect" and set(after[0].effects) <= _RAINING_THINGS:
            tok.role, tok.effects = "stop", ()
    for i, tok in enumerate(tokens[:-2]):
        if tok.role != "effect" or tok.effects != ("rain",) or tokens[i + 1].norm not in of:
            continue
        if not stems(tok.norm) & nouns and tok.norm not in nouns:
            continue
        nxt = tokens[i + 2]
        if nxt.clause != tok.clause:
            continue
        if not nxt.role or (nxt.role == "effect" and set(nxt.effects) <= _RAINING_THINGS):
            tok.role, tok.effects = "stop", ()


_RAINING_THINGS = frozenset({"petals", "sparkle", "fire", "snow"})
_ARTICLES = frozenset(
    lexicon.words("the some der die das le la les des du de el los las unos unas il lo gli i dei")
)


# A figure whose verb is itself an effect word, and the effect it reads instead.
_OVERRIDES = {"sparkle": ("blink",), "sunset": ("fire",)}
_FIGURE_REACH = 6  # tokens between a figure's subject and its verb


def _language(tokens: list[Token], words: WordCounts, but: Token) -> str:
    """The language most of the prompt's other words belong to, or '' when none leads."""
    votes: dict[str, int] = {}
    for tok in tokens:
        if tok is not but and len(tok.norm) > 1:
            known = words.known_in(tok.norm)
            for lang, count in known.items():  # languages where the word is common, not rare
                if count >= 0.1 * max(known.values()):
                    votes[lang] = votes.get(lang, 0) + 1
    ranked = sorted(votes.values(), reverse=True)
    if not ranked or ranked[0] < 2 or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return ""
    return max(votes, key=lambda lang: votes[lang])


def _false_friends(tokens: list[Token], words: WordCounts) -> None:
    """French "donner" is to give, not German thunder; Spanish "pan" is bread, not a camera
    move: an effect word that is an everyday word of the prompt's language is read as nothing
    (see `lexicon.FALSE_FRIENDS`)."""
    for tok in tokens:
        languages = lexicon.FALSE_FRIENDS.get(tok.norm, "").split()
        if tok.role == "effect" and languages and _language(tokens, words, tok) in languages:
            tok.role, tok.effects = "stop", ()


def _opposites(tokens: list[Token]) -> None:
    """ "In colour", "les vraies couleurs": the opposite of an effect rules it out."""
    for tok in tokens:
        if tok.role == "opposite":
            tok.role, tok.effects = "without", (tok.layer,)


def _colour_of_a_thing(tokens: list[Token]) -> None:
    """ "My black and white cat": colours followed by a thing (an animal, clothes, a floor)
    describe it; "noir et blanc bien contrasté" and "a black and white film" are the style."""
    things = wordset(lexicon.THINGS)
    for i, tok in enumerate(tokens):
        if tok.role != "effect" or tok.effects != ("black_white",) or len(tok.words) < 2:
            continue
        after = next((t for t in tokens[i + 1 :] if t.role != "part"), None)
        if after is not None and after.clause == tok.clause and after.norm in things:
            tok.role, tok.effects = "stop", ()


def _still_as_yet(tokens: list[Token]) -> None:
    """English "still" before more words of its clause means "yet" ("coffee still piping
    hot", "still raining"), not "motionless" ("keep the sky still")."""
    for i, tok in enumerate(tokens[:-1]):
        after = tokens[i + 1]
        more = after.clause == tok.clause and after.role not in ("stop", "negation", "break")
        if tok.norm == "still" and tok.role == "still" and more:
            tok.role = "stop"


def _camera_targets(tokens: list[Token]) -> None:
    """ "Zoom in on her smile", "que la cámara se vaya metiendo hasta su sonrisa": a face
    word that the camera goes to is where it goes, not an effect."""
    for i, tok in enumerate(tokens):
        face = tok.role == "effect" and set(tok.effects) <= {"smile", "blink"}
        if face and camera_target(tokens, i, reach=4):
            tok.role, tok.effects = "stop", ()


def _figures(tokens: list[Token]) -> None:
    """ "Make her hair dance", "der Himmel soll weinen", "when the sun goes to sleep": a verb
    the lists do not place, near a subject in its clause, asks for the effect the two mean
    together (see `lexicon.FIGURES`). Hair or trees set moving are not the camera moving: a
    clause that names the camera is left alone, except for the camera's own figure."""
    camera = wordset(lexicon.CAMERA)
    for effect, subjects, verbs in _figure_sets():
        for i, tok in enumerate(tokens):
            # "close her eyes": a single word read as a camera move may be the figure's verb
            closing = tok.effects == ("zoom_in",) and len(tok.words) == 1 and effect == "blink"
            # "stars winking" sparkle, "the sky burns" at sunset: the figure wins over the word
            closing = closing or (len(tok.words) == 1 and tok.effects == _OVERRIDES.get(effect))
            if (tok.role not in ("", "stop", "vague") and not closing) or tok.norm not in verbs:
                continue
            near = [
                j
                for j in range(max(0, i - _FIGURE_REACH), min(len(tokens), i + _FIGURE_REACH + 1))
                if j != i and tokens[j].clause == tok.clause and tokens[j].role != "part"
            ]
            if effect != "pan" and any(tokens[j].norm in camera for j in near):
                continue
            subject = next((j for j in near if tokens[j].norm in subjects), None)
            if subject is None:
                continue
            pair = sorted((subject, i))
            tok.role, tok.effects = "effect", (effect,)
            tok.words = tuple(tokens[j].text for j in pair)


@cache
def _figure_sets() -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
    return tuple(
        (effect, wordset(subjects), wordset(verbs)) for effect, subjects, verbs in lexicon.FIGURES
    )


def _camera_direction(tokens: list[Token]) -> None:
    """ "Zoom langsam raus", "zoom hacia atrás", "die Kamera fährt langsam ran": a single zoom
    word, or the word camera, with a direction in its clause at most four words on, zooms that
    way; the camera going left or right pans. The direction word becomes part of the move."""
    out, closer = wordset(lexicon.CAMERA_OUT), wordset(lexicon.CAMERA_IN)
    camera = wordset(lexicon.CAMERA)
    side = wordset(lexicon.LEFT) | wordset(lexicon.RIGHT)
    for i, tok in enumerate(tokens):
        zoom = tok.role == "effect" and tok.effects == ("zoom_in",) and len(tok.words) <= 1
        if not zoom and not (tok.norm in camera and tok.role in ("", "stop", "effect")):
            continue
        for j in range(i + 1, min(len(tokens), i + 5)):
            after = tokens[j]
            if after.clause != tok.clause or (after.role == "effect" and after.norm not in closer):
                break
            said = {after.norm, *(normalise(w) for w in after.words)}
            move = "pan" if not zoom and said & side else ""  # "Kamera fährt nach links"
            if after.norm in out or after.norm in closer:
                move = "zoom_out" if after.norm in out else "zoom_in"
            if move:
                tok.role, tok.effects, tok.words = "effect", (move,), (tok.text, after.text)
                for k in range(i + 1, j + 1):
                    tokens[k].role, tokens[k].effects = "part", ()
                break


def _nothing_moves(tokens: list[Token]) -> None:
    """ "Don't move anything in the picture", "rien ne bouge", "que no se mueva nada": a move
    word with "nothing" (or a negation and "anything") in its clause keeps the picture as it
    is; every effect word in the wish is heard, not shown (the move word reads as "audio
    only")."""
    moving, nothing = wordset(lexicon.CAMERA_MOVING), wordset(lexicon.NOTHING)
    anything = wordset(lexicon.ANYTHING)
    for tok in tokens:
        if tok.norm not in moving or tok.role not in ("", "stop", "vague"):
            continue
        clause = [t for t in tokens if t.clause == tok.clause and t is not tok]
        if any(t.role == "effect" for t in clause):
            continue  # "no rain, nothing but the trees moving"
        if any(t.norm in nothing for t in clause) or (
            any(t.role == "negation" for t in clause) and any(t.norm in anything for t in clause)
        ):
            _audio_only(tok, clause)


def _audio_only(tok: Token, clause: list[Token], held: tuple[str, ...] = ()) -> None:
    """`tok` keeps the picture as it is: it reads as "audio only" and rules out the `held`
    moves; the negations in its clause said so, and rule nothing else out."""
    for t in clause:
        if t.role == "negation":
            t.role = "stop"
    tok.role, tok.effects = "audio_only", held


def _picture_kept(tokens: list[Token]) -> None:
    """ "Sin cambiar la imagen", "sans toucher à la photo", "on ne doit rien voir", "das Bild
    genau so lassen": a clause that keeps the picture as it is, and asks for nothing visual
    itself, makes every effect word in the wish heard, not shown, and holds the camera (the
    verb reads as "audio only"). "Without changing it too much" keeps nothing."""
    picture, change, see = wordset(lexicon.PICTURE), wordset(lexicon.CHANGE), wordset(lexicon.SEE)
    keep, nothing = wordset(lexicon.KEEP), wordset(lexicon.NOTHING)
    anything, degree = wordset(lexicon.ANYTHING), wordset(lexicon.DEGREE)
    as_is = wordset(lexicon.AS_IS) | {"as", "wie", "comme", "come", "como"}
    counter, parts = 0, []  # the clause's parts, split at "but": "rain, but keep the picture"
    for i, tok in enumerate(tokens):
        counter += i > 0 and (tok.clause != tokens[i - 1].clause or tok.role == "break")
        parts.append(counter)
    for i, tok in enumerate(tokens):
        if tok.role not in ("", "stop", "vague", "audio_only"):
            continue
        own = [t for j, t in enumerate(tokens) if parts[j] == parts[i] and j != i]
        if any(t.role == "effect" or t.norm in degree for t in own):
            continue
        clause = [t for t in tokens if t.clause == tok.clause and t is not tok]
        norms = {t.norm for t in clause}
        negated = any(t.role == "negation" for t in clause) or bool(norms & nothing)
        things = bool(norms & (picture | anything | nothing))
        kept = (
            (tok.norm in change and negated and things)
            or (tok.norm in see and (bool(norms & nothing) or (negated and bool(norms & anything))))
            or (tok.norm in keep and bool(norms & picture) and bool(norms & as_is))
        )
        if kept:
            _audio_only(
                tok, clause, held=CAMERA_MOVES
            )  # the picture is not touched: nor the camera
            tok.words = (tok.text,)


def _camera_held(tokens: list[Token]) -> None:
    """ "Keine Kamerabewegung", "la caméra bouge pas", "static camera", "don't move the
    camera": a camera word with a still word in its clause, or with a move word and a negation
    that reaches it, rules out every camera move (the camera word is read as "without")."""
    camera, moving = wordset(lexicon.CAMERA), wordset(lexicon.CAMERA_MOVING)
    still = wordset(lexicon.CAMERA_STILL)

    def is_camera(t: Token) -> bool:
        return t.norm in camera or any(
            t.norm.startswith(c) and t.norm[len(c) :] in moving for c in camera if len(c) > 3
        )

    for i, tok in enumerate(tokens):
        if not is_camera(tok) or tok.role not in ("", "stop"):
            continue
        clause = [j for j, t in enumerate(tokens) if t.clause == tok.clause and t.role != "part"]
        held = [j for j in clause if tokens[j].norm in still or tokens[j].role == "still"]
        if not held:
            # a move word, or the camera word itself when it is one ("Kamerabewegung")
            moves = [j for j in clause if tokens[j].norm in moving]
            moves += [i] if tok.norm not in camera else []
            for n in (j for j in clause if tokens[j].role == "negation"):
                for m in moves:
                    first = min(i, m)
                    between = tokens[n + 1 : first] if n < first else tokens[max(i, m) + 1 : n]
                    if (n < first or n - max(i, m) <= 2) and not any(
                        t.role == "effect" for t in between
                    ):
                        held = [n, m]
                        break
                if held:
                    break
        if not held:
            continue
        for j in held:
            if j != i:
                tokens[j].role = "stop"
        lo, hi = min(i, *held), max(i, *held)
        tok.role, tok.effects = "without", CAMERA_MOVES
        tok.words = tuple(t.text for t in tokens[lo : hi + 1] if t.role != "part")
