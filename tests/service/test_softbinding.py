"""The C2PA Soft Binding Resolution API: one instance (`vivify serve` in its own data folder)
answers for its watermarks, and a second, fresh data folder that has never seen the clip
recovers a stripped copy's credentials through it."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.conftest import example_bytes, remux
from tests.servers import _free_port
from tests.service.test_server import _server
from vivify.pipeline import ClipRequest, make_clip
from vivify.provenance import softbinding
from vivify.provenance.clip import Provenance, verify
from vivify.provenance.watermark import ALGORITHM, KEYED_ALGORITHM


@dataclass
class Instance:
    api: str  # the soft-binding API's base URL
    clip: Path
    payload: int


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Instance]:
    data = tmp_path_factory.mktemp("first") / "data"
    clip = tmp_path_factory.mktemp("clip") / "story.mp4"
    request = ClipRequest(photo=example_bytes("coffee.png"), prompt="steam rising", duration=2.0)
    result = make_clip(request, clip, provenance=Provenance(data_dir=data))
    port = _free_port()
    with _server(data, port):
        api = f"http://127.0.0.1:{port}{softbinding.PREFIX}"
        yield Instance(api, clip, result.watermark_payload)


def test_the_api_speaks_the_c2pa_soft_binding_resolution_api(instance: Instance) -> None:
    api = instance.api
    supported = httpx.get(f"{api}/services/supportedAlgorithms").json()
    assert supported == {
        "watermarks": [{"alg": KEYED_ALGORITHM}, {"alg": ALGORITHM}],
        "fingerprints": [],
    }

    value = base64.b64encode(instance.payload.to_bytes(4, "big")).decode()
    query = {"alg": KEYED_ALGORITHM, "value": value}
    found = httpx.get(f"{api}/matches/byBinding", params=query)
    assert found.status_code == 200
    (match,) = found.json()["matches"]
    assert match["manifestId"].startswith("urn:c2pa:") and match["similarityScore"] == 100
    posted = httpx.post(f"{api}/matches/byBinding", json=query)
    assert posted.json() == found.json()
    # A stranger without the key sends the video itself; the service reads the mark.
    by_content = httpx.post(
        f"{api}/matches/byContent",
        content=instance.clip.read_bytes(),
        headers={"Content-Type": "video/mp4"},
        timeout=120,
    )
    assert by_content.status_code == 200 and by_content.json() == found.json()
    empty = httpx.post(f"{api}/matches/byContent", content=b"", timeout=30)
    assert empty.status_code == 400 and "empty" in empty.json()["detail"]

    manifest = httpx.get(f"{api}/manifests/{match['manifestId']}")
    assert manifest.status_code == 200
    assert manifest.headers["content-type"] == "application/c2pa"
    assert manifest.content[4:8] == b"jumb"

    other = base64.b64encode(((instance.payload + 1) % 2**32).to_bytes(4, "big")).decode()
    none = httpx.get(f"{api}/matches/byBinding", params={"alg": ALGORITHM, "value": other})
    assert none.status_code == 200 and none.json() == {"matches": []}


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"alg": "com.example.watermark.1", "value": "AAAAAA=="}, "resolves org.vivify"),
        ({"alg": KEYED_ALGORITHM, "value": "AAAA"}, "is 4 bytes"),
        ({"alg": ALGORITHM, "value": "not base64!"}, "not base64"),
        ({"alg": ALGORITHM, "value": "AAAA"}, "is 4 bytes"),
        ({"alg": ALGORITHM}, "value"),
    ],
)
def test_a_bad_query_is_a_4xx_with_a_reason(
    instance: Instance, params: dict[str, str], says: str
) -> None:
    answer = httpx.get(f"{instance.api}/matches/byBinding", params=params)
    assert 400 <= answer.status_code < 500
    assert says in answer.json()["detail"]


def test_an_unknown_manifest_is_404(instance: Instance) -> None:
    answer = httpx.get(f"{instance.api}/manifests/urn:c2pa:00000000-0000-0000-0000-000000000000")
    assert answer.status_code == 404 and answer.json()["detail"]


def test_a_fresh_data_folder_recovers_a_stripped_copy_through_the_api(
    instance: Instance, tmp_path: Path
) -> None:
    copy = tmp_path / "stripped.mp4"
    remux(instance.clip, copy)
    fresh = tmp_path / "second"  # has never seen the clip: no store, no credentials, no key
    alone = verify(copy, fresh)
    # The mark is keyed: without the first instance's key it can't be read here at all.
    assert not alone["watermark"]["found"] and alone["recovered"] is None
    assert alone["ai_generated"] is None

    # The same, as a stranger runs it: the CLI in its own process, with the first as resolver.
    result = subprocess.run(
        [sys.executable, "-m", "vivify", "--data-dir", str(fresh), "verify", str(copy),
         "--json", "--resolver", instance.api],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    recovered = found["recovered"]
    assert recovered["via"] == f"soft-binding API {instance.api}"
    assert any("a key only that service holds" in sentence for sentence in found["proves"])
    assert recovered["claims"]["engine"] == "motion"
    assert recovered["claims"]["watermark_payload"] == f"{instance.payload:08x}"
    # Its signer is the first instance's own CA, which the second does not trust.
    assert recovered["signed_state"] == "Valid"
    assert recovered["describes_this_video"] is True
    assert found["ai_generated"] is True


def test_an_unreachable_resolver_is_one_clear_error(instance: Instance, tmp_path: Path) -> None:
    copy = tmp_path / "stripped.mp4"
    remux(instance.clip, copy)
    port = _free_port()  # nothing listens there
    result = subprocess.run(
        [sys.executable, "-m", "vivify", "--data-dir", str(tmp_path / "d"), "verify", str(copy),
         "--resolver", f"http://127.0.0.1:{port}/c2pa/v1"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "can't be reached" in result.stderr
