"""Reading a user's file at the edge, bounded: a FIFO, a device or a socket is refused before
it is opened (so nothing hangs and /dev/zero is not read until memory runs out), and a file is
never read past its limit."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from vivify.errors import VivifyError


def read_bounded(
    path: Path,
    limit: int,
    what: str = "",
    error: type[VivifyError] = VivifyError,
    kind: str = "file",
) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them, or `error` with one
    sentence saying why not. `what` names the file in that sentence (default: its path), and
    `kind` what it should be ("a folder, not an image")."""
    where = what or str(path)
    info = regular_file(path, what, error, kind)
    if info.st_size > limit:
        raise error(f"{where} is too large ({_size(info.st_size)}; at most {_size(limit)}).")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise error(f"Can't read {where}: {exc.strerror or exc}.") from None
    if len(data) > limit:  # it grew while being read
        raise error(f"{where} is too large (more than {_size(limit)}).")
    return data


def regular_file(
    path: Path, what: str = "", error: type[VivifyError] = VivifyError, kind: str = "file"
) -> os.stat_result:
    """The status of the regular file at `path`, or `error` with one sentence: it is missing,
    a folder, or a pipe, device or socket (which are never opened)."""
    where = what or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise error(f"{where} does not exist." if what else f"No such file: {where}") from None
    except OSError as exc:
        raise error(f"Can't read {where}: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{where} is a folder, not {'an' if kind[0] in 'aeiou' else 'a'} {kind}.")
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{where} is not a regular file (a pipe, device or socket can't be read).")
    return info


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
