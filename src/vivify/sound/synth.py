"""Building blocks for ambience: periodic shaped noise and circularly placed events.

Noise is made in the frequency domain over exactly the clip's length, so it is periodic: the
sound loops with the video without a click. Events (a chirp, a crackle, a thunderclap) are added
circularly: whatever runs past the end continues at the start.
"""

from __future__ import annotations

import numpy as np
import scipy.fft
from numpy.typing import NDArray
from scipy.ndimage import uniform_filter1d

F64 = NDArray[np.float64]


CONTROL_RATE = 1000  # samples per second for slow control curves, interpolated to audio rate


def _band_shape(n: int, rate: int, low: float, high: float, tilt: float) -> F64:
    """Amplitude spectrum (rfft bins) for noise between `low` and `high` Hz, slope `tilt`."""
    freqs = np.fft.rfftfreq(n, 1.0 / rate)
    f = np.maximum(freqs, 1.0)
    shape = f**tilt
    # Smooth band edges (second-order roll-offs) rather than a brick wall.
    shape *= 1.0 / np.sqrt(1.0 + (low / f) ** 4)
    shape *= 1.0 / np.sqrt(1.0 + (f / high) ** 4)
    shape[0] = 0.0
    return np.asarray(shape)


def shaped_noise(
    rng: np.random.Generator, n: int, rate: int, low: float, high: float, tilt: float = -0.5
) -> F64:
    """Loop-clean noise with energy between `low` and `high` Hz and a spectral slope `tilt`
    (amplitude ∝ f^tilt: -0.5 is pink, -1 is brown). Unit RMS."""
    shape = _band_shape(n, rate, low, high, tilt).astype(np.float32)
    phase = rng.uniform(0, 2 * np.pi, shape.size).astype(np.float32)
    # Single precision for the transform: plenty for noise, and half the working memory.
    spectrum = (shape * np.cos(phase)) + 1j * (shape * np.sin(phase))
    del phase
    out = scipy.fft.irfft(spectrum.astype(np.complex64), n).astype(np.float64)
    out /= np.sqrt(np.mean(out**2)) + 1e-12
    return out


def stereo_noise(
    rng: np.random.Generator,
    n: int,
    rate: int,
    low: float,
    high: float,
    tilt: float = -0.5,
    common: float = 0.5,
    shape: F64 | None = None,
) -> F64:
    """Two loop-clean noises (n×2) shaped as `shaped_noise` (and further by `shape`, an amplitude
    per rfft bin, where given), unit RMS each, sharing a `common` part (0 independent, 1
    identical) so a diffuse source sounds wide but still centred."""
    band = _band_shape(n, rate, low, high, tilt)
    if shape is not None:
        band *= shape
    band32 = band.astype(np.float32)
    del band
    side = np.float32(np.sqrt(max(0.0, 1.0 - common**2)))
    # Drawn as shared, left, right (re and im each) in one call, in single precision: the same
    # numbers for a seed, half the memory of doubles.
    draws = rng.standard_normal((3, 2, band32.size), dtype=np.float32)
    out = np.empty((n, 2))
    for ch in (1, 2):
        re = (np.float32(common) * draws[0, 0] + side * draws[ch, 0]) * band32
        im = (np.float32(common) * draws[0, 1] + side * draws[ch, 1]) * band32
        noise = scipy.fft.irfft(re + 1j * im, n)
        out[:, ch - 1] = noise / (np.sqrt(np.mean(noise.astype(np.float64) ** 2)) + 1e-12)
    return out


def slow_curve(rng: np.random.Generator, n: int, rate: float, low: float, high: float) -> F64:
    """A smooth random control curve, zero mean and unit RMS, whose frequencies lie between `low`
    and `high` Hz, each a whole number of cycles over the clip (at least one), so it loops."""
    seconds = n / rate
    m = max(16, min(n, int(np.ceil(seconds * CONTROL_RATE))))
    k_lo = max(1, round(low * seconds))
    k_hi = min(max(k_lo, round(high * seconds)), m // 2 - 1)
    k = np.arange(k_lo, max(k_lo, k_hi) + 1)
    spectrum = np.zeros(m // 2 + 1, complex)
    spectrum[k] = rng.rayleigh(1.0, k.size) * np.exp(1j * rng.uniform(0, 2 * np.pi, k.size))
    curve = np.fft.irfft(spectrum, m)
    curve /= np.sqrt(np.mean(curve**2)) + 1e-12
    return curve if m == n else envelope_at(curve, n)


def add_circular(buffer: F64, event: F64, start: int) -> None:
    """Add `event` into `buffer` at `start` along the first axis, wrapping past the end (the loop
    point); an event longer than the buffer wraps round as many times as it needs."""
    n = buffer.shape[0]
    m = event.shape[0]
    if m == 0 or n == 0:
        return
    if m > n:
        pad = np.zeros(((-m) % n, *event.shape[1:]))
        event = np.concatenate([event, pad]).reshape(-1, n, *event.shape[1:]).sum(axis=0)
        m = n
    start %= n
    first = min(m, n - start)
    buffer[start : start + first] += event[:first]
    if first < m:
        buffer[: m - first] += event[first:]


def pan_gains(pan: float) -> F64:
    """Equal-power gains (left, right) for `pan` from -1 (left) to 1 (right)."""
    angle = (np.clip(pan, -1.0, 1.0) + 1.0) * np.pi / 4
    return np.array([np.cos(angle), np.sin(angle)])


def place(buffer: F64, mono: F64, start: int, pan: float) -> None:
    """Add a mono event to a stereo buffer (n×2) at `start`, panned, wrapping at the loop point.
    Level panning only: no delay between the sides, so the mix still sums cleanly to mono."""
    add_circular(buffer, mono[:, None] * pan_gains(pan)[None, :], start)


def decay(m: int, rate: int, attack: float, release: float) -> F64:
    """An event envelope over `m` samples: a smooth rise over `attack` seconds, then an
    exponential fall with time constant `release` seconds, tapering to zero at the end."""
    t = np.arange(m) / rate
    rise = np.sin(0.5 * np.pi * np.minimum(1.0, t / max(attack, 1e-6))) ** 2
    fall = np.exp(-t / max(release, 1e-6))
    taper = np.minimum(1.0, (m - np.arange(m)) / max(1.0, 0.05 * m))
    return np.asarray(rise * fall * taper)


def envelope_at(curve: F64, n: int) -> F64:
    """Resample a control curve (any length, periodic) to `n` samples."""
    x = np.linspace(0, curve.size, n, endpoint=False)
    return np.interp(x, np.arange(curve.size + 1), np.append(curve, curve[0]))


def ring(rng: np.random.Generator, rate: int, freq: float, tau: float, click: float = 0.5) -> F64:
    """A tiny impact (a drop on a leaf, a spark): a click of noise and a damped ring at `freq`
    Hz dying away with time constant `tau` seconds."""
    m = max(8, int(6 * tau * rate))
    t = np.arange(m) / rate
    tone = np.sin(2 * np.pi * freq * t + rng.uniform(0, 2 * np.pi)) * np.exp(-t / tau)
    return np.asarray(tone + click * rng.standard_normal(m) * np.exp(-t / 0.0003))


def patter(
    rng: np.random.Generator,
    n: int,
    kinds: list[tuple[F64, int, float]],
    spread: float = 1.0,
    density: F64 | None = None,
) -> F64:
    """Many small sounds (n×2), e.g. raindrops or sparks. Each kind is (kernel, count, size):
    `count` impulses at random times (thinned by a `density` curve 0..1 where given), lognormal
    sizes around `size`, each panned at random within `spread` of the centre, all rung through
    that kind's `kernel` by circular convolution (in one pass through the frequency domain)."""
    total = np.zeros((2, n // 2 + 1), complex)
    for kernel, count, size in kinds:
        where = rng.integers(0, n, count)
        sizes = np.minimum(rng.lognormal(0.0, 0.5, count), 3.5) * size
        if density is not None:
            keep = rng.random(count) < density[where]
            where, sizes = where[keep], sizes[keep]
        angle = (rng.uniform(-spread, spread, where.size) + 1.0) * np.pi / 4
        trains = np.stack(
            [
                np.bincount(where, sizes * np.cos(angle), minlength=n),
                np.bincount(where, sizes * np.sin(angle), minlength=n),
            ]
        )
        folded = np.zeros(n)
        add_circular(folded, kernel, 0)
        total += np.fft.rfft(trains, axis=-1) * np.fft.rfft(folded)
    return np.asarray(np.fft.irfft(total, n, axis=-1).T)


def compress(audio: F64, rate: int, amount: float, window: float = 0.05) -> F64:
    """Even out loud and quiet moments (n×2): gain follows the short-term level (a `window` in
    seconds, measured circularly so the loop stays clean) to the power of -`amount` (0.5 halves
    the level differences in dB), within ±12 dB."""
    power = uniform_filter1d(np.mean(audio**2, axis=1), max(1, int(window * rate)), mode="wrap")
    level = np.sqrt(power / (np.mean(power) + 1e-24) + 1e-12)
    gain = np.clip(level ** (-amount), 0.25, 4.0)
    return np.asarray(audio * gain[:, None])
