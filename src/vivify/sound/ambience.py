"""Sound layers, one function each: (duration, seed, rate) → loop-clean stereo samples (n×2).

`LAYERS` names every layer a plan's `soundscape` may list (docs/plan.md describes each):

- `wind`: a rumble and a brighter rush swelling with the wind effect's gusts.
- `outdoor`: a calm outdoor bed: distant air and a few birds.
- `waves`: sea surf: swells that break and wash back, whole swells over the clip.
- `lake`: gentle lapping at a lake shore, small laps and plops.
- `rain`: rain on leaves and roofs: a dense patter of droplets over soft noise.
- `thunder`: thunderclaps and long rumbles starting on the lightning effect's flashes.
- `birds`: daytime birdsong: several birds with chirps, trills, whistles and calls.
- `crickets`: night crickets: pulsed 4–5 kHz chirps in steady rhythms around the listener.
- `fire`: a crackling fire: a low roar, bursts of crackle and pops.
- `cafe`: cafe murmur: many voices talking, the odd clink of a cup or spoon.
- `steam`: a soft breathing hiss of steam.
- `magic`: a magic sparkle: soft chimes, little rising runs and a shimmering pad.

`GAINS` sets their balance when several play together: each layer is first brought to the same
loudness, then scaled by its gain (1.0 leads, 0.3 sits about 10 dB under).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from vivify.curves import gusts
from vivify.sound.creatures import _bird_phrase, birds, crickets
from vivify.sound.scenes import cafe, fire, magic, steam
from vivify.sound.synth import F64, add_circular, shaped_noise
from vivify.sound.water import lake, waves
from vivify.sound.weather import rain, thunder

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
    body, rush = 0.5 + 0.5 * g, (g**2.2) * 0.8
    for ch in range(2):
        low = 0.6 * common_low + 0.4 * shaped_noise(rng, n, rate, 30, 250, tilt=-1.0)
        high = 0.5 * common_high + 0.5 * shaped_noise(rng, n, rate, 300, 2500, tilt=-0.5)
        out[:, ch] = low * body + high * rush
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


LAYERS: dict[str, Layer] = {
    "wind": wind,
    "outdoor": outdoor,
    "waves": waves,
    "lake": lake,
    "rain": rain,
    "thunder": thunder,
    "birds": birds,
    "crickets": crickets,
    "fire": fire,
    "cafe": cafe,
    "steam": steam,
    "magic": magic,
}
GAINS: dict[str, float] = {
    "wind": 1.0,
    "outdoor": 0.3,
    "waves": 1.0,
    "lake": 0.7,
    "rain": 1.0,
    "thunder": 1.4,
    "birds": 0.55,
    "crickets": 0.5,
    "fire": 1.0,
    "cafe": 1.0,
    "steam": 0.4,
    "magic": 0.5,
}
