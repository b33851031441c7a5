"""Every sound layer, alone and mixed: stereo, mastered, loop-clean, deterministic, documented,
and sounding like itself: thunder on the lightning, crickets high, rain broadband, waves that
swell."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from vivify.curves import lightning_flashes
from vivify.sound import SAMPLE_RATE, loudness, soundscape, true_peak
from vivify.sound.ambience import GAINS, LAYERS
from vivify.sound.synth import F64
from vivify.sound.water import wave_cycles

ROOT = Path(__file__).resolve().parents[2]
RATE = SAMPLE_RATE
COMBOS: list[tuple[str, ...]] = [
    ("rain", "thunder"),
    ("outdoor", "birds"),
    ("waves", "wind"),
    ("crickets", "lake", "fire"),
    ("cafe", "steam", "magic"),
    ("wind", "rain", "thunder", "outdoor"),
]


@cache
def mastered(names: tuple[str, ...], duration: float = 2.0, seed: int = 1) -> F64:
    return soundscape(list(names), duration, seed)


def energy(audio: F64, hop: float) -> F64:
    """Mean power of both channels in frames of `hop` seconds."""
    h = int(hop * RATE)
    frames = audio.shape[0] // h
    return np.asarray((audio[: frames * h] ** 2).reshape(frames, h, -1).mean(axis=(1, 2)))


def band_share(audio: F64, low: float, high: float) -> float:
    """The fraction of the energy between `low` and `high` Hz."""
    power = (np.abs(np.fft.rfft(audio, axis=0)) ** 2).sum(axis=1)
    freqs = np.fft.rfftfreq(audio.shape[0], 1.0 / RATE)
    return float(power[(freqs >= low) & (freqs < high)].sum() / power.sum())


ALONE: list[tuple[str, ...]] = [(name,) for name in LAYERS]


@pytest.mark.parametrize("names", ALONE + COMBOS, ids="+".join)
def test_mastered_stereo_loud_enough_under_the_ceiling_and_loop_clean(
    names: tuple[str, ...],
) -> None:
    audio = mastered(names)
    assert audio.shape == (2 * RATE, 2)
    assert np.isfinite(audio).all()
    assert abs(loudness(audio, RATE) - (-14.0)) < 1.0
    assert 20 * np.log10(true_peak(audio)) < -1.0
    assert np.corrcoef(audio[:, 0], audio[:, 1])[0, 1] < 0.98
    for ch in range(2):
        steps = np.abs(np.diff(audio[:, ch]))
        assert abs(audio[0, ch] - audio[-1, ch]) <= np.percentile(steps, 99.9)


@pytest.mark.parametrize("name", list(LAYERS))
def test_layers_are_deterministic_and_exactly_as_long_as_the_clip(name: str) -> None:
    duration = 0.7531  # not a whole number of samples
    first = LAYERS[name](duration, 3, RATE)
    assert first.shape == (round(duration * RATE), 2)
    assert np.isfinite(first).all() and np.abs(first).max() > 0
    assert np.array_equal(first, LAYERS[name](duration, 3, RATE))
    assert not np.array_equal(first, LAYERS[name](duration, 4, RATE))


@pytest.mark.parametrize(("names", "duration", "seed"), [
    (("thunder",), 3.0, 0),
    (("thunder",), 6.0, 1),
    (("thunder",), 10.0, 2),
    (("thunder", "rain"), 3.0, 3),
    (("thunder", "rain", "wind"), 6.0, 4),
])  # fmt: skip
def test_thunder_claps_start_on_the_lightning_flashes(
    names: tuple[str, ...], duration: float, seed: int
) -> None:
    hop = 0.01
    power = energy(mastered(names, duration, seed), hop)
    for when, _ in lightning_flashes(duration, seed):
        i = round(when / hop)
        before = power[i - 15 : i - 2].mean()
        loud = np.flatnonzero(power[i - 5 : i + 10] > 4 * before)  # 6 dB over what came before
        assert loud.size, f"no clap at {when:.2f} s"
        onset = (i - 5 + loud[0]) * hop - when
        assert -0.01 <= onset <= 0.05, f"clap at {when:.2f} s starts {onset * 1000:.0f} ms off"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_crickets_sing_between_3_5_and_6_khz(seed: int) -> None:
    assert band_share(mastered(("crickets",), 2.0, seed), 3500, 6000) > 0.8


def test_rain_is_broadband() -> None:
    audio = mastered(("rain",))
    for low, high in ((250, 1000), (1000, 4000), (4000, 16000)):
        assert band_share(audio, low, high) > 0.15, f"rain is thin between {low} and {high} Hz"


@pytest.mark.parametrize(("duration", "cycles"), [(3.0, 1), (13.0, 2)])
def test_waves_swell_once_per_cycle(duration: float, cycles: int) -> None:
    assert wave_cycles(duration) == cycles  # breakers about 8 s apart, whole swells per clip
    level = np.sqrt(energy(LAYERS["waves"](duration, 5, RATE), 0.05))
    spectrum = np.abs(np.fft.rfft(level - level.mean()))
    assert int(np.argmax(spectrum[1:])) + 1 == cycles
    smooth = np.convolve(np.tile(level, 3), np.ones(5) / 5, mode="same")[
        level.size : 2 * level.size
    ]
    assert 20 * np.log10(smooth.max() / smooth.min()) > 8.0


def test_every_layer_has_a_gain_a_docstring_and_a_stable_name() -> None:
    assert set(GAINS) == set(LAYERS)
    for name, layer in LAYERS.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name)
        assert layer.__doc__ and layer.__doc__.strip()
        assert GAINS[name] > 0


def test_every_layer_is_documented_in_the_plan_format() -> None:
    text = (ROOT / "docs" / "plan.md").read_text()
    assert "\n## Sound layers\n" in text, "docs/plan.md lacks a '## Sound layers' section"
    section = text.split("\n## Sound layers\n", 1)[1].split("\n## ", 1)[0]
    for name in LAYERS:
        assert re.search(rf"^- `{name}`: \S", section, re.MULTILINE), f"`{name}` is not documented"
