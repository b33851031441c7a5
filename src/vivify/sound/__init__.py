"""Soundscapes synthesised to match the plan: no samples, no downloads."""

from vivify.sound.mix import SAMPLE_RATE, loudness, soundscape, true_peak

__all__ = ["SAMPLE_RATE", "loudness", "soundscape", "true_peak"]
