"""The HTTP API of `vivify serve` (FastAPI; OpenAPI docs at `/docs`).

Signing in gives a session cookie (HttpOnly, SameSite=Lax) and a CSRF token: a request that
changes something and comes with the cookie must carry the token in `X-CSRF-Token`. Programs use
a bearer token instead (`POST /api/tokens`), which needs no CSRF token.

Every refusal is a 4xx with a body `{"detail": "<one sentence>"}`; a blocked request also names
the gate (`stage`) and the draft it was recorded under.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, File, Form, Query, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from vivify import __version__, limits
from vivify.errors import VivifyError
from vivify.provenance import softbinding
from vivify.service.core import (
    Blocked,
    Forbidden,
    NotFound,
    Service,
    ServiceError,
    Unauthorized,
    Unprocessable,
    draft_json,
    story_json,
)
from vivify.service.media import PHOTO, MediaUnavailable, TooLarge
from vivify.service.store import Account

log = logging.getLogger("vivify.service")

SESSION_COOKIE = "vivify_session"
CSRF_COOKIE = "vivify_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
MAX_VERIFY_BYTES = 500 * 1024 * 1024  # a video given to verify
MAX_FORM_OVERHEAD = 2 * 1024 * 1024  # a form's other fields and boundaries
MAX_JSON_BYTES = 64 * 1024
CHUNK = 1 << 20

ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]


def _too_large(limit: int) -> str:
    if limit < 1024 * 1024:
        return f"The request body is larger than {limit // 1024} KB."
    return f"The request body is larger than {limit // (1024 * 1024)} MB."


def body_limit(path: str) -> int:
    """The most a request to `path` may send: a photo upload, a video to verify, or JSON."""
    if path in ("/api/drafts", "/api/photos"):
        return limits.MAX_PHOTO_BYTES + MAX_FORM_OVERHEAD
    if path.startswith("/api/drafts/") and path.endswith("/make"):
        return limits.MAX_PLAN_BYTES + MAX_JSON_BYTES
    if path == "/api/verify":
        return MAX_VERIFY_BYTES + MAX_FORM_OVERHEAD
    if path == f"{softbinding.PREFIX}/matches/byContent":
        return MAX_VERIFY_BYTES
    return MAX_JSON_BYTES


class LimitBody:
    """Refuse a body longer than its route allows while it streams in (a Content-Length that
    says so is refused before a byte is read), so an upload never fills memory or disk."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[Any]],
        send: Callable[[Any], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            response = JSONResponse({"detail": _too_large(limit)}, status_code=413)
            await response(scope, receive, send)
            return
        seen = 0
        over = False  # the body passed its limit: the app is told the client left
        started = False

        async def counted() -> Any:
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Any) -> None:
            nonlocal started
            if over:  # whatever the app answers to a cut-off body, the answer is 413
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not over:
                raise
        if over and not started:
            response = JSONResponse({"detail": _too_large(limit)}, status_code=413)
            await response(scope, receive, send)


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class Consent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    training: bool


class PublishRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    visibility: Literal["followers", "everyone"] = "followers"


class Wish(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(default="", max_length=limits.MAX_PROMPT)


class MakeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: dict[str, Any]
    people_consent: bool = False


class Password(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str = Field(max_length=1024)


def viewer(request: Request) -> Account:
    """Who is asking: a bearer token, or a session cookie (with its CSRF token on changes)."""
    service: Service = request.app.state.service
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        found = service.credential(header[7:].strip(), "api")
        if found is None:
            raise Unauthorized("The bearer token is unknown or has expired.")
        return found.account
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise Unauthorized("Sign in first (a session cookie or a bearer token).")
    found = service.credential(cookie, "session")
    if found is None:
        raise Unauthorized("The session has ended; sign in again.")
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not found.csrf or not secrets.compare_digest(sent, found.csrf):
            raise Forbidden(f"The request needs the session's CSRF token in {CSRF_HEADER}.")
    return found.account


Viewer = Annotated[Account, Depends(viewer)]


def create_app(service: Service, *, run_jobs: bool = True) -> FastAPI:
    """The API over `service`. With `run_jobs`, the app's lifespan runs the worker pool and the
    expiry sweep; tests that drive jobs themselves pass False."""

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        from vivify.service.jobs import JobRunner

        # With a broker, Celery workers render (`vivify worker`); else threads in this process.
        in_process = run_jobs and service.config.broker_url is None
        runner = JobRunner(service, service.config.workers) if in_process else None
        sweeper = asyncio.create_task(_sweep_forever(service)) if run_jobs else None
        if runner is not None:
            runner.start()
        try:
            yield
        finally:
            if sweeper is not None:
                sweeper.cancel()
            if runner is not None:
                await run_in_threadpool(runner.stop)

    app = FastAPI(
        title="vivify",
        version=__version__,
        summary="Photos brought to life as labelled, moderated stories that vanish in 24 hours.",
        lifespan=lifespan,
    )
    app.state.service = service

    # --- errors: always a 4xx with one sentence (a 500 only for a bug, and it says so)
    @app.exception_handler(ServiceError)
    async def service_error(_: Request, exc: ServiceError) -> JSONResponse:
        body: dict[str, Any] = {"detail": str(exc)}
        if isinstance(exc, Blocked):
            body.update(blocked=True, stage=exc.stage, draft=exc.draft_id)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(body, status_code=exc.status, headers=headers)

    @app.exception_handler(TooLarge)
    async def too_large(_: Request, exc: TooLarge) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=413)

    @app.exception_handler(MediaUnavailable)
    async def media_unavailable(_: Request, exc: MediaUnavailable) -> JSONResponse:
        log.error("media store: %s", exc)
        detail = "The media store is not reachable at the moment; try again shortly."
        return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "30"})

    @app.exception_handler(VivifyError)
    async def vivify_error(_: Request, exc: VivifyError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _sentence(exc.errors())}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": str(exc.detail)}, status_code=exc.status_code)

    def run(fn: Callable[..., Any], *args: Any) -> Awaitable[Any]:
        return run_in_threadpool(fn, *args)

    # --- accounts
    @app.post("/api/accounts", status_code=201, tags=["accounts"])
    async def sign_up(body: Credentials, request: Request, response: Response) -> dict[str, Any]:
        """Make an account and sign in to it (a session cookie and its CSRF token)."""
        account = await run(service.sign_up, body.username, body.password)
        return _signed_in(service, account, request, response)

    @app.post("/api/session", tags=["accounts"])
    async def log_in(body: Credentials, request: Request, response: Response) -> dict[str, Any]:
        """Sign in: a session cookie, and the CSRF token to send with changes."""
        account = await run(service.log_in, body.username, body.password)
        return _signed_in(service, account, request, response)

    @app.delete("/api/session", status_code=204, tags=["accounts"])
    async def log_out(request: Request, account: Viewer) -> Response:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            service.rows.drop_credential(cookie)
        response = Response(status_code=204)
        response.delete_cookie(SESSION_COOKIE)
        response.delete_cookie(CSRF_COOKIE)
        return response

    @app.post("/api/tokens", status_code=201, tags=["accounts"])
    async def new_token(account: Viewer) -> dict[str, Any]:
        """A bearer token for programs (shown once; only its hash is kept)."""
        token, _ = service.new_credential(account, "api")
        return {"token": token, "type": "bearer"}

    @app.get("/api/me", tags=["accounts"])
    async def me(account: Viewer) -> dict[str, Any]:
        return _account_json(service, account)

    @app.put("/api/me/consent", tags=["privacy"])
    async def consent(body: Consent, account: Viewer) -> dict[str, Any]:
        """Allow or refuse AI training on your clips (off until you say so). The choice and its
        time go into the Content Credentials of clips made after it."""
        return _account_json(service, service.set_consent(account, body.training))

    @app.get("/api/me/export", tags=["privacy"])
    async def export(account: Viewer) -> StreamingResponse:
        """A zip of your photos, clips, plans and moderation decisions."""
        data = await run(lambda: b"".join(service.export(account)))
        name = f"vivify-{account.username}.zip"
        return StreamingResponse(
            iter([data]),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.delete("/api/me", status_code=204, tags=["privacy"])
    async def delete_me(body: Password, account: Viewer) -> Response:
        """Delete your account and everything of it, at once (your password confirms it)."""
        await run(service.delete_account, account, body.password)
        response = Response(status_code=204)
        response.delete_cookie(SESSION_COOKIE)
        response.delete_cookie(CSRF_COOKIE)
        return response

    @app.put("/api/follows/{username}", status_code=204, tags=["accounts"])
    async def follow(username: str, account: Viewer) -> Response:
        service.follow(account, username)
        return Response(status_code=204)

    @app.delete("/api/follows/{username}", status_code=204, tags=["accounts"])
    async def unfollow(username: str, account: Viewer) -> Response:
        service.unfollow(account, username)
        return Response(status_code=204)

    # --- drafts
    @app.post("/api/drafts", status_code=202, tags=["drafts"])
    async def create_draft(
        request: Request,
        account: Viewer,
        photo: Annotated[UploadFile, File(description="JPEG, PNG, WebP or HEIC")],
        prompt: Annotated[str | None, Form(max_length=limits.MAX_PROMPT)] = None,
        plan: Annotated[str | None, Form(description="a plan (JSON) instead of a prompt")] = None,
        duration: Annotated[str | None, Form()] = None,
        width: Annotated[str | None, Form()] = None,
        height: Annotated[str | None, Form()] = None,
        fps: Annotated[str | None, Form()] = None,
        seed: Annotated[str | None, Form()] = None,
        framing: Annotated[str | None, Form()] = None,
        loop: Annotated[str | None, Form()] = None,
        people_consent: Annotated[str | None, Form()] = None,
    ) -> dict[str, Any]:
        """Upload a photo with a prompt (or a plan). The photo and prompt gates answer at once
        (422 with the reason when they block); the clip is then rendered by a job, whose state
        `GET /api/drafts/{id}` and `/events` report."""
        fields: dict[str, object] = {
            "prompt": prompt,
            "plan": plan,
            "duration": duration,
            "width": width,
            "height": height,
            "fps": fps,
            "seed": seed,
            "framing": framing,
            "loop": loop,
            "people_consent": people_consent,
        }
        form = await request.form()
        # Fields FastAPI does not know it drops; hand them on, and the service refuses them.
        fields.update({k: v for k, v in form.items() if k not in fields and k != "photo"})
        if len([v for k, v in form.multi_items() if k == "photo"]) != 1:
            raise Unprocessable("Send exactly one photo.")
        chunks = _chunks(photo)
        draft = await run(service.create_draft, account, chunks, fields)
        return draft_json(draft)

    @app.post("/api/photos", status_code=201, tags=["drafts"])
    async def add_photo(
        account: Viewer,
        photo: Annotated[UploadFile, File(description="JPEG, PNG, WebP or HEIC")],
    ) -> dict[str, Any]:
        """Step one of making a story in steps (the web app's flow): the photo, checked at
        once, kept as a new draft with a preview and an overlay of what vivify sees in it.
        Then `POST /api/drafts/{id}/plan` and `/make`."""
        return await run(service.add_photo, account, _chunks(photo))

    @app.post("/api/drafts/{draft_id}/plan", tags=["drafts"])
    async def plan(draft_id: str, body: Wish, account: Viewer) -> dict[str, Any]:
        """The plan vivify makes for the photo and the wish (after the prompt gate), to show
        and edit before making; an empty wish animates what the photo shows."""
        return await run(service.plan_for, account, draft_id, body.prompt)

    @app.post("/api/drafts/{draft_id}/make", status_code=202, tags=["drafts"])
    async def make(draft_id: str, body: MakeRequest, account: Viewer) -> dict[str, Any]:
        """Render the draft with this plan (as `/plan` gave it, edited)."""
        draft = await run(service.make, account, draft_id, body.plan, body.people_consent)
        return draft_json(draft)

    @app.get("/api/drafts/{draft_id}/preview", tags=["drafts"])
    async def draft_preview(draft_id: str, account: Viewer) -> Response:
        """The photo as a JPEG without metadata (HEIC too), for its owner."""
        kind = "image/jpeg"
        return _file(await run(service.photo_target, account, draft_id, "preview.jpg", kind), kind)

    @app.get("/api/drafts/{draft_id}/overlay", tags=["drafts"])
    async def draft_overlay(draft_id: str, account: Viewer) -> Response:
        """What vivify sees in the photo: sky, water, plants and people, tinted (PNG)."""
        kind = "image/png"
        return _file(await run(service.photo_target, account, draft_id, "overlay.png", kind), kind)

    @app.get("/api/effects", tags=["drafts"])
    async def effects() -> dict[str, Any]:
        """The effects a plan can use, with their parameters' ranges."""
        return effect_catalogue()

    @app.get("/api/me/stories", tags=["stories"])
    async def my_stories(account: Viewer) -> list[dict[str, Any]]:
        """The stories you have posted that are still up, with their remaining time."""
        now = service.now()
        return [
            story_json(s, now) for s in service.rows.stories_of(account.id) if s.expires_at > now
        ]

    @app.get("/api/drafts", tags=["drafts"])
    async def my_drafts(account: Viewer) -> list[dict[str, Any]]:
        return [draft_json(d) for d in service.rows.drafts_of(account.id)]

    @app.get("/api/drafts/{draft_id}", tags=["drafts"])
    async def get_draft(draft_id: str, account: Viewer) -> dict[str, Any]:
        return draft_json(service.own_draft(account, draft_id))

    @app.get("/api/drafts/{draft_id}/events", tags=["drafts"])
    async def draft_events(draft_id: str, request: Request, account: Viewer) -> StreamingResponse:
        """The job's state as server-sent events (`event: state`), until it ends."""
        service.own_draft(account, draft_id)

        async def events() -> AsyncIterator[bytes]:
            last = None
            while not await request.is_disconnected():
                draft = service.rows.draft(draft_id)
                if draft is None:
                    yield b'event: gone\ndata: {"detail": "The draft was deleted."}\n\n'
                    return
                state = json.dumps(draft_json(draft))
                if state != last:
                    last = state
                    yield f"event: state\ndata: {state}\n\n".encode()
                if draft.finished:
                    return
                await asyncio.sleep(0.25)

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    @app.post("/api/drafts/{draft_id}/cancel", tags=["drafts"])
    async def cancel(draft_id: str, account: Viewer) -> dict[str, Any]:
        return draft_json(service.cancel(account, draft_id))

    @app.delete("/api/drafts/{draft_id}", status_code=204, tags=["drafts"])
    async def delete_draft(draft_id: str, account: Viewer) -> Response:
        await run(service.delete_draft, account, draft_id)
        return Response(status_code=204)

    @app.get("/api/drafts/{draft_id}/video", tags=["drafts"])
    async def draft_video(draft_id: str, account: Viewer) -> Response:
        """The finished clip, for its owner's preview (range requests work)."""
        return _video(await run(service.clip_target, account, draft_id))

    @app.get("/api/drafts/{draft_id}/photo", tags=["drafts"])
    async def draft_photo(draft_id: str, account: Viewer) -> Response:
        """The photo as uploaded: to its owner only."""
        draft = service.own_draft(account, draft_id)
        media = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
        kind = media.get(draft.photo_format, "image/heif")
        return _file(await run(service.photo_target, account, draft_id, PHOTO, kind), kind)

    @app.post("/api/drafts/{draft_id}/publish", status_code=201, tags=["stories"])
    async def publish(
        draft_id: str, account: Viewer, body: PublishRequest | None = None
    ) -> dict[str, Any]:
        """Run the publish gate on the stored clip and post it as a story for 24 hours."""
        visibility = body.visibility if body else "followers"
        story = await run(service.publish, account, draft_id, visibility)
        return {**story_json(story, service.now()), "provenance": story.report}

    # --- stories
    @app.get("/api/feed", tags=["stories"])
    async def feed(account: Viewer) -> list[dict[str, Any]]:
        """Active stories of the accounts you follow, and your own, newest first."""
        now = service.now()
        return [story_json(s, now) for s in service.rows.feed(account.id, now)]

    @app.get("/api/stories/{story_id}", tags=["stories"])
    async def get_story(story_id: str, account: Viewer) -> dict[str, Any]:
        """A story and its provenance report (what its Content Credentials prove)."""
        story = service.story(account, story_id)
        return {**story_json(story, service.now()), "provenance": story.report}

    @app.get("/api/stories/{story_id}/video", tags=["stories"])
    async def story_video(story_id: str, account: Viewer) -> Response:
        """The story's clip; HTTP range requests let a player seek. With media in object
        storage, a redirect (307) to a signed URL valid for five minutes, which serves the
        ranges itself."""
        return _video(await run(service.story_target, account, story_id))

    @app.delete("/api/stories/{story_id}", status_code=204, tags=["stories"])
    async def delete_story(story_id: str, account: Viewer) -> Response:
        await run(service.delete_story, account, story_id)
        return Response(status_code=204)

    # --- verify
    @app.post("/api/verify", tags=["verify"])
    async def verify_upload(
        video: Annotated[UploadFile, File(description="any video")],
    ) -> dict[str, Any]:
        """The provenance report of any video: its Content Credentials, the watermark, and the
        original manifest found through the watermark when the credentials were stripped."""
        return await run(_verify_upload, service, video)

    # --- the C2PA Soft Binding Resolution API, for this instance's own watermarks
    @app.get(f"{softbinding.PREFIX}/services/supportedAlgorithms", tags=["c2pa"])
    async def supported_algorithms() -> dict[str, Any]:
        """The soft-binding algorithms this service resolves: vivify's watermark."""
        return softbinding.supported()

    @app.get(f"{softbinding.PREFIX}/matches/byBinding", tags=["c2pa"])
    async def matches_by_binding(
        alg: str, value: str, max_results: Annotated[int, Query(alias="maxResults")] = 10
    ) -> dict[str, Any]:
        """The manifests whose soft binding has this value: for `org.vivify.watermark.2` (keyed)
        and `.1` alike, the 32-bit payload as 4 bytes, big-endian, in base64."""
        return await run(_matches, service, alg, value, max_results)

    @app.post(f"{softbinding.PREFIX}/matches/byBinding", tags=["c2pa"])
    async def matches_by_large_binding(
        query: SoftBindingQuery, max_results: Annotated[int, Query(alias="maxResults")] = 10
    ) -> dict[str, Any]:
        """The same query as the GET, with the value in a JSON body."""
        return await run(_matches, service, query.alg, query.value, max_results)

    @app.post(f"{softbinding.PREFIX}/matches/byContent", tags=["c2pa"])
    async def matches_by_content(request: Request) -> dict[str, Any]:
        """The manifests of the clip whose watermark the video in the body carries, read here
        with this instance's secret key: how a stranger without the key asks."""
        name = await _spooled(request, service)
        try:
            return await run(_matches_by_content, service, name)
        finally:
            name.unlink(missing_ok=True)

    @app.get(f"{softbinding.PREFIX}/manifests/{{manifest_id:path}}", tags=["c2pa"])
    async def manifest_by_id(manifest_id: str) -> Response:
        """The signed C2PA manifest store with this identifier (`application/c2pa`), for any
        C2PA reader to validate."""
        data = await run(softbinding.manifest, service.manifests, manifest_id)
        if data is None:
            raise NotFound("No manifest with that identifier is kept here.")
        return Response(data, media_type=softbinding.MEDIA_TYPE)

    @app.get("/api/health", tags=["service"])
    async def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    from vivify.web.pages import mount_web

    mount_web(app, service)
    app.add_middleware(LimitBody)
    return app


_PRIVATE = {"Cache-Control": "private, no-store"}


def effect_catalogue() -> dict[str, Any]:
    """The effect catalogue, each effect saying whether it animates faces."""
    from vivify.effects import catalogue
    from vivify.moderation.photo import face_effects

    faces = face_effects()
    return {name: {**info, "faces": name in faces} for name, info in catalogue().items()}


def _chunks(upload: UploadFile) -> Any:
    while True:
        chunk = upload.file.read(CHUNK)
        if not chunk:
            return
        yield chunk


class SoftBindingQuery(BaseModel):
    """A soft-binding query (C2PA Soft Binding Resolution API, `c2pa.softBindingQuery`)."""

    model_config = ConfigDict(extra="ignore")
    alg: str = Field(max_length=200)
    value: str = Field(max_length=1024)


def _temp_video(service: Service) -> tuple[int, str]:
    """A new private file for a video sent in, in the data folder's tmp/."""
    folder = service.config.data_dir / "tmp"
    folder.mkdir(exist_ok=True, mode=0o700)
    return tempfile.mkstemp(dir=folder, suffix=".video")


def _counted(size: int, chunk: bytes) -> int:
    """`size` with `chunk` added; TooLarge past the most a video sent in may be."""
    size += len(chunk)
    if size > MAX_VERIFY_BYTES:
        raise TooLarge("The video is larger than 500 MB.")
    return size


async def _spooled(request: Request, service: Service) -> Path:
    """The request's body in a private temporary file (the caller removes it)."""
    fd, name = _temp_video(service)
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in request.stream():
                size = _counted(size, chunk)
                out.write(chunk)
        if size == 0:
            raise ServiceError("The body is empty: send the video itself.")
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _matches_by_content(service: Service, video: Path) -> dict[str, Any]:
    from vivify.provenance.credentials import watermark_key

    key = watermark_key(service.config.data_dir, create=False)
    try:
        return softbinding.matches_by_content(service.manifests, video, key)
    except VivifyError:
        raise
    except Exception as exc:  # a body no reader understands
        reason = type(exc).__name__
        raise ServiceError(f"The body is not a video that can be read ({reason}).") from None


def _matches(service: Service, alg: str, value: str, max_results: int) -> dict[str, Any]:
    try:
        return softbinding.matches(service.manifests, alg, value, max_results)
    except softbinding.SoftBindingError as exc:
        raise ServiceError(str(exc)) from None


def _verify_upload(service: Service, upload: UploadFile) -> dict[str, Any]:
    from vivify.provenance.clip import verify

    fd, name = _temp_video(service)
    try:
        size = 0
        with os.fdopen(fd, "wb") as out:
            for chunk in _chunks(upload):
                size = _counted(size, chunk)
                out.write(chunk)
        if size == 0:
            raise ServiceError("The upload is empty.")
        try:
            report = verify(Path(name), service.config.data_dir, service.config.database_url)
            report.pop("file", None)  # the upload's temporary path on this server
            return report
        except VivifyError:
            raise
        except Exception as exc:  # a file no reader understands
            raise ServiceError(
                f"The file could not be read as a video ({type(exc).__name__})."
            ) from None
    finally:
        Path(name).unlink(missing_ok=True)


def _video(target: Path | str) -> Response:
    return _file(target, "video/mp4", {"Cache-Control": "private, max-age=3600"})


def _file(target: Path | str, media_type: str, headers: dict[str, str] | None = None) -> Response:
    """A stored file: from this server's disk (with range requests), or a redirect to its
    signed URL in the object store, which the client follows (the URL is not cached: it
    expires)."""
    if isinstance(target, str):
        return RedirectResponse(target, status_code=307, headers={"Cache-Control": "no-store"})
    headers = {**_PRIVATE, **(headers or {}), "Accept-Ranges": "bytes"}
    return FileResponse(target, media_type=media_type, headers=headers)


def _signed_in(
    service: Service, account: Account, request: Request, response: Response
) -> dict[str, Any]:
    token, csrf = service.new_credential(account, "session")
    age = int(service.config.session_lifetime.total_seconds())
    # Secure (sent over HTTPS only) when the request came over HTTPS, directly or through a
    # proxy on this machine (uvicorn reads its X-Forwarded-Proto), or when the config says so.
    secure = service.config.secure_cookies or request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE, token, max_age=age, httponly=True, samesite="lax", secure=secure
    )
    response.set_cookie(CSRF_COOKIE, csrf or "", max_age=age, samesite="lax", secure=secure)
    return {**_account_json(service, account), "csrf_token": csrf}


def _account_json(service: Service, account: Account) -> dict[str, Any]:
    return {
        "username": account.username,
        "created_at": account.created_at.isoformat(),
        "training_consent": account.training_consent,
        "training_consent_at": (
            account.training_consent_at.isoformat() if account.training_consent_at else None
        ),
        "following": service.rows.following(account.id),
    }


def _sentence(errors: Any) -> str:
    """The first validation problem as one sentence."""
    if not errors:
        return "The request is not valid."
    error = errors[0]
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path"))
    kind = error.get("type", "")
    if kind == "missing":
        return f"The request needs '{where}'."
    if kind == "extra_forbidden":
        return f"The request has a field vivify does not know: '{where}'."
    if kind in ("json_invalid", "model_attributes_type"):
        return "The request body is not the JSON object this endpoint takes."
    message = str(error.get("msg", "is not valid"))
    return f"'{where}': {message[0].lower() + message[1:]}." if where else f"{message}."


async def _sweep_forever(service: Service) -> None:
    """The expiry sweep on its own schedule inside the server: no external scheduler."""
    while True:
        try:
            done = await run_in_threadpool(service.sweep)
            if any(done.values()):
                log.info("sweep: %s", done)
        except Exception:  # the next round tries again
            log.exception("the expiry sweep failed")
        await asyncio.sleep(service.config.sweep_every)
