"""A diffusion model's weights folder, checked before anything loads (no torch needed).

The folder is what diffusers' `save_pretrained` writes, or a model repository downloaded ahead of
time (`huggingface-cli download Lightricks/LTX-Video --local-dir ...`): `model_index.json`
naming the pipeline and its components, and a subfolder per component. vivify never fetches
weights at run time; a folder that is missing or incomplete is one sentence that names it and
what is missing.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vivify.errors import VivifyError


class WeightsError(VivifyError):
    """The weights folder can't be used: missing, incomplete, or not a model vivify runs."""


@dataclass(frozen=True)
class Family:
    """How vivify runs one family of image-to-video models."""

    key: str
    name: str
    pipeline: str  # the diffusers class that runs image-to-video
    steps: int  # denoising steps by default
    guidance: float  # classifier-free guidance by default (1: none)
    fps: int  # the frame rate the model was trained at
    frame_step: int  # frame counts are frame_step·k + 1
    max_frames: int
    area: int  # pixels per frame by default (its trained resolution)
    multiple: int  # width and height are multiples of this


FAMILIES = {
    # The distilled LTX-Video 2B: 8 steps, no classifier-free guidance (its model card).
    "ltx": Family("ltx", "LTX-Video", "LTXImageToVideoPipeline", 8, 1.0, 24, 8, 257, 768 * 512, 32),
    # Wan 2.1 image-to-video: 30+ steps with guidance 5, 81 frames at 16 fps, 480p or 720p.
    "wan": Family("wan", "Wan I2V", "WanImageToVideoPipeline", 30, 5.0, 16, 4, 81, 832 * 480, 16),
}
# Pipelines saved under another class that load into the image-to-video one.
_CLASSES = {
    "LTXPipeline": "ltx",
    "LTXImageToVideoPipeline": "ltx",
    "LTXConditionPipeline": "ltx",
    "WanPipeline": "wan",
    "WanImageToVideoPipeline": "wan",
}
_MODELS = ("transformer", "vae", "text_encoder", "image_encoder")
_WEIGHTS = (".safetensors", ".bin")


@dataclass(frozen=True)
class Weights:
    """A checked weights folder."""

    folder: Path
    family: Family
    components: dict[str, str]  # component -> its class
    files: tuple[Path, ...]  # the weight files
    parameters: dict[str, int]  # component -> number of parameters

    @property
    def version(self) -> str:
        """The folder's name: name it after the release (e.g. ltx-video-0.9.7-distilled)."""
        return self.folder.name

    def bf16_bytes(self, component: str | None = None) -> int:
        """The weights' size at bf16, of one component or all."""
        if component is not None:
            return 2 * self.parameters.get(component, 0)
        return 2 * sum(self.parameters.values())

    def sha256(self) -> str:
        """One hash over every weight and config file (their paths and contents)."""
        digest = hashlib.sha256()
        names = sorted(
            p
            for p in self.folder.rglob("*")
            if p.is_file() and (p.suffix in _WEIGHTS or p.suffix == ".json")
        )
        for path in names:
            digest.update(str(path.relative_to(self.folder)).encode() + b"\0")
            with path.open("rb") as f:
                for chunk in iter(lambda: f.read(1 << 22), b""):
                    digest.update(chunk)
        return digest.hexdigest()


def check_weights(folder: Path) -> Weights:
    """The folder, checked: every component its `model_index.json` names is there, with its
    config and all of its weight files."""
    folder = Path(folder).expanduser()
    where = f"The diffusion weights folder {folder}"
    if not folder.is_dir():
        raise WeightsError(f"{where} does not exist (set diffusion_weights to the folder).")
    index = _json(folder / "model_index.json", where, "model_index.json")
    cls = str(index.get("_class_name", ""))
    if cls not in _CLASSES:
        runs = ", ".join(f.name for f in FAMILIES.values())
        raise WeightsError(f"{where} holds a {cls or 'model'} pipeline; vivify runs {runs}.")
    components = {
        name: str(value[1])
        for name, value in index.items()
        if not name.startswith("_") and isinstance(value, list) and value[0] is not None
    }
    missing: list[str] = []
    files: list[Path] = []
    parameters: dict[str, int] = {}
    for name in components:
        sub = folder / name
        if not sub.is_dir():
            missing.append(f"{name}/")
            continue
        if name in _MODELS:
            if not (sub / "config.json").is_file():
                missing.append(f"{name}/config.json")
            found, lacking = _weight_files(sub)
            missing += [f"{name}/{x}" for x in lacking]
            files += found
            parameters[name] = sum(_parameters(p) for p in found if p.suffix == ".safetensors")
        elif name == "tokenizer":
            if not any((sub / f).is_file() for f in ("tokenizer.json", "spiece.model")):
                missing.append(f"{name}/tokenizer.json")
        elif name == "scheduler" and not (sub / "scheduler_config.json").is_file():
            missing.append(f"{name}/scheduler_config.json")
        elif name == "image_processor" and not (sub / "preprocessor_config.json").is_file():
            missing.append(f"{name}/preprocessor_config.json")
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise WeightsError(f"{where} is incomplete: {shown} missing.")
    return Weights(folder, FAMILIES[_CLASSES[cls]], components, tuple(files), parameters)


def _json(path: Path, where: str, name: str) -> dict[str, Any]:
    if not path.is_file():
        raise WeightsError(
            f"{where} has no {name}: it is not a diffusers pipeline folder "
            "(download one beforehand, e.g. huggingface-cli download Lightricks/LTX-Video "
            "--local-dir FOLDER)."
        )
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise WeightsError(f"{where} has a {name} that is not valid JSON.") from None
    if not isinstance(data, dict):
        raise WeightsError(f"{where} has a {name} that is not a JSON object.")
    return data


def _weight_files(sub: Path) -> tuple[list[Path], list[str]]:
    """The component's weight files, and those its shard index names but the folder lacks."""
    indexes = sorted(sub.glob("*.index.json"))
    if indexes:
        try:
            shards = sorted(set(json.loads(indexes[0].read_text("utf-8"))["weight_map"].values()))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return [], [indexes[0].name + " (not a valid shard index)"]
        return [sub / s for s in shards if (sub / s).is_file()], [
            s for s in shards if not (sub / s).is_file()
        ]
    found = sorted(p for p in sub.iterdir() if p.suffix in _WEIGHTS and p.is_file())
    return found, ([] if found else ["diffusion_pytorch_model.safetensors"])


def _parameters(path: Path) -> int:
    """How many numbers a safetensors file holds, from its header alone."""
    try:
        with path.open("rb") as f:
            (length,) = struct.unpack("<Q", f.read(8))
            header = json.loads(f.read(min(length, 100 << 20)))
    except (OSError, ValueError, struct.error):
        raise WeightsError(
            f"The weights file {path} is damaged (its header can't be read)."
        ) from None
    total = 0
    for name, info in header.items():
        if name == "__metadata__" or not isinstance(info, dict):
            continue
        total += math.prod(int(n) for n in info.get("shape", []))
    return total
