"""Warm a running dashboard: visit the default view of every page once, as a browser would.

`python -m dashboard.warm --url http://127.0.0.1:8501` waits until the server answers its
health check, then opens one Streamlit session over the server's websocket and asks it to run
each page in turn (Overview, Weekly, Monthly, Pipeline, Team; the default filters, English
unless `--lang zh`). The runs go through the app itself, so every module gets imported, the store
opened and every `st.cache_data` / `data.cached` entry of the default views filled — exactly the
work of a first visit, whatever the pages compute. Nothing is drawn; the session is closed after.

`make run` starts it in the background beside the server. Run it after every deploy or restart
(e.g. a systemd `ExecStartPost=`) and after a data load that clears the caches, if the first
visitor should not wait.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.request
from collections.abc import Sequence

PAGES: tuple[str, ...] = ("overview", "weekly", "monthly", "pipeline", "team")


def wait_healthy(url: str, timeout: float = 300) -> None:
    """Wait until `url` answers Streamlit's health check (raises TimeoutError)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"no dashboard answered at {url} within {timeout:.0f}s")


def _ws_url(url: str) -> str:
    base = url.rstrip("/")
    if base.startswith("https://"):
        return "wss://" + base.removeprefix("https://") + "/_stcore/stream"
    return "ws://" + base.removeprefix("http://") + "/_stcore/stream"


def run_page(ws: object, page: str, query: str, timeout: float) -> tuple[float, str]:
    """Ask the session to run `page` (its URL path) and wait for the run to end."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = "" if page == PAGES[0] else page  # the default page has no path
    started = time.perf_counter()
    ws.send(msg.SerializeToString())  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"the page {page} did not finish within {timeout:.0f}s")
        raw = ws.recv(timeout=left)  # type: ignore[attr-defined]
        if isinstance(raw, str):
            continue
        forward = ForwardMsg()
        forward.ParseFromString(raw)
        if forward.WhichOneof("type") == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
            if status == "FINISHED_EARLY_FOR_RERUN":
                continue  # the run restarted (a widget default); the next one finishes
            return time.perf_counter() - started, status


def warm(
    url: str,
    pages: Sequence[str] = PAGES,
    *,
    lang: str = "en",
    timeout: float = 300,
    log: bool = True,
) -> dict[str, float]:
    """Run every page's default view once on the server at `url`; seconds per page."""
    from websockets.sync.client import connect
    from websockets.typing import Subprotocol

    wait_healthy(url, timeout)
    query = "" if lang == "en" else f"lang={lang}"
    times: dict[str, float] = {}
    protocols = [Subprotocol("streamlit")]
    with connect(_ws_url(url), subprotocols=protocols, max_size=None, open_timeout=timeout) as ws:
        for page in pages:
            seconds, status = run_page(ws, page, query, timeout)
            times[page] = seconds
            if log:
                print(f"warm: {page} {seconds:.1f}s ({status.lower()})", flush=True)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.warm",
        description="Visit the default view of every page of a running dashboard once, so that "
        "the first visitor finds its caches filled.",
    )
    parser.add_argument("--url", default="http://127.0.0.1:8501", help="the dashboard's address")
    parser.add_argument("--lang", default="en", choices=("en", "zh"), help="language of the views")
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="comma-separated URL paths (default: %(default)s)"
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait, per step")
    args = parser.parse_args(argv)
    try:
        warm(
            args.url, [p for p in args.pages.split(",") if p], lang=args.lang, timeout=args.timeout
        )
    except (OSError, TimeoutError) as exc:
        print(f"warm: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
