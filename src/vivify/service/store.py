"""The service's rows: accounts and their credentials, follows, drafts with their jobs, stories
and rate-limit actions (`vivify.service.tables`). Every change of state is one transaction, and a
job moves from one state to the next only from the state it is in (a compare-and-set), so a
crash or a race never leaves a job half moved.

Times come from the caller (the service's clock), so tests can move time forward.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from vivify.db import SqlStore
from vivify.service.tables import accounts, actions, credentials, drafts, follows, metadata, stories

# "new": a photo uploaded for the web app's flow, not yet asked to render.
Status = Literal["new", "queued", "running", "done", "failed", "blocked", "cancelled"]
FINISHED: tuple[Status, ...] = ("done", "failed", "blocked", "cancelled")
Visibility = Literal["followers", "everyone"]


def new_id() -> str:
    return secrets.token_hex(16)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    password_hash: str
    created_at: dt.datetime
    training_consent: bool
    training_consent_at: dt.datetime | None
    blocked: bool


@dataclass(frozen=True)
class Credential:
    account: Account
    kind: str  # "session" or "api"
    csrf: str | None


@dataclass(frozen=True)
class Draft:
    id: str
    account_id: str
    created_at: dt.datetime
    expires_at: dt.datetime
    status: Status
    stage: str
    done: int
    total: int
    cancel_requested: bool
    attempts: int
    request: dict[str, Any]
    photo_format: str
    training_allowed: bool
    reason: str
    summary: dict[str, Any] | None
    clip_sha256: str | None
    updated_at: dt.datetime
    story_id: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


@dataclass(frozen=True)
class Story:
    id: str
    draft_id: str
    account_id: str
    username: str
    visibility: Visibility
    published_at: dt.datetime
    expires_at: dt.datetime
    report: dict[str, Any]


class ServiceStore(SqlStore):
    """The service's rows, in the same database as the manifests and decisions."""

    metadata = metadata

    # --- times: SQLite keeps no zone, so UTC is stored naive there
    def _t(self, moment: dt.datetime) -> dt.datetime:
        moment = moment.astimezone(dt.UTC)
        return moment.replace(tzinfo=None) if self._sqlite else moment

    @staticmethod
    def _utc(moment: dt.datetime | None) -> dt.datetime | None:
        if moment is None:
            return None
        return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment

    # --- accounts
    def create_account(self, username: str, password_hash: str, now: dt.datetime) -> Account:
        """A new account; `ValueError` when the name is taken."""
        row = {
            "id": new_id(),
            "username": username,
            "password_hash": password_hash,
            "created_at": self._t(now),
            "training_consent": False,
            "training_consent_at": None,
            "blocked": False,
        }
        try:
            with self._engine.begin() as conn:
                conn.execute(insert(accounts).values(**row))
        except IntegrityError:
            raise ValueError("taken") from None
        return self._account(row)

    def account_by_name(self, username: str) -> Account | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(accounts).where(accounts.c.username == username)).first()
        return self._account(row._mapping) if row else None

    def account(self, account_id: str) -> Account | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(accounts).where(accounts.c.id == account_id)).first()
        return self._account(row._mapping) if row else None

    def set_password_hash(self, account_id: str, password_hash: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                update(accounts)
                .where(accounts.c.id == account_id)
                .values(password_hash=password_hash)
            )

    def set_consent(self, account_id: str, consent: bool, now: dt.datetime) -> None:
        """Record the training consent and when it was given (or withdrawn)."""
        with self._engine.begin() as conn:
            conn.execute(
                update(accounts)
                .where(accounts.c.id == account_id)
                .values(training_consent=consent, training_consent_at=self._t(now))
            )

    def delete_account(self, account_id: str) -> list[str]:
        """Remove the account and every row of it at once; returns its drafts' ids (whose
        files the caller removes)."""
        with self._engine.begin() as conn:
            ids = list(
                conn.execute(select(drafts.c.id).where(drafts.c.account_id == account_id))
                .scalars()
                .all()
            )
            for table in (stories, drafts, actions, credentials):
                conn.execute(delete(table).where(table.c.account_id == account_id))
            conn.execute(
                delete(follows).where(
                    or_(follows.c.follower_id == account_id, follows.c.followee_id == account_id)
                )
            )
            conn.execute(delete(accounts).where(accounts.c.id == account_id))
        return ids

    def _account(self, row: Any) -> Account:
        return Account(
            id=row["id"],
            username=row["username"],
            password_hash=row["password_hash"],
            created_at=self._utc(row["created_at"]),  # type: ignore[arg-type]
            training_consent=bool(row["training_consent"]),
            training_consent_at=self._utc(row["training_consent_at"]),
            blocked=bool(row["blocked"]),
        )

    # --- credentials (only their SHA-256 is kept)
    def add_credential(
        self, account_id: str, kind: str, now: dt.datetime, lifetime: dt.timedelta
    ) -> tuple[str, str | None]:
        """A new secret for the account: (token, csrf token for sessions)."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(24) if kind == "session" else None
        with self._engine.begin() as conn:
            conn.execute(
                insert(credentials).values(
                    token_sha256=token_hash(token),
                    account_id=account_id,
                    kind=kind,
                    csrf=csrf,
                    created_at=self._t(now),
                    expires_at=self._t(now + lifetime),
                )
            )
        return token, csrf

    def credential(self, token: str, kind: str, now: dt.datetime) -> Credential | None:
        query = (
            select(accounts, credentials.c.kind, credentials.c.csrf)
            .join(credentials, credentials.c.account_id == accounts.c.id)
            .where(
                credentials.c.token_sha256 == token_hash(token),
                credentials.c.kind == kind,
                credentials.c.expires_at > self._t(now),
            )
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return Credential(self._account(row._mapping), row.kind, row.csrf)

    def drop_credential(self, token: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(credentials).where(credentials.c.token_sha256 == token_hash(token)))

    # --- follows
    def follow(self, follower: str, followee: str, now: dt.datetime) -> None:
        with self._engine.begin() as conn:
            there = conn.execute(
                select(follows.c.follower_id).where(
                    follows.c.follower_id == follower, follows.c.followee_id == followee
                )
            ).first()
            if there is None:
                conn.execute(
                    insert(follows).values(
                        follower_id=follower, followee_id=followee, created_at=self._t(now)
                    )
                )

    def unfollow(self, follower: str, followee: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                delete(follows).where(
                    follows.c.follower_id == follower, follows.c.followee_id == followee
                )
            )

    def follows(self, follower: str, followee: str) -> bool:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(follows.c.follower_id).where(
                    follows.c.follower_id == follower, follows.c.followee_id == followee
                )
            ).first()
        return row is not None

    def following(self, account_id: str) -> list[str]:
        query = (
            select(accounts.c.username)
            .join(follows, follows.c.followee_id == accounts.c.id)
            .where(follows.c.follower_id == account_id)
            .order_by(accounts.c.username)
        )
        with self._engine.connect() as conn:
            return list(conn.execute(query).scalars().all())

    # --- rate-limit actions
    def count_actions(self, account_id: str, kind: str, since: dt.datetime) -> int:
        query = select(func.count()).where(
            actions.c.account_id == account_id,
            actions.c.kind == kind,
            actions.c.at > self._t(since),
        )
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def action_times(self, account_id: str, kind: str, since: dt.datetime) -> list[dt.datetime]:
        query = select(actions.c.at).where(
            actions.c.account_id == account_id,
            actions.c.kind == kind,
            actions.c.at > self._t(since),
        )
        with self._engine.connect() as conn:
            return [self._utc(t) for t in conn.execute(query).scalars()]  # type: ignore[misc]

    def _act(self, conn: Connection, account_id: str, kind: str, now: dt.datetime) -> None:
        conn.execute(insert(actions).values(account_id=account_id, kind=kind, at=self._t(now)))

    # --- drafts and their jobs
    def add_draft(
        self,
        draft_id: str,
        account_id: str,
        request: dict[str, Any],
        photo_format: str,
        training_allowed: bool,
        now: dt.datetime,
        lifetime: dt.timedelta,
        status: Status = "queued",
        reason: str = "",
    ) -> Draft:
        """A new draft (and its rate-limit action), queued for rendering or already blocked."""
        row = {
            "id": draft_id,
            "account_id": account_id,
            "created_at": self._t(now),
            "expires_at": self._t(now + lifetime),
            "status": status,
            "stage": "",
            "done": 0,
            "total": 0,
            "cancel_requested": False,
            "attempts": 0,
            "request_json": json.dumps(request, sort_keys=True),
            "photo_format": photo_format,
            "training_allowed": training_allowed,
            "reason": reason,
            "summary_json": None,
            "clip_sha256": None,
            "updated_at": self._t(now),
        }
        with self._engine.begin() as conn:
            conn.execute(insert(drafts).values(**row))
            self._act(conn, account_id, "draft", now)
        draft = self.draft(draft_id)
        assert draft is not None
        return draft

    def queue(self, draft_id: str, request: dict[str, Any], now: dt.datetime) -> bool:
        """Give a new draft its request and queue it; False when it was not new."""
        with self._engine.begin() as conn:
            moved = conn.execute(
                update(drafts)
                .where(drafts.c.id == draft_id, drafts.c.status == "new")
                .values(
                    status="queued",
                    request_json=json.dumps(request, sort_keys=True),
                    updated_at=self._t(now),
                )
            )
        return bool(moved.rowcount)

    def draft(self, draft_id: str) -> Draft | None:
        query = (
            select(drafts, stories.c.id.label("story_id"))
            .outerjoin(stories, stories.c.draft_id == drafts.c.id)
            .where(drafts.c.id == draft_id)
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        return self._draft(row._mapping) if row else None

    def drafts_of(self, account_id: str) -> list[Draft]:
        query = (
            select(drafts, stories.c.id.label("story_id"))
            .outerjoin(stories, stories.c.draft_id == drafts.c.id)
            .where(drafts.c.account_id == account_id)
            .order_by(drafts.c.created_at.desc())
        )
        with self._engine.connect() as conn:
            return [self._draft(row._mapping) for row in conn.execute(query)]

    def claim_next(self, now: dt.datetime) -> Draft | None:
        """Take the oldest queued job and mark it running, in one transaction: of two workers
        asking at once, one gets it."""
        while True:
            with self._engine.connect() as conn:
                candidate = conn.execute(
                    select(drafts.c.id)
                    .where(drafts.c.status == "queued")
                    .order_by(drafts.c.created_at)
                    .limit(1)
                ).scalar()
            if candidate is None:
                return None
            claimed = self.claim(candidate, now)
            if claimed is not None:
                return claimed

    def claim(self, draft_id: str, now: dt.datetime) -> Draft | None:
        """Take this queued job and mark it running, in one transaction: of two workers asking
        at once, one gets it; a job that has ended, or that a worker holds, is None."""
        with self._engine.begin() as conn:
            moved = conn.execute(
                update(drafts)
                .where(drafts.c.id == draft_id, drafts.c.status == "queued")
                .values(
                    status="running",
                    stage="queued",
                    done=0,
                    total=0,
                    attempts=drafts.c.attempts + 1,
                    updated_at=self._t(now),
                )
            )
        return self.draft(draft_id) if moved.rowcount else None

    def due_for_resend(self, moment: dt.datetime, now: dt.datetime) -> list[str]:
        """Jobs queued, or last sent, before `moment` (their message may have been lost): their
        time is set to `now`, so the next sweep waits as long again before sending more."""
        which = (drafts.c.status == "queued") & (drafts.c.updated_at < self._t(moment))
        with self._engine.begin() as conn:
            due = list(conn.execute(select(drafts.c.id).where(which)).scalars())
            if due:
                conn.execute(
                    update(drafts)
                    .where(drafts.c.id.in_(due), which)
                    .values(updated_at=self._t(now))
                )
        return due

    def requeue_stale(self, moment: dt.datetime, now: dt.datetime) -> list[str]:
        """Queue again the running jobs whose worker has shown no sign of life since before
        `moment` (it died): each in one transaction, from the state it was seen in."""
        query = select(drafts.c.id).where(
            drafts.c.status == "running", drafts.c.updated_at < self._t(moment)
        )
        with self._engine.connect() as conn:
            stale = list(conn.execute(query).scalars())
        again = []
        for draft_id in stale:
            with self._engine.begin() as conn:
                moved = conn.execute(
                    update(drafts)
                    .where(
                        drafts.c.id == draft_id,
                        drafts.c.status == "running",
                        drafts.c.updated_at < self._t(moment),
                    )
                    .values(status="queued", stage="", done=0, total=0, updated_at=self._t(now))
                )
            if moved.rowcount:
                again.append(draft_id)
        return again

    def requeue_running(self, now: dt.datetime) -> list[str]:
        """Jobs left running by a process that died: queued again (the server starts this)."""
        with self._engine.begin() as conn:
            ids = list(
                conn.execute(select(drafts.c.id).where(drafts.c.status == "running")).scalars()
            )
            conn.execute(
                update(drafts)
                .where(drafts.c.status == "running")
                .values(status="queued", stage="", done=0, total=0, updated_at=self._t(now))
            )
        return ids

    def progress(self, draft_id: str, stage: str, done: int, total: int, now: dt.datetime) -> bool:
        """Note a running job's stage; False when it is no longer running."""
        with self._engine.begin() as conn:
            moved = conn.execute(
                update(drafts)
                .where(drafts.c.id == draft_id, drafts.c.status == "running")
                .values(stage=stage, done=done, total=total, updated_at=self._t(now))
            )
        return bool(moved.rowcount)

    def finish(
        self,
        draft_id: str,
        status: Status,
        now: dt.datetime,
        *,
        reason: str = "",
        summary: dict[str, Any] | None = None,
        clip_sha256: str | None = None,
        attempt: int | None = None,
    ) -> bool:
        """Move a running job to its end state; False when it was not running (or, with
        `attempt`, when it is another run's now: this one was given up for dead)."""
        values: dict[str, Any] = {
            "status": status,
            "reason": reason,
            "updated_at": self._t(now),
        }
        if summary is not None:
            values["summary_json"] = json.dumps(summary, sort_keys=True)
        if clip_sha256 is not None:
            values["clip_sha256"] = clip_sha256
        with self._engine.begin() as conn:
            which = (drafts.c.id == draft_id) & (drafts.c.status == "running")
            if attempt is not None:
                which = which & (drafts.c.attempts == attempt)
            moved = conn.execute(update(drafts).where(which).values(**values))
        return bool(moved.rowcount)

    def cancel(self, draft_id: str, now: dt.datetime) -> Status | None:
        """Ask the job to stop: a queued job is cancelled at once, a running one is told (its
        worker stops at the next frame). Returns the status it had."""
        with self._engine.begin() as conn:
            status = conn.execute(select(drafts.c.status).where(drafts.c.id == draft_id)).scalar()
            if status == "queued":
                conn.execute(
                    update(drafts)
                    .where(drafts.c.id == draft_id, drafts.c.status == "queued")
                    .values(status="cancelled", updated_at=self._t(now))
                )
            elif status == "running":
                conn.execute(
                    update(drafts).where(drafts.c.id == draft_id).values(cancel_requested=True)
                )
        return status

    def cancel_requested(self, draft_id: str, attempt: int | None = None) -> bool:
        """Whether the run should stop: its owner cancelled it, the draft was deleted, or (with
        `attempt`) the job is no longer this run's (it was queued again and taken by another)."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(drafts.c.cancel_requested, drafts.c.status, drafts.c.attempts).where(
                    drafts.c.id == draft_id
                )
            ).first()
        if row is None or row.cancel_requested:
            return True
        return attempt is not None and (row.status != "running" or row.attempts != attempt)

    def heartbeat(self, draft_id: str, attempt: int, now: dt.datetime) -> None:
        """A running job's sign of life (see `requeue_stale`)."""
        with self._engine.begin() as conn:
            conn.execute(
                update(drafts)
                .where(
                    drafts.c.id == draft_id,
                    drafts.c.status == "running",
                    drafts.c.attempts == attempt,
                )
                .values(updated_at=self._t(now))
            )

    def delete_drafts(self, draft_ids: Iterable[str]) -> None:
        ids = list(draft_ids)
        if not ids:
            return
        with self._engine.begin() as conn:
            conn.execute(delete(stories).where(stories.c.draft_id.in_(ids)))
            conn.execute(delete(drafts).where(drafts.c.id.in_(ids)))

    def all_draft_ids(self) -> set[str]:
        with self._engine.connect() as conn:
            return set(conn.execute(select(drafts.c.id)).scalars())

    def expired(self, now: dt.datetime) -> list[str]:
        """Drafts past their time, published or not, that no worker is rendering."""
        query = select(drafts.c.id).where(
            drafts.c.expires_at <= self._t(now), drafts.c.status != "running"
        )
        with self._engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def prune(self, now: dt.datetime, keep_actions: dt.timedelta) -> None:
        """Forget expired credentials and rate-limit actions older than the longest window."""
        with self._engine.begin() as conn:
            conn.execute(delete(credentials).where(credentials.c.expires_at <= self._t(now)))
            conn.execute(delete(actions).where(actions.c.at <= self._t(now - keep_actions)))

    def _draft(self, row: Any) -> Draft:
        summary = row["summary_json"]
        return Draft(
            id=row["id"],
            account_id=row["account_id"],
            created_at=self._utc(row["created_at"]),  # type: ignore[arg-type]
            expires_at=self._utc(row["expires_at"]),  # type: ignore[arg-type]
            status=row["status"],
            stage=row["stage"],
            done=int(row["done"]),
            total=int(row["total"]),
            cancel_requested=bool(row["cancel_requested"]),
            attempts=int(row["attempts"]),
            request=json.loads(row["request_json"]),
            photo_format=row["photo_format"],
            training_allowed=bool(row["training_allowed"]),
            reason=row["reason"],
            summary=json.loads(summary) if summary else None,
            clip_sha256=row["clip_sha256"],
            updated_at=self._utc(row["updated_at"]),  # type: ignore[arg-type]
            story_id=row.get("story_id"),
        )

    # --- stories
    def publish(
        self,
        draft: Draft,
        visibility: Visibility,
        report: dict[str, Any],
        now: dt.datetime,
        lifetime: dt.timedelta,
    ) -> str | None:
        """Make the draft a story that ends after `lifetime` (the draft goes with it); None
        when it is a story already."""
        story_id = new_id()
        try:
            with self._engine.begin() as conn:
                conn.execute(
                    insert(stories).values(
                        id=story_id,
                        draft_id=draft.id,
                        account_id=draft.account_id,
                        visibility=visibility,
                        published_at=self._t(now),
                        expires_at=self._t(now + lifetime),
                        report_json=json.dumps(report, sort_keys=True),
                    )
                )
                conn.execute(
                    update(drafts)
                    .where(drafts.c.id == draft.id)
                    .values(expires_at=self._t(now + lifetime))
                )
                self._act(conn, draft.account_id, "publish", now)
        except IntegrityError:
            return None
        return story_id

    def story(self, story_id: str, now: dt.datetime) -> Story | None:
        """An active story (an expired one is gone, swept or not)."""
        query = (
            select(stories, accounts.c.username)
            .join(accounts, accounts.c.id == stories.c.account_id)
            .where(stories.c.id == story_id, stories.c.expires_at > self._t(now))
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        return self._story(row._mapping) if row else None

    def feed(self, account_id: str, now: dt.datetime, limit: int = 100) -> list[Story]:
        """Active stories of the accounts this one follows, and its own, newest first."""
        followed = select(follows.c.followee_id).where(follows.c.follower_id == account_id)
        query = (
            select(stories, accounts.c.username)
            .join(accounts, accounts.c.id == stories.c.account_id)
            .where(
                stories.c.expires_at > self._t(now),
                or_(stories.c.account_id == account_id, stories.c.account_id.in_(followed)),
            )
            .order_by(stories.c.published_at.desc())
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [self._story(row._mapping) for row in conn.execute(query)]

    def stories_of(self, account_id: str) -> list[Story]:
        query = (
            select(stories, accounts.c.username)
            .join(accounts, accounts.c.id == stories.c.account_id)
            .where(stories.c.account_id == account_id)
            .order_by(stories.c.published_at.desc())
        )
        with self._engine.connect() as conn:
            return [self._story(row._mapping) for row in conn.execute(query)]

    def may_view(self, viewer: str, story: Story) -> bool:
        """The owner; any account for "everyone"; followers for "followers"."""
        if viewer == story.account_id or story.visibility == "everyone":
            return True
        return self.follows(viewer, story.account_id)

    def _story(self, row: Any) -> Story:
        return Story(
            id=row["id"],
            draft_id=row["draft_id"],
            account_id=row["account_id"],
            username=row["username"],
            visibility=row["visibility"],
            published_at=self._utc(row["published_at"]),  # type: ignore[arg-type]
            expires_at=self._utc(row["expires_at"]),  # type: ignore[arg-type]
            report=json.loads(row["report_json"]),
        )


__all__ = [
    "FINISHED",
    "Account",
    "Credential",
    "Draft",
    "ServiceStore",
    "Status",
    "Story",
    "Visibility",
    "new_id",
    "token_hash",
]
