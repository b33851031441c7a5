"""Media storage, at the edge: each draft's files (the photo as uploaded, its preview, the clip
and the clip's summary) under one key prefix `drafts/<draft id>/`.

Two stores stand behind one interface, `MediaStore`:

- `LocalMediaStore` (the default): a folder readable by the service's user only. A file appears
  under its name only once it is complete: it is written beside it, synced and renamed, so a
  crash never leaves half a photo where a whole one is expected.
- `S3MediaStore`: a bucket in any S3-compatible object store (AWS S3, MinIO, Ceph, Garage...),
  chosen with `media_url = "s3://bucket/prefix"`. An object appears only when its upload is
  complete (a PUT or a completed multipart upload is atomic), so the same holds. Files are
  served through short-lived signed URLs, which carry range requests to the store itself.

A clip is rendered in a local workspace (`workspace`) and handed to the store (`deliver`) before
its manifest row is kept for good: for the local store that folder is the draft's own, and
delivering is a no-op.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from vivify.errors import VivifyError

PHOTO = "photo"
CLIP = "clip.mp4"
_ID = re.compile(r"[0-9a-f]{32}")
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
LINK_LIFETIME = 300  # seconds a signed URL to a file stays valid


class TooLarge(VivifyError):
    """An upload longer than its limit; nothing of it was kept."""


class MediaUnavailable(VivifyError):
    """The media store could not be reached or refused a request; nothing was changed."""


def _check(draft_id: str, name: str | None = None) -> None:
    if not _ID.fullmatch(draft_id):
        raise ValueError("a draft id is 32 hex digits")
    if name is not None and not _NAME.fullmatch(name):
        raise ValueError(f"not a media file name: {name!r}")


class MediaStore(ABC):
    """Where the drafts' files live. Every method takes a draft id (32 hex digits) and a file
    name (`photo`, `clip.mp4`...)."""

    @abstractmethod
    def write(self, draft_id: str, name: str, chunks: Iterable[bytes], limit: int) -> int:
        """Store the chunks as the draft's file `name`, at most `limit` bytes (else `TooLarge`
        and nothing is kept); returns the size. It replaces an earlier file only once whole."""

    @abstractmethod
    def read(self, draft_id: str, name: str) -> bytes:
        """The file's bytes; `FileNotFoundError` when there is none."""

    @abstractmethod
    def exists(self, draft_id: str, name: str) -> bool: ...

    @abstractmethod
    def remove(self, draft_id: str, name: str) -> None:
        """Remove one file of the draft, if it is there."""

    @abstractmethod
    def delete(self, draft_id: str) -> None:
        """Remove every file of the draft (and whatever a killed render left beside them)."""

    @abstractmethod
    def sweep(self, known: set[str], older_than: float = 3600.0) -> list[str]:
        """Remove the files of drafts that have no row (a crash between storing a photo and
        adding its draft), once they are `older_than` seconds old; returns their ids."""

    @abstractmethod
    def workspace(self, draft_id: str) -> Path:
        """A local folder to render the draft's clip in, made if missing."""

    @abstractmethod
    def deliver(self, draft_id: str, name: str, path: Path) -> None:
        """Keep the finished local file `path` as the draft's file `name`."""

    @abstractmethod
    def clear_workspace(self, draft_id: str) -> None:
        """Forget what a render left in its workspace."""

    @abstractmethod
    def sweep_workspaces(self, older_than: float = 3600.0) -> None:
        """Remove the workspaces on this machine that a killed render left."""

    @abstractmethod
    @contextlib.contextmanager
    def local(self, draft_id: str, name: str) -> Iterator[Path]:
        """The file as a local path for as long as the block runs (the stored file itself, or a
        private temporary copy); `FileNotFoundError` when there is none."""

    @abstractmethod
    def target(self, draft_id: str, name: str, media_type: str) -> Path | str:
        """How to serve the file: a local path, or a signed URL valid for `LINK_LIFETIME`
        seconds that the client fetches (with range requests) from the store itself."""

    def origin(self) -> str | None:
        """The origin signed URLs point at, for the pages' Content-Security-Policy."""
        return None

    def sha256(self, draft_id: str, name: str) -> str:
        digest = hashlib.sha256()
        with self.local(draft_id, name) as path, path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()


class LocalMediaStore(MediaStore):
    """A draft's files in `root/drafts/<draft id>/`."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        (self.root / "drafts").mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.root, 0o700)

    def folder(self, draft_id: str) -> Path:
        _check(draft_id)
        return self.root / "drafts" / draft_id

    def path(self, draft_id: str, name: str) -> Path:
        _check(draft_id, name)
        return self.folder(draft_id) / name

    def write(self, draft_id: str, name: str, chunks: Iterable[bytes], limit: int) -> int:
        final = self.path(draft_id, name)
        final.parent.mkdir(exist_ok=True, mode=0o700)
        partial = final.with_name(f".{name}.{os.getpid()}.partial")
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

    def exists(self, draft_id: str, name: str) -> bool:
        return self.path(draft_id, name).is_file()

    def remove(self, draft_id: str, name: str) -> None:
        self.path(draft_id, name).unlink(missing_ok=True)

    def delete(self, draft_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(self.folder(draft_id))

    def sweep(self, known: set[str], older_than: float = 3600.0) -> list[str]:
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

    def workspace(self, draft_id: str) -> Path:
        folder = self.folder(draft_id)
        folder.mkdir(exist_ok=True, mode=0o700)
        return folder

    def clear_workspace(self, draft_id: str) -> None:
        """Nothing: the workspace is the draft's folder, and its clip stays in it."""

    def sweep_workspaces(self, older_than: float = 3600.0) -> None:
        """Nothing: renders happen in the drafts' folders, which `sweep` looks after."""

    def deliver(self, draft_id: str, name: str, path: Path) -> None:
        final = self.path(draft_id, name)
        if Path(path) != final:
            os.replace(path, final)

    @contextlib.contextmanager
    def local(self, draft_id: str, name: str) -> Iterator[Path]:
        path = self.path(draft_id, name)
        if not path.is_file():
            raise FileNotFoundError(path)
        yield path

    def target(self, draft_id: str, name: str, media_type: str) -> Path | str:
        return self.path(draft_id, name)


class S3MediaStore(MediaStore):
    """A draft's files as objects `<prefix>drafts/<draft id>/<name>` in an S3 bucket.

    `client` is a boto3 S3 client for the store as this machine reaches it; `signer` signs the
    URLs handed to browsers (a client for the store's public address, when that differs).
    Renders happen in `scratch/<draft id>/` on this machine."""

    def __init__(self, client: Any, bucket: str, prefix: str, scratch: Path, signer: Any = None):
        self.client = client
        self.signer = signer or client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.scratch = Path(scratch)
        self.scratch.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.scratch, 0o700)

    def key(self, draft_id: str, name: str | None = None) -> str:
        _check(draft_id, name)
        return f"{self.prefix}drafts/{draft_id}/{name or ''}"

    def _call(self, what: str, fn: Any, *args: Any, **kw: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return fn(*args, **kw)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in ("NoSuchKey", "404", "NotFound"):
                raise FileNotFoundError(what) from None
            raise MediaUnavailable(
                f"The media store refused to {what} ({code or 'an error'})."
            ) from None
        except BotoCoreError as exc:
            raise MediaUnavailable(
                f"The media store could not be reached to {what} ({type(exc).__name__})."
            ) from None

    def write(self, draft_id: str, name: str, chunks: Iterable[bytes], limit: int) -> int:
        key = self.key(draft_id, name)
        size = 0
        # Spooled: an upload is whole before the store sees any of it, and a large one goes to
        # a private temporary file instead of memory.
        with tempfile.SpooledTemporaryFile(8 << 20, dir=str(self.scratch)) as body:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise TooLarge(f"The file is larger than {limit // (1024 * 1024)} MB.")
                body.write(chunk)
            body.seek(0)
            self._call("store a file", self.client.upload_fileobj, body, self.bucket, key)
        return size

    def read(self, draft_id: str, name: str) -> bytes:
        key = self.key(draft_id, name)
        answer = self._call("read a file", self.client.get_object, Bucket=self.bucket, Key=key)
        return bytes(self._call("read a file", answer["Body"].read))

    def exists(self, draft_id: str, name: str) -> bool:
        key = self.key(draft_id, name)
        try:
            self._call("look up a file", self.client.head_object, Bucket=self.bucket, Key=key)
        except FileNotFoundError:
            return False
        return True

    def _keys(self, prefix: str) -> Iterator[tuple[str, float]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix
        )
        for page in self._call("list files", list, pages):
            for item in page.get("Contents", []):
                yield item["Key"], item["LastModified"].timestamp()

    def _delete_keys(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):  # the most one request may delete
            batch = [{"Key": k} for k in keys[start : start + 1000]]
            self._call(
                "delete files",
                self.client.delete_objects,
                Bucket=self.bucket,
                Delete={"Objects": batch, "Quiet": True},
            )

    def remove(self, draft_id: str, name: str) -> None:
        key = self.key(draft_id, name)
        self._call("delete a file", self.client.delete_object, Bucket=self.bucket, Key=key)

    def delete(self, draft_id: str) -> None:
        self._delete_keys([key for key, _ in self._keys(self.key(draft_id))])
        self.clear_workspace(draft_id)

    def sweep(self, known: set[str], older_than: float = 3600.0) -> list[str]:
        newest: dict[str, float] = {}
        keys: dict[str, list[str]] = {}
        for key, modified in self._keys(f"{self.prefix}drafts/"):
            draft_id = key[len(self.prefix) + len("drafts/") :].split("/", 1)[0]
            if draft_id in known or not _ID.fullmatch(draft_id):
                continue
            newest[draft_id] = max(newest.get(draft_id, 0.0), modified)
            keys.setdefault(draft_id, []).append(key)
        now = time.time()
        gone = [d for d, modified in newest.items() if now - modified >= older_than]
        self._delete_keys([key for d in gone for key in keys[d]])
        self.sweep_workspaces(older_than)
        return sorted(gone)

    def sweep_workspaces(self, older_than: float = 3600.0) -> None:
        now = time.time()
        for folder in self.scratch.iterdir():
            with contextlib.suppress(FileNotFoundError):
                if folder.is_dir() and now - folder.stat().st_mtime >= older_than:
                    shutil.rmtree(folder)

    def workspace(self, draft_id: str) -> Path:
        _check(draft_id)
        folder = self.scratch / draft_id
        folder.mkdir(exist_ok=True, mode=0o700)
        return folder

    def clear_workspace(self, draft_id: str) -> None:
        _check(draft_id)
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(self.scratch / draft_id)

    def deliver(self, draft_id: str, name: str, path: Path) -> None:
        key = self.key(draft_id, name)
        self._call("store the clip", self.client.upload_file, str(path), self.bucket, key)

    @contextlib.contextmanager
    def local(self, draft_id: str, name: str) -> Iterator[Path]:
        key = self.key(draft_id, name)
        fd, copy = tempfile.mkstemp(prefix=".copy-", dir=self.scratch)
        os.close(fd)
        try:
            self._call("read a file", self.client.download_file, self.bucket, key, copy)
            yield Path(copy)
        finally:
            Path(copy).unlink(missing_ok=True)

    def target(self, draft_id: str, name: str, media_type: str) -> Path | str:
        params = {"Bucket": self.bucket, "Key": self.key(draft_id, name)}
        params["ResponseContentType"] = media_type
        params["ResponseCacheControl"] = f"private, max-age={LINK_LIFETIME}"
        url = self._call(
            "sign a link",
            self.signer.generate_presigned_url,
            "get_object",
            Params=params,
            ExpiresIn=LINK_LIFETIME,
        )
        return str(url)

    def origin(self) -> str | None:
        parts = urlsplit(str(self.signer.meta.endpoint_url))
        return f"{parts.scheme}://{parts.netloc}"


def open_media(
    data_dir: Path,
    media_url: str | None = None,
    endpoint_url: str | None = None,
    public_url: str | None = None,
) -> MediaStore:
    """The store the settings name: `s3://bucket[/prefix]` (credentials and region the usual
    AWS way: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION` or
    `~/.aws`), else the folder `data_dir/media`. `endpoint_url` is the store as this machine
    reaches it (MinIO, Ceph, ...), `public_url` as browsers reach it, when that differs."""
    if not media_url:
        return LocalMediaStore(Path(data_dir) / "media")
    parts = urlsplit(media_url)
    if parts.scheme != "s3" or not parts.netloc:
        raise VivifyError(
            "The setting media_url must look like s3://bucket or s3://bucket/prefix "
            "(or be left out for the data folder)."
        )
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        raise VivifyError(
            "Media in S3 needs boto3: pip install -e '.[s3]' (or pip install boto3)."
        ) from None
    config = Config(
        signature_version="s3v4",
        s3={"addressing_style": "path" if endpoint_url else "auto"},
        retries={"max_attempts": 4, "mode": "standard"},
        connect_timeout=5,
        read_timeout=30,
    )
    client = boto3.client("s3", endpoint_url=endpoint_url or None, config=config)
    signer = None
    if public_url:
        signer = boto3.client("s3", endpoint_url=public_url, config=config)
    scratch = Path(data_dir) / "scratch"
    return S3MediaStore(client, parts.netloc, parts.path, scratch, signer)
