"""The in-process worker pool of `vivify serve`: threads that take queued jobs from the database
and render them through `make_clip`, the same entry point as the CLI.

A job's state lives in its draft's row, and every move is a transaction from the state it is in.
A server killed in the middle of a render leaves the job "running"; the next start queues it
again (`ServiceStore.requeue_running`), and the new run first removes what the killed one left:
its half-written files (in the draft's folder) and a manifest row stored for a clip that never
reached its place. So a job completes exactly once, with one clip and one manifest row.

This pool assumes one server process owns the database; several machines sharing one need a
real queue (Celery workers, a later step).
"""

from __future__ import annotations

import errno
import json
import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vivify.errors import VivifyError
from vivify.service.core import Service
from vivify.service.media import CLIP
from vivify.service.store import Draft, ServiceStore

if TYPE_CHECKING:
    from vivify.provenance.clip import Provenance

log = logging.getLogger("vivify.service")
SUMMARY = "clip.json"  # the finished clip's summary, beside it
PROGRESS_EVERY = 0.25  # seconds between progress writes (and cancel checks) during a render
HEARTBEAT_EVERY = 1.0  # seconds between a running job's signs of life (keep well under the lease)


class JobRunner:
    """`workers` threads rendering queued jobs until `stop()`."""

    def __init__(self, service: Service, workers: int = 1) -> None:
        self.service = service
        self.workers = max(1, workers)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        requeued = self.service.rows.requeue_running(self.service.now())
        if requeued:
            log.warning("queued again after a restart: %s", ", ".join(requeued))
        for n in range(self.workers):
            thread = threading.Thread(target=self._loop, name=f"vivify-job-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)
        self.service.wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self.service.wake.set()
        for thread in self._threads:
            thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            draft = self.service.rows.claim_next(self.service.now())
            if draft is None:
                self.service.wake.wait(1.0)
                self.service.wake.clear()
                continue
            run_job(self.service, draft, self._stop)


def run_job(service: Service, draft: Draft, stop: threading.Event | None = None) -> None:
    """Render one claimed job to its end state."""
    from vivify.provenance.clip import Provenance

    rows = service.rows
    media = service.media
    media.sweep_workspaces()  # what runs killed on this machine left (renders end in minutes)
    output = media.workspace(draft.id) / CLIP
    if draft.attempts > 1:  # an earlier run was killed
        earlier = _earlier_clip(service, draft)
        if earlier is not None:  # it had finished the clip: record it, make no second one
            summary, digest = earlier
            _finish(
                rows,
                draft.id,
                draft.attempts,
                "done",
                service.now(),
                summary=summary,
                clip_sha256=digest,
            )
            media.clear_workspace(draft.id)
            return
        # Start from nothing it left: its reservation, a manifest row for a clip never
        # recorded (nobody could see that clip: the job was not done), the clip itself.
        service.manifests.forget_job(draft.id, placed_too=True)
        for name in (CLIP, SUMMARY):
            media.remove(draft.id, name)
        output.unlink(missing_ok=True)
    last = 0.0
    asked_to_stop = False

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if stage != "render" or done in (0, total) or now - last >= PROGRESS_EVERY:
            last = now
            try:
                rows.progress(draft.id, stage, done, total, service.now())
            except Exception:  # a lost connection costs a progress note, not the render
                log.warning("job %s: progress not noted", draft.id, exc_info=True)

    checked = 0.0

    def cancelled() -> bool:
        nonlocal checked, asked_to_stop
        if (stop is not None and stop.is_set()) or draft.id in service.stopping:
            return True
        now = time.monotonic()
        if now - checked >= PROGRESS_EVERY:
            checked = now
            asked_to_stop = rows.cancel_requested(draft.id, draft.attempts)
        return asked_to_stop

    account = rows.account(draft.account_id)
    consent_at = account.training_consent_at if account and account.training_consent else None
    provenance = Provenance(
        data_dir=service.config.data_dir,
        signing=service.config.signing,
        training_allowed=bool(account and account.training_consent),
        training_consent_at=consent_at.isoformat() if consent_at else None,
        database_url=service.config.database_url,
    )
    done = threading.Event()

    def beat() -> None:  # a sign of life between stages too (scene analysis takes seconds)
        while not done.wait(HEARTBEAT_EVERY):
            try:
                rows.heartbeat(draft.id, draft.attempts, service.now())
            except Exception:  # the next beat tries again
                log.exception("heartbeat of job %s", draft.id)

    heart = threading.Thread(target=beat, name=f"vivify-beat-{draft.id[:8]}", daemon=True)
    heart.start()
    try:
        return _run(service, draft, output, provenance, progress, cancelled, stop)
    finally:
        done.set()
        heart.join()
        service.stopping.discard(draft.id)
        media.clear_workspace(draft.id)


def _earlier_clip(service: Service, draft: Draft) -> tuple[dict[str, Any], str] | None:
    """The clip an earlier run of this job put in place before it died, with its summary, when
    everything about it checks out: the file, its summary, a manifest row of this job that is
    no longer reserved, and a passing video decision on exactly these bytes."""
    media = service.media
    try:
        summary: dict[str, Any] = json.loads(media.read(draft.id, SUMMARY).decode("utf-8"))
        digest = media.sha256(draft.id, CLIP)
    except (OSError, ValueError):  # not there (FileNotFoundError), or not whole
        return None
    record = service.manifests.by_clip_hash(digest)
    if record is None or record.job_id != draft.id[:64]:
        return None
    if service.manifests.reserved(record.payload) is not None:
        return None
    checked = [
        d
        for d in service.decisions.for_job(draft.id)
        if d.stage == "video" and d.allowed and d.facts.get("sha256") == digest
    ]
    if not checked:
        return None
    return summary, digest


def _finish(rows: ServiceStore, draft_id: str, attempt: int, *args: Any, **kw: Any) -> None:
    """Record the run's end, trying again when the database connection was lost meanwhile; if
    it can't, the job stays running, falls silent, and the sweep queues it again."""
    for wait in (0.0, 0.5, 2.0, 5.0):
        time.sleep(wait)
        try:
            rows.finish(draft_id, *args, attempt=attempt, **kw)
            return
        except Exception:
            log.warning("job %s: its end was not recorded yet", draft_id, exc_info=True)
    log.error("job %s: its end could not be recorded; it will be run again", draft_id)


def _run(
    service: Service,
    draft: Draft,
    output: Path,
    provenance: Provenance,
    progress: Callable[[str, int, int], None],
    cancelled: Callable[[], bool],
    stop: threading.Event | None,
) -> None:
    from vivify.moderation.gates import ModerationBlocked
    from vivify.pipeline import Cancelled, ClipRequest, Services, make_clip
    from vivify.provenance.store import sha256_file

    rows = service.rows
    end = partial(_finish, rows, draft.id, draft.attempts)  # this run's end, if still its
    try:
        photo = service.media.read(draft.id, "photo")
        request = ClipRequest(photo=photo, **draft.request)
        services = Services(
            provenance,
            engine=service.engine_for(request.engine_name),
            decisions=service.decisions,
            job_id=draft.id,
            progress=progress,
            cancelled=cancelled,
            deliver=partial(service.media.deliver, draft.id, CLIP),
        )
        result = make_clip(request, output, services=services, policy=service.config.policy)
    except ModerationBlocked as blocked:
        end("blocked", service.now(), reason=str(blocked))
    except Cancelled:
        if stop is not None and stop.is_set():  # the server is stopping: run it again later
            rows.requeue_running(service.now())
        else:
            end("cancelled", service.now(), reason="cancelled by its owner")
    except VivifyError as exc:
        end("failed", service.now(), reason=str(exc))
    except FileNotFoundError:  # the draft was deleted while it rendered
        end("cancelled", service.now(), reason="the draft was deleted")
    except Exception as exc:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            log.error("job %s: the media disk is full", draft.id)
            reason = "The server ran out of disk space while making the clip; nothing was kept."
            end("failed", service.now(), reason=reason + " Try again later.")
            return
        log.exception("job %s failed", draft.id)
        reason = f"The render failed on the server ({type(exc).__name__}); try again."
        end("failed", service.now(), reason=reason)
    else:
        summary = result.summary()
        summary["output"] = Path(output).name
        summary.pop("moderation", None)
        # Kept beside the clip first: a run again after a crash right here finds both, and
        # records them instead of making a second clip.
        data = json.dumps(summary, sort_keys=True).encode()
        service.media.write(draft.id, SUMMARY, [data], len(data))
        end("done", service.now(), summary=summary, clip_sha256=sha256_file(output))
