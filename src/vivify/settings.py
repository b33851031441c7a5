"""Settings shared by every entry point (the CLI now; the service and the worker later), read
once at the edge and handed to the core, which reads none of its own.

Where a value comes from, the first that has it wins:

1. what the caller passes (the CLI's options);
2. the environment: `VIVIFY_DATA_DIR`, `VIVIFY_POLICY`, `VIVIFY_SIGN_CERT`, `VIVIFY_SIGN_KEY`,
   `VIVIFY_TSA_URL`, `VIVIFY_DATABASE_URL`, `VIVIFY_BROKER_URL`, `VIVIFY_MEDIA_URL`,
   `VIVIFY_S3_ENDPOINT_URL`, `VIVIFY_S3_PUBLIC_URL`, `VIVIFY_DIFFUSION_WEIGHTS`,
   `VIVIFY_DIFFUSION_DEVICE`, `VIVIFY_DIFFUSION_PIXELS`, `VIVIFY_DIFFUSION_STEPS` (the object
   store's credentials come the usual AWS way: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
   `AWS_DEFAULT_REGION`);
3. a config file (TOML): `VIVIFY_CONFIG`, else `$XDG_CONFIG_HOME/vivify/config.toml` (or
   `~/.config/vivify/config.toml`) when it exists, with the same names in lower case and
   without the prefix (`data_dir = "/srv/vivify"`);
4. the defaults: the data folder is `$XDG_DATA_HOME/vivify` (or `~/.local/share/vivify`).

A bad config file is one sentence naming the file and the setting, never its values (it may
hold a secret).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vivify.errors import VivifyError

if TYPE_CHECKING:
    from vivify.engines import Engine
    from vivify.engines.diffusion import DiffusionConfig
    from vivify.moderation.policy import Policy

NAMES = (
    "data_dir",
    "policy",
    "sign_cert",
    "sign_key",
    "tsa_url",
    "database_url",
    "broker_url",
    "media_url",
    "s3_endpoint_url",
    "s3_public_url",
    "diffusion_weights",
    "diffusion_device",
    "diffusion_pixels",
    "diffusion_steps",
)
MAX_CONFIG_BYTES = 64 * 1024  # a config file is a few lines


class SettingsError(VivifyError):
    """The settings can't be used: an unreadable or invalid config file, or a bad value."""


class Settings(BaseModel):
    """What every command and service shares."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path
    policy: Path | None = None  # a moderation policy file laid over the defaults
    sign_cert: Path | None = None  # sign with this certificate chain instead of the local CA
    sign_key: Path | None = None
    tsa_url: str | None = None
    # The database (any SQLAlchemy URL, e.g. postgresql+psycopg://user@host/vivify); default:
    # the SQLite file in the data folder. It may hold a password: it is never printed.
    database_url: str | None = None
    # Render on Celery workers over this broker (redis://host:6379/0) instead of in the server.
    broker_url: str | None = None
    # The service's media (photos, clips) in an S3-compatible bucket, s3://bucket/prefix,
    # instead of the data folder; the store's endpoint (MinIO, Ceph...; default: AWS), and its
    # address as browsers reach it when that differs (signed URLs point there).
    media_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_public_url: str | None = None
    # The diffusion engine's model: a diffusers pipeline folder (LTX-Video or Wan image-to-video)
    # on this machine, and the device to run it on (default: a GPU when there is one).
    diffusion_weights: Path | None = None
    diffusion_device: str | None = None
    # Pixels per model frame (default: the model's trained size, LTX 768×512, Wan 832×480; Wan
    # at 720p: 921600) and denoising steps (default: LTX 8, Wan 30).
    diffusion_pixels: int | None = Field(default=None, ge=32 * 32, le=1920 * 1088)
    diffusion_steps: int | None = Field(default=None, ge=1, le=200)

    def load_policy(self) -> Policy:
        from vivify.moderation.policy import load_policy

        return load_policy(self.policy)

    def engine(self, name: str) -> Engine | None:
        """The engine `name` built from these settings, when it needs them (diffusion: its
        weights folder, checked); None for one the pipeline builds itself (motion)."""
        if name != "diffusion":
            return None
        if self.diffusion_weights is None:
            from vivify.engines import get_engine

            get_engine(name)  # says what to set
        from vivify.engines.diffusion import load_engine

        return load_engine(self.diffusion_config())

    def diffusion_config(self) -> DiffusionConfig:
        from vivify.engines.diffusion import DiffusionConfig

        assert self.diffusion_weights is not None
        return DiffusionConfig(
            self.diffusion_weights,
            device=self.diffusion_device,
            area=self.diffusion_pixels,
            steps=self.diffusion_steps,
        )


def default_data_dir(environ: Mapping[str, str]) -> Path:
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "vivify"


def config_path(environ: Mapping[str, str]) -> Path | None:
    """The config file to read: the one named, or the usual one when it exists."""
    if environ.get("VIVIFY_CONFIG"):
        return Path(environ["VIVIFY_CONFIG"])
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    usual = Path(base) / "vivify" / "config.toml"
    return usual if usual.is_file() else None


def load_settings(
    given: Mapping[str, object | None] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """The settings from `given` (None means not given), the environment, the config file and
    the defaults, in that order."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    path = config_path(environ)
    if path is not None:
        values.update(_read_config(path))
    for name in NAMES:
        if environ.get(f"VIVIFY_{name.upper()}"):
            values[name] = environ[f"VIVIFY_{name.upper()}"]
    values.update({k: v for k, v in (given or {}).items() if v is not None})
    values.setdefault("data_dir", default_data_dir(environ))
    try:
        return Settings(**values)
    except ValidationError as exc:
        error = exc.errors()[0]
        name = ".".join(str(part) for part in error["loc"])
        raise SettingsError(f"The setting '{name}' is not valid: {error['msg']}.") from None


def _read_config(path: Path) -> dict[str, object]:
    where = f"The config file {path}"
    if not path.is_file():
        raise SettingsError(f"{where} does not exist or is not a file.")
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise SettingsError(f"{where} can't be read ({exc.strerror}).") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise SettingsError(f"{where} is larger than {MAX_CONFIG_BYTES // 1024} KB.")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reason = str(exc) if isinstance(exc, tomllib.TOMLDecodeError) else "not UTF-8"
        raise SettingsError(f"{where} is not valid TOML ({reason}).") from None
    unknown = sorted(set(data) - set(NAMES))
    if unknown:
        raise SettingsError(
            f"{where} has settings vivify does not know: {', '.join(unknown)} "
            f"(it knows {', '.join(NAMES)})."
        )
    return dict(data)
