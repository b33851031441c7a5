"""Smooth, periodic time curves shared by motion and sound: the gusts you see are the ones you hear.

Every curve here has an integer number of cycles over the clip, so clips loop seamlessly.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def _harmonics(seed: int, salt: int, count: int) -> NDArray[np.float64]:
    rng = np.random.default_rng([seed, salt])
    return rng.uniform(0.0, 2.0 * np.pi, count)


def gusts(t: float | NDArray[np.float64], duration: float, seed: int) -> NDArray[np.float64]:
    """Wind strength over time, 0.25..1, periodic over `duration`: a few slow swells with lulls."""
    t_arr = np.asarray(t, np.float64)
    phases = _harmonics(seed, 17, 3)
    x = t_arr / max(duration, 1e-6)
    cycles = max(1, round(duration / 2.5))  # a gust every ~2.5 s
    wave = (
        0.6 * np.sin(2 * np.pi * cycles * x + phases[0])
        + 0.3 * np.sin(2 * np.pi * (cycles + 1) * x + phases[1])
        + 0.1 * np.sin(2 * np.pi * (2 * cycles + 1) * x + phases[2])
    )
    return np.asarray(0.625 + 0.375 * wave, np.float64)


def lightning_flashes(duration: float, seed: int, count: int = 0) -> list[tuple[float, float]]:
    """When lightning strikes: (time in seconds, strength 0.5..1), sorted. Shared by the lightning
    effect and the thunder sound, so each flash has its thunderclap. `count` 0 picks one strike
    per ~2.5 s. No strike in the first or last 0.4 s, so the loop point stays dark and calm."""
    rng = np.random.default_rng([seed, 29])
    n = count or max(1, round(duration / 2.5))
    lo, hi = min(0.4, duration / 4), max(duration - 0.4, duration * 3 / 4)
    slots = np.linspace(lo, hi, n + 1)
    times = [float(rng.uniform(slots[i], slots[i + 1] - 0.05 * (hi - lo) / n)) for i in range(n)]
    return [(t, float(rng.uniform(0.5, 1.0))) for t in times]


def loop_cycles(duration: float, period: float) -> int:
    """The whole number of cycles closest to `duration / period`, at least one."""
    return max(1, round(duration / max(period, 1e-6)))


def ease_in_out(x: float) -> float:
    """Smoothstep on 0..1: starts and settles without a jolt."""
    x = min(1.0, max(0.0, x))
    return x * x * (3.0 - 2.0 * x)
