"""The C2PA Soft Binding Resolution API for vivify's own watermark: the lookups a server answers
from its manifest store, and the client that asks another instance.

A soft binding leads from a copy's pixels to its manifest when the metadata is gone. The API
(C2PA Soft Binding Resolution API 1.0) has three reads:

- `GET /services/supportedAlgorithms`: `{"watermarks": [{"alg": "org.vivify.watermark.2"},
  {"alg": "org.vivify.watermark.1"}]}` (keyed, and the public patterns);
- `GET /matches/byBinding?alg=…&value=…` (or `POST` with `{"alg", "value"}`): the manifests whose
  soft binding has that value, `{"matches": [{"manifestId": "urn:c2pa:…", "similarityScore":
  100}]}`. For both algorithms the value is the 32-bit payload as 4 bytes, big-endian, in base64
  (payload `3eff9c17` is `Pv+cFw==`);
- `POST /matches/byContent` with the video as the body: the same answer for the mark read from
  it here. A keyed mark can be read only with the instance's key, so this is how a stranger
  without it asks;
- `GET /manifests/{manifestId}`: the signed manifest store itself, `application/c2pa`, which any
  C2PA reader validates on its own.

vivify serves them under `/c2pa/v1`.
"""

from __future__ import annotations

import base64
import binascii
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vivify.errors import VivifyError
from vivify.provenance.store import ManifestStore
from vivify.provenance.watermark import ALGORITHM, KEYED_ALGORITHM, detect_file

PREFIX = "/c2pa/v1"
MEDIA_TYPE = "application/c2pa"
MAX_RESULTS = 10
TIMEOUT_S = 10.0
MAX_MANIFEST_BYTES = 16 * 1024 * 1024  # a clip's manifest store is a few KB


class SoftBindingError(VivifyError):
    """A query this API cannot answer: an algorithm it does not know, or a malformed value."""


def encode_value(payload: int) -> str:
    """The API's `value` for a watermark payload: 4 bytes big-endian, base64."""
    if not 0 <= payload < 2**32:
        raise ValueError("a watermark payload fits in 32 bits")
    return base64.b64encode(payload.to_bytes(4, "big")).decode("ascii")


def decode_value(value: str) -> int:
    """The payload a `value` names; SoftBindingError when it is not 4 bytes of base64."""
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise SoftBindingError("The value is not base64.") from None
    if len(raw) != 4:
        raise SoftBindingError(
            f"A {ALGORITHM} value is 4 bytes (the payload, big-endian), not {len(raw)}."
        )
    return int.from_bytes(raw, "big")


ALGORITHMS = (KEYED_ALGORITHM, ALGORITHM)


def supported() -> dict[str, Any]:
    return {"watermarks": [{"alg": alg} for alg in ALGORITHMS], "fingerprints": []}


def matches(store: ManifestStore, alg: str, value: str, max_results: int) -> dict[str, Any]:
    """The API's answer to a query: the manifest stored for that payload, if it has one whose
    signed bytes are kept."""
    if alg not in ALGORITHMS:
        raise SoftBindingError(
            f"This service resolves {' and '.join(ALGORITHMS)} only, not {alg[:80]!r}."
        )
    if max_results < 1:
        raise SoftBindingError("maxResults is at least 1.")
    return _match(store, decode_value(value))


def _match(store: ManifestStore, payload: int) -> dict[str, Any]:
    record = store.get(payload)
    if record is None or record.manifest_store is None or record.manifest_id is None:
        return {"matches": []}
    return {"matches": [{"manifestId": record.manifest_id, "similarityScore": 100}]}


def matches_by_content(store: ManifestStore, video: Path, key: bytes | None) -> dict[str, Any]:
    """The API's answer for an uploaded video: its mark read here, with this instance's secret
    key (which only the instance holds) and then the public patterns, and looked up."""
    found = detect_file(video, thorough=True, key=key) if key is not None else None
    found = found or detect_file(video, thorough=True)
    return {"matches": []} if found is None else _match(store, found.payload)


def manifest(store: ManifestStore, manifest_id: str) -> bytes | None:
    """The signed manifest store with this identifier, or None."""
    record = store.by_manifest_id(manifest_id)
    return None if record is None else record.manifest_store


@dataclass(frozen=True)
class Resolved:
    """A manifest found through another service's soft-binding API."""

    endpoint: str
    manifest_id: str
    manifest_store: bytes


def resolve(endpoint: str, payload: int, timeout: float = TIMEOUT_S) -> Resolved | None:
    """Ask the soft-binding API at `endpoint` (its base URL, ending in /c2pa/v1 for vivify) for
    the manifest of a watermark payload: None when it knows none; VivifyError with one sentence
    when it can't be reached or answers nonsense."""
    base = endpoint.rstrip("/")
    query = urllib.parse.urlencode({"alg": ALGORITHM, "value": encode_value(payload)})
    try:
        found = json.loads(_get(f"{base}/matches/byBinding?{query}", timeout, 1 << 20))
    except ValueError:
        raise VivifyError(f"The soft-binding service at {base} did not answer JSON.") from None
    return _fetch_first(base, found, timeout)


def _fetch_first(base: str, found: Any, timeout: float) -> Resolved | None:
    """The first manifest a match list names, fetched from where it says (or `base`)."""
    items = found.get("matches") if isinstance(found, dict) else None
    if not isinstance(items, list):
        raise VivifyError(f"The soft-binding service at {base} answered without a match list.")
    for item in items:
        manifest_id = item.get("manifestId") if isinstance(item, dict) else None
        if not isinstance(manifest_id, str) or not manifest_id:
            continue
        where = str(item.get("endpoint") or base).rstrip("/")
        quoted = urllib.parse.quote(manifest_id, safe="")
        data = _get(f"{where}/manifests/{quoted}", timeout, MAX_MANIFEST_BYTES)
        return Resolved(where, manifest_id, data)
    return None


def resolve_by_content(endpoint: str, video: Path, timeout: float = 120.0) -> Resolved | None:
    """Send the video at `video` to the soft-binding API at `endpoint` (`/matches/byContent`),
    which reads the mark itself, with the key only it holds; then fetch the manifest it names.
    None when it finds none; VivifyError with one sentence when it can't be reached."""
    base = endpoint.rstrip("/")
    url = f"{base}/matches/byContent"
    size = video.stat().st_size
    with video.open("rb") as body:
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "video/mp4", "Content-Length": str(size)},
        )
        try:
            found = json.loads(_open(request, url, timeout, 1 << 20))
        except ValueError:
            raise VivifyError(f"The soft-binding service at {base} did not answer JSON.") from None
    return _fetch_first(base, found, timeout)


def _get(url: str, timeout: float, limit: int) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise VivifyError(f"A soft-binding service is an http(s) URL, not {url[:80]!r}.")
    request = urllib.request.Request(url, headers={"Accept": f"application/json, {MEDIA_TYPE}"})
    return _open(request, url, timeout, limit)


def _open(request: urllib.request.Request, url: str, timeout: float, limit: int) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = bytes(response.read(limit + 1))
    except urllib.error.HTTPError as exc:
        raise VivifyError(f"The soft-binding service answered {exc.code} for {url}.") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise VivifyError(
            f"The soft-binding service at {url} can't be reached ({reason})."
        ) from None
    if len(data) > limit:
        raise VivifyError(f"The soft-binding service sent more than {limit} bytes for {url}.")
    return data
