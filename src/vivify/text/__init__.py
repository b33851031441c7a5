"""Language models vivify loads once per process and hands to the pure planner and the prompt
gate: a multilingual sentence encoder, word counts for five languages, and the encoded example
phrases the planner reads unknown words by."""

from vivify.text.encoder import Encoder, EncoderUnavailable, sentence_encoder
from vivify.text.models import TextModels
from vivify.text.words import Lexicons, lexicons

__all__ = [
    "Encoder",
    "EncoderUnavailable",
    "Lexicons",
    "TextModels",
    "lexicons",
    "sentence_encoder",
]
