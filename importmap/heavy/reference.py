"""Built-in reference table of known heavy modules, keyed by module (not by distribution).

Cost depends on the statement: `from scipy import stats` loads far more than `import scipy`,
so submodules that are much heavier than their package have rows of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    """Where and when a reference row was measured, so a reader can judge how far it carries."""

    machine: str
    python: str
    when: str


@dataclass(frozen=True)
class ReferenceCost:
    module: str
    cost_ms: float
    module_count: int
    memory_mb: float
    measured: Measured


REFERENCE_CONDITIONS = Measured(
    machine="2-core Linux x86_64 VM, warm file cache, median of 5 runs",
    python="CPython 3.11",
    when="2025-01",
)

# module: (cost ms, modules loaded, resident memory added in MB)
_ROWS: Mapping[str, tuple[float, int, float]] = {
    "torch": (890.0, 1250, 310.0),
    "sklearn": (860.0, 1050, 140.0),
    "tensorflow": (1900.0, 2100, 520.0),
    "transformers": (470.0, 640, 95.0),
    "matplotlib.pyplot": (370.0, 620, 60.0),
    "matplotlib": (95.0, 210, 22.0),
    "pandas": (250.0, 560, 65.0),
    "sympy": (200.0, 580, 55.0),
    "sqlalchemy": (145.0, 240, 28.0),
    "boto3": (120.0, 230, 30.0),
    "botocore": (95.0, 190, 25.0),
    "scipy": (110.0, 170, 24.0),
    "scipy.stats": (500.0, 690, 85.0),
    "scipy.optimize": (300.0, 450, 60.0),
    "scipy.signal": (330.0, 480, 62.0),
    "seaborn": (620.0, 950, 110.0),
    "plotly.express": (420.0, 600, 80.0),
    "polars": (130.0, 90, 45.0),
    "pyarrow": (140.0, 160, 50.0),
    "numpy": (95.0, 140, 18.0),
    "networkx": (90.0, 420, 20.0),
    "flask": (75.0, 190, 14.0),
    "requests": (60.0, 130, 10.0),
    "django": (80.0, 150, 15.0),
    "fastapi": (160.0, 420, 35.0),
    "pydantic": (70.0, 130, 15.0),
    "cv2": (180.0, 40, 70.0),
    "spacy": (700.0, 1100, 150.0),
    "nltk": (400.0, 800, 60.0),
    "numba": (350.0, 500, 70.0),
    "statsmodels.api": (900.0, 1300, 160.0),
    "xgboost": (300.0, 400, 60.0),
    "lightgbm": (250.0, 350, 50.0),
    "google.cloud.storage": (350.0, 700, 60.0),
    "kubernetes": (300.0, 500, 55.0),
    "openai": (330.0, 700, 55.0),
}

REFERENCE: Mapping[str, ReferenceCost] = {
    module: ReferenceCost(module, cost, count, memory, REFERENCE_CONDITIONS)
    for module, (cost, count, memory) in _ROWS.items()
}


def reference_cost(module: str) -> ReferenceCost | None:
    """The row for `module`, else for its nearest listed ancestor package."""
    candidate = module
    while candidate:
        row = REFERENCE.get(candidate)
        if row is not None:
            return row
        candidate = candidate.rpartition(".")[0]
    return None
