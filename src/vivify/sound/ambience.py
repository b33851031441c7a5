"""Sound layers, one function each: (duration, seed, rate, rng) → stereo samples (n×2)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from vivify.curves import gusts
from vivify.sound.synth import F64, add_circular, shaped_noise

Layer = Callable[[float, int, int], F64]


def wind(duration: float, seed: int, rate: int) -> F64:
    """Wind: a rumble and a brighter rush that swell with the same gusts the wind effect shows."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 101])
    t = np.arange(n) / rate
    g = gusts(t, duration, seed)
    out = np.zeros((n, 2))
    common_low = shaped_noise(rng, n, rate, 30, 250, tilt=-1.0)
    common_high = shaped_noise(rng, n, rate, 300, 2500, tilt=-0.5)
    for ch in range(2):
        low = 0.6 * common_low + 0.4 * shaped_noise(rng, n, rate, 30, 250, tilt=-1.0)
        high = 0.5 * common_high + 0.5 * shaped_noise(rng, n, rate, 300, 2500, tilt=-0.5)
        out[:, ch] = low * (0.5 + 0.5 * g) + high * (g**2.2) * 0.8
    return out


def outdoor(duration: float, seed: int, rate: int) -> F64:
    """A calm outdoor bed: distant air and a few birds, placed around the loop point."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 202])
    out = np.zeros((n, 2))
    air = shaped_noise(rng, n, rate, 60, 1500, tilt=-0.8)
    out[:, 0] = 0.6 * air + 0.4 * shaped_noise(rng, n, rate, 60, 1500, tilt=-0.8)
    out[:, 1] = 0.6 * air + 0.4 * shaped_noise(rng, n, rate, 60, 1500, tilt=-0.8)
    out *= 0.35
    calls = max(1, round(duration / 1.6))
    for _ in range(calls):
        chirp = _bird_phrase(rng, rate)
        start = int(rng.integers(0, n))
        pan = rng.uniform(0.2, 0.8)
        add_circular(out[:, 0], chirp * np.sqrt(1 - pan), start)
        add_circular(out[:, 1], chirp * np.sqrt(pan), start)
    return out


def _bird_phrase(rng: np.random.Generator, rate: int) -> F64:
    """A short phrase of two to five chirps: sine sweeps with a soft attack."""
    notes = int(rng.integers(2, 6))
    gap = rng.uniform(0.06, 0.12)
    length = rng.uniform(0.05, 0.11)
    base = rng.uniform(2800, 4500)
    total = int((notes * (length + gap)) * rate) + 1
    phrase = np.zeros(total)
    for i in range(notes):
        m = int(length * rate)
        tt = np.arange(m) / rate
        sweep = base * (1.0 + rng.uniform(-0.15, 0.35) * tt / length)
        phase = 2 * np.pi * np.cumsum(sweep) / rate
        env = np.sin(np.pi * tt / length) ** 2
        start = int(i * (length + gap) * rate)
        phrase[start : start + m] += np.sin(phase) * env
    return phrase * rng.uniform(0.6, 1.2)


LAYERS: dict[str, Layer] = {"wind": wind, "outdoor": outdoor}
GAINS: dict[str, float] = {"wind": 1.0, "outdoor": 0.5}
