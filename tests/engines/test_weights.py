"""The weights folder is checked before anything loads: a missing or incomplete folder is one
sentence that names it and what is missing. Folders are written by hand here (safetensors is a
JSON header and raw bytes), so these tests need no torch."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from vivify.engines.weights import FAMILIES, WeightsError, check_weights


def _safetensors(path: Path, shapes: dict[str, list[int]]) -> None:
    header: dict[str, object] = {}
    offset = 0
    for name, shape in shapes.items():
        size = 4
        for n in shape:
            size *= n
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    raw = json.dumps(header).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + bytes(offset))


def _folder(root: Path, cls: str = "LTXPipeline") -> Path:
    """A complete (tiny) pipeline folder as diffusers saves one."""
    index = {
        "_class_name": cls,
        "_diffusers_version": "0.42.1",
        "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"],
        "text_encoder": ["transformers", "T5EncoderModel"],
        "tokenizer": ["transformers", "T5Tokenizer"],
        "transformer": ["diffusers", "LTXVideoTransformer3DModel"],
        "vae": ["diffusers", "AutoencoderKLLTXVideo"],
    }
    root.mkdir(parents=True)
    (root / "model_index.json").write_text(json.dumps(index))
    (root / "scheduler").mkdir()
    (root / "scheduler" / "scheduler_config.json").write_text("{}")
    (root / "tokenizer").mkdir()
    (root / "tokenizer" / "tokenizer.json").write_text("{}")
    for name, shapes in {
        "transformer": {"w": [10, 10], "b": [10]},
        "vae": {"w": [4, 5]},
        "text_encoder": {"w": [3, 3]},
    }.items():
        (root / name).mkdir()
        (root / name / "config.json").write_text("{}")
        _safetensors(root / name / "diffusion_pytorch_model.safetensors", shapes)
    return root


def test_a_complete_folder_is_its_family_with_its_parameter_count(tmp_path: Path) -> None:
    weights = check_weights(_folder(tmp_path / "ltx-video-0.9.7-distilled"))
    assert weights.family is FAMILIES["ltx"] and weights.version == "ltx-video-0.9.7-distilled"
    assert weights.parameters == {"transformer": 110, "vae": 20, "text_encoder": 9}
    assert weights.bf16_bytes() == 2 * 139 and weights.bf16_bytes("vae") == 40
    assert set(weights.components) == {
        "scheduler",
        "text_encoder",
        "tokenizer",
        "transformer",
        "vae",
    }


def test_the_weights_hash_covers_every_weight_and_config(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "w")
    first = check_weights(folder).sha256()
    assert first == check_weights(folder).sha256() and len(first) == 64
    path = folder / "vae" / "diffusion_pytorch_model.safetensors"
    data = bytearray(path.read_bytes())
    data[-1] = 1  # one weight changed
    path.write_bytes(bytes(data))
    assert check_weights(folder).sha256() != first


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: None, None),
        (lambda f: (f / "model_index.json").unlink(), "has no model_index.json"),
        (lambda f: (f / "model_index.json").write_text("{"), "not valid JSON"),
        (
            lambda f: (f / "transformer" / "diffusion_pytorch_model.safetensors").unlink(),
            "is incomplete: transformer/diffusion_pytorch_model.safetensors missing",
        ),
        (lambda f: (f / "vae" / "config.json").unlink(), "is incomplete: vae/config.json missing"),
        (
            lambda f: (f / "scheduler" / "scheduler_config.json").unlink(),
            "scheduler/scheduler_config.json missing",
        ),
        (lambda f: (f / "tokenizer" / "tokenizer.json").unlink(), "tokenizer/tokenizer.json"),
        (
            lambda f: (f / "vae" / "diffusion_pytorch_model.safetensors").write_bytes(b"\xff" * 4),
            "is damaged",
        ),
    ],
)
def test_a_broken_folder_is_one_sentence_naming_it_and_what_is_missing(
    tmp_path: Path, damage: object, message: str | None
) -> None:
    folder = _folder(tmp_path / "weights")
    damage(folder)  # type: ignore[operator]
    if message is None:
        check_weights(folder)
        return
    with pytest.raises(WeightsError) as error:
        check_weights(folder)
    assert message in str(error.value)
    assert str(folder) in str(error.value) or "is damaged" in message
    assert "\n" not in str(error.value)


def test_a_sharded_component_needs_every_shard_its_index_names(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "weights")
    sub = folder / "text_encoder"
    (sub / "diffusion_pytorch_model.safetensors").unlink()
    _safetensors(sub / "model-00001-of-00002.safetensors", {"a": [2, 2]})
    index = {
        "weight_map": {
            "a": "model-00001-of-00002.safetensors",
            "b": "model-00002-of-00002.safetensors",
        }
    }
    (sub / "model.safetensors.index.json").write_text(json.dumps(index))
    with pytest.raises(
        WeightsError, match=r"text_encoder/model-00002-of-00002\.safetensors missing"
    ):
        check_weights(folder)
    _safetensors(sub / "model-00002-of-00002.safetensors", {"b": [3]})
    assert check_weights(folder).parameters["text_encoder"] == 7


def test_a_folder_that_is_not_there_or_not_a_video_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match="does not exist"):
        check_weights(tmp_path / "nowhere")
    folder = _folder(tmp_path / "sd", cls="StableDiffusionPipeline")
    with pytest.raises(WeightsError, match="holds a StableDiffusionPipeline pipeline; vivify runs"):
        check_weights(folder)
    wan = _folder(tmp_path / "wan", cls="WanImageToVideoPipeline")
    assert check_weights(wan).family is FAMILIES["wan"]
