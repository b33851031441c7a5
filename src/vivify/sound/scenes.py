"""Scene layers: a crackling fire, a cafe's murmur, a soft hiss of steam and a magic shimmer."""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, lfilter

from vivify.sound.synth import (
    F64,
    compress,
    decay,
    pan_gains,
    patter,
    place,
    ring,
    slow_curve,
    stereo_noise,
)


def fire(duration: float, seed: int, rate: int) -> F64:
    """Fire: a low flickering roar of flames, bursts of fine crackle and the odd loud pop."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 707])
    flicker = np.clip(1.0 + 0.25 * slow_curve(rng, n, rate, 0.3, 2.0), 0.4, 1.6)
    breath = np.clip(1.0 + 0.4 * slow_curve(rng, n, rate, 2.0, 7.0), 0.2, 2.0)
    out = 0.2 * stereo_noise(rng, n, rate, 30, 350, tilt=-1.0, common=0.6) * flicker[:, None]
    flames = stereo_noise(rng, n, rate, 200, 1800, tilt=-0.8, common=0.4)
    out += 0.1 * flames * (flicker * breath)[:, None]
    out += 0.025 * stereo_noise(rng, n, rate, 2500, 11000, tilt=-0.3, common=0.3)
    # Crackle comes in bursts: a slow curve sets how busy it is.
    busy = np.exp(0.8 * slow_curve(rng, n, rate, 0.2, 1.5))
    busy /= busy.max()
    kinds = []
    for per_second, freq, tau, size in ((120, 4500, 0.0004, 0.35), (30, 2200, 0.0012, 0.4)):
        spark = ring(rng, rate, freq * rng.uniform(0.7, 1.4), tau, click=1.0)
        kinds.append((spark, int(rng.poisson(per_second * duration)), size))
    crackle = patter(rng, n, kinds, spread=0.4, density=busy)
    pops = int(rng.poisson(1.2 * duration)) + 1
    for _ in range(pops):
        pan = float(np.clip(rng.normal(0.0, 0.35), -0.8, 0.8))
        place(crackle, _pop(rng, rate) * rng.uniform(0.25, 0.6), int(rng.integers(0, n)), pan)
    # Round off the sharpest snaps here (they only get brighter), so that mastering need not
    # duck the roar under every spark.
    return out + 0.5 * np.tanh(crackle / 0.5)


def _pop(rng: np.random.Generator, rate: int) -> F64:
    """A knot bursting in the fire: a sharp snap, a short woody knock and a puff of hiss."""
    m = int(0.15 * rate)
    t = np.arange(m) / rate
    snap = rng.standard_normal(m) * np.exp(-t / 0.0006)
    knock = sum(
        np.sin(2 * np.pi * rng.uniform(500, 2200) * t) * np.exp(-t / rng.uniform(0.004, 0.012))
        for _ in range(2)
    )
    b, a = butter(2, [2000, 6000], btype="band", fs=rate)
    puff = lfilter(b, a, rng.standard_normal(m)) * decay(m, rate, 0.003, rng.uniform(0.015, 0.04))
    return np.asarray(snap + 0.5 * knock + 0.8 * puff)


def _formants(freqs: F64, rng: np.random.Generator, scale: float) -> F64:
    """A vowel-like filter: three resonances (formants) over a speech-like slope, muffled above
    ~3 kHz as voices across a room are."""
    shape = np.zeros_like(freqs)
    for lo, hi, width, gain in ((300, 850, 90, 1.0), (900, 2300, 130, 0.6), (2300, 3100, 180, 0.3)):
        centre = rng.uniform(lo, hi) * scale
        shape += gain / np.sqrt(1.0 + ((freqs - centre) / width) ** 2)
    shape *= np.sqrt(np.maximum(freqs, 500.0) / 500.0)  # lift the consonant range a little
    shape /= np.sqrt(1.0 + (120.0 / np.maximum(freqs, 1.0)) ** 4)
    shape /= np.sqrt(1.0 + (freqs / 3200.0) ** 4)
    return shape


def cafe(duration: float, seed: int, rate: int) -> F64:
    """Cafe: the murmur of conversations in a room (a few nearer voices over the babble of the
    rest), with now and then the clink of a cup or a spoon."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 808])
    freqs = np.fft.rfftfreq(n, 1.0 / rate)
    talk = np.zeros((n, 2))
    for _ in range(3):
        # A voice: a buzz at a wandering pitch (whole cycles over the clip, so it loops) and some
        # breath, cut into syllables and turns, through two vowel filters it moves between.
        scale = rng.uniform(0.9, 1.2)
        pitch = rng.uniform(95, 230) * (1.0 + 0.12 * slow_curve(rng, n, rate, 0.5, 4.0))
        pitch *= max(1, round(pitch.sum() / rate)) * rate / pitch.sum()
        buzz = np.exp(12.0 * (np.cos(2 * np.pi * np.cumsum(pitch) / rate) - 1.0))
        source = buzz - buzz.mean() + 0.15 * rng.standard_normal(n)
        syllables = np.clip(0.6 * slow_curve(rng, n, rate, 2.5, 7.0) + 0.5, 0.0, None)
        turns = 1.0 / (1.0 + np.exp(-3.0 * slow_curve(rng, n, rate, 0.04, 0.3)))
        spectrum = np.fft.rfft(source * syllables * turns)
        vowel = np.clip(0.5 + 0.5 * slow_curve(rng, n, rate, 2.0, 6.0), 0.0, 1.0)
        first = np.fft.irfft(spectrum * _formants(freqs, rng, scale), n)
        second = np.fft.irfft(spectrum * _formants(freqs, rng, scale), n)
        voice = first * vowel + second * (1.0 - vowel)
        voice *= rng.uniform(0.5, 1.0) / (np.sqrt(np.mean(voice**2)) + 1e-12)
        talk += voice[:, None] * pan_gains(rng.uniform(-0.8, 0.8))[None, :]
    # Everyone further off: speech-shaped noise that rises and falls with their syllables.
    babble = stereo_noise(
        rng, n, rate, 150, 4000, tilt=-0.6, common=0.3, shape=_formants(freqs, rng, 1.05)
    )
    for ch in range(2):
        babble[:, ch] *= 1.0 + 0.3 * slow_curve(rng, n, rate, 3.0, 7.0)
    talk = compress(talk, rate, 0.5) + 0.9 * babble
    clinks = int(rng.poisson(duration / 1.8)) + 1
    for _ in range(clinks):
        place(talk, _clink(rng, rate), int(rng.integers(0, n)), rng.uniform(-0.8, 0.8))
    out = 0.08 * stereo_noise(rng, n, rate, 50, 400, tilt=-1.0, common=0.5)
    out += 0.6 * talk + 0.5 * _room(rng, rate, talk)
    return out


def _room(rng: np.random.Generator, rate: int, dry: F64) -> F64:
    """A short diffuse room tail, different on each side: decaying noise as impulse response,
    applied circularly so the tail of the end rings into the start."""
    n = dry.shape[0]
    m = min(n, int(0.4 * rate))
    spectrum = np.fft.rfft(dry.mean(axis=1))
    wet = np.empty_like(dry)
    for ch in range(2):
        response = rng.standard_normal(m) * decay(m, rate, 0.005, 0.08)
        response /= np.sqrt(np.sum(response**2))
        wet[:, ch] = np.fft.irfft(spectrum * np.fft.rfft(response, n), n)
    return wet


def _clink(rng: np.random.Generator, rate: int) -> F64:
    """A cup set down or a spoon stirring: inharmonic ringing partials of china, struck once or
    tapped a few times in quick succession."""
    m = int(0.5 * rate)
    t = np.arange(m) / rate
    base = rng.uniform(1800, 3400)
    tone = np.zeros(m)
    for ratio, level in ((1.0, 1.0), (2.32, 0.6), (4.25, 0.35), (6.63, 0.2)):
        if base * ratio > 16000:
            break
        life = rng.uniform(0.06, 0.3) / ratio**0.5
        tone += level * np.sin(2 * np.pi * base * ratio * t) * np.exp(-t / life)
    tone *= decay(m, rate, 0.0005, 1.0)
    taps = 1 if rng.random() < 0.6 else int(rng.integers(3, 6))
    gap = int(rng.uniform(0.1, 0.18) * rate)
    out = np.zeros(m + gap * (taps - 1))
    for i in range(taps):
        out[i * gap : i * gap + m] += tone * rng.uniform(0.4, 1.0)
    return out * rng.uniform(0.15, 0.35)


def steam(duration: float, seed: int, rate: int) -> F64:
    """Steam: a soft, slowly breathing hiss with a faint simmer under it."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 909])
    breath = np.clip(1.0 + 0.25 * slow_curve(rng, n, rate, 0.1, 0.8), 0.3, 1.6)
    flutter = 1.0 + 0.08 * slow_curve(rng, n, rate, 5.0, 15.0)
    out = 0.4 * stereo_noise(rng, n, rate, 1800, 12000, tilt=-0.2, common=0.5)
    out += 0.12 * stereo_noise(rng, n, rate, 300, 2000, tilt=-0.7, common=0.5)
    out *= (breath * flutter)[:, None]
    bubbles = max(1, round(duration * 3))
    for _ in range(bubbles):
        m = int(0.06 * rate)
        t = np.arange(m) / rate
        freq = rng.uniform(500, 1400) * (1.0 + rng.uniform(0.5, 1.5) * t / 0.06)
        blip = np.sin(2 * np.pi * np.cumsum(freq) / rate) * decay(m, rate, 0.001, 0.01)
        place(out, 0.05 * blip, int(rng.integers(0, n)), rng.uniform(-0.5, 0.5))
    return out


def magic(duration: float, seed: int, rate: int) -> F64:
    """Magic sparkle: soft bell-like chimes on a pentatonic scale, little rising runs and a
    faint shimmering pad."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 1001])
    x = np.arange(n) / n  # 0..1 over the clip
    root = rng.uniform(520, 700)
    scale = root * 2.0 ** (np.array([0, 2, 4, 7, 9, 12, 14, 16, 19, 21, 24]) / 12)
    out = 0.01 * stereo_noise(rng, n, rate, 6000, 14000, tilt=0.0, common=0.2)
    # The pad: a few partials, each a whole number of cycles over the clip (so it loops), a
    # cycle apart between the sides so they beat slowly against each other.
    for partial, level in ((2.0, 0.05), (3.0, 0.035), (4.0, 0.025)):
        cycles = round(root * partial * n / rate)
        tremolo = 1.0 + 0.3 * slow_curve(rng, n, rate, 0.3, 1.5)
        for ch in range(2):
            phase = 2 * np.pi * (cycles + ch) * x + rng.uniform(0, 2 * np.pi)
            out[:, ch] += level * np.sin(phase) * tremolo
    sparkles = max(2, round(duration * 3))
    for _ in range(sparkles):
        chime = _chime(rng, rate, float(rng.choice(scale)))
        place(out, chime * rng.uniform(0.08, 0.22), int(rng.integers(0, n)), rng.uniform(-1, 1))
    runs = max(1, round(duration / 4))
    for _ in range(runs):
        start = int(rng.integers(0, n))
        first = int(rng.integers(0, 5))
        pan = rng.uniform(-0.8, 0.8)
        step = rng.uniform(0.06, 0.09)
        for i in range(int(rng.integers(4, 7))):
            note = float(scale[min(first + i, scale.size - 1)])
            place(out, _chime(rng, rate, note) * 0.12, start + round(i * step * rate), pan)
            pan = float(np.clip(pan + rng.uniform(-0.2, 0.2), -1, 1))
    return out


def _chime(rng: np.random.Generator, rate: int, freq: float) -> F64:
    """A small bell: a pure tone with a couple of quickly fading bell-like overtones, a soft
    strike and a long ring."""
    life = rng.uniform(0.3, 1.0)
    m = int(min(2.5, 3.5 * life) * rate)
    t = np.arange(m) / rate
    tone = np.sin(2 * np.pi * freq * t) * np.exp(-t / life)
    for ratio, level, fade in ((2.76, 0.3, 0.12), (5.4, 0.15, 0.05)):
        k = min(m, int(7 * fade * rate))
        tone[:k] += level * np.sin(2 * np.pi * freq * ratio * t[:k]) * np.exp(-t[:k] / fade)
    strike = int(0.004 * rate)
    tone[:strike] *= np.sin(0.5 * np.pi * np.arange(strike) / strike) ** 2
    tail = max(1, m // 10)
    tone[-tail:] *= np.linspace(1.0, 0.0, tail)
    return tone
