"""The effect catalogue. Importing this package registers every built-in effect."""

from vivify.effects import clouds, wind, zoom_in
from vivify.effects.base import Effect, FrameFn, RenderContext, Stage, get, register, registry

__all__ = [
    "Effect",
    "FrameFn",
    "RenderContext",
    "Stage",
    "clouds",
    "get",
    "register",
    "registry",
    "wind",
    "zoom_in",
]
