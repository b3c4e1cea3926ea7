"""`python -m bench.projection DB`: M19 at one scope and its backtest over a year of weeks.

Prints one JSON line: the projection at the latest snapshot of the company and of one region
(North: the calibration pools its reps only; median of `--repeat` warm runs), the same for M9 pipeline coverage (a one-snapshot metric: the baseline of the same
run), and one backtest of the 52 weekly snapshots before the latest, by company.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from datetime import timedelta

from analytics.backtest import backtest_points, backtest_summary
from analytics.metrics import MetricQuery, get_metric
from analytics.store import Store
from bench.scale import TODAY
from bench.util import peak_rss_kib, time_call


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.projection")
    parser.add_argument("db")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("FORECAST_DESK_TODAY", TODAY.isoformat())
    with Store(args.db, read_only=True) as store:
        query = MetricQuery(by="company")
        m19 = time_call("M19", lambda: get_metric("M19").compute(store, query), args.repeat)
        region = MetricQuery(by="region", regions=("North",))
        m19_region = time_call(
            "M19 North", lambda: get_metric("M19").compute(store, region), args.repeat
        )
        m9 = time_call(
            "M9", lambda: get_metric("M9").compute(store, MetricQuery(grain="quarter")), args.repeat
        )
        cpu = _cpu()
        latest = get_metric("M19").compute(store, query)["snapshot_date"].iloc[0]
        m19_cpu = _cpu() - cpu
        end = latest.date() if hasattr(latest, "date") else latest
        start = end - timedelta(weeks=51)
        started, cpu = time.perf_counter(), _cpu()
        points = backtest_points(store, "M19", "company", start, end)
        backtest_s, backtest_cpu = time.perf_counter() - started, _cpu() - cpu
        summary = backtest_summary(points).iloc[0].to_dict()
    print(
        json.dumps(
            {
                "m19": {"median": m19.median, "runs": list(m19.runs), "cpu": m19_cpu},
                "m19_region": {"median": m19_region.median, "runs": list(m19_region.runs)},
                "m9": {"median": m9.median, "runs": list(m9.runs)},
                "backtest": {
                    "seconds": backtest_s,
                    "cpu": backtest_cpu,
                    "load": os.getloadavg()[0],
                    "from": start.isoformat(),
                    "to": end.isoformat(),
                    "points": len(points),
                    "inside_p10_p90": summary["inside_p10_p90"],
                    "wape_p50": summary["wape_p50"],
                    "wape_weighted": summary["wape_weighted"],
                },
                "rss_kib": peak_rss_kib(),
            }
        )
    )


if __name__ == "__main__":
    main()
