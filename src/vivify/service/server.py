"""`vivify serve`: the service from the settings, under uvicorn."""

from __future__ import annotations

import gc
import logging
import threading
from typing import TYPE_CHECKING

from vivify.errors import VivifyError
from vivify.settings import Settings

if TYPE_CHECKING:
    from vivify.service.core import Service, ServiceConfig

log = logging.getLogger("vivify.service")


def build_service(settings: Settings, workers: int = 1) -> Service:
    from vivify.service.core import Service

    return Service(service_config(settings, workers))


def service_config(settings: Settings, workers: int = 1) -> ServiceConfig:
    """The service's configuration from the settings (the server's and the workers' alike)."""
    from vivify.provenance.credentials import SigningConfig
    from vivify.service.core import ServiceConfig

    signing = None
    if settings.sign_cert or settings.sign_key or settings.tsa_url:
        if not (settings.sign_cert and settings.sign_key):
            raise VivifyError(
                "Signing with your own certificate needs both sign_cert and sign_key."
            )
        signing = SigningConfig(
            cert_chain=settings.sign_cert, key=settings.sign_key, tsa_url=settings.tsa_url
        )
    return ServiceConfig(
        data_dir=settings.data_dir,
        policy=settings.load_policy(),
        signing=signing,
        workers=workers,
        database_url=settings.database_url,
        broker_url=settings.broker_url,
        media_url=settings.media_url,
        s3_endpoint_url=settings.s3_endpoint_url,
        s3_public_url=settings.s3_public_url,
        diffusion=settings.diffusion_config() if settings.diffusion_weights else None,
    )


def warm_up() -> None:
    """Load the gates' and the planner's models before the first request needs them."""
    import numpy as np

    from vivify.moderation.photo import check_photo
    from vivify.moderation.prompt import check_prompt
    from vivify.text import TextModels

    try:
        check_prompt("make it a windy day")
        check_photo(np.full((64, 64, 3), 128, np.uint8))
        TextModels.load()
    except Exception:  # the first request will load them, or say what is wrong
        log.exception("warming up the models failed")
    # The models are millions of long-lived objects: out of the collector's sight, a full
    # collection no longer stalls every request for tens of milliseconds.
    gc.collect()
    gc.freeze()


def run_server(settings: Settings, *, host: str, port: int, workers: int) -> None:
    import uvicorn

    from vivify.service.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    service = build_service(settings, workers)
    threading.Thread(target=warm_up, name="vivify-warm-up", daemon=True).start()
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    print(f"vivify is serving at http://{shown}:{port}/ (the API and its docs: /docs)", flush=True)
    try:
        uvicorn.run(
            create_app(service),
            host=host,
            port=port,
            log_level="info",
            access_log=False,
            timeout_graceful_shutdown=10,
        )
    finally:
        service.close()
