"""Timing and memory helpers shared by the benchmarks."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "data"

# Runs one command and prints its wall time and peak RSS. The peak is the child's own VmHWM,
# polled from /proc while it runs: getrusage's ru_maxrss survives fork and exec, so a child of a
# large process would report its parent's peak.
_WRAPPER = (
    "import json, subprocess, sys, time\n"
    "def hwm(pid):\n"
    "    try:\n"
    "        for line in open(f'/proc/{pid}/status'):\n"
    "            if line.startswith('VmHWM:'):\n"
    "                return int(line.split()[1])\n"
    "    except OSError:\n"
    "        pass\n"
    "    return 0\n"
    "t = time.perf_counter()\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "peak = 0\n"
    "while p.poll() is None:\n"
    "    peak = max(peak, hwm(p.pid))\n"
    "    time.sleep(0.02)\n"
    "err = p.stderr.read() if p.stderr else b''\n"
    "s = time.perf_counter() - t\n"
    "print(json.dumps({'seconds': s, 'rss_kib': peak, 'code': p.returncode,"
    " 'err': err.decode(errors='replace')[-2000:]}))\n"
)


@dataclass(frozen=True)
class Timing:
    """Seconds of repeated runs of one thing, with the peak RSS (KiB) where measured."""

    label: str
    runs: tuple[float, ...]
    rss_kib: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def p95(self) -> float:
        ordered = sorted(self.runs)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_call(label: str, fn: Callable[[], object], repeat: int = 5) -> Timing:
    """Median/p95 of an in-process call (the first call is a warm-up and not counted)."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return Timing(label, tuple(runs))


def time_process(
    label: str,
    argv: Sequence[str],
    repeat: int = 3,
    setup: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> Timing:
    """Wall time of a whole process (median of `repeat`) and its largest peak RSS."""
    runs: list[float] = []
    peak = 0
    for _ in range(repeat):
        if setup is not None:
            setup()
        out = subprocess.run(
            [sys.executable, "-c", _WRAPPER, *argv],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            check=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if result["code"] != 0:
            raise RuntimeError(f"{label}: exit {result['code']}: {result['err']}")
        runs.append(float(result["seconds"]))
        peak = max(peak, int(result["rss_kib"]))
    return Timing(label, tuple(runs), peak)


def peak_rss_kib() -> int:
    """This process's own peak RSS so far (KiB): VmHWM, which starts afresh at exec."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"
