"""Rendering on worker machines: Celery over Redis (`vivify worker`), for when one box is not
enough. The database stays the source of truth for every job; a message only says "look at
this job".

- A worker takes a job only through `ServiceStore.claim`, one transaction, and only a queued
  one. A second delivery of the same job (a redelivery, a resend, a race between two workers)
  finds it running or done and does nothing. So every step is idempotent and a job makes one
  clip. A job whose worker died (no sign of life for the lease) is queued again by the server's
  sweep, and its new run first removes what the dead one left (`jobs.run_job`).
- Messages are acknowledged late (`acks_late`), and a message whose worker process died is
  rejected back to the queue (`task_reject_on_worker_lost`); each worker takes one message at a
  time (prefetch 1, since a render holds a core for seconds). Redis hands an unacknowledged
  message to another worker after the visibility timeout, set well above the longest render.
- The server sends a job's message again when the job has waited too long in the queue or its
  worker went silent (Redis lost it in a restart, a worker was killed): see `Service.resend`.
- CPU and GPU workers listen on their own queues, chosen by the job's engine.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from celery import Celery

    from vivify.service.core import Service, ServiceConfig

log = logging.getLogger("vivify.service")

TASK = "vivify.render"
QUEUES = {"motion": "cpu", "diffusion": "gpu"}
SOFT_LIMIT = 15 * 60  # seconds: a render told to stop (it fails with a clear reason)
HARD_LIMIT = 20 * 60  # seconds: its process killed
VISIBILITY_TIMEOUT = 4 * 3600  # seconds: far above the longest render


def queue_for(engine: str) -> str:
    return QUEUES.get(engine, "cpu")


def make_celery(
    broker_url: str,
    *,
    visibility_timeout: float = VISIBILITY_TIMEOUT,
    soft_limit: float = SOFT_LIMIT,
    hard_limit: float = HARD_LIMIT,
) -> Celery:
    """A Celery app for vivify's render queue (the server sends with it, a worker runs it)."""
    from celery import Celery

    app = Celery("vivify", broker=broker_url)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options={"visibility_timeout": visibility_timeout},
        task_soft_time_limit=soft_limit,
        task_time_limit=hard_limit,
        task_default_queue="cpu",
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    return app


class Dispatcher:
    """The server's side: send a job's message to its queue."""

    def __init__(self, broker_url: str) -> None:
        self.app = make_celery(broker_url)

    def send(self, draft_id: str, engine: str = "motion") -> None:
        self.app.send_task(TASK, args=[draft_id], queue=queue_for(engine))

    def close(self) -> None:
        self.app.close()


_service: Service | None = None


def worker_app(config: ServiceConfig, **limits: float) -> Celery:
    """The worker's side: the app with the render task, over the service's stores."""
    assert config.broker_url is not None
    app = make_celery(config.broker_url, **limits)

    @app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True)  # type: ignore[untyped-decorator]
    def render(task: Any, draft_id: str) -> str:
        global _service
        from vivify.service.core import Service
        from vivify.service.jobs import run_job

        if _service is None:  # one per worker process, made after the fork
            _service = Service(config)
        service = _service
        claimed = service.rows.claim(draft_id, service.now())
        if claimed is None:
            draft = service.rows.draft(draft_id)
            state = "gone" if draft is None else draft.status
            log.info("job %s not taken (%s) by worker %s", draft_id, state, os.getpid())
            return state
        run_job(service, claimed)
        return "ran"

    return app


def run_worker(config: ServiceConfig, queues: list[str], concurrency: int) -> None:
    """`vivify worker`: a Celery worker (prefork) on `queues`, until it is stopped."""
    app = worker_app(config)
    app.worker_main(
        [
            "worker",
            "--queues",
            ",".join(queues),
            "--concurrency",
            str(concurrency),
            "--pool",
            "prefork",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )
