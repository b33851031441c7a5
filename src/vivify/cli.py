"""The `vivify` command line. Every failure is one plain sentence and a non-zero exit."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from vivify import __version__, limits
from vivify.errors import VivifyError
from vivify.settings import Settings, load_settings

if TYPE_CHECKING:
    from vivify.compose import FramingChoice
    from vivify.plan.regions import Region

F = TypeVar("F", bound=Callable[..., Any])

EXAMPLES_ANIMATE = """
\b
Examples:
  vivify animate beach.jpg "make it a windy day"
  vivify animate portrait.heic "clouds drifting" -o clip.mp4 --duration 8 --seed 7
  vivify plan "windy day" --photo beach.jpg --json > plan.json   # edit it, then:
  vivify animate beach.jpg --plan plan.json -o edited.mp4
  vivify animate lake.jpg "gentle ripples" --region water=water-mask.png
  vivify animate park.jpg "windy" --region wind=poly:0.1,0.2,0.5,0.2,0.5,0.6
"""

REGION_HELP = (
    "Paint where an effect happens, overriding what vivify found in the photo: "
    "NAME=poly:X,Y,X,Y,X,Y,... (corners as fractions 0..1 of the photo's width and height) or "
    "NAME=MASK.png (white or opaque = inside). Repeatable; an effect not in the plan is added."
)


def _regions(values: tuple[str, ...]) -> tuple[tuple[str, Region], ...]:
    """The `--region` values, checked (mask images are read now, so a bad one fails at once)."""
    from vivify.plan.regions import parse_region_arg

    return tuple(parse_region_arg(value) for value in values)


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        w, h = (int(v) for v in value.lower().replace("×", "x").split("x"))
    except ValueError:
        raise click.BadParameter("use WIDTHxHEIGHT, for example 720x1280") from None
    (w_min, w_max), (h_min, h_max) = limits.WIDTH, limits.HEIGHT
    if not (w_min <= w <= w_max and h_min <= h <= h_max) or w % 2 or h % 2:
        raise click.BadParameter(
            f"width and height must be even, {w_min}..{w_max} wide and {h_min}..{h_max} high "
            "(smaller frames can't carry the watermark)"
        )
    return w, h


def _clip_options(command: F) -> F:
    """The options that shape a clip, shared by `animate` and `plan` (same names, same checks)."""
    options = [
        click.option(
            "--duration",
            type=_Finite(*limits.DURATION),
            default=5.0,
            show_default=True,
            help="Clip length in seconds.",
        ),
        click.option(
            "--size", callback=_size, metavar="WxH", help="Frame size.  [default: 720x1280]"
        ),
        click.option(
            "--fps",
            type=click.IntRange(*limits.FPS),
            default=30,
            show_default=True,
            help="Frames per second.",
        ),
        click.option(
            "--seed",
            type=click.IntRange(*limits.SEED),
            default=0,
            show_default=True,
            help="Randomness seed: the same seed gives the same clip.",
        ),
        click.option(
            "--framing",
            type=click.Choice(["auto", "fill", "bands"]),
            default="auto",
            show_default=True,
            help="A photo not shaped like the frame: fill covers the frame and pans across the "
            "photo; bands shows it whole between blurred bands; auto picks from where its "
            "subject is.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _readable_video(path: Path) -> None:
    """A video file that opens and has a video stream, or one sentence saying why not."""
    import av

    from vivify.files import regular_file

    regular_file(path)  # a missing file, a folder or a pipe: its own sentence
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise VivifyError(f"{path} has no video stream.")
    except av.FFmpegError as exc:
        raise VivifyError(
            f"{path} is not a video vivify can read ({type(exc).__name__})."
        ) from None


class _Finite(click.FloatRange):
    """A float range that also refuses NaN, which compares false with every bound (infinity is
    outside the range already)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number of seconds.", param, ctx)
        return number


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _read(path: Path, limit: int = limits.MAX_PHOTO_BYTES) -> bytes:
    """A file given on the command line, bounded (see `vivify.files`)."""
    from vivify.files import read_bounded

    return read_bounded(path, limit)


class _Terminated(KeyboardInterrupt):
    """SIGTERM (a service manager stopping us): unwound like Ctrl-C, so every clean-up runs."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


@contextmanager
def _friendly_errors() -> Iterator[None]:
    """Turn our errors into one message; anything unexpected too, with a hint for the details."""
    try:
        yield
    except VivifyError as exc:
        # click reads the exit code from the exception's class: make one with ours.
        failure = type("Failure", (click.ClickException,), {"exit_code": exc.exit_code})
        raise failure(str(exc)) from None
    except KeyboardInterrupt as exc:
        stopped = isinstance(exc, _Terminated)
        click.echo(("Stopped" if stopped else "Interrupted") + "; nothing was written.", err=True)
        sys.exit(143 if stopped else 130)
    except click.ClickException:
        raise
    except Exception as exc:
        if os.environ.get("VIVIFY_DEBUG"):
            raise
        raise click.ClickException(
            f"Unexpected internal error ({type(exc).__name__}: {exc}). "
            "Set VIVIFY_DEBUG=1 to see the traceback, and please report it."
        ) from None


def _emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="vivify")
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="VIVIFY_DATA_DIR",
    help="Folder for signing credentials and the manifest store "
    "[default: $XDG_DATA_HOME/vivify or ~/.local/share/vivify].",
)
@click.option(
    "--policy",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="VIVIFY_POLICY",
    help="Moderation policy file (TOML), laid over the defaults (see docs/moderation.md).",
)
@click.pass_context
def main(ctx: click.Context, data_dir: Path | None, policy: Path | None) -> None:
    """Bring a still photo to life: a short vertical story clip with motion and sound.

    Every clip is labelled AI-generated three ways: a visible badge, signed C2PA Content
    Credentials and an invisible watermark. Everything runs offline on the CPU. Start with
    `vivify animate PHOTO "make it a windy day"`.

    Settings come from the options, then the environment (VIVIFY_DATA_DIR, VIVIFY_POLICY,
    VIVIFY_SIGN_CERT, VIVIFY_SIGN_KEY, VIVIFY_TSA_URL, VIVIFY_DATABASE_URL, VIVIFY_BROKER_URL,
    VIVIFY_MEDIA_URL, VIVIFY_S3_ENDPOINT_URL, VIVIFY_S3_PUBLIC_URL), then a config file (TOML,
    the same names in lower case: $VIVIFY_CONFIG or ~/.config/vivify/config.toml).
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)
    with _friendly_errors():
        ctx.obj = load_settings({"data_dir": data_dir, "policy": policy})


@main.command(epilog=EXAMPLES_ANIMATE)
@click.argument("photo", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("prompt", required=False, default="")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("story.mp4"),
    show_default=True,
    help="Where to write the MP4.",
)
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this plan JSON (from `vivify plan`) instead of the prompt.",
)
@click.option("--region", "region_args", multiple=True, metavar="NAME=WHERE", help=REGION_HELP)
@_clip_options
@click.option(
    "--engine",
    type=click.Choice(["motion", "diffusion"]),
    help="Rendering engine: motion (built in, the default; or the --plan's), or diffusion (an "
    "image-to-video model from the folder the diffusion_weights setting names; "
    "pip install -e '.[diffusion]').",
)
@click.option(
    "--loop", is_flag=True, help="Make the whole clip loop: transitions go there and back."
)
@click.option(
    "--allow-training",
    is_flag=True,
    help="Let the clip's credentials allow AI training and data mining (off: notAllowed).",
)
@click.option(
    "--sign-cert",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="VIVIFY_SIGN_CERT",
    help="Sign with this certificate chain (PEM) instead of the local CA; needs --sign-key.",
)
@click.option(
    "--sign-key",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="VIVIFY_SIGN_KEY",
    help="The private key (PEM) of --sign-cert.",
)
@click.option(
    "--tsa-url",
    envvar="VIVIFY_TSA_URL",
    help="Timestamp authority for --sign-cert, so credentials outlive the certificate.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary instead of text.")
@click.option(
    "--people-consent",
    is_flag=True,
    help="Confirm you may animate the people shown (needed for smile and blink on faces).",
)
@click.pass_obj
def animate(
    settings: Settings,
    photo: Path,
    prompt: str,
    output: Path,
    plan_path: Path | None,
    region_args: tuple[str, ...],
    duration: float,
    size: tuple[int, int] | None,
    fps: int,
    seed: int,
    framing: FramingChoice,
    engine: str | None,
    loop: bool,
    allow_training: bool,
    sign_cert: Path | None,
    sign_key: Path | None,
    tsa_url: str | None,
    people_consent: bool,
    as_json: bool,
) -> None:
    """Turn PHOTO into a clip doing what PROMPT asks.

    PHOTO is a JPEG, PNG, WebP or HEIC file. PROMPT says what should happen, for example
    "make it a windy day"; without one, vivify animates what the photo shows. The clip is an
    MP4 (H.264 + AAC, 720x1280, 30 fps) with an "AI-generated" badge on every frame.
    """
    from vivify.intake import check_photo_header

    with _friendly_errors():
        if plan_path and prompt:
            raise VivifyError("Give either a PROMPT or --plan, not both (the plan replaces it).")
        for given in (photo, plan_path):
            if given is not None and _same_file(output, given):
                raise VivifyError(
                    f"The output {output} is the input {given}; choose another name with -o."
                )
        # What is cheap to check comes before the imports and models that take seconds.
        data = _read(photo)
        check_photo_header(data)
        plan_text = _read(plan_path, limits.MAX_PLAN_BYTES) if plan_path else None

        from vivify.pipeline import ClipRequest, Services, make_clip
        from vivify.plan import parse_plan
        from vivify.plan.regions import resolve_mask_paths
        from vivify.provenance.clip import Provenance
        from vivify.provenance.credentials import SigningConfig

        regions = _regions(region_args)
        plan = None
        if plan_path and plan_text is not None:  # mask paths in it are relative to its folder
            plan = parse_plan(plan_text.decode("utf-8", "replace"))
            plan = resolve_mask_paths(plan, plan_path.parent)
        width, height = size or (720, 1280)
        request = ClipRequest(
            photo=data,
            prompt=prompt,
            plan=plan,
            regions=regions,
            duration=duration,
            width=width,
            height=height,
            fps=fps,
            seed=seed,
            loop=loop,
            framing=framing,
            engine=engine,
            people_consent=people_consent,
        )
        signing = None
        sign_cert = sign_cert or settings.sign_cert
        sign_key = sign_key or settings.sign_key
        tsa_url = tsa_url or settings.tsa_url
        if sign_cert or sign_key or tsa_url:
            if not (sign_cert and sign_key):
                raise VivifyError(
                    "Signing with your own certificate needs both --sign-cert and --sign-key."
                )
            signing = SigningConfig(cert_chain=sign_cert, key=sign_key, tsa_url=tsa_url)
        provenance = Provenance(
            data_dir=settings.data_dir,
            signing=signing,
            training_allowed=allow_training,
            database_url=settings.database_url,
        )
        policy = settings.load_policy()
        renderer = settings.engine(request.engine_name)
        if renderer is not None and not as_json:
            _say_needs(renderer, request)
        with _progress_bar() as progress:
            services = Services(provenance, engine=renderer, progress=progress)
            result = make_clip(request, output, services=services, policy=policy)
    if as_json:
        _emit_json(result.summary())
    else:
        names = ", ".join(result.effect_versions) or "none"
        click.echo(
            f"Wrote {output} ({result.frames} frames, {result.plan.duration:g} s; "
            f"effects: {names}) in {result.timings['total']:.1f} s."
        )
        for note in result.plan.notes:
            click.echo(f"  note: {note}")


def _say_needs(engine: Any, request: Any) -> None:
    """Before a diffusion model loads: what it will make and the GPU memory it needs."""
    from vivify.plan import Plan

    plan = request.plan or Plan(
        duration=request.duration, width=request.width, height=request.height, fps=request.fps
    )
    needs = engine.requirements(plan)
    click.echo(
        f"Diffusion: {needs['model']} from {engine.weights.folder}, {needs['steps']} steps at "
        f"{needs['width']}x{needs['height']}, {needs['frames']} frames; it needs about "
        f"{needs['vram_gb']} GB of GPU memory ({needs['vram_offload_gb']} GB with model CPU "
        "offload).",
        err=True,
    )


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on an interactive terminal (stderr) that names each stage of the job,
    nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    # Before the first frame: checking, analysing and planning; after the last: signing and
    # the video check. The bar says which, so a person never stares at a silent terminal.
    words = {
        "checks": "checking the photo and prompt",
        "scene": "looking at the photo",
        "plan": "planning",
        "sign": "signing the clip",
        "video check": "checking the video",
    }
    bar: Any = tqdm(
        total=0, desc=words["checks"], leave=False, file=sys.stderr, bar_format="{desc}…"
    )

    def update(stage: str, done: int, total: int) -> None:
        nonlocal bar
        if stage == "render":
            if bar.total != total:
                bar.close()
                bar = tqdm(
                    total=total, unit="frame", desc="rendering", leave=False, file=sys.stderr
                )
            bar.update(done - bar.n)
            if done == total:
                bar.refresh()  # the last frame is shown, whatever the refresh interval
            return
        if bar.total:  # leaving the frames for a stage without steps
            bar.close()
            bar = tqdm(total=0, leave=False, file=sys.stderr, bar_format="{desc}…")
        bar.set_description_str(words.get(stage, stage))

    try:
        yield update
    finally:
        bar.close()


@main.command("plan")
@click.argument("prompt", required=False, default="")
@click.option(
    "--photo",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Plan for this photo (effects follow what it shows).",
)
@click.option("--region", "region_args", multiple=True, metavar="NAME=WHERE", help=REGION_HELP)
@_clip_options
@click.option("--loop", is_flag=True, help="Plan a clip that loops, transitions included.")
@click.option(
    "--people-consent", is_flag=True, help="Plan as if you confirmed you may animate the people."
)
@click.option(
    "--engine",
    type=click.Choice(["motion", "diffusion"]),
    default="motion",
    show_default=True,
    help="Plan for this engine; for diffusion the plan shows the prompt its model is sent.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (for --plan).")
@click.option("--schema", is_flag=True, help="Print the plan's JSON schema and exit.")
def plan_cmd(
    prompt: str,
    photo: Path | None,
    region_args: tuple[str, ...],
    duration: float,
    size: tuple[int, int] | None,
    fps: int,
    seed: int,
    framing: FramingChoice,
    loop: bool,
    people_consent: bool,
    engine: str,
    as_json: bool,
    schema: bool,
) -> None:
    """Show the plan `animate` would use for PROMPT: effects, why, and unmatched words.

    PROMPT may be in English, German, French, Spanish or Italian. Words vivify's lists do not
    know are read by meaning ("Ghibli" as cartoon, "travelling latéral" as a pan) and the
    notes say how; sound words choose what you hear ("with the sound of the sea"), not what
    you see. Save it with --json, edit it, and pass it to `vivify animate --plan`.

    With --engine diffusion the plan carries the prompt and negative prompt the model will be
    sent, built from the effects; edit them in the JSON and set "written_by": "user" to have
    them sent exactly as written.
    """
    from vivify.pipeline import ClipRequest, prepare, with_engine
    from vivify.plan import Plan, PlanOptions, plan_from_prompt
    from vivify.plan.regions import apply_regions
    from vivify.text import TextModels

    if schema:
        _emit_json(Plan.model_json_schema())
        return
    with _friendly_errors():
        regions = _regions(region_args)
        width, height = size or (720, 1280)
        if photo is not None:
            request = ClipRequest(
                photo=_read(photo),
                prompt=prompt,
                regions=regions,
                duration=duration,
                width=width,
                height=height,
                fps=fps,
                seed=seed,
                loop=loop,
                framing=framing,
                people_consent=people_consent,
                engine=engine,
            )
            plan = prepare(request).plan
        else:
            plan = plan_from_prompt(
                prompt,
                None,
                PlanOptions(duration, width, height, fps, seed, loop, framing=framing),
                text=TextModels.load(),
            )
            plan = with_engine(apply_regions(plan, regions), engine, None)
    if as_json:
        click.echo(plan.to_json())
        return
    click.echo(f"Prompt: {plan.prompt!r}")
    for spec in plan.effects:
        why = ", ".join(repr(w) for w in spec.because) or (
            "you painted a region for it" if spec.region else "what the photo shows"
        )
        where = f", {spec.region.describe()}" if spec.region else ""
        click.echo(f"  {spec.name:<10} because {why}{where}")
    if plan.soundscape:
        asked = [f"{name} ({', '.join(repr(w) for w in plan.heard[name])})" for name in plan.heard]
        rest = [name for name in plan.soundscape if name not in plan.heard]
        click.echo("Sound: " + ", ".join([*asked, *rest]))
    if plan.unmatched:
        click.echo(f"Not understood: {', '.join(plan.unmatched)}")
    if plan.model_prompt is not None:
        click.echo(f"Model prompt ({plan.model_prompt.written_by}): {plan.model_prompt.prompt}")
        click.echo(f"Negative prompt: {plan.model_prompt.negative_prompt}")
    for note in plan.notes:
        click.echo(f"Note: {note}")


@main.command()
@click.argument("photo", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for the mask PNGs (created if missing).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scene summary as JSON.")
def scene(photo: Path, out_dir: Path, as_json: bool) -> None:
    """Analyse PHOTO and write what vivify sees as PNG masks into --out.

    Writes sky.png, vegetation.png, water.png, subject.png, person.png, hair.png, depth.png
    (white = more), faces.png (landmarks drawn on the photo), photo.png (the prepared photo,
    metadata-free) and overlay.png (the photo with each region tinted in its own colour, and a
    legend): where the effects will move things. --json adds the light the photo shows (day,
    dusk, night) and whether its sky has stars. Paint over a wrong region with
    `vivify animate --region`.
    """
    from vivify.media.masks import write_scene
    from vivify.pipeline import ClipRequest, prepare

    with _friendly_errors():
        prepared = prepare(ClipRequest(photo=_read(photo)))
        written = write_scene(prepared.canvas.layer, prepared.scene, out_dir)
    if as_json:
        _emit_json({**prepared.scene.facts(), "files": [str(p) for p in written]})
    else:
        facts = prepared.scene.facts()
        click.echo(
            f"Wrote {len(written)} images to {out_dir}: "
            + ", ".join(f"{k} {v}" for k, v in facts.items() if k != "size")
        )


@main.command()
@click.argument("clip", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--photo",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The photo the clip was made from.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the measures as JSON.")
def score(clip: Path, photo: Path, as_json: bool) -> None:
    """Measure CLIP's quality against PHOTO, the photo it was made from.

    \b
    frame0_psnr_db       frame 0 against the photo rendered with no effects (null: identical)
    flicker              mean |difference| of consecutive frames; spread of frame brightness
    motion.MASK.ratio    optical-flow motion inside the scene mask over motion outside it
    loop_seam.ratio      last-to-first difference over the median consecutive one (<= 1.5 loops)
    face_identity_error  largest mean change of a face outside its eyes and mouth (0..1)
    audio                integrated loudness (LUFS), true peak (dBTP), durations
    """
    from vivify.score import score_clip

    with _friendly_errors():
        if not clip.is_file():
            raise VivifyError(f"No such file: {clip}")
        result = score_clip(clip, _read(photo))
    if as_json:
        _emit_json(result)
        return
    click.echo(f"frame 0 PSNR: {result['frame0_psnr_db'] or 'identical'} dB")
    flick = result["flicker"]
    click.echo(
        f"flicker: {flick['mean_abs_diff']} mean step, {flick['brightness_std']} brightness std"
    )
    for name, facts in result["motion"].items():
        if facts.get("ratio") is not None:
            click.echo(
                f"motion in {name}: {facts['ratio']}x outside ({facts['coverage']:.0%} of photo)"
            )
    click.echo(f"loop seam: {result['loop_seam']['ratio']}x the median step")
    if result["face_identity_error"] is not None:
        click.echo(f"face identity error: {result['face_identity_error'] * 255:.2f}/255")
    audio = result["audio"]
    if audio.get("present"):
        click.echo(
            f"audio: {audio['integrated_lufs']} LUFS, {audio['true_peak_dbtp']} dBTP, "
            f"{audio['duration_s']} s (video {audio['video_duration_s']} s)"
        )


@main.command()
@click.argument("video", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option(
    "--resolver",
    metavar="URL",
    help="A C2PA soft-binding service to ask for the manifest when this installation has none "
    "for the watermark: another vivify's https://HOST/c2pa/v1.",
)
@click.pass_obj
def verify(settings: Settings, video: Path, as_json: bool, resolver: str | None) -> None:
    """Check what VIDEO proves about where it came from.

    \b
    c2pa        Content Credentials: Trusted (unchanged, signed by a certificate this
                installation trusts), Valid (unchanged, signer not trusted), Invalid
                (changed after signing; failure codes say how) or None (no credentials)
    watermark   the invisible watermark's payload, if the pixels carry one
    recovered   when the credentials were stripped (a re-shared copy), the original manifest
                found through the watermark: in this installation's store, or from the
                soft-binding service --resolver names, and whether it describes this video
    proves      one plain sentence per finding: what it proves and what it does not
    """
    from vivify.provenance.clip import verify as verify_clip

    with _friendly_errors():
        if not video.is_file():
            raise VivifyError(f"No such file: {video}")
        result = verify_clip(video, settings.data_dir, settings.database_url, resolver)
    if as_json:
        _emit_json(result)
        return
    for sentence in result["proves"]:
        click.echo(sentence)
    label = {True: "yes", False: "no", None: "unknown"}[result["ai_generated"]]
    click.echo(f"AI-generated: {label}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Clips rendered at once (each takes a CPU core or two).",
)
@click.pass_obj
def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Run vivify as a service: accounts, drafts, 24-hour stories, verify (HTTP API).

    Everything lives in the data folder: a SQLite database (WAL), the media and the signing
    credentials. Clips are rendered by a pool of worker threads in the same process, and the
    expiry sweep runs inside it too, so it needs no other server and no scheduler.

    \b
    Open http://127.0.0.1:8000/docs for the API and its documentation.
    Stop it with Ctrl-C (jobs still running are queued again at the next start).
    """
    from vivify.service.server import run_server

    with _friendly_errors():
        run_server(settings, host=host, port=port, workers=workers)


@main.command()
@click.option(
    "--queues",
    default="cpu",
    show_default=True,
    help="Queues to take jobs from: cpu (the motion engine), gpu (diffusion), or both: cpu,gpu.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Clips rendered at once (a process each).",
)
@click.pass_obj
def worker(settings: Settings, queues: str, concurrency: int) -> None:
    """Render clips for `vivify serve` on this machine: a Celery worker over Redis.

    Needs the same settings as the server, a shared database and data folder (database_url,
    data_dir) and the broker (broker_url, e.g. redis://redis-host:6379/0). Jobs are claimed in
    the database, so a job sent twice, or to two workers, makes one clip; a worker killed in the
    middle of a render has its job finished by another. See docs/deploy.md.
    """
    from vivify.service.queue import run_worker
    from vivify.service.server import service_config

    with _friendly_errors():
        if not settings.broker_url:
            raise VivifyError(
                "vivify worker needs a broker: set broker_url (VIVIFY_BROKER_URL), "
                "e.g. redis://localhost:6379/0."
            )
        names = [q.strip() for q in queues.split(",") if q.strip()]
        unknown = sorted(set(names) - {"cpu", "gpu"})
        if unknown or not names:
            raise VivifyError(f"Unknown queue '{(unknown or [''])[0]}': use cpu, gpu or cpu,gpu.")
        run_worker(service_config(settings, concurrency), names, concurrency)


@main.command()
@click.argument("kind", type=click.Choice(["photo", "prompt", "video"]))
@click.argument("value", metavar="INPUT")
@click.option("--json", "as_json", is_flag=True, help="Print the decision record as JSON.")
@click.pass_obj
def moderate(settings: Settings, kind: str, value: str, as_json: bool) -> None:
    """Run one moderation gate on INPUT and show its decision.

    \b
    vivify moderate photo PHOTO     nudity (NudeNet's bundled detector); counts faces
    vivify moderate prompt "TEXT"   the prompt policy, in five languages
    vivify moderate video CLIP      nudity in frames sampled at 2 fps or more, the visible
                                    badge on every sampled frame, and the watermark

    Exits 0 when the input is allowed, 3 when a gate blocks it (1 for bad input). The record
    (allowed, stage, categories, evidence, model and policy versions, time, sentence) is
    described in docs/moderation.md.
    """
    from vivify.moderation.gates import Gates, ModerationBlocked

    gates = Gates(records=None)
    with _friendly_errors():
        policy = settings.load_policy()
        try:
            if kind == "photo":
                from vivify.intake import read_photo
                from vivify.moderation.photo import check_photo

                photo = read_photo(_read(Path(value)))
                gates.check("photo", check_photo, photo.pixels, policy)
            elif kind == "prompt":
                from vivify.moderation.prompt import check_prompt

                gates.check("prompt", check_prompt, value, policy)
            else:
                from vivify.moderation.video import check_video
                from vivify.provenance.credentials import watermark_key

                _readable_video(Path(value))  # bad input is exit 1, not a block
                key = watermark_key(settings.data_dir, create=False)  # this instance's marks
                gates.check("video", check_video, Path(value), policy, key=key)
        except ModerationBlocked:
            pass
    decision = gates.decisions[-1]
    if as_json:
        click.echo(decision.model_dump_json(indent=2))
    else:
        click.echo(decision.sentence)
    if not decision.allowed:
        sys.exit(ModerationBlocked.exit_code)


@main.command("effects")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
def effects_cmd(as_json: bool) -> None:
    """List the effects a plan can use, with their versions and parameters."""
    from vivify.effects import catalogue as effect_catalogue

    catalogue = effect_catalogue()
    if as_json:
        _emit_json(catalogue)
        return
    for name, info in catalogue.items():
        click.echo(f"{name} {info['version']}: {info['summary']}")
        params: dict[str, dict[str, Any]] = info["params"]
        for pname, p in params.items():
            click.echo(f"    {pname}={p['default']}  ({p['min']}..{p['max']}) {p['doc']}")


def help_pages() -> dict[str, str]:
    """The `--help` text of every command, as `docs/cli.md` embeds it (kept current by a test)."""
    from click.testing import CliRunner

    pages = {}
    for name in ["", *sorted(main.commands)]:
        args = [name, "--help"] if name else ["--help"]
        result = CliRunner().invoke(main, args, prog_name="vivify", terminal_width=100)
        pages[f"vivify {name}".strip()] = result.output
    return pages
