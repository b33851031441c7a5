"""Mixing and mastering: sum the layers, normalise loudness, keep true peak under the ceiling."""

from __future__ import annotations

import numpy as np
import pyloudnorm
from scipy.ndimage import maximum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

from vivify.sound.ambience import GAINS, LAYERS
from vivify.sound.synth import F64

TARGET_LUFS = -14.0
CEILING_DBTP = -1.0
SAMPLE_RATE = 48_000
LAYER_LUFS = -23.0  # each layer is brought to this loudness before its gain is applied


def soundscape(names: list[str], duration: float, seed: int, rate: int = SAMPLE_RATE) -> F64:
    """The clip's sound: stereo float samples (n×2), loop-clean, about −14 LUFS, peak < −1 dBTP.

    Each named layer is synthesised, brought to a common loudness and scaled by its entry in
    `GAINS`, so the balance does not depend on how loud a layer happens to come out."""
    n = round(duration * rate)
    mix = np.zeros((n, 2))
    for name in dict.fromkeys(names or ["outdoor"]):
        mix += GAINS[name] * _normalise(LAYERS[name](duration, seed, rate), rate, LAYER_LUFS)
    return master(mix, rate)


def master(audio: F64, rate: int) -> F64:
    """Bring a mix to about −14 LUFS with its true peak under −1 dBTP; the limiter works
    circularly, so a loop-clean mix stays loop-clean."""
    out = audio
    for _ in range(4):
        out = _normalise(out, rate, TARGET_LUFS)
        out = _limit(out, rate, 10 ** ((CEILING_DBTP - 0.3) / 20))
        if abs(loudness(out, rate) - TARGET_LUFS) < 0.5:
            break
    peak = true_peak(out)
    ceiling = 10 ** ((CEILING_DBTP - 0.1) / 20)
    if peak > ceiling:
        out *= ceiling / peak
    return out


def loudness(audio: F64, rate: int) -> float:
    """Integrated loudness (ITU-R BS.1770-4) in LUFS; very short clips use a gated RMS stand-in."""
    if audio.shape[0] < int(0.4 * rate) + 1:
        rms = float(np.sqrt(np.mean(audio**2)) + 1e-12)
        return float(20 * np.log10(rms) - 0.691)
    return float(pyloudnorm.Meter(rate).integrated_loudness(audio))


def true_peak(audio: F64) -> float:
    """Peak of the 4× oversampled signal (linear), as BS.1770 true peak is estimated."""
    return float(_sample_peaks(audio).max()) if audio.shape[0] else 0.0


_CHUNK = 1 << 15
_PAD = 256  # longer than the resampling filter's reach, so chunk edges are exact


def _sample_peaks(audio: F64) -> F64:
    """For each sample, the largest |value| of the 4× oversampled signal around it, both channels.

    Oversampled in chunks (with circular padding, since the sound loops), so memory stays flat
    in the clip's length instead of holding four copies of the whole clip."""
    n = audio.shape[0]
    peaks = np.empty(n)
    idx = np.arange(-_PAD, min(_CHUNK, n) + _PAD)
    for start in range(0, n, _CHUNK):
        size = min(_CHUNK, n - start)
        window = audio[(start + idx[: size + 2 * _PAD]) % n]
        over = np.abs(resample_poly(window, 4, 1, axis=0)).max(axis=1)
        peaks[start : start + size] = over.reshape(-1, 4).max(axis=1)[_PAD : _PAD + size]
    return peaks


def _normalise(audio: F64, rate: int, target: float) -> F64:
    current = loudness(audio, rate)
    if not np.isfinite(current):
        return audio
    return np.asarray(audio * 10 ** ((target - current) / 20))


def _limit(audio: F64, rate: int, ceiling: float) -> F64:
    """A look-ahead peak limiter, circular so that the loop point stays clean."""
    window = max(3, int(0.005 * rate))
    env = maximum_filter1d(_sample_peaks(audio), size=2 * window + 1, mode="wrap")
    gain = np.minimum(1.0, ceiling / np.maximum(env, 1e-12))
    gain = uniform_filter1d(gain, size=window, mode="wrap")
    return np.asarray(audio * gain[:, None])
