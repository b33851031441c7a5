"""Building blocks for ambience: periodic shaped noise and circularly placed events.

Noise is made in the frequency domain over exactly the clip's length, so it is periodic: the
sound loops with the video without a click.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

F64 = NDArray[np.float64]


def shaped_noise(
    rng: np.random.Generator, n: int, rate: int, low: float, high: float, tilt: float = -0.5
) -> F64:
    """Loop-clean noise with energy between `low` and `high` Hz and a spectral slope `tilt`
    (amplitude ∝ f^tilt: -0.5 is pink, -1 is brown). Unit RMS."""
    freqs = np.fft.rfftfreq(n, 1.0 / rate)
    f = np.maximum(freqs, 1.0)
    shape = f**tilt
    # Smooth band edges (second-order roll-offs) rather than a brick wall.
    shape *= 1.0 / np.sqrt(1.0 + (low / f) ** 4)
    shape *= 1.0 / np.sqrt(1.0 + (f / high) ** 4)
    shape[0] = 0.0
    spectrum = shape * np.exp(1j * rng.uniform(0, 2 * np.pi, freqs.size))
    out = np.fft.irfft(spectrum, n)
    return out / (np.sqrt(np.mean(out**2)) + 1e-12)


def add_circular(buffer: F64, event: F64, start: int) -> None:
    """Add `event` into `buffer` at `start`, wrapping past the end (the loop point)."""
    n = buffer.shape[0]
    idx = (start + np.arange(event.shape[0])) % n
    np.add.at(buffer, idx, event)


def envelope_at(curve: F64, n: int) -> F64:
    """Resample a control curve (any length, periodic) to `n` samples."""
    x = np.linspace(0, curve.size, n, endpoint=False)
    return np.interp(x, np.arange(curve.size + 1), np.append(curve, curve[0]))
