"""The effect catalogue. Importing this package registers every effect module in it.

Each module holds one effect; modules whose names start with an underscore, and `base` and
`fields`, are shared helpers, not effects.
"""

import importlib
import pkgutil

from vivify.effects.base import Effect, FrameFn, RenderContext, Stage, get, register, registry

_HELPERS = {"base", "fields"}

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _module.name.startswith("_") and _module.name not in _HELPERS:
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["Effect", "FrameFn", "RenderContext", "Stage", "get", "register", "registry"]
