"""Real packages installed beside importmap, each analysed in full once per test process.

The fast-path test and the grimp-fidelity test both read the full analysis of the same installed
packages (networkx alone is 2 to 3 s of CPU); neither changes it.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

from importmap.analysis import AnalysisRequest, analyze
from importmap.result import Report


def package_dir(package: str) -> Path:
    module = importlib.import_module(package)
    return Path(module.__file__ or "").parent


def request_for(package: str) -> AnalysisRequest:
    directory = package_dir(package)
    return AnalysisRequest(paths=(directory,), base_dir=directory.parent)


@functools.cache
def full_analysis(package: str) -> Report:
    """The analysis with the default settings (every file parsed whole)."""
    return analyze(request_for(package))
