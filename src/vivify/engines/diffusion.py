"""The `diffusion` engine: an image-to-video diffusion model from a local weights folder (LTX-Video
by default, Wan image-to-video as the quality option), under the same plan, labels, moderation
and story flow as the motion engine. An optional extra: `pip install -e '.[diffusion]'`.

What it does with a plan:

1. The photo, framed for the story as the motion engine frames it, is the model's first frame
   (scaled to the model's size for the story's shape: about its trained number of pixels, in
   multiples its VAE and patches need).
2. The model is sent the plan's `model_prompt` (built from the plan, see `model_prompt.py`) and
   its negative prompt, with the plan's seed; LTX-Video's distilled model takes 8 steps without
   classifier-free guidance, Wan 30 steps with guidance 5.
3. The frames it makes (at its own frame rate: LTX 24 fps, Wan 16) are scaled to the story size
   and retimed to the plan's frame rate by blending neighbours; a clip longer than the model can
   make plays forward and back. Frame 0 is the photo itself. Where every effect of the plan was
   painted onto a region, only those regions move: the photo stays elsewhere.
4. Faces of frame 0 are compared with later frames (`identity.py`); the drift goes into the
   clip's summary.

The badge, the watermark, the C2PA manifest (`trainedAlgorithmicMedia`, with the model's name,
version and weights hash), the sound and the gates are the pipeline's, as for any engine.

Weights load with `from_pretrained(folder)` from the folder the settings name, never from a hub
(`HF_HUB_OFFLINE` is set before diffusers is imported). On a GPU the model runs in bf16, moved
whole to the GPU when its estimated need fits the free memory, else with model CPU offload; on a
CPU in float32.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from vivify.compose import Canvas
from vivify.effects.base import frame_count
from vivify.engines.identity import IdentityCheck
from vivify.engines.weights import Weights, check_weights
from vivify.errors import VivifyError
from vivify.plan import Plan
from vivify.types import RGB, Mask, Scene

Progress = Callable[[str, int, int], None]
CHECK_EVERY = 0.5  # seconds of clip between the frames whose faces are compared with frame 0
_GB = 1024**3


@dataclass(frozen=True)
class DiffusionConfig:
    """How the engine runs; built at the edge from the settings."""

    weights: Path
    device: str | None = None  # "cuda", "cuda:1", "cpu"; None: a GPU when there is one
    steps: int | None = None  # default: the model family's
    guidance: float | None = None
    area: int | None = None  # pixels per model frame; default: the family's trained size
    max_frames: int | None = None  # at most this many model frames; default: the family's
    offload: bool | None = None  # model CPU offload; None: when the GPU's free memory is short
    threads: int | None = None  # torch's CPU threads (1 on a shared two-core machine)


@dataclass(frozen=True)
class Layout:
    """What the model is asked to make for a plan."""

    width: int
    height: int
    frames: int
    fps: int
    steps: int
    guidance: float

    @property
    def seconds(self) -> float:
        return (self.frames - 1) / self.fps


class DiffusionEngine:
    name = "diffusion"
    version = "1.0.0"

    def __init__(self, config: DiffusionConfig, weights: Weights | None = None) -> None:
        self.config = config
        self.weights = weights or check_weights(config.weights)
        self._pipe: Any = None
        self._placement = ""
        self._sha256: str | None = None
        self._lock = threading.Lock()
        self._report: dict[str, Any] = {}

    # --- before anything loads
    def layout(self, plan: Plan) -> Layout:
        family, cfg = self.weights.family, self.config
        area = cfg.area or family.area
        aspect = plan.width / plan.height
        m = family.multiple
        height = max(m, round(math.sqrt(area / aspect) / m) * m)
        width = max(m, round(height * aspect / m) * m)
        most = min(cfg.max_frames or family.max_frames, family.max_frames)
        wanted = math.ceil(plan.duration * family.fps)
        steps_of = max(1, math.ceil(wanted / family.frame_step))
        frames = min(steps_of * family.frame_step + 1, most)
        frames = ((frames - 1) // family.frame_step) * family.frame_step + 1
        return Layout(
            width,
            height,
            frames,
            family.fps,
            cfg.steps or family.steps,
            family.guidance if cfg.guidance is None else cfg.guidance,
        )

    def requirements(self, plan: Plan) -> dict[str, Any]:
        """The GPU memory the model needs for this plan, estimated before it loads: its weights
        at bf16, the largest activations of the transformer and of the VAE's decoding, and a
        margin; and the same with model CPU offload (the largest component at a time)."""
        layout = self.layout(plan)
        weights = self.weights.bf16_bytes()
        largest = max((self.weights.bf16_bytes(c) for c in self.weights.parameters), default=0)
        pixels = layout.width * layout.height * layout.frames
        decode = pixels * 3 * 2 * 24  # the VAE decoder's widest feature maps, bf16
        margin = 1.5 * _GB
        return {
            "model": self.weights.family.name,
            "width": layout.width,
            "height": layout.height,
            "frames": layout.frames,
            "model_fps": layout.fps,
            "steps": layout.steps,
            "guidance": layout.guidance,
            "parameters": sum(self.weights.parameters.values()),
            "vram_gb": round((weights + decode + margin) / _GB, 1),
            "vram_offload_gb": round((largest + decode + margin) / _GB, 1),
        }

    def model_info(self) -> dict[str, str]:
        """The model's name, version and weights hash, for the clip's credentials."""
        if self._sha256 is None:
            self._sha256 = self.weights.sha256()
        return {
            "name": self.weights.family.name,
            "pipeline": self.weights.family.pipeline,
            "version": self.weights.version,
            "weights_sha256": self._sha256,
        }

    # --- loading
    def load(self) -> Any:
        """The pipeline, loaded once from the weights folder and kept."""
        with self._lock:
            if self._pipe is None:
                self._pipe = self._load()
        return self._pipe

    def _load(self) -> Any:
        os.environ["HF_HUB_OFFLINE"] = "1"  # never a hub: before diffusers reads it
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("DIFFUSERS_VERBOSITY", "error")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        try:
            import diffusers
            import torch
            import transformers
        except ImportError:
            raise VivifyError(
                "The diffusion engine is an optional extra: pip install -e '.[diffusion]'."
            ) from None
        # The command line stays clean: no loading bars, no library chatter.
        diffusers.utils.logging.disable_progress_bar()
        diffusers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        transformers.utils.logging.set_verbosity_error()
        if self.config.threads:
            torch.set_num_threads(self.config.threads)
        device = self.config.device or ("cuda" if torch.cuda.is_available() else "cpu")
        on_gpu = device.startswith("cuda")
        if on_gpu and not torch.cuda.is_available():
            raise VivifyError(f"The diffusion engine was told to use {device}, but no GPU is here.")
        dtype = torch.bfloat16 if on_gpu else torch.float32
        cls = getattr(diffusers, self.weights.family.pipeline)
        # diffusers 0.42 renamed torch_dtype to dtype (the old name still works, with a warning)
        numbers = [int(n) for n in diffusers.__version__.split(".")[:2] if n.isdigit()]
        key = "dtype" if tuple(numbers) >= (0, 42) else "torch_dtype"
        try:
            pipe = cls.from_pretrained(
                str(self.weights.folder), local_files_only=True, **{key: dtype}
            )
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise VivifyError(
                f"The diffusion weights in {self.weights.folder} could not be loaded "
                f"({type(exc).__name__}: {str(exc).splitlines()[0][:200]})."
            ) from None
        pipe.set_progress_bar_config(disable=True)
        offload = self.config.offload
        if on_gpu and offload is None:
            free, _ = torch.cuda.mem_get_info(torch.device(device))
            offload = self.weights.bf16_bytes() + 1.5 * _GB > free
        if on_gpu and offload:
            pipe.enable_model_cpu_offload(device=device)
            if hasattr(pipe.vae, "enable_tiling"):
                pipe.vae.enable_tiling()
            self._placement = f"{device} with model CPU offload, bf16"
        else:
            pipe.to(device)
            self._placement = f"{device}, {'bf16' if on_gpu else 'float32'}"
        return pipe

    # --- rendering
    def frames(
        self,
        canvas: Canvas,
        scene: Scene,
        plan: Plan,
        regions: Mapping[int, Mask] | None = None,
        progress: Progress | None = None,
    ) -> Iterator[RGB]:
        """Loads the model here, in the caller's thread, before any frame is asked for: torch
        is then whole before the render and sound threads start (a half-imported torch seen
        from another thread breaks both). The model runs when the first frame is asked for."""
        if plan.model_prompt is None:
            raise VivifyError("The plan has no model prompt; make it with the diffusion engine.")
        pipe = self.load()
        return self._frames(pipe, canvas, plan, regions, progress)

    def _frames(
        self,
        pipe: Any,
        canvas: Canvas,
        plan: Plan,
        regions: Mapping[int, Mask] | None,
        progress: Progress | None,
    ) -> Iterator[RGB]:
        import torch

        assert plan.model_prompt is not None
        layout = self.layout(plan)
        first = canvas.place(canvas.layer)  # the photo, framed for the story: frame 0
        fw, fh = canvas.size
        image = _cover(first, layout.width, layout.height)
        generator = torch.Generator(device="cpu").manual_seed(plan.seed)

        def step(_pipe: Any, i: int, _t: Any, tensors: dict[str, Any]) -> dict[str, Any]:
            if progress is not None:
                progress("denoise", i + 1, layout.steps)
            return tensors

        if progress is not None:
            progress("denoise", 0, layout.steps)
        kwargs: dict[str, Any] = {}
        if getattr(pipe.vae.config, "timestep_conditioning", False):  # LTX 0.9.1+ VAE
            kwargs.update(decode_timestep=0.05, decode_noise_scale=0.025)
        from PIL import Image

        with torch.inference_mode():
            made = pipe(
                image=Image.fromarray(image),
                prompt=plan.model_prompt.prompt,
                negative_prompt=plan.model_prompt.negative_prompt,
                width=layout.width,
                height=layout.height,
                num_frames=layout.frames,
                num_inference_steps=layout.steps,
                guidance_scale=layout.guidance,
                generator=generator,
                output_type="np",
                callback_on_step_end=step,
                **kwargs,
            ).frames[0]
        video = np.clip(np.asarray(made) * 255.0 + 0.5, 0, 255).astype(np.uint8)
        del made
        keep = _still_outside(canvas, plan, regions)
        check = IdentityCheck.of(first)
        total = frame_count(plan.duration, plan.fps)
        every = max(1, round(CHECK_EVERY * plan.fps))
        for i in range(total):
            if i == 0:
                frame = first
            else:
                frame = _retimed(video, i / plan.fps * layout.fps, fw, fh)
                if keep is not None:
                    frame = (frame * (1.0 - keep) + first * keep + 0.5).astype(np.uint8)
                if i % every == 0:
                    check.observe(frame)
            yield frame
        self._report = {
            **self.requirements(plan),
            "placement": self._placement,
            "model_seconds": round(layout.seconds, 2),
            "played_back_and_forth": plan.duration > layout.seconds + 1e-6,
            "identity": check.report(),
        }

    def report(self) -> dict[str, Any]:
        """What the last clip was made with, and how well it kept its faces."""
        return {**self._report, "model_info": self.model_info()} if self._report else {}


def load_engine(config: DiffusionConfig) -> DiffusionEngine:
    """The engine for a weights folder, checked (nothing heavy is loaded until the first clip)."""
    return DiffusionEngine(config)


def _cover(rgb: RGB, width: int, height: int) -> RGB:
    """`rgb` scaled to cover width × height, centred and cropped."""
    h, w = rgb.shape[:2]
    scale = max(width / w, height / h)
    size = (max(width, round(w * scale)), max(height, round(h * scale)))
    big = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    x0, y0 = (size[0] - width) // 2, (size[1] - height) // 2
    return np.ascontiguousarray(big[y0 : y0 + height, x0 : x0 + width])


def _retimed(video: np.ndarray[Any, Any], at: float, width: int, height: int) -> RGB:
    """The model's video at frame position `at` (blending its two nearest frames; past its end
    it plays backwards), scaled to the story size."""
    last = len(video) - 1
    if last <= 0:
        return _cover(video[0], width, height)
    period = 2 * last
    at = at % period
    if at > last:
        at = period - at
    lo = math.floor(at)
    hi = min(lo + 1, last)
    w = at - lo
    if w < 1e-3 or lo == hi:
        picked = video[lo]
    else:
        picked = cv2.addWeighted(video[lo], 1.0 - w, video[hi], w, 0.0)
    return _cover(picked, width, height)


def _still_outside(
    canvas: Canvas, plan: Plan, regions: Mapping[int, Mask] | None
) -> np.ndarray[Any, Any] | None:
    """Where every effect was painted onto a region, the weight of the still photo at each pixel
    of the frame (1 outside the painted regions, 0 inside); None when the whole frame moves."""
    if not plan.effects or not regions or len(regions) < len(plan.effects):
        return None
    union = np.zeros(canvas.layer.shape[:2], np.float32)
    for mask in regions.values():
        union = np.maximum(union, mask.astype(np.float32))
    grey = np.clip(union * 255.0 + 0.5, 0, 255).astype(np.uint8)
    placed = canvas.place(np.ascontiguousarray(np.dstack([grey, grey, grey])))
    moving = cv2.GaussianBlur(placed[..., 0].astype(np.float32) / 255.0, (0, 0), 3.0)
    return np.asarray((1.0 - moving)[..., None], dtype=np.float32)
