"""GPU figures for the diffusion engine: LTX-Video's full-size architecture (the 2B transformer,
its video VAE and a T5-XXL text encoder) at random weights, in bf16, making 768×512×121 frames
(5 s at 24 fps) at 8 steps (the distilled model's) and 30 steps.

    .venv/bin/python benchmarks/diffusion.py                 # on a GPU machine
    .venv/bin/python benchmarks/diffusion.py --tiny          # the same code on a CPU, tiny model
    .venv/bin/python benchmarks/diffusion.py --weights DIR   # real weights, through the engine

Random weights cost the same arithmetic as trained ones, so the times and memory are the
model's; the frames are noise. Prints, per step count: seconds per denoising step (median), the
whole clip (text encoding, denoising and VAE decoding), peak GPU memory, and the engine's own
estimate of what it needs; then the published LTX-Video figure with its date and device.
Needs the diffusion extra (pip install -e '.[diffusion]') and, for the GPU figures, a CUDA
build of torch.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PUBLISHED = (
    "published: LTX-Video 2B generates 5 s of 768x512 video at 24 fps in about 2 s on one "
    "NVIDIA H100 (HaCohen et al., 'LTX-Video: Realtime Video Latent Diffusion', arXiv "
    "2501.00103, 30 Dec 2024); the distilled 0.9.x models take 8 steps without CFG (model card)"
)


def full_size(device: str, dtype: Any) -> Any:
    """LTX-Video 0.9's architecture at random weights, built on the device."""
    import torch
    from diffusers import (
        AutoencoderKLLTXVideo,
        FlowMatchEulerDiscreteScheduler,
        LTXImageToVideoPipeline,
        LTXVideoTransformer3DModel,
    )
    from tests.engines.tiny_diffusion import tokenizer
    from transformers import T5Config, T5EncoderModel

    with torch.device(device):
        torch.set_default_dtype(dtype)
        transformer = LTXVideoTransformer3DModel()  # the defaults are the 2B model
        vae = AutoencoderKLLTXVideo()
        text_encoder = T5EncoderModel(
            T5Config(
                vocab_size=32128,
                d_model=4096,
                d_ff=10240,
                d_kv=64,
                num_heads=64,
                num_layers=24,
                feed_forward_proj="gated-gelu",
            )
        )
        torch.set_default_dtype(torch.float32)
    return LTXImageToVideoPipeline(
        transformer=transformer,
        vae=vae,
        scheduler=FlowMatchEulerDiscreteScheduler(),
        text_encoder=text_encoder,
        tokenizer=tokenizer(),
    )


def run(pipe: Any, device: str, width: int, height: int, frames: int, steps: int) -> dict[str, Any]:
    import numpy as np
    import torch
    from PIL import Image

    image = Image.fromarray(
        (np.random.default_rng(0).random((height, width, 3)) * 255).astype("uint8")
    )
    marks: list[float] = []

    def step(_pipe: Any, i: int, _t: Any, tensors: dict[str, Any]) -> dict[str, Any]:
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        marks.append(time.perf_counter())
        return tensors

    if device.startswith("cuda"):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    with torch.inference_mode():
        pipe(
            image=image,
            prompt="A short vertical video brought to life from a photo: the wind blows.",
            negative_prompt="static image",
            width=width,
            height=height,
            num_frames=frames,
            num_inference_steps=steps,
            guidance_scale=1.0,
            generator=torch.Generator("cpu").manual_seed(0),
            output_type="np",
            callback_on_step_end=step,
        )
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    total = time.perf_counter() - started
    gaps = [b - a for a, b in itertools.pairwise(marks)]
    per_step = statistics.median(gaps) if gaps else total
    peak = (
        torch.cuda.max_memory_allocated() / 1024**3 if device.startswith("cuda") else float("nan")
    )
    return {"steps": steps, "per_step": per_step, "clip": total, "peak_gb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="a tiny model on the CPU (smoke test)")
    parser.add_argument("--weights", type=Path, help="real weights, loaded by the engine")
    parser.add_argument("--steps", type=int, nargs="+", default=[8, 30])
    parser.add_argument("--size", default="768x512", help="WxH (default 768x512)")
    parser.add_argument("--frames", type=int, default=121)
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch

    device = "cuda" if torch.cuda.is_available() and not args.tiny else "cpu"
    width, height = (int(v) for v in args.size.lower().split("x"))
    if args.tiny:
        from tests.engines.tiny_diffusion import save_ltx

        from vivify.engines.diffusion import DiffusionConfig, DiffusionEngine

        torch.set_num_threads(1)
        width, height, frames = 64, 96, 17
        engine = DiffusionEngine(DiffusionConfig(save_ltx(Path(tempfile.mkdtemp()) / "tiny")))
        pipe, dtype, frames_n = engine.load(), torch.float32, frames
        what = "tiny LTX architecture, random weights"
    elif args.weights:
        from vivify.engines.diffusion import DiffusionConfig, DiffusionEngine

        engine = DiffusionEngine(DiffusionConfig(args.weights, device=device))
        pipe, dtype, frames_n = engine.load(), torch.bfloat16, args.frames
        what = f"{engine.weights.family.name} from {args.weights}"
    else:
        if device != "cuda":
            sys.exit("The full-size figures need a GPU (or run with --tiny for a smoke test).")
        dtype = torch.bfloat16
        pipe, frames_n = full_size(device, dtype), args.frames
        what = "LTX-Video 2B architecture (28 layers, T5-XXL), random weights"
    pipe.set_progress_bar_config(disable=True)
    if device == "cuda" and not args.weights:
        pipe.to(device)
    name = torch.cuda.get_device_name(0) if device == "cuda" else "CPU"
    print(f"{time.strftime('%Y-%m-%d')} on {name}, torch {torch.__version__}: {what}, {dtype}")
    print(f"{width}x{height}, {frames_n} frames")
    run(pipe, device, width, height, frames_n, 1)  # warm-up: kernels chosen, caches filled
    for steps in args.steps:
        r = run(pipe, device, width, height, frames_n, steps)
        print(
            f"  {steps:>3} steps: {r['per_step']:.3f} s/step, {r['clip']:.2f} s per clip "
            f"({frames_n / max(r['clip'], 1e-9):.1f} frames/s), "
            f"peak GPU memory {r['peak_gb']:.1f} GB"
        )
    print(PUBLISHED)


if __name__ == "__main__":
    main()
