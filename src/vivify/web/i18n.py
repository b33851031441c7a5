"""The web app's words in English and German. The language is the one asked for (`?lang=de`, kept
in a cookie), else the best match of the browser's Accept-Language, else English.

The words are in `words/<lang>.json`: `text` (the interface), `effects` (title and description by
effect; English descriptions come from the effect catalogue) and `params` (parameter names).
Every key exists in every language (a test checks), so a page never shows a key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "de")
NAMES = {"en": "English", "de": "Deutsch"}

_WORDS = Path(__file__).parent / "words"


def _load(lang: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_WORDS / f"{lang}.json").read_text("utf-8"))
    return data


_ALL = {lang: _load(lang) for lang in LANGUAGES}
TEXT: dict[str, dict[str, str]] = {lang: data["text"] for lang, data in _ALL.items()}


def negotiate(asked: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page's language: asked for, remembered, or the browser's best match."""
    for choice in (asked, cookie):
        if choice in LANGUAGES:
            return str(choice)
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        base = tag.strip().lower().split("-")[0]
        if base in LANGUAGES and quality > 0:
            ranked.append((-quality, n, base))
    return sorted(ranked)[0][2] if ranked else "en"


def translate(lang: str, key: str, **values: object) -> str:
    text = TEXT.get(lang, TEXT["en"]).get(key) or TEXT["en"][key]
    return text.format(**values) if values else text


def effect_words(lang: str, name: str, summary: str) -> tuple[str, str]:
    """An effect's title and description in `lang` (English ones: the catalogue's summary)."""
    title, about = _ALL[lang]["effects"].get(name, ["", ""])
    return title or name.replace("_", " ").capitalize(), about or summary


def param_title(lang: str, name: str) -> str:
    title: str = _ALL[lang]["params"].get(name) or name.replace("_", " ").capitalize()
    return title
