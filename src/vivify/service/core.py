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

import datetime as dt
import io
import json
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vivify import limits
from vivify.errors import VivifyError
from vivify.moderation.decision import Decision
from vivify.moderation.policy import Policy, default_policy
from vivify.moderation.records import DecisionStore
from vivify.provenance.clip import Provenance
from vivify.provenance.credentials import SigningConfig
from vivify.provenance.store import ABANDONED, ManifestStore
from vivify.service.media import CLIP, PHOTO, MediaStore
from vivify.service.store import (
    Account,
    Credential,
    Draft,
    ServiceStore,
    Story,
    Visibility,
    new_id,
)

Clock = Callable[[], dt.datetime]
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

    @property
    def url(self) -> str:
        from vivify.db import default_url

        return default_url(self.data_dir)


class Service:
    """The service's state: its stores, its media and its configuration."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.rows = ServiceStore(config.url)
        self.decisions = DecisionStore(config.url)
        self.manifests = ManifestStore(config.url)
        self.media = MediaStore(config.data_dir / "media")
        self.wake = threading.Event()  # set when a job is queued

    def close(self) -> None:
        for store in (self.rows, self.decisions, self.manifests):
            store.close()

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
        from vivify.errors import PhotoError, PlanError
        from vivify.intake import read_photo
        from vivify.moderation.gates import Gates, ModerationBlocked
        from vivify.moderation.photo import check_photo
        from vivify.moderation.prompt import check_prompt
        from vivify.request import ClipRequest, InvalidRequest

        since = self.now() - dt.timedelta(hours=1)
        made = self.rows.count_actions(account.id, "draft", since)
        if made >= self.config.max_drafts_per_hour:
            raise RateLimited(
                f"You have made {made} drafts in the last hour, the most allowed; try again later."
            )
        draft_id = new_id()
        try:
            self.media.write(draft_id, PHOTO, photo, limits.MAX_PHOTO_BYTES)
            data = self.media.read(draft_id, PHOTO)
            fields = _request_fields(fields)
            try:
                request = ClipRequest(photo=data, **fields)
                picture = read_photo(data)
            except (InvalidRequest, PhotoError, PlanError) as exc:
                raise Unprocessable(str(exc)) from None
            gates = Gates(self.decisions, job_id=draft_id)
            prompt = request.plan.prompt if request.plan else request.prompt
            try:
                gates.check("photo", check_photo, picture.pixels, self.config.policy)
                gates.check("prompt", check_prompt, prompt, self.config.policy)
            except ModerationBlocked as blocked:
                self.media.delete(draft_id)
                self.rows.add_draft(
                    draft_id,
                    account.id,
                    fields,
                    picture.source_format,
                    account.training_consent,
                    self.now(),
                    self.config.draft_lifetime,
                    status="blocked",
                    reason=str(blocked),
                )
                raise Blocked(str(blocked), blocked.decision.stage, draft_id) from None
            draft = self.rows.add_draft(
                draft_id,
                account.id,
                fields,
                picture.source_format,
                account.training_consent,
                self.now(),
                self.config.draft_lifetime,
            )
        except BaseException:
            if self.rows.draft(draft_id) is None:
                self.media.delete(draft_id)
            raise
        self.wake.set()
        return draft

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
        self.rows.cancel(draft.id, self.now())
        return self.own_draft(account, draft_id)

    def delete_draft(self, account: Account, draft_id: str) -> None:
        draft = self.own_draft(account, draft_id)
        if draft.status == "running":
            self.rows.cancel(draft.id, self.now())
        self.rows.delete_drafts([draft.id])
        self._forget_files(draft.id)

    def clip_path(self, account: Account, draft_id: str) -> Path:
        draft = self.own_draft(account, draft_id)
        if draft.status != "done":
            raise Conflict(f"The clip is not made yet ({draft.status}).")
        return self.media.path(draft.id, CLIP)

    def photo_path(self, account: Account, draft_id: str) -> Path:
        draft = self.own_draft(account, draft_id)
        path = self.media.path(draft.id, PHOTO)
        if not path.exists():
            raise NotFound("The photo is no longer kept (a blocked draft keeps none).")
        return path

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
        path = self.media.path(draft.id, CLIP)
        video = [d for d in self.decisions.for_job(draft.id) if d.stage == "video"]
        checked = video[-1] if video else _unchecked()
        now = self.now()
        recent = self.rows.action_times(account.id, "publish", now - dt.timedelta(days=1))
        anchors = Provenance(self.config.data_dir).credentials().trust_anchors_pem
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
        report = verify(path, self.config.data_dir)
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

    def story_path(self, viewer: Account, story_id: str) -> Path:
        return self.media.path(self.story(viewer, story_id).draft_id, CLIP)

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
                    path = self.media.path(draft.id, name)
                    if path.exists():
                        archive.write(path, f"{base}/{name}")
        yield buffer.getvalue()


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
    return out


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
