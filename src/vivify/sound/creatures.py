"""Creature layers: daytime birdsong and night crickets, each animal a point in the stereo field."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.signal import lfilter

from vivify.sound.synth import F64, place, stereo_noise

Song = Callable[[np.random.Generator, int], F64]


def birds(duration: float, seed: int, rate: int) -> F64:
    """Birdsong: a few birds around the listener, each repeating its own chirps, trill, whistle,
    warble or call, with a faint echo off the trees."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 505])
    out = 0.04 * stereo_noise(rng, n, rate, 150, 4000, tilt=-0.8, common=0.4)
    songs: tuple[Song, ...] = (_bird_phrase, _trill, _whistle, _warble, _call)
    kinds = rng.permutation(len(songs))
    singers = int(rng.integers(3, 6))
    for i in range(singers):
        song = songs[int(kinds[i % len(songs)])]
        voice = int(rng.integers(0, 2**31))
        pan = rng.uniform(-0.9, 0.9)
        near = rng.uniform(0.35, 1.0)
        every = rng.uniform(1.3, 3.5)
        times = max(1, round(duration / every))
        first = rng.uniform(0.0, 1.0)
        smooth = 0.25 + 0.7 * near  # far birds lose their highs: a one-pole low-pass
        for j in range(times):
            # the bird alternates between two versions of its song
            motif = song(np.random.default_rng([voice, j % 2]), rate)
            if near < 0.7:
                motif = lfilter([smooth], [1.0, smooth - 1.0], motif)
            motif = motif * near * rng.uniform(0.8, 1.1)
            start = round((first + j + rng.uniform(-0.25, 0.25)) * duration / times * rate)
            place(out, motif, start, pan)
            echo = start + round(rng.uniform(0.015, 0.035) * rate)
            place(out, 0.2 * motif, echo, -0.6 * pan)
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


def _notes(t: F64, per_second: float, duty: float) -> tuple[F64, F64]:
    """For a train of notes: where each sample is within its note (0..1) and a soft gate that is
    sin²-shaped over the first `duty` of each note period and silent after."""
    x = t * per_second
    within = np.minimum((x - np.floor(x)) / duty, 1.0)
    return within, np.sin(np.pi * within) ** 2


def _trill(rng: np.random.Generator, rate: int) -> F64:
    """A trill: a quick run of falling notes that swells and fades."""
    per_second = rng.uniform(12, 26)
    notes = int(rng.integers(8, 22))
    total = notes / per_second
    t = np.arange(int(total * rate)) / rate
    within, gate = _notes(t, per_second, 0.6)
    high = rng.uniform(4200, 6500)
    drop = rng.uniform(0.2, 0.45)
    drift = rng.uniform(-0.15, 0.1)
    freq = high * (1.0 - drop * within) * (1.0 + drift * t / total)
    phase = 2 * np.pi * np.cumsum(freq) / rate
    swell = np.sin(np.pi * t / total) ** 0.5
    return np.asarray(np.sin(phase) * gate * swell * 0.8)


def _whistle(rng: np.random.Generator, rate: int) -> F64:
    """A whistled call: two or three clear held notes that glide, with a little vibrato."""
    notes = int(rng.integers(2, 4))
    pitch = rng.uniform(2200, 3600)
    parts = []
    for _ in range(notes):
        length = rng.uniform(0.18, 0.4)
        t = np.arange(int(length * rate)) / rate
        glide = rng.uniform(-0.12, 0.12)
        vibrato = 0.015 * np.sin(2 * np.pi * rng.uniform(5, 8) * t)
        freq = pitch * (1.0 + glide * t / length + vibrato)
        phase = 2 * np.pi * np.cumsum(freq) / rate
        ramp = np.minimum(1.0, np.minimum(t / 0.03, (length - t) / 0.05))
        env = np.sin(0.5 * np.pi * np.clip(ramp, 0.0, 1.0)) ** 2
        parts.append((np.sin(phase) + 0.15 * np.sin(2 * phase)) * env * 0.7)
        parts.append(np.zeros(int(rng.uniform(0.05, 0.15) * rate)))
        pitch *= rng.uniform(0.8, 1.25)
    return np.concatenate(parts)


def _warble(rng: np.random.Generator, rate: int) -> F64:
    """A warbling song: a rapidly wandering pitch broken into syllables."""
    length = rng.uniform(0.7, 1.6)
    t = np.arange(int(length * rate)) / rate
    wander = sum(
        np.sin(2 * np.pi * rng.uniform(6, 14) * t + rng.uniform(0, 2 * np.pi)) for _ in range(3)
    )
    freq = rng.uniform(2500, 4000) + 250 * wander
    phase = 2 * np.pi * np.cumsum(freq) / rate
    syllables = np.clip(1.5 * np.sin(2 * np.pi * rng.uniform(7, 12) * t) + 0.5, 0.0, 1.0) ** 2
    ends = np.minimum(1.0, np.minimum(t / 0.04, (length - t) / 0.08))
    return np.asarray((np.sin(phase) + 0.2 * np.sin(2 * phase)) * syllables * ends * 0.6)


def _call(rng: np.random.Generator, rate: int) -> F64:
    """A short call: one to three sharp 'tsip' notes sweeping steeply down."""
    notes = int(rng.integers(1, 4))
    length = rng.uniform(0.025, 0.045)
    gap = rng.uniform(0.12, 0.3)
    high, low = rng.uniform(6000, 8000), rng.uniform(3000, 4200)
    t = np.arange(int(length * rate)) / rate
    freq = high + (low - high) * t / length
    note = np.sin(2 * np.pi * np.cumsum(freq) / rate) * np.sin(np.pi * t / length) ** 2
    silence = np.zeros(int(gap * rate))
    return np.concatenate([np.concatenate([note, silence]) for _ in range(notes)])


def crickets(duration: float, seed: int, rate: int) -> F64:
    """Night crickets: several crickets around the listener chirping 4–5 kHz pulse trains, each
    at its own pitch and steady rhythm (one sometimes holding a long trill)."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 606])
    out = 0.012 * stereo_noise(rng, n, rate, 80, 1500, tilt=-1.0, common=0.4)
    count = int(rng.integers(3, 6))
    spots = rng.permutation(np.linspace(-0.85, 0.85, count)) + rng.uniform(-0.1, 0.1, count)
    for i in range(count):
        carrier = rng.uniform(3900, 5100)
        if i == count - 1 and rng.random() < 0.5:
            pulses, per_second, period = int(rng.integers(15, 40)), rng.uniform(45, 65), 2.0
        else:
            pulses, per_second, period = int(rng.integers(3, 6)), rng.uniform(25, 40), 0.6
        period *= rng.uniform(0.6, 1.4)
        chirps = max(1, round(duration / period))
        period = duration / chirps  # whole chirp cycles: the rhythm carries across the loop
        chirp = _chirp(rng, rate, carrier, pulses, per_second) * rng.uniform(0.3, 1.0)
        pan = float(spots[i])
        first = rng.uniform(0.0, period)
        for j in range(chirps):
            at = first + j * period + rng.normal(0.0, 0.01 * period)
            start = round(at * rate)
            place(out, chirp * rng.uniform(0.85, 1.0), start, pan)
            echo = start + round(rng.uniform(0.01, 0.03) * rate)
            place(out, 0.15 * chirp, echo, -0.6 * pan)
    return out


def _chirp(
    rng: np.random.Generator, rate: int, carrier: float, pulses: int, per_second: float
) -> F64:
    """One cricket chirp: `pulses` short tone pulses at `carrier` Hz, each dipping slightly in
    pitch as the wing closes."""
    t = np.arange(int(pulses / per_second * rate)) / rate
    within, gate = _notes(t, per_second, 0.55)
    freq = carrier * (1.0 - 0.025 * within)
    phase = 2 * np.pi * np.cumsum(freq) / rate + rng.uniform(0, 2 * np.pi)
    grow = 0.7 + 0.3 * np.minimum(1.0, t * per_second / 2.0)
    return np.asarray((np.sin(phase) + 0.06 * np.sin(2 * phase)) * gate * grow)
