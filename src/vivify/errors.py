"""Errors a user can act on: each is one plain sentence that the edges print, never a traceback."""


class VivifyError(Exception):
    """Base for every error that is the input's fault, not ours."""

    exit_code = 1


class PhotoError(VivifyError):
    """The photo can't be used (empty, not an image, truncated, unsupported, too large)."""


class PlanError(VivifyError):
    """A plan (written by hand or from a prompt) is invalid."""


class OutputError(VivifyError):
    """The clip can't be written where it was asked to go."""
