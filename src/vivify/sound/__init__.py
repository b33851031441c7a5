"""Soundscapes synthesised to match the plan: no samples, no downloads."""

from vivify.sound.ambience import GAINS, LAYERS
from vivify.sound.mix import SAMPLE_RATE, loudness, soundscape, true_peak

__all__ = ["GAINS", "LAYERS", "SAMPLE_RATE", "loudness", "soundscape", "true_peak"]
