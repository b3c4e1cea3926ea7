"""analytics/ never imports Streamlit or Plotly, checked at run time in a clean subprocess.

The import contracts in pyproject.toml (`lint-imports`, run by `make lint`) check the same rule
and the direction of the layers statically; this test also catches imports made by name at run
time (importlib), which a static check cannot see.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import analytics
from tests.conftest import ROOT


def test_analytics_never_imports_streamlit_or_plotly() -> None:
    modules = [f"analytics.{m.name}" for m in pkgutil.walk_packages(analytics.__path__)]
    modules += ["analytics.metrics"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    if name != 'analytics.__main__':\n"
        "        importlib.import_module(name)\n"
        "import analytics.metrics as m; m.all_metric_ids()\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('streamlit', 'plotly')]\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
