"""The contract every registered effect keeps, on tiny synthetic inputs."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.conftest import gradient_rgb
from vivify.effects import registry
from vivify.effects.base import Effect, RenderContext, Stage, param, register
from vivify.errors import PlanError
from vivify.scene import analyse

RGB_SMALL = gradient_rgb(96, 64)
SCENE = analyse(RGB_SMALL)
NAMES = sorted(registry())


def _ctx(seed: int = 1, duration: float = 1.0) -> RenderContext:
    return RenderContext(96, 64, 10, duration, seed, SCENE, RGB_SMALL)


def _render(effect: Effect, seed: int = 1) -> list[np.ndarray]:
    ctx = _ctx(seed)
    fn = effect.prepare(ctx)
    return [fn(RGB_SMALL, i / ctx.fps) for i in range(ctx.frame_count)]


def test_the_skeleton_effects_are_registered() -> None:
    assert {"clouds", "wind", "zoom_in"} <= set(NAMES)


def _diff(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a.astype(int) - b.astype(int)).max(axis=2)


@pytest.mark.parametrize("name", NAMES)
def test_effect_is_deterministic_sized_and_starts_at_the_photo(name: str) -> None:
    cls = registry()[name]
    effect = cls.from_params({"cover": 0.0} if name == "clouds" else {})
    first, again = _render(effect), _render(effect)
    assert len(first) == 10
    for a, b in zip(first, again, strict=True):
        assert a.shape == RGB_SMALL.shape and a.dtype == np.uint8
        assert np.array_equal(a, b)
    if cls.overlay:  # particles may already be there; the rest of frame 0 is the photo
        assert (_diff(first[0], RGB_SMALL) <= 1).mean() >= 0.75
    else:
        assert _diff(first[0], RGB_SMALL).max() <= 1
    # Never frozen: when the scene has what the effect needs, something changes during the clip.
    if _scene_has(cls.needs):
        assert any(_diff(first[0], f).max() > 0 for f in first[1:])


def _scene_has(needs: tuple[str, ...]) -> bool:
    if not needs:
        return True
    return any(bool(SCENE.faces) if n == "faces" else SCENE.coverage(n) >= 0.01 for n in needs)


@pytest.mark.parametrize("name", NAMES)
def test_periodic_effects_loop_and_transitions_settle(name: str) -> None:
    cls = registry()[name]
    ctx = _ctx()
    fn = cls().prepare(ctx)
    if cls.loops:  # the frame after the last is the first again
        wrapped = fn(RGB_SMALL, ctx.duration)
        assert np.abs(wrapped.astype(float) - fn(RGB_SMALL, 0.0).astype(float)).mean() <= 0.5
    else:  # a transition has arrived by its last frame: the last two frames barely differ
        last = ctx.duration - 1 / ctx.fps
        end = np.abs(fn(RGB_SMALL, last).astype(float) - fn(RGB_SMALL, last - 0.5 / ctx.fps))
        middle = np.abs(fn(RGB_SMALL, 0.5).astype(float) - fn(RGB_SMALL, 0.5 - 0.5 / ctx.fps))
        assert end.mean() <= middle.mean() + 0.05


@pytest.mark.parametrize("name", NAMES)
def test_effect_does_not_modify_its_input(name: str) -> None:
    frame = RGB_SMALL.copy()
    registry()[name]().prepare(_ctx())(frame, 0.5)
    assert np.array_equal(frame, RGB_SMALL)


@pytest.mark.parametrize("name", NAMES)
def test_effect_metadata_and_parameter_docs(name: str) -> None:
    cls = registry()[name]
    assert cls.summary and cls.version.count(".") == 2
    assert isinstance(cls.stage, Stage)
    for pname, doc in cls.parameter_docs().items():
        assert doc["doc"], f"{name}.{pname} is undocumented"
        lo, hi = doc["min"], doc["max"]
        assert lo <= doc["default"] <= hi


def test_parameters_are_validated_with_the_field_and_reason() -> None:
    wind = registry()["wind"]
    with pytest.raises(PlanError, match=r"wind\.strength: 99.0 is outside"):
        wind.from_params({"strength": 99})
    with pytest.raises(PlanError, match="unknown parameter 'gale'"):
        wind.from_params({"gale": 1})
    with pytest.raises(PlanError, match=r"wind\.strength: expected float"):
        wind.from_params({"strength": "lots"})


def test_registration_checks_the_contract() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoVersion(Effect):
        name = "no_version_effect"
        summary = "x"

        def prepare(self, ctx: RenderContext):  # type: ignore[no-untyped-def]
            return lambda f, t: f

    with pytest.raises(TypeError, match="version"):
        register(NoVersion)

    @dataclasses.dataclass(frozen=True)
    class Undocumented(Effect):
        name = "undocumented_effect"
        version = "1.0.0"
        summary = "x"
        amount: float = 1.0

        def prepare(self, ctx: RenderContext):  # type: ignore[no-untyped-def]
            return lambda f, t: f

    with pytest.raises(TypeError, match="doc"):
        register(Undocumented)

    @dataclasses.dataclass(frozen=True)
    class Fine(Effect):
        name = "wind"  # taken
        version = "1.0.0"
        summary = "x"
        amount: float = param(1.0, 0.0, 2.0, "how much")

        def prepare(self, ctx: RenderContext):  # type: ignore[no-untyped-def]
            return lambda f, t: f

    with pytest.raises(TypeError, match="twice"):
        register(Fine)
