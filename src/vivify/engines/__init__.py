"""Engines turn Canvas + Scene + Plan into frames."""

from vivify.engines.base import ENGINES, Engine, get_engine

__all__ = ["ENGINES", "Engine", "get_engine"]
