"""Water layers: sea surf in whole swells over the clip, and the small lapping of a lake."""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, lfilter

from vivify.curves import loop_cycles
from vivify.sound.synth import (
    CONTROL_RATE,
    F64,
    compress,
    decay,
    envelope_at,
    place,
    slow_curve,
    stereo_noise,
)

WAVE_PERIOD = 8.0  # seconds between breakers, before fitting whole swells to the clip


def wave_cycles(duration: float) -> int:
    """How many swells the `waves` layer plays over a clip: whole ones, about every 8 s."""
    return loop_cycles(duration, WAVE_PERIOD)


def waves(duration: float, seed: int, rate: int) -> F64:
    """Sea waves: a swell builds, breaks with a broad crash and washes back in a fizz of foam."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 303])
    cycles = wave_cycles(duration)
    rumble = stereo_noise(rng, n, rate, 45, 400, tilt=-0.9, common=0.7)
    crash = stereo_noise(rng, n, rate, 120, 7000, tilt=-0.55, common=0.45)
    fizz = stereo_noise(rng, n, rate, 1200, 15000, tilt=-0.3, common=0.25)
    # Each breaker differs: its size, where in the cycle it breaks, how long its wash runs.
    size = rng.uniform(0.65, 1.0, cycles)
    breaks = rng.uniform(0.38, 0.5, cycles)
    wash = rng.uniform(0.22, 0.34, cycles)
    offset = rng.uniform(0, 1)
    lag = rng.uniform(0.015, 0.04)  # the break runs along the beach: one side hears it first
    foam = 1.0 + 0.35 * slow_curve(rng, n, rate, 6.0, 25.0)
    level = 0.25 * envelope_at(size, n)
    # The envelopes are smooth: work them out at the control rate, then stretch them to audio.
    m = max(64, round(n / rate * CONTROL_RATE))
    x = cycles * np.arange(m) / m + offset
    out = np.empty((n, 2))
    for ch in range(2):
        xc = x - lag * ch
        k = np.floor(xc).astype(np.int64) % cycles
        p = xc - np.floor(xc)  # 0..1 within this swell
        pb, a = breaks[k], size[k]
        since = np.maximum(p - pb, 0.0)
        hit = np.sin(0.5 * np.pi * np.clip(since / 0.05, 0.0, 1.0)) ** 2
        taper = np.sin(0.5 * np.pi * np.clip((1.0 - p) / 0.12, 0.0, 1.0)) ** 2
        rise = np.sin(0.5 * np.pi * np.clip(p / pb, 0.0, 1.0)) ** 2
        swell = np.where(p < pb, rise, np.exp(-since / 0.25) * taper)
        crash_env = 0.9 * a * hit * np.exp(-since / 0.13) * taper
        wash_env = 0.4 * a * hit * np.exp(-since / wash[k]) * taper
        out[:, ch] = (
            rumble[:, ch] * envelope_at(0.3 + 0.7 * swell, n) * level
            + crash[:, ch] * envelope_at(crash_env, n)
            + fizz[:, ch] * envelope_at(wash_env, n) * foam
        )
    # Heard from up the beach the crash is a little rounded off, and mastering need not clamp it.
    return compress(out, rate, 0.35, window=0.1)


def lake(duration: float, seed: int, rate: int) -> F64:
    """Lake water: soft lapping at the shore, small irregular laps and the odd plop."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 313])
    bed = stereo_noise(rng, n, rate, 120, 1600, tilt=-0.9, common=0.5)
    sway = np.clip(0.6 + 0.3 * slow_curve(rng, n, rate, 0.2, 0.8), 0.15, 1.2)
    out = 0.12 * bed * sway[:, None]
    laps = max(2, round(duration * 2.4))
    for _ in range(laps):
        place(out, _lap(rng, rate), int(rng.integers(0, n)), rng.uniform(-0.8, 0.8))
    plops = max(1, round(duration * 1.2))
    for _ in range(plops):
        gain = rng.uniform(0.15, 0.4)
        place(out, gain * _plop(rng, rate), int(rng.integers(0, n)), rng.uniform(-0.7, 0.7))
    return out


def _lap(rng: np.random.Generator, rate: int) -> F64:
    """One small wave against the shore: a soft slap of filtered noise and a gurgling drain."""
    length = rng.uniform(0.35, 0.7)
    m = int(length * rate)
    low = rng.uniform(180, 400)
    b, a = butter(2, [low, low * rng.uniform(3.0, 6.0)], btype="band", fs=rate)
    noise = lfilter(b, a, rng.standard_normal(m))
    slap = decay(m, rate, rng.uniform(0.02, 0.06), rng.uniform(0.06, 0.12))
    drain_at = rng.uniform(0.08, 0.16)
    t = np.arange(m) / rate
    drain = 0.5 * np.exp(-(((t - drain_at - 0.08) / 0.07) ** 2))
    gurgle = 1.0 + 0.6 * np.sin(2 * np.pi * rng.uniform(12, 22) * t + rng.uniform(0, 6.3))
    ends = np.minimum(1.0, (length - t) / 0.1)  # the drain dies away by the end: no click
    return np.asarray(noise * (slap + drain * gurgle) * ends * rng.uniform(0.3, 0.8) * 0.6)


def _plop(rng: np.random.Generator, rate: int) -> F64:
    """A bubble or drop: a sine whose pitch rises as it decays (a resonating air pocket)."""
    m = int(0.12 * rate)
    t = np.arange(m) / rate
    f0 = rng.uniform(350, 950)
    tau = rng.uniform(0.012, 0.035)
    freq = f0 * (1.0 + rng.uniform(0.4, 1.4) * t / 0.12)
    phase = 2 * np.pi * np.cumsum(freq) / rate
    return np.asarray(np.sin(phase) * decay(m, rate, 0.0015, tau))
