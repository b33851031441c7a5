"""Engines turn Canvas + Scene + Plan into frames."""

from vivify.engines.base import Engine, get_engine

__all__ = ["Engine", "get_engine"]
