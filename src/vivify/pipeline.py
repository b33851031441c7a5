"""The one entry point for "photo + prompt → labelled clip", shared by the CLI, web, API and worker.

    result = make_clip(ClipRequest(photo=data, prompt="make it a windy day"), Path("story.mp4"))

Steps: 1. intake the photo  2. frame it for a vertical story and analyse the scene  3. plan
4. synthesise the sound  5. render, draw the badge, embed the watermark and encode, concurrently,
frame by frame  6. sign the file (C2PA) after its last pixel change and keep the manifest.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import queue
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from vivify import __version__
from vivify.compose import (
    Canvas,
    Framing,
    FramingChoice,
    badge_for,
    camera_move,
    choose_framing,
    fit_scene,
    framing_by_shape,
    framing_note,
    make_canvas,
    subject_map,
)
from vivify.effects.base import frame_count
from vivify.engines import ENGINES, Engine, get_engine
from vivify.engines.model_prompt import model_prompt_for
from vivify.errors import PlanError, VivifyError
from vivify.intake import IntakeLimits, read_photo
from vivify.media.encode import ClipWriter, EncoderSettings
from vivify.moderation.decision import Decision
from vivify.moderation.gates import Gates
from vivify.moderation.photo import check_face_consent, check_photo
from vivify.moderation.policy import Policy, default_policy
from vivify.moderation.prompt import check_prompt
from vivify.moderation.records import DecisionStore
from vivify.moderation.video import check_video
from vivify.plan import Plan, PlanOptions, plan_from_prompt
from vivify.plan.regions import apply_regions, region_masks
from vivify.provenance import fingerprint
from vivify.provenance.clip import Provenance, label
from vivify.provenance.store import ABANDONED
from vivify.provenance.watermark import Watermarker
from vivify.request import ClipRequest, InvalidRequest
from vivify.scene import analyse
from vivify.scene.subject import cached_subject_probability
from vivify.sound import soundscape
from vivify.text import TextModels
from vivify.types import RGB, Mask, Photo, Scene

__all__ = [
    "STAGES",
    "Cancelled",
    "ClipRequest",
    "ClipResult",
    "InvalidRequest",
    "Prepared",
    "Services",
    "StageProgress",
    "make_clip",
    "prepare",
]

# (stage, done, total): "checks" before any work, "scene", "plan", "render" frame by frame
# (done of total frames), "sign", then "video check". Stages without steps report 0 of 1.
StageProgress = Callable[[str, int, int], None]
STAGES = ("checks", "scene", "plan", "render", "sign", "video check")


class Cancelled(VivifyError):
    """The job was cancelled before its clip was finished; nothing was written."""

    exit_code = 130


@dataclass(frozen=True)
class Services:
    """What `make_clip` works with, handed over by its caller (the CLI, the service, a worker),
    so that the core opens no store and reads no setting of its own.

    - `provenance`: signing credentials and the manifest store (the data folder);
    - `decisions`: where moderation decisions are kept (default: the data folder's store);
    - `engine`: the engine to render with (default: the one the request names);
    - `job_id`: the job's id, as the caller knows it (default: a new one);
    - `progress`: told each stage as it starts, and every rendered frame;
    - `cancelled`: asked between stages and frames; when it says yes, `Cancelled` is raised and
      nothing is left behind;
    - `deliver`: handed the finished clip once it is in place at `output`, to keep it where it
      is stored (an object store), before its manifest row is kept for good; when it raises,
      the clip counts as never made."""

    provenance: Provenance
    decisions: DecisionStore | None = None
    engine: Engine | None = None
    job_id: str = ""
    progress: StageProgress | None = None
    cancelled: Callable[[], bool] | None = None
    deliver: Callable[[Path], None] | None = None

    def stage(self, name: str, done: int = 0, total: int = 1) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled(f"The job was cancelled during '{name}'; nothing was written.")
        if self.progress is not None:
            self.progress(name, done, total)


@dataclass(frozen=True)
class Prepared:
    """Everything decided before the first frame is rendered."""

    photo: Photo
    canvas: Canvas
    scene: Scene
    plan: Plan
    timings: dict[str, float] = field(default_factory=dict)
    # The plan's painted regions as masks on the photo layer, by effect index (for the engine).
    regions: Mapping[int, Mask] = field(default_factory=dict)


@dataclass(frozen=True)
class ClipResult:
    output: Path
    plan: Plan
    frames: int
    engine: str
    effect_versions: dict[str, str]
    timings: dict[str, float]
    watermark_payload: int
    job_id: str = ""
    decisions: tuple[Decision, ...] = ()
    engine_report: Mapping[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        """The stable JSON summary printed by `vivify animate --json` (with the diffusion
        engine, its model, layout, memory and faces' drift under "diffusion")."""
        extra: dict[str, object] = (
            {self.engine: dict(self.engine_report)} if self.engine_report else {}
        )
        return {
            "output": str(self.output),
            "frames": self.frames,
            "duration": self.plan.duration,
            "size": [self.plan.width, self.plan.height],
            "fps": self.plan.fps,
            "engine": self.engine,
            "vivify": __version__,
            "effects": self.effect_versions,
            "provenance": {
                "watermark_payload": f"{self.watermark_payload:08x}",
                "c2pa": "signed",
                "ai_generated_label": ["badge", "c2pa", "watermark"],
            },
            "plan": self.plan.model_dump(mode="json"),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "job": self.job_id,
            "moderation": [d.model_dump(mode="json") for d in self.decisions],
            **extra,
        }


def prepare(
    request: ClipRequest,
    limits: IntakeLimits | None = None,
    photo: Photo | None = None,
    stage: Callable[[str], None] | None = None,
) -> Prepared:
    """Everything before the first frame. Pass `photo` when it was already decoded (and checked);
    `stage` is told when the scene analysis and the planning start."""
    timings: dict[str, float] = {}
    stage = stage or (lambda name: None)
    # 1. Intake: decode, orient, strip metadata, convert to sRGB.
    t = time.perf_counter()
    photo = photo or read_photo(request.photo, limits)
    timings["intake"] = time.perf_counter() - t
    stage("scene")
    # 2. Frame the photo for a vertical story and analyse what the effects will animate. Where
    # it may fill the frame, the scene is analysed on the larger fill layer (and scaled down if
    # the photo ends up in bands), since the framing depends on the plan and the scene.
    t = time.perf_counter()
    size = (
        (request.plan.width, request.plan.height)
        if request.plan
        else (request.width, request.height)
    )
    asked = request.plan.framing if request.plan else request.framing
    may_fill = asked == "fill" or (asked == "auto" and framing_by_shape(photo.size, size) is None)
    first = Framing("fill" if may_fill else "bands", "")
    canvas = make_canvas(photo.pixels, size, first)
    # The learned subject model is the slowest cue: it runs alongside the others.
    # It sees the photo itself (remembered per photo, whatever the frame size), and its map is
    # laid out exactly as the photo is on the layer.
    with ThreadPoolExecutor(1) as pool:
        found = pool.submit(cached_subject_probability, photo.pixels)
        scene = analyse(canvas.layer, subject=lambda: _on_layer(found.result(), size, first))
    timings["scene"] = time.perf_counter() - t
    # 3. Plan: the given one, or one made from the prompt and the scene.
    stage("plan")
    t = time.perf_counter()
    options = PlanOptions(
        request.duration,
        request.width,
        request.height,
        request.fps,
        request.seed,
        request.loop,
        animate_faces=request.people_consent,
        framing=request.framing,
    )
    plan = request.plan or plan_from_prompt(request.prompt, scene, options, text=TextModels.load())
    plan = apply_regions(plan, request.regions)
    timings["plan"] = time.perf_counter() - t
    # 4. The framing, now that the plan's camera moves are known; noted in the plan.
    framing = _framing(asked, canvas, scene, plan)
    canvas = make_canvas(photo.pixels, size, framing)
    scene = fit_scene(scene, (int(canvas.layer.shape[1]), int(canvas.layer.shape[0])))
    notes = [n for n in plan.notes if not n.startswith("Framing:")]
    plan = plan.model_copy(update={"notes": [*notes, framing_note(canvas, framing)]})
    plan = with_engine(plan, request.engine_name, scene)
    # Painted regions are in photo fractions: drawn (and mask images read) at the layer's size.
    layer_size = (int(canvas.layer.shape[1]), int(canvas.layer.shape[0]))
    regions = region_masks(plan, photo.size, layer_size)
    return Prepared(photo, canvas, scene, plan, timings, regions)


def with_engine(plan: Plan, engine: str, scene: Scene | None) -> Plan:
    """The plan with its engine; for diffusion, with the prompt its model will be sent (built
    from the plan, unless the user wrote one), so that `vivify plan` shows it."""
    if engine not in ENGINES:
        raise PlanError(f"Unknown engine '{engine}'. Engines: {', '.join(ENGINES)}.")
    # Notes about the model prompt are this step's own: a plan that comes through again (from
    # `vivify plan --json` to `animate --plan`) gets them afresh, not twice.
    notes = [n for n in plan.notes if not n.startswith("Model prompt:")]
    if engine != "diffusion":
        return plan.model_copy(update={"engine": engine, "model_prompt": None, "notes": notes})
    prompt, rebuilt = model_prompt_for(plan, scene)
    if rebuilt:
        notes.append("Model prompt: built again from the plan as it now stands.")
    if prompt.written_by == "user":
        notes.append("Model prompt: the plan's own, sent as written.")
    return plan.model_copy(update={"engine": engine, "model_prompt": prompt, "notes": notes})


def _on_layer(prob: Mask | None, size: tuple[int, int], framing: Framing) -> Mask | None:
    """A map made on the photo, framed the way `make_canvas` frames the photo (scaled whole, or
    cropped to cover the frame), so that it lines up with the layer."""
    if prob is None:
        return None
    grey = np.clip(prob * 255.0 + 0.5, 0, 255).astype(np.uint8)
    layer = make_canvas(np.ascontiguousarray(np.dstack([grey, grey, grey])), size, framing).layer
    out: Mask = layer[..., 0].astype(np.float32) / 255.0
    return out


def _framing(asked: FramingChoice, canvas: Canvas, scene: Scene, plan: Plan) -> Framing:
    """The framing asked for, or chosen for the photo (`auto`); bands under a camera move."""
    if asked == "bands":
        return Framing("bands", "bands were asked for")
    moves = camera_move([spec.name for spec in plan.effects])
    if moves is not None:
        return Framing(
            "bands", f"the plan moves the camera ({moves}), and a fill pan is not added on top"
        )
    if asked == "fill":
        return Framing("fill", "fill was asked for")
    return choose_framing(canvas.layer, subject_map(canvas.layer, scene), canvas.size)


def make_clip(
    request: ClipRequest,
    output: Path,
    *,
    services: Services | None = None,
    provenance: Provenance | None = None,
    policy: Policy | None = None,
    settings: EncoderSettings | None = None,
) -> ClipResult:
    """Render the request into a labelled MP4 at `output`: badge, watermark and signed C2PA
    manifest, moderated at every step. The file appears only once it is complete, signed and
    passed by the video gate; a gate that blocks raises `ModerationBlocked` with its sentence,
    and a cancelled job raises `Cancelled`. Give `services`, or just `provenance` for the
    defaults of everything else."""
    started = time.perf_counter()
    if services is None:
        if provenance is None:
            raise TypeError("make_clip needs services or provenance")
        services = Services(provenance)
    policy = policy or default_policy()
    own = services.decisions is None  # a store opened here is closed here
    records = services.decisions or DecisionStore(services.provenance.url)
    gates = Gates(records, job_id=services.job_id) if services.job_id else Gates(records)
    try:
        return _make_clip(request, output, services, policy, gates, settings, started)
    finally:
        if own:
            gates.close()


def _make_clip(
    request: ClipRequest,
    output: Path,
    services: Services,
    policy: Policy,
    gates: Gates,
    settings: EncoderSettings | None,
    started: float,
) -> ClipResult:
    provenance = services.provenance
    # 0. Moderate the photo and the prompt before any work is spent on them.
    services.stage("checks")
    t = time.perf_counter()
    photo = read_photo(request.photo)
    photo_decision = gates.check("photo", check_photo, photo.pixels, policy)
    prompt = request.plan.prompt if request.plan else request.prompt
    gates.check("prompt", check_prompt, prompt, policy)
    checked_in = time.perf_counter() - t
    prepared = prepare(request, photo=photo, stage=services.stage)
    _release_freed_memory()  # scene analysis' large temporaries, before the encoder's buffers
    plan, timings = prepared.plan, {"photo_prompt_gates": checked_in, **prepared.timings}
    effect_names = [spec.name for spec in plan.effects]
    consent = check_face_consent(photo_decision, effect_names, request.people_consent)
    if consent is not None:
        gates.record(consent)
    engine = services.engine or get_engine(plan.engine)
    total = frame_count(plan.duration, plan.fps)
    services.stage("render", 0, total)
    store = provenance.store()
    try:
        payload = provenance.new_payload(store, gates.job_id)  # reserved before any frame
    except BaseException:
        store.close()
        raise
    t = time.perf_counter()
    badge = badge_for(plan.width, plan.height)
    key = provenance.mark_key()
    marker = Watermarker(payload, plan.width, plan.height, key=key)
    frames = engine.frames(
        prepared.canvas, prepared.scene, plan, prepared.regions, progress=services.stage
    )
    _sweep_leftovers(output)
    store.sweep_abandoned(ABANDONED)  # what killed runs left in the store
    # A name of its own (the process and a random tag), so runs to the same output never share
    # a file; the encoder's and the signer's temporary files start with it too.
    tag = f"{os.getpid()}-{secrets.token_hex(4)}"
    staged = output.with_name(f".{output.stem}.{tag}.unsigned{output.suffix or '.mp4'}")
    written = 0
    hashes: list[int] = []
    every = fingerprint.sample_step(plan.fps)

    def make_sound() -> NDArray[np.float64]:
        started = time.perf_counter()
        samples = soundscape(plan.soundscape, plan.duration, plan.seed)
        timings["sound"] = time.perf_counter() - started
        return samples

    try:
        with ThreadPoolExecutor(1, thread_name_prefix="vivify-sound") as pool:
            # 4. Sound: synthesised on its own thread while the first frames render.
            audio = pool.submit(make_sound)
            # 5. Render → badge → encode, with rendering one step ahead on its own thread.
            with ClipWriter(staged, plan.width, plan.height, plan.fps, audio, settings) as writer:
                for frame in _ahead(marker.embed(badge.draw(f)) for f in frames):
                    writer.write(frame)
                    if written % every == 0:  # what the clip shows, for its manifest
                        hashes += fingerprint.frame_hashes(cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY))
                    written += 1
                    services.stage("render", written, total)
        timings["render_encode"] = time.perf_counter() - t
        _release_freed_memory()  # the render threads' buffers, before the checks allocate theirs
        # 6. Sign after the last pixel change, keep the manifest, then put the clip in place.
        services.stage("sign")
        t = time.perf_counter()
        label(
            staged,
            provenance,
            store,
            payload,
            engine=engine.name,
            model=engine.model_info(),
            effects=plan.effect_versions(),
            photo=request.photo,
            photo_format=prepared.photo.source_format,
            version=__version__,
            fingerprint=tuple(hashes),
            watermark_alg=marker.algorithm,
        )
        timings["sign"] = time.perf_counter() - t
        # 7. The video gate checks the very file that will be published.
        services.stage("video check")
        t = time.perf_counter()
        gates.check("video", check_video, staged, policy, expected_payload=payload, key=key)
        timings["video_gate"] = time.perf_counter() - t
        os.replace(staged, output)
        if services.deliver is not None:
            services.deliver(output)
        store.placed(payload)  # from here on its manifest row is kept for good
    except BaseException:
        if provenance.payload is None:  # its clip never reached its place: free it again
            store.release(payload)
        raise
    finally:
        staged.unlink(missing_ok=True)
        store.close()
    timings["total"] = time.perf_counter() - started
    return ClipResult(
        output,
        plan,
        written,
        engine.name,
        plan.effect_versions(),
        timings,
        payload,
        gates.job_id,
        tuple(gates.decisions),
        engine.report(),
    )


# ".story.123-0a1b2c3d.unsigned.mp4", and the encoder's and signer's files beside it, which
# start with a second dot (".<staged name>.x1y2.signing.mp4").
_LEFTOVER = re.compile(r"\.\.?(?P<stem>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.unsigned\b.*")


def _sweep_leftovers(output: Path) -> None:
    """Remove what a killed run left next to `output` (its staged, encoding and signing files):
    files named for this output by a process that no longer runs."""
    with contextlib.suppress(OSError):
        for path in [
            *output.parent.glob(f".{output.stem}.*"),
            *output.parent.glob(f"..{output.stem}.*"),
        ]:
            found = _LEFTOVER.fullmatch(path.name)
            if found is None or found["stem"] != output.stem or _alive(int(found["pid"])):
                continue
            with contextlib.suppress(OSError):
                path.unlink()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but is someone else's
        return True
    return True


def _release_freed_memory() -> None:
    """Hand memory freed by finished threads back to the OS (glibc keeps it per thread arena
    otherwise, and the next step's allocations would stack on top). A no-op elsewhere."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


_DONE = object()


def _ahead(frames: Iterator[RGB], depth: int = 3) -> Iterator[RGB]:
    """Run the frame generator on a worker thread, `depth` frames ahead of the consumer.

    NumPy, OpenCV and x264 release the GIL for their heavy work, so rendering overlaps encoding.
    An exception in the renderer is re-raised in the consumer; stopping early stops the renderer.
    """
    slots: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for frame in frames:
                if stop.is_set():
                    return
                slots.put(frame)
            slots.put(_DONE)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            slots.put(exc)

    worker = threading.Thread(target=produce, name="vivify-render", daemon=True)
    worker.start()
    try:
        while True:
            item = slots.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        while worker.is_alive():
            try:
                slots.get_nowait()
            except queue.Empty:
                worker.join(timeout=0.05)
