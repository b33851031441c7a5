"""The soundscape: loudness, true peak, length, stereo, loop-clean, deterministic."""

from __future__ import annotations

import numpy as np
import pytest

from vivify.sound import SAMPLE_RATE, loudness, soundscape, true_peak


@pytest.mark.parametrize("names", [["wind", "outdoor"], ["outdoor"], ["wind"]])
def test_loudness_peak_and_length(names: list[str]) -> None:
    audio = soundscape(names, 3.0, seed=1)
    assert audio.shape == (3 * SAMPLE_RATE, 2)
    assert abs(loudness(audio, SAMPLE_RATE) - (-14.0)) < 1.0
    assert 20 * np.log10(true_peak(audio)) < -1.0


def test_stereo_channels_differ() -> None:
    audio = soundscape(["wind", "outdoor"], 2.0, seed=1)
    corr = np.corrcoef(audio[:, 0], audio[:, 1])[0, 1]
    assert 0.2 < corr < 0.98


def test_loop_point_is_clean() -> None:
    audio = soundscape(["wind", "outdoor"], 2.0, seed=1)[:, 0]
    steps = np.abs(np.diff(audio))
    seam = abs(audio[0] - audio[-1])
    assert seam <= np.percentile(steps, 99.9)


def test_same_seed_same_sound_and_wind_is_louder_in_gusts() -> None:
    a, b = soundscape(["wind"], 2.0, seed=4), soundscape(["wind"], 2.0, seed=4)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, soundscape(["wind"], 2.0, seed=5))


def test_very_short_clips_work() -> None:
    audio = soundscape(["outdoor"], 0.3, seed=0)
    assert audio.shape == (int(0.3 * SAMPLE_RATE), 2)
    assert np.isfinite(audio).all()
