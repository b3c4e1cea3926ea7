"""A dashboard in its own process, for the browser benchmark and the browser tests.

`serve(db)` runs `streamlit run streamlit_app.py` on a free local port with FORECAST_DESK_DB
pointing at `db` (and no FORECAST_DESK_SETTINGS of the caller's), waits until it answers, yields
its URL and stops it afterwards whatever happens. Chromium's path and flags are here too.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from bench.util import ROOT

CHROMIUM = os.environ.get("FORECAST_DESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A local TCP port nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def streamlit_command(port: int) -> list[str]:
    """The dashboard on 127.0.0.1:`port`, headless, without file watcher or usage statistics."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "streamlit_app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Wait until the server at `url` answers its health check; fail if it exits or is silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer at {url} within {timeout}s")


@contextmanager
def serve(db: Path, env: Mapping[str, str] | None = None, log: Path | None = None) -> Iterator[str]:
    """A dashboard serving `db` (environment `env` added, e.g. FORECAST_DESK_NOW); its URL.

    The server's output goes to `log` (default: discarded).
    """
    port = free_port()
    environ = dict(os.environ, FORECAST_DESK_DB=str(db), **(env or {}))
    environ.pop("FORECAST_DESK_SETTINGS", None)
    with open(log or os.devnull, "wb") as out:
        proc = subprocess.Popen(  # its own session: Ctrl-C reaches it only through `finally`
            streamlit_command(port),
            cwd=ROOT,
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
