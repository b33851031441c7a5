"""Weather layers: rain on leaves and roofs, and thunder in step with the lightning effect."""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, lfilter

from vivify.curves import lightning_flashes
from vivify.sound.synth import (
    CONTROL_RATE,
    F64,
    add_circular,
    decay,
    envelope_at,
    pan_gains,
    patter,
    place,
    ring,
    slow_curve,
    stereo_noise,
)


def rain(duration: float, seed: int, rate: int) -> F64:
    """Rain: a dense patter of tiny droplet ticks over soft pink noise, with a few larger drips."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 404])
    swell = 1.0 + 0.12 * slow_curve(rng, n, rate, 0.1, 0.5)
    out = 0.3 * stereo_noise(rng, n, rate, 250, 14000, tilt=-0.5, common=0.3) * swell[:, None]
    # Droplets: four kinds of drop, each a Poisson train of impulses rung through its own short
    # resonance, every drop at its own place across the stereo field.
    kinds = []
    for _ in range(4):
        tick = ring(rng, rate, freq=rng.uniform(1800, 7500), tau=rng.uniform(0.0004, 0.002))
        kinds.append((tick, int(rng.poisson(rng.uniform(500, 1000) * duration)), 0.06))
    out += patter(rng, n, kinds, density=swell / swell.max())
    drips = max(1, round(duration * 4))
    for _ in range(drips):
        drip = ring(rng, rate, freq=rng.uniform(900, 3200), tau=rng.uniform(0.004, 0.012))
        place(out, drip * rng.uniform(0.08, 0.2), int(rng.integers(0, n)), rng.uniform(-0.9, 0.9))
    return out


def thunder(duration: float, seed: int, rate: int) -> F64:
    """Thunder: each lightning flash starts a clap (a sharp crack when the strike is strong and
    near, a muffled boom when far) that rolls on into a long low rumble; rumbles that outlast
    the clip carry on from its start."""
    n = round(duration * rate)
    rng = np.random.default_rng([seed, 414])
    low = stereo_noise(rng, n, rate, 35, 180, tilt=-0.6, common=0.55)
    mid = stereo_noise(rng, n, rate, 80, 900, tilt=-0.9, common=0.4)
    # Rumble envelopes are smooth: build them at the control rate, then stretch them to audio.
    seconds = n / rate
    m = max(64, round(seconds * CONTROL_RATE))
    clock = np.arange(m) * seconds / m
    distant = 0.07 * np.clip(1.0 + 0.5 * slow_curve(rng, m, m / seconds, 0.1, 0.4), 0.2, 2.0)
    env_low = np.zeros((m, 2)) + distant[:, None]  # a far-off grumble between strikes
    env_mid = np.zeros((m, 2))
    duck = np.ones(m)
    claps = np.zeros((n, 2))
    for when, strength in lightning_flashes(duration, seed):
        pan = rng.uniform(-0.6, 0.6)
        wide = 0.5 * pan_gains(pan) + 0.5 * pan_gains(0.0)
        # A rumble lasts a few seconds but never laps itself on a short clip.
        length = min(3.0 + 4.0 * strength, 0.9 * seconds)
        t = np.arange(int(length * m / seconds)) * seconds / m
        rolls = np.zeros(t.size)
        for _ in range(int(rng.integers(3, 7))):
            at = min(rng.exponential(0.7), 0.6 * length)
            width = rng.uniform(0.25, 0.8)
            size = rng.uniform(0.3, 1.0) * np.exp(-at / 1.5)
            rolls += size * np.exp(-(((t - at) / width) ** 2))
        build = 1.0 - np.exp(-t / 0.3)  # the clap comes first, the rumble gathers behind it
        fade = min(1.0, 0.3 * length)
        taper = np.sin(0.5 * np.pi * np.clip((length - t) / fade, 0.0, 1.0)) ** 2
        rumble = build * (np.exp(-t / (0.6 + 1.0 * strength)) + 0.7 * rolls) * taper
        shed = np.exp(-t / (0.6 + 0.8 * strength))  # high frequencies fade first
        at_control = round(when / seconds * m)
        add_circular(env_low, rumble[:, None] * wide * strength, at_control)
        add_circular(env_mid, (rumble * shed)[:, None] * wide * strength, at_control)
        clap = _clap(rng, rate, strength) * (0.55 + 0.45 * strength)
        place(claps, clap, round(when * rate), pan)
        # Older rumbles give way around a new clap, so even a faint one is heard on its flash.
        d = (clock - when + seconds / 2) % seconds - seconds / 2
        duck *= 1.0 - 0.6 * np.where(d < 0, np.exp(-((d / 0.12) ** 2)), np.exp(-d / 0.35))
    out = claps
    for ch in range(2):
        out[:, ch] += low[:, ch] * envelope_at(0.3 * env_low[:, ch] * duck, n)
        out[:, ch] += mid[:, ch] * envelope_at(0.25 * env_mid[:, ch] * duck, n)
    return out


def _clap(rng: np.random.Generator, rate: int, strength: float) -> F64:
    """The start of a thunderclap: a sharp tearing crack for a strong (near) strike, a duller
    boom for a weaker (farther) one. Starts at once, so the ear hears it with the flash, and is
    driven into saturation, as a near clap overloads the air and the ear: dense, not peaky."""
    m = int(0.6 * rate)
    t = np.arange(m) / rate
    noise = rng.standard_normal(m)
    near = strength >= 0.75
    cutoff = 9000.0 if near else 700.0 + 1000.0 * strength
    b, a = butter(2, cutoff, btype="low", fs=rate)
    body = lfilter(b, a, noise) * decay(m, rate, 0.002, 0.07 if near else 0.12)
    body /= np.sqrt(np.mean(body[: int(0.05 * rate)] ** 2)) + 1e-12
    if near:
        # the tearing: a few more cracks crowding after the first
        for _ in range(int(rng.integers(3, 7))):
            at = rng.uniform(0.02, 0.25)
            body += rng.uniform(0.3, 0.8) * noise * np.exp(-np.abs(t - at) / 0.008)
    return np.asarray(np.tanh(1.5 * body))
