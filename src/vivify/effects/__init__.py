"""The effect catalogue. Importing this package registers every effect module in it.

Each module holds one effect; modules whose names start with an underscore, and `base` and
`fields`, are shared helpers, not effects.
"""

import importlib
import pkgutil
from typing import Any

from vivify.effects.base import Effect, FrameFn, RenderContext, Stage, get, register, registry

_HELPERS = {"base", "fields"}

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _module.name.startswith("_") and _module.name not in _HELPERS:
        importlib.import_module(f"{__name__}.{_module.name}")


def catalogue() -> dict[str, dict[str, Any]]:
    """Every effect by name: its version, stage, summary and parameters (default, range, doc),
    as `vivify effects --json` prints it and the service serves it."""
    return {
        name: {
            "version": cls.version,
            "stage": cls.stage.value,
            "summary": cls.summary,
            "params": cls.parameter_docs(),
        }
        for name, cls in sorted(registry().items())
    }


__all__ = [
    "Effect",
    "FrameFn",
    "RenderContext",
    "Stage",
    "catalogue",
    "get",
    "register",
    "registry",
]
