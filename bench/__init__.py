"""Forecast Desk benchmarks (`make bench`): timings are reported as ratios against baselines
measured in the same run; they never run in `make test`."""
