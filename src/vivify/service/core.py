"""What the service does, apart from HTTP: accounts, drafts and their jobs, publishing, stories,
expiry and privacy. The web layer (`vivify.service.app`) turns requests into these calls and
`ServiceError`s into 4xx answers; the job runner (`vivify.service.jobs`) renders through the
same one entry point as the CLI, `vivify.pipeline.make_clip`.

Every rule about who may see what is here, in one place:
- a draft, its photo and its clip are its owner's only (to anyone else it does not exist);
- a story is seen by its owner, by any account when it is for everyone, and by the owner's
  followers when it is for followers;
- the original photo is never served to anyone but its owner.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from vivify import limits
from vivify.engines.base import ENGINES
from vivify.errors import VivifyError
from vivify.moderation.decision import Decision
from vivify.moderation.policy import Policy, default_policy
from vivify.moderation.records import DecisionStore
from vivify.provenance.clip import Provenance
from vivify.provenance.credentials import SigningConfig
from vivify.provenance.store import ABANDONED, ManifestStore
from vivify.service.media import CLIP, PHOTO, open_media
from vivify.service.store import (
    Account,
    Credential,
    Draft,
    ServiceStore,
    Status,
    Story,
    Visibility,
    new_id,
)

if TYPE_CHECKING:
    from vivify.engines import Engine
    from vivify.engines.diffusion import DiffusionConfig
    from vivify.moderation.decision import Stage
    from vivify.moderation.gates import ModerationBlocked
    from vivify.request import ClipRequest
    from vivify.types import RGB

Clock = Callable[[], dt.datetime]
log = logging.getLogger("vivify.service")
USERNAME = r"[a-z0-9][a-z0-9_.-]{2,31}"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ServiceError(VivifyError):
    """A request the service refuses, with the HTTP status that says why."""

    status = 400


class NotFound(ServiceError):
    status = 404


class Unauthorized(ServiceError):
    status = 401


class Forbidden(ServiceError):
    status = 403


class Conflict(ServiceError):
    status = 409


class Unprocessable(ServiceError):
    status = 422


class RateLimited(ServiceError):
    status = 429


class Blocked(ServiceError):
    """A gate said no: the body carries its one sentence and the draft it is recorded under."""

    status = 422

    def __init__(self, sentence: str, stage: str, draft_id: str | None = None) -> None:
        super().__init__(sentence)
        self.stage = stage
        self.draft_id = draft_id


@dataclass(frozen=True)
class ServiceConfig:
    """How the service runs: where it keeps things and its limits. Built from `Settings` at
    the edge (`vivify serve`); tests build it directly, with a clock they move."""

    data_dir: Path
    policy: Policy = field(default_factory=default_policy)
    signing: SigningConfig | None = None
    clock: Clock = utc_now
    workers: int = 1
    story_lifetime: dt.timedelta = dt.timedelta(hours=24)
    draft_lifetime: dt.timedelta = dt.timedelta(hours=24)
    session_lifetime: dt.timedelta = dt.timedelta(days=30)
    token_lifetime: dt.timedelta = dt.timedelta(days=365)
    max_drafts_per_hour: int = 30
    sweep_every: float = 60.0  # seconds between expiry sweeps
    secure_cookies: bool = False  # set behind HTTPS (cookies then need a secure channel)
    database_url: str | None = None  # default: the SQLite file in the data folder
    # Render on Celery workers over this broker (redis://...) instead of threads in the server.
    broker_url: str | None = None
    # Media in an S3-compatible bucket (s3://bucket/prefix) instead of the data folder; the
    # store's address from here, and as browsers reach it when that differs.
    media_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_public_url: str | None = None
    # The diffusion engine: its weights folder (on the machines that render with it; web nodes
    # need it set to accept diffusion jobs) and how it runs. Unset: diffusion jobs are refused.
    diffusion: DiffusionConfig | None = None
    # A running job whose worker shows no sign of life for this long is taken by another.
    lease: dt.timedelta = dt.timedelta(minutes=2)
    # A job still queued after this long has its message sent again (Redis may have lost it).
    resend_after: dt.timedelta = dt.timedelta(minutes=10)

    @property
    def url(self) -> str:
        from vivify.db import default_url

        return self.database_url or default_url(self.data_dir)


class Service:
    """The service's state: its stores, its media and its configuration."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.rows = ServiceStore(config.url)
        self.decisions = DecisionStore(config.url)
        self.manifests = ManifestStore(config.url)
        self.media = open_media(
            config.data_dir, config.media_url, config.s3_endpoint_url, config.s3_public_url
        )
        self.wake = threading.Event()  # set when a job is queued
        self._engine_lock = threading.Lock()
        self._diffusion: Engine | None = None
        # Jobs this process was asked to stop: its workers see it at the next frame (a cancel
        # from another process reaches them through the database, a moment later).
        self.stopping: set[str] = set()
        self.dispatcher = None
        if config.broker_url:
            from vivify.service.queue import Dispatcher

            self.dispatcher = Dispatcher(config.broker_url)

    def close(self) -> None:
        for store in (self.rows, self.decisions, self.manifests):
            store.close()
        if self.dispatcher is not None:
            self.dispatcher.close()

    def queued(self, draft: Draft) -> None:
        """A job is in the queue: tell the workers (a message, or the in-process pool)."""
        if self.dispatcher is None:
            self.wake.set()
            return
        try:
            self.dispatcher.send(draft.id, engine_of(draft.request))
        except Exception:  # the broker is away: the job waits in the database for a resend
            log.exception("could not send job %s to the queue", draft.id)

    def resend(self) -> list[str]:
        """Send again the jobs whose message may be lost: running with a worker silent for
        longer than the lease (it died; the job is queued again), or queued for longer than
        `resend_after` (Redis lost the message). A job taken by then ignores the extra one."""
        if self.dispatcher is None:
            return []
        now = self.now()
        again = self.rows.requeue_stale(now - self.config.lease, now)
        again += self.rows.due_for_resend(now - self.config.resend_after, now)
        for draft_id in again:
            draft = self.rows.draft(draft_id)
            if draft is not None:
                self.queued(draft)
        return again

    def now(self) -> dt.datetime:
        return self.config.clock()

    # --- accounts
    def sign_up(self, username: str, password: str) -> Account:
        import re

        from vivify.service.passwords import hash_password

        if not re.fullmatch(USERNAME, username):
            raise Unprocessable(
                "A username has 3 to 32 characters: lowercase letters, digits, '.', '_' or '-', "
                "starting with a letter or digit."
            )
        _check_password(password)
        try:
            return self.rows.create_account(username, hash_password(password), self.now())
        except ValueError:
            raise Conflict(f"The username '{username}' is taken.") from None

    def log_in(self, username: str, password: str) -> Account:
        from vivify.service.passwords import check_password, needs_rehash

        account = self.rows.account_by_name(username)
        # The same work whether or not the account exists, so timing tells nothing.
        if not check_password(account.password_hash if account else None, password):
            raise Unauthorized("The username or the password is wrong.")
        assert account is not None
        if needs_rehash(account.password_hash):
            from vivify.service.passwords import hash_password

            self.rows.set_password_hash(account.id, hash_password(password))
        return account

    def new_credential(self, account: Account, kind: str) -> tuple[str, str | None]:
        lifetime = self.config.session_lifetime if kind == "session" else self.config.token_lifetime
        return self.rows.add_credential(account.id, kind, self.now(), lifetime)

    def credential(self, token: str, kind: str) -> Credential | None:
        return self.rows.credential(token, kind, self.now())

    def account_named(self, username: str) -> Account:
        account = self.rows.account_by_name(username)
        if account is None:
            raise NotFound(f"There is no account '{username}'.")
        return account

    def follow(self, follower: Account, username: str) -> None:
        followee = self.account_named(username)
        if followee.id == follower.id:
            raise Unprocessable("You can't follow yourself.")
        self.rows.follow(follower.id, followee.id, self.now())

    def unfollow(self, follower: Account, username: str) -> None:
        self.rows.unfollow(follower.id, self.account_named(username).id)

    def set_consent(self, account: Account, consent: bool) -> Account:
        self.rows.set_consent(account.id, consent, self.now())
        updated = self.rows.account(account.id)
        assert updated is not None
        return updated

    def delete_account(self, account: Account, password: str) -> None:
        """Everything of the account, at once: rows, files, decisions and stories. What stays
        is each clip's manifest record by watermark payload (no photo, no pixels)."""
        from vivify.service.passwords import check_password

        if not check_password(account.password_hash, password):
            raise Forbidden("The password is wrong; the account was not deleted.")
        for draft_id in self.rows.delete_account(account.id):
            self._forget_files(draft_id)

    # --- drafts
    def create_draft(
        self,
        account: Account,
        photo: Iterable[bytes],
        fields: dict[str, Any],
    ) -> Draft:
        """Store the photo, check the request, run the photo and prompt gates at once, and
        queue the render. A blocked request is kept as a blocked draft (without its photo)
        and raised as `Blocked`."""
        from vivify.moderation.prompt import check_prompt

        self._check_rate(account)
        draft_id = new_id()
        with self._new_draft(draft_id):
            data = self._save_photo(draft_id, photo)
            fields = self._fields(fields)
            request = _request(data, fields)
            picture = _decode(data)
            blocked = partial(self._blocked, account, draft_id, fields, picture.source_format)
            self._gate(draft_id, "photo", blocked, picture.pixels)
            prompt = request.plan.prompt if request.plan else request.prompt
            self._gate(draft_id, "prompt", blocked, prompt, check=check_prompt)
            draft = self._add(account, draft_id, fields, picture.source_format)
        self.queued(draft)
        return draft

    def add_photo(self, account: Account, photo: Iterable[bytes]) -> dict[str, Any]:
        """The first step of the web app's flow: store the photo as a new draft, run the photo
        gate at once, and keep a preview (a JPEG any browser shows, HEIC included, without its
        metadata) and an overlay of what vivify sees in it."""
        self._check_rate(account)
        draft_id = new_id()
        with self._new_draft(draft_id):
            data = self._save_photo(draft_id, photo)
            picture = _decode(data)
            blocked = partial(self._blocked, account, draft_id, {}, picture.source_format)
            decision = self._gate(draft_id, "photo", blocked, picture.pixels)
            sees, images = _preview_and_overlay(picture.pixels)
            for name, data in images.items():
                self.media.write(draft_id, name, [data], len(data))
            draft = self._add(account, draft_id, {}, picture.source_format, status="new")
        return {
            **draft_json(draft),
            "preview": f"/api/drafts/{draft.id}/preview",
            "overlay": f"/api/drafts/{draft.id}/overlay",
            "sees": sees,
            "needs_people_consent": bool(
                decision.facts.get("needs_consent_for_face_effects", False)
            ),
        }

    def plan_for(self, account: Account, draft_id: str, prompt: str) -> dict[str, Any]:
        """The plan vivify makes for the draft's photo and `prompt` (empty: what the photo
        shows), after the prompt gate; the draft stays new, so the wish can be changed."""
        from vivify.pipeline import prepare

        draft = self._new_one(account, draft_id)
        request = _request(self.media.read(draft.id, PHOTO), {"prompt": prompt})
        self._check_wish(draft.id, prompt)
        return {"plan": prepare(request).plan.model_dump(mode="json")}

    def make(
        self, account: Account, draft_id: str, plan: dict[str, Any], people_consent: bool
    ) -> Draft:
        """Queue the render of a new draft with its (edited) plan."""
        from vivify.moderation.photo import check_face_consent

        draft = self._new_one(account, draft_id)
        fields = self._fields(
            {"plan": json.dumps(plan), "people_consent": "true" if people_consent else "false"}
        )
        request = _request(self.media.read(draft.id, PHOTO), fields)
        assert request.plan is not None
        photo = [d for d in self.decisions.for_job(draft.id) if d.stage == "photo"]
        names = [spec.name for spec in request.plan.effects]
        refused = check_face_consent(photo[-1], names, people_consent) if photo else None
        if refused is not None:
            raise Unprocessable(refused.sentence)
        self._check_wish(draft.id, request.plan.prompt)
        if not self.rows.queue(draft.id, fields, self.now()):
            raise Conflict("The draft is being made already.")
        queued = self.own_draft(account, draft.id)
        self.queued(queued)
        return queued

    def _check_wish(self, draft_id: str, prompt: str) -> None:
        """The prompt gate on a new draft's wish; a block leaves the draft new, to try again."""
        from vivify.moderation.gates import Gates, ModerationBlocked
        from vivify.moderation.prompt import check_prompt

        try:
            Gates(self.decisions, job_id=draft_id).check(
                "prompt", check_prompt, prompt, self.config.policy
            )
        except ModerationBlocked as blocked:
            raise Blocked(str(blocked), "prompt", draft_id) from None

    def _new_one(self, account: Account, draft_id: str) -> Draft:
        draft = self.own_draft(account, draft_id)
        if draft.status != "new":
            raise Conflict(f"The draft is {draft.status}; start again with a new photo.")
        return draft

    def _fields(self, given: dict[str, Any]) -> dict[str, Any]:
        """The request's fields, checked; a diffusion job only where this service has one."""
        fields = _request_fields(given)
        if engine_of(fields) == "diffusion" and self.config.diffusion is None:
            raise Unprocessable(
                "This server does not make clips with the diffusion engine (no model weights "
                "are configured); use the motion engine."
            )
        return fields

    def engine_for(self, name: str) -> Engine | None:
        """The engine a job renders with, when it is not the built-in one: the diffusion model,
        loaded once per process, on its first job."""
        if name != "diffusion":
            return None
        with self._engine_lock:
            if self._diffusion is None:
                from vivify.engines.diffusion import load_engine

                if self.config.diffusion is None:
                    raise VivifyError("This worker has no diffusion weights configured.")
                self._diffusion = load_engine(self.config.diffusion)
        return self._diffusion

    def _check_rate(self, account: Account) -> None:
        since = self.now() - dt.timedelta(hours=1)
        made = self.rows.count_actions(account.id, "draft", since)
        if made >= self.config.max_drafts_per_hour:
            raise RateLimited(
                f"You have made {made} drafts in the last hour, the most allowed; try again later."
            )

    @contextlib.contextmanager
    def _new_draft(self, draft_id: str) -> Iterator[None]:
        """Whatever goes wrong before the draft has its row, its files go."""
        try:
            yield
        except BaseException:
            if self.rows.draft(draft_id) is None:
                self.media.delete(draft_id)
            raise

    def _save_photo(self, draft_id: str, photo: Iterable[bytes]) -> bytes:
        self.media.write(draft_id, PHOTO, photo, limits.MAX_PHOTO_BYTES)
        return self.media.read(draft_id, PHOTO)

    def _gate(
        self,
        draft_id: str,
        stage: Stage,
        blocked: Callable[[ModerationBlocked], NoReturn],
        *args: Any,
        check: Callable[..., Decision] | None = None,
    ) -> Decision:
        from vivify.moderation.gates import Gates, ModerationBlocked
        from vivify.moderation.photo import check_photo

        gate = check or check_photo
        try:
            return Gates(self.decisions, job_id=draft_id).check(
                stage, gate, *args, self.config.policy
            )
        except ModerationBlocked as refused:
            blocked(refused)

    def _blocked(
        self,
        account: Account,
        draft_id: str,
        fields: dict[str, Any],
        photo_format: str,
        refused: ModerationBlocked,
    ) -> NoReturn:
        """Keep a blocked request as a blocked draft without its photo, and say why."""
        self.media.delete(draft_id)
        self._add(account, draft_id, fields, photo_format, "blocked", str(refused))
        raise Blocked(str(refused), refused.decision.stage, draft_id)

    def _add(
        self,
        account: Account,
        draft_id: str,
        fields: dict[str, Any],
        photo_format: str,
        status: Status = "queued",
        reason: str = "",
    ) -> Draft:
        return self.rows.add_draft(
            draft_id,
            account.id,
            fields,
            photo_format,
            account.training_consent,
            self.now(),
            self.config.draft_lifetime,
            status=status,
            reason=reason,
        )

    def own_draft(self, account: Account, draft_id: str) -> Draft:
        """The account's draft; anyone else's is not found (not forbidden: it does not exist
        for them)."""
        draft = self.rows.draft(draft_id) if _is_id(draft_id) else None
        if draft is None or draft.account_id != account.id:
            raise NotFound("There is no such draft.")
        return draft

    def cancel(self, account: Account, draft_id: str) -> Draft:
        draft = self.own_draft(account, draft_id)
        if draft.finished:
            raise Conflict(f"The job has ended already ({draft.status}).")
        if self.rows.cancel(draft.id, self.now()) == "running":
            self.stopping.add(draft.id)
        return self.own_draft(account, draft_id)

    def delete_draft(self, account: Account, draft_id: str) -> None:
        draft = self.own_draft(account, draft_id)
        if draft.status == "running":
            self.rows.cancel(draft.id, self.now())
            self.stopping.add(draft.id)
        self.rows.delete_drafts([draft.id])
        self._forget_files(draft.id)

    def clip_target(self, account: Account, draft_id: str) -> Path | str:
        """The finished clip for its owner: a local path, or a signed URL to the store."""
        draft = self.own_draft(account, draft_id)
        if draft.status != "done":
            raise Conflict(f"The clip is not made yet ({draft.status}).")
        return self.media.target(draft.id, CLIP, "video/mp4")

    def photo_target(
        self, account: Account, draft_id: str, name: str, media_type: str
    ) -> Path | str:
        """The photo as uploaded, or its `preview.jpg` or `overlay.png`: the owner's only."""
        draft = self.own_draft(account, draft_id)
        if not self.media.exists(draft.id, name):
            raise NotFound("The photo is no longer kept (a blocked draft keeps none).")
        return self.media.target(draft.id, name, media_type)

    # --- publishing and stories
    def publish(self, account: Account, draft_id: str, visibility: Visibility) -> Story:
        """The publish gate on the stored file, then the story. Only a clip vivify made and
        its video gate passed can get here: there is no way to publish an uploaded video."""
        from vivify.moderation.publish import Account as PublishAccount
        from vivify.moderation.publish import check_publish
        from vivify.provenance.clip import verify

        draft = self.own_draft(account, draft_id)
        if draft.story_id is not None:
            raise Conflict("The draft is a story already.")
        if draft.status != "done":
            raise Conflict(f"Only a finished clip can be published; this one is {draft.status}.")
        video = [d for d in self.decisions.for_job(draft.id) if d.stage == "video"]
        checked = video[-1] if video else _unchecked()
        now = self.now()
        recent = self.rows.action_times(account.id, "publish", now - dt.timedelta(days=1))
        anchors = Provenance(self.config.data_dir).credentials().trust_anchors_pem
        with self.media.local(draft.id, CLIP) as path:
            decision = check_publish(
                path,
                checked,
                PublishAccount(account.id, account.blocked, recent),
                anchors,
                self.config.policy,
                now=now,
            )
            self.decisions.add(draft.id, decision)
            if not decision.allowed:
                if decision.categories == ["rate_limit"]:
                    raise RateLimited(decision.sentence)
                raise Blocked(decision.sentence, "publish", draft.id)
            report = verify(path, self.config.data_dir, self.config.database_url)
        report.pop("file", None)  # a path on this server: nobody's business
        story_id = self.rows.publish(draft, visibility, report, now, self.config.story_lifetime)
        if story_id is None:
            raise Conflict("The draft is a story already.")
        story = self.rows.story(story_id, now)
        assert story is not None
        return story

    def story(self, viewer: Account, story_id: str) -> Story:
        story = self.rows.story(story_id, self.now()) if _is_id(story_id) else None
        if story is None or not self.rows.may_view(viewer.id, story):
            raise NotFound("There is no such story, or it has expired.")
        return story

    def story_target(self, viewer: Account, story_id: str) -> Path | str:
        """The story's clip: a local path, or a signed URL to the store."""
        return self.media.target(self.story(viewer, story_id).draft_id, CLIP, "video/mp4")

    def delete_story(self, account: Account, story_id: str) -> None:
        story = self.story(account, story_id)
        if story.account_id != account.id:
            raise NotFound("There is no such story, or it has expired.")
        self.rows.delete_drafts([story.draft_id])
        self._forget_files(story.draft_id)

    # --- expiry
    def sweep(self) -> dict[str, int]:
        """Delete what has expired: stories 24 hours after publishing, drafts a day after they
        were made, with their files and rows; orphaned files; old credentials and actions.
        What stays is each clip's manifest record by watermark payload."""
        now = self.now()
        expired = self.rows.expired(now)
        self.rows.delete_drafts(expired)
        for draft_id in expired:
            self._forget_files(draft_id)
        orphans = self.media.sweep(self.rows.all_draft_ids())
        self.rows.prune(now, dt.timedelta(days=1))
        self.manifests.sweep_abandoned(ABANDONED)
        self.resend()
        return {"expired": len(expired), "orphans": len(orphans)}

    def _forget_files(self, draft_id: str) -> None:
        self.media.delete(draft_id)
        self.decisions.forget_job(draft_id)
        self.manifests.forget_job(draft_id)  # a clip never placed; a placed one stays

    # --- privacy
    def export(self, account: Account) -> Iterator[bytes]:
        """A zip of the account's photos, clips, plans and decisions (and its profile)."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            profile = {
                "username": account.username,
                "created_at": account.created_at.isoformat(),
                "training_consent": account.training_consent,
                "training_consent_at": (
                    account.training_consent_at.isoformat() if account.training_consent_at else None
                ),
                "following": self.rows.following(account.id),
            }
            archive.writestr("account.json", json.dumps(profile, indent=2))
            for draft in self.rows.drafts_of(account.id):
                base = f"drafts/{draft.id}"
                archive.writestr(f"{base}/draft.json", json.dumps(draft_json(draft), indent=2))
                decisions = [d.model_dump(mode="json") for d in self.decisions.for_job(draft.id)]
                archive.writestr(f"{base}/decisions.json", json.dumps(decisions, indent=2))
                for name in (PHOTO, CLIP):
                    with (
                        contextlib.suppress(FileNotFoundError),
                        self.media.local(draft.id, name) as path,
                    ):
                        archive.write(path, f"{base}/{name}")
        yield buffer.getvalue()


def _request(photo: bytes, fields: dict[str, Any]) -> ClipRequest:
    from vivify.errors import PhotoError, PlanError
    from vivify.request import ClipRequest, InvalidRequest

    try:
        return ClipRequest(photo=photo, **fields)
    except (InvalidRequest, PhotoError, PlanError) as exc:
        raise Unprocessable(str(exc)) from None


def _decode(data: bytes) -> Any:
    from vivify.errors import PhotoError
    from vivify.intake import read_photo

    try:
        return read_photo(data)
    except PhotoError as exc:
        raise Unprocessable(str(exc)) from None


PREVIEW_SIDE = 1280  # the preview's longer side
OVERLAY_SIDE = 640  # the scene is analysed, and its overlay drawn, at this longer side
# What the overlay shows, in colours told apart with most kinds of colour blindness.
OVERLAY = {
    "sky": (86, 180, 233),
    "water": (0, 114, 178),
    "vegetation": (0, 158, 115),
    "person": (230, 159, 0),
}


def _preview_and_overlay(pixels: RGB) -> tuple[dict[str, Any], dict[str, bytes]]:
    """How much of each thing vivify sees, and the files `preview.jpg` (the photo,
    metadata-free) and `overlay.png` (what it sees, in colour over transparency)."""
    import numpy as np
    from PIL import Image

    from vivify.scene import analyse

    image = Image.fromarray(pixels)
    preview = image.copy()
    preview.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    images = {"preview.jpg": _encoded(preview, "JPEG", quality=88)}
    small = image.copy()
    small.thumbnail((OVERLAY_SIDE, OVERLAY_SIDE))
    scene = analyse(np.ascontiguousarray(np.asarray(small)))
    height, width = scene.sky.shape
    rgba = np.zeros((height, width, 4), np.float32)
    for name, colour in OVERLAY.items():
        mask = np.clip(getattr(scene, name), 0.0, 1.0)[..., None]
        rgba[..., :3] = rgba[..., :3] * (1 - mask) + np.array(colour, np.float32) * mask
        rgba[..., 3:] = np.maximum(rgba[..., 3:], mask * 0.55)
    out = Image.fromarray((rgba * [1, 1, 1, 255]).round().astype(np.uint8), "RGBA")
    images["overlay.png"] = _encoded(out, "PNG")
    sees = {name: round(scene.coverage(name), 3) for name in OVERLAY}
    return sees | {"faces": len(scene.faces)}, images


def _encoded(image: Any, kind: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def _check_password(password: str) -> None:
    if not 8 <= len(password) <= 256:
        raise Unprocessable("A password has 8 to 256 characters.")


def _is_id(value: str) -> bool:
    return len(value) == 32 and all(c in "0123456789abcdef" for c in value)


def _unchecked() -> Decision:
    return Decision.block("video", ["unchecked"], "the video check has no record of this clip")


# The fields of a draft request besides the photo, as they come from a form: strings.
_FIELDS = {
    "prompt": str,
    "plan": str,
    "duration": float,
    "width": int,
    "height": int,
    "fps": int,
    "seed": int,
    "framing": str,
    "loop": bool,
    "people_consent": bool,
    "engine": str,
}


def _request_fields(given: dict[str, Any]) -> dict[str, Any]:
    """The request's fields from a form (unknown ones refused), the plan parsed, its regions
    polygons only (a mask path would name a file on the server)."""
    from vivify.plan import parse_plan

    unknown = sorted(set(given) - set(_FIELDS))
    if unknown:
        raise Unprocessable(f"The request has a field vivify does not know: '{unknown[0]}'.")
    out: dict[str, Any] = {}
    for name, value in given.items():
        if value is None or value == "":
            continue
        kind = _FIELDS[name]
        try:
            if kind is bool:
                text = str(value).lower()
                if text not in ("true", "false", "1", "0", "on", "off"):
                    raise ValueError
                out[name] = text in ("true", "1", "on")
            elif kind is str:
                out[name] = str(value)
            else:
                out[name] = kind(value)
        except (TypeError, ValueError):
            raise Unprocessable(f"'{name}' must be a {kind.__name__}; got {value!r:.40}.") from None
    if "plan" in out:
        if len(out["plan"]) > limits.MAX_PLAN_BYTES:
            raise Unprocessable("The plan is too long (at most 1 MB).")
        if out.get("prompt"):
            raise Unprocessable("Give either a prompt or a plan, not both (the plan replaces it).")
        plan = parse_plan(out["plan"])
        if any(spec.region is not None and spec.region.mask for spec in plan.effects):
            raise Unprocessable(
                "A plan sent to the service paints its regions as polygons, not mask files."
            )
        out["plan"] = plan.model_dump(mode="json")
    engine = engine_of(out)
    if engine not in ENGINES:
        raise Unprocessable(f"Unknown engine '{engine}'. Engines: {', '.join(ENGINES)}.")
    return out


def engine_of(request: dict[str, Any]) -> str:
    """The engine a job's request names, or its plan's, or "motion"."""
    plan = request.get("plan")
    return str(request.get("engine") or (plan.get("engine") if plan else None) or "motion")


def draft_json(draft: Draft) -> dict[str, Any]:
    """A draft as the API shows it to its owner."""
    return {
        "id": draft.id,
        "status": draft.status,
        "stage": draft.stage,
        "progress": {"done": draft.done, "total": draft.total},
        "reason": draft.reason or None,
        "created_at": draft.created_at.isoformat(),
        "expires_at": draft.expires_at.isoformat(),
        "attempts": draft.attempts,
        "request": draft.request,
        "clip": draft.summary,
        "story": draft.story_id,
    }


def story_json(story: Story, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": story.id,
        "author": story.username,
        "visibility": story.visibility,
        "published_at": story.published_at.isoformat(),
        "expires_at": story.expires_at.isoformat(),
        "remaining_seconds": max(0, int((story.expires_at - now).total_seconds())),
        "video": f"/api/stories/{story.id}/video",
    }
