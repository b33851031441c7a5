"""Media storage, at the edge: each draft's files (the photo as uploaded, the clip) under one key
prefix, in a local folder readable by the service's user only. S3-compatible storage can stand
behind the same interface later.

A file appears under its name only once it is complete: it is written beside it, synced and
renamed, so a crash never leaves half a photo where a whole one is expected.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

from vivify.errors import VivifyError

PHOTO = "photo"
CLIP = "clip.mp4"
_ID = re.compile(r"[0-9a-f]{32}")


class TooLarge(VivifyError):
    """An upload longer than its limit; nothing of it was kept."""


class MediaStore:
    """A draft's files in `root/drafts/<draft id>/`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        (self.root / "drafts").mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.root, 0o700)

    def folder(self, draft_id: str) -> Path:
        if not _ID.fullmatch(draft_id):
            raise ValueError("a draft id is 32 hex digits")
        return self.root / "drafts" / draft_id

    def path(self, draft_id: str, name: str) -> Path:
        return self.folder(draft_id) / name

    def write(self, draft_id: str, name: str, chunks: Iterable[bytes], limit: int) -> int:
        """Store the chunks as the draft's file `name`, at most `limit` bytes (else `TooLarge`
        and nothing is kept); returns the size."""
        folder = self.folder(draft_id)
        folder.mkdir(exist_ok=True, mode=0o700)
        final = folder / name
        partial = folder / f".{name}.{os.getpid()}.partial"
        size = 0
        try:
            fd = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(f"The file is larger than {limit // (1024 * 1024)} MB.")
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)
        return size

    def read(self, draft_id: str, name: str) -> bytes:
        return self.path(draft_id, name).read_bytes()

    def delete(self, draft_id: str) -> None:
        """Remove every file of the draft (the photo, the clip and whatever a killed render
        left beside them)."""
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(self.folder(draft_id))

    def sweep(self, known: set[str], older_than: float = 3600.0) -> list[str]:
        """Remove the folders of drafts that have no row (a crash between storing a photo and
        adding its draft), once they are `older_than` seconds old; returns their ids."""
        gone = []
        now = time.time()
        for folder in (self.root / "drafts").iterdir():
            if folder.name in known or not _ID.fullmatch(folder.name):
                continue
            with contextlib.suppress(FileNotFoundError):
                if now - folder.stat().st_mtime >= older_than:
                    shutil.rmtree(folder)
                    gone.append(folder.name)
        return gone
