"""Docs that could drift from the code: metric ids, the CLI's metric help, the README commands."""

from __future__ import annotations

import re

from analytics.cli import build_parser
from analytics.metrics import REGISTRY, all_metric_ids
from tests.conftest import ROOT, run_cli

METRICS_DOC = ROOT / "docs" / "metrics.md"


def _documented_ids() -> set[str]:
    text = METRICS_DOC.read_text(encoding="utf-8")
    return set(re.findall(r"^## (M\d+[a-z]?)\b", text, flags=re.M))


def test_every_metric_in_code_is_documented_and_the_reverse() -> None:
    in_code = set(all_metric_ids())
    documented = _documented_ids()
    assert in_code - documented == set(), "metrics without a section in docs/metrics.md"
    assert documented - in_code == set(), "docs/metrics.md sections without a metric in code"


# Metrics of the product definition that are planned, not built yet; docs/metrics.md says so.
# Add an id here while it is planned, remove it when it lands.
PLANNED: set[str] = set()


def test_every_metric_of_metrics_md_is_implemented() -> None:
    shared = ROOT.parent / "shared" / "METRICS.md"
    expected = {f"M{i}" for i in range(1, 19)} | {"M1h", "M6c", "M10c", "M11s", "M13v", "M14m"}
    if shared.exists():  # the product definition, beside the project
        expected |= set(re.findall(r"\*\*(M\d+[a-z]?) ", shared.read_text(encoding="utf-8")))
    implemented = set(all_metric_ids())
    assert expected - PLANNED <= implemented
    assert not PLANNED & implemented, "a planned metric landed: take it out of PLANNED"


def test_metric_help_names_every_ratio_numerator_and_denominator() -> None:
    result = run_cli("metric", "--help")
    assert result.returncode == 0
    for spec in REGISTRY.values():
        assert spec.id in result.stdout
        if spec.numerator and spec.denominator:
            assert f"[{spec.numerator} / {spec.denominator}]" in result.stdout, spec.id


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, flags=re.M) and re.search(r"^test:", makefile, flags=re.M)


def test_readme_cli_examples_parse() -> None:
    """Every `forecast-desk …` line in the README is accepted by the argument parser."""
    parser = build_parser()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^\.venv/bin/forecast-desk (.+)$", readme, flags=re.M)
    assert len(lines) >= 8
    for line in lines:
        args = line.split("#")[0].split()
        if "--help" in args:
            continue
        parser.parse_args(args)
