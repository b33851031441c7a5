"""Real servers for the tests, from Debian's packages (scripts/install installs them): a
throwaway PostgreSQL cluster in a temporary folder, on a free port on loopback, with trust
authentication for its own superuser. Started once per test session, stopped at its end."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError(
            "These tests need PostgreSQL's server: scripts/install installs Debian's package "
            "'postgresql' (or: sudo apt-get install postgresql)."
        )
    return Path(found[-1]).parent


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the package's 'postgres' user."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextlib.contextmanager
def postgres(folder: Path) -> Iterator[str]:
    """A PostgreSQL server on loopback; yields its SQLAlchemy URL (database `postgres`)."""
    bin_dir = _postgres_bin()
    folder.mkdir(parents=True, exist_ok=True)
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = folder / "server.log"
    subprocess.run(
        _as_postgres(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        _wait_for(url)
        yield url
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )


def _wait_for(url: str, seconds: float = 30) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    deadline = time.monotonic() + seconds
    try:
        while True:
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        engine.dispose()


def fresh_database(url: str, name: str) -> str:
    """A new empty database on the server at `url`; its URL."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.rsplit("/", 1)[0] + f"/{name}"


class Redis:
    """A Redis server on loopback without persistence (a restart loses what it held, which is
    what the tests want to survive); `restart()` keeps its port."""

    def __init__(self) -> None:
        if not shutil.which("redis-server"):
            raise RuntimeError(
                "These tests need Redis: scripts/install installs Debian's package "
                "'redis-server' (or: sudo apt-get install redis-server)."
            )
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _listening(self.process, self.port, "redis-server")

    def stop(self) -> None:
        _kill(self.process)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


class S3Server:
    """An S3-compatible object store on loopback: moto's server (PyPI's `moto`, a dev
    dependency), run as its own process and spoken to over HTTP with boto3, like any S3
    endpoint. Debian packages no S3 server (MinIO, Garage and SeaweedFS are not in it).

    It keeps objects in memory and checks neither signatures nor expiry times of signed URLs:
    the tests check the URLs' form and that ranges are served through them."""

    ACCESS_KEY = "vivify-test"
    SECRET_KEY = "vivify-test-secret"
    REGION = "us-east-1"

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        import sys

        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _listening(self.process, self.port, "moto's S3 server")

    def stop(self) -> None:
        _kill(self.process)
        self.process = None

    def environment(self) -> dict[str, str]:
        """The usual AWS variables a client of this server needs."""
        return {
            "AWS_ACCESS_KEY_ID": self.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": self.SECRET_KEY,
            "AWS_DEFAULT_REGION": self.REGION,
        }

    def client(self) -> object:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=self.ACCESS_KEY,
            aws_secret_access_key=self.SECRET_KEY,
            region_name=self.REGION,
        )

    def bucket(self, name: str) -> str:
        """A new, empty bucket; its name."""
        self.client().create_bucket(Bucket=name)  # type: ignore[attr-defined]
        return name


def _listening(process: subprocess.Popen[bytes], port: int, what: str) -> None:
    """Wait until the server `process` accepts connections on `port` (30 s at most)."""
    deadline = time.monotonic() + 30
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
            return
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.05)


def _kill(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None:
        process.kill()
        process.wait(10)
