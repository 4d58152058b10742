"""Generate importmap/heavy/reference.py: measured import costs of pinned heavy packages.

    .venv/bin/python benchmarks/heavy_reference.py [--runs 9] [--venv DIR] [--out FILE]

Installs the pinned versions below into a throwaway virtualenv (PyPI through pip), then imports
each module in a fresh `python -X importtime` process: one warm-up round to fill the file cache,
then `--runs` rounds round-robin over the modules, so a slow moment of the shared machine spreads
over all of them. A module's cost is the median over the rounds of what `-X importtime` says the
import took, counted from a marker written just before it: the interpreter's own start-up (site,
encodings) is left out. The same probe as `importmap heavy --measure` is used
(importmap.heavy.measure.probe_import), so the table and a measurement here mean the same thing.
The load average before and after is recorded beside the numbers.

The table is written with the date, Python version, machine, package versions and conditions;
benchmarks/heavy_reference.json keeps every raw sample.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from importmap.adapters.processes import run_process  # noqa: E402
from importmap.heavy.measure import probe_import  # noqa: E402

# Exact pins: a row is only true of the version it measured.
PINS: tuple[str, ...] = (
    "numpy==2.1.3",
    "pandas==2.2.3",
    "scipy==1.14.1",
    "matplotlib==3.9.2",
    "SQLAlchemy==2.0.36",
    "boto3==1.35.54",
    "botocore==1.35.54",
    "celery==5.4.0",
    "requests==2.32.3",
    "Flask==3.0.3",
    "Django==5.1.3",
    "pydantic==2.9.2",
    "fastapi==0.115.4",
    "stripe==11.2.0",
    "sqlglot==25.29.0",
    "networkx==3.4.2",
    "sympy==1.13.3",
)
# Installed on its own, only if it installs (a local CPU build on this machine).
OPTIONAL_PINS: tuple[str, ...] = ("torch==2.13.0",)

# Submodules that cost far more than their package get rows of their own.
MODULES: tuple[str, ...] = (
    "numpy",
    "pandas",
    "scipy",
    "scipy.stats",
    "scipy.optimize",
    "scipy.signal",
    "scipy.sparse",
    "scipy.linalg",
    "scipy.interpolate",
    "scipy.spatial",
    "matplotlib",
    "matplotlib.pyplot",
    "sqlalchemy",
    "sqlalchemy.orm",
    "boto3",
    "botocore",
    "botocore.session",
    "celery",
    "requests",
    "flask",
    "django",
    "django.db.models",
    "pydantic",
    "fastapi",
    "stripe",
    "sqlglot",
    "networkx",
    "sympy",
    "torch",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--venv", type=Path, default=None, help="reuse this virtualenv")
    parser.add_argument("--out", type=Path, default=REPO / "importmap/heavy/reference.py")
    parser.add_argument("--raw", type=Path, default=REPO / "benchmarks/heavy_reference.json")
    parser.add_argument("--modules", default=",".join(MODULES))
    parser.add_argument(
        "--from-raw", action="store_true", help="write the table again from --raw, measure nothing"
    )
    args = parser.parse_args()
    if args.from_raw:
        raw = json.loads(args.raw.read_text(encoding="utf-8"))
        rows = {m: r for m, r in raw["modules"].items() if r.get("median_ms") is not None}
        _write(args.out, _table(raw["environment"], raw["versions"], rows))
        return 0
    with tempfile.TemporaryDirectory(prefix="importmap-heavy-ref-") as scratch:
        venv = args.venv or Path(scratch) / "venv"
        python = _venv(venv)
        versions = _install(python)
        modules = tuple(m for m in args.modules.split(",") if m)
        measured = _measure(python, modules, args.runs)
    env = _environment(python, args.runs, measured.pop("_load"))
    rows = {m: r for m, r in measured.items() if r.get("median_ms") is not None}
    raw = {"environment": env, "versions": versions, "modules": measured}
    args.raw.write_text(json.dumps(raw, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    _write(args.out, _table(env, versions, rows))
    for module, row in sorted(rows.items(), key=lambda item: -item[1]["median_ms"]):
        print(f"{module:22} {row['median_ms']:9.1f} ms  +{row['memory_kb']} KB  {row['modules']}")
    return 0


def _write(out: Path, text: str) -> None:
    out.write_text(text, encoding="utf-8")
    # Laid out as the rest of the code; skipped where ruff is not installed.
    subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", str(out)], check=False)


def _venv(venv: Path) -> str:
    python = venv / "bin" / "python"
    if not python.is_file():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    return str(python)


def _install(python: str) -> dict[str, str]:
    """Install the pins; the optional ones each on their own, skipped when they fail."""
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *PINS], check=True)
    for pin in OPTIONAL_PINS:
        done = subprocess.run([*pip, pin], check=False)
        if done.returncode != 0:
            print(f"skipped {pin}: pip exit code {done.returncode}", file=sys.stderr)
    listed = subprocess.run(
        [python, "-m", "pip", "list", "--format", "json"], capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return {row["name"].lower(): row["version"] for row in json.loads(listed.stdout)}


def _measure(python: str, modules: tuple[str, ...], runs: int) -> dict[str, dict]:  # type: ignore[type-arg]
    load_before = os.getloadavg()
    samples: dict[str, list[tuple[float, int | None, int]]] = {m: [] for m in modules}
    failed: dict[str, str] = {}
    # The other table modules each import loads: pandas loads numpy, so both cost pandas.
    includes: dict[str, list[str]] = {}
    for round_number in range(runs + 1):
        for module in modules:
            if module in failed:
                continue
            probe = probe_import(python, module, run_process)
            if not probe.ok:
                failed[module] = probe.error
                continue
            if round_number > 0:  # round 0 warms the file cache
                sample = (
                    probe.tree.total_us / 1000.0,
                    probe.peak_memory_kb,
                    probe.tree.module_count,
                )
                samples[module].append(sample)
                names = {row.name for row in probe.tree.loaded}
                includes[module] = sorted(m for m in modules if m != module and m in names)
        print(f"round {round_number}/{runs} done", file=sys.stderr)
    result: dict[str, dict] = {}  # type: ignore[type-arg]
    for module in modules:
        times = [s[0] for s in samples[module]]
        memory = [s[1] for s in samples[module] if s[1] is not None]
        result[module] = {
            "samples_ms": [round(t, 2) for t in times],
            "median_ms": round(statistics.median(times), 1) if times else None,
            "memory_kb": int(statistics.median(memory)) if memory else None,
            "modules": max((s[2] for s in samples[module]), default=0),
            "error": failed.get(module),
            "includes": includes.get(module, []),
        }
    result["_load"] = {"before": load_before, "after": os.getloadavg()}
    return result


def _environment(python: str, runs: int, load: dict) -> dict[str, object]:  # type: ignore[type-arg]
    code = "import platform,sys;print(platform.python_implementation(), platform.python_version())"
    version = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": version.stdout.strip(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s), "
        f"{_cpu_model()}",
        "runs": runs,
        "load": f"load average {load['before'][0]:.1f} before, {load['after'][0]:.1f} after "
        "(the CPU was shared with other jobs)",
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _table(env: dict, versions: dict[str, str], rows: dict[str, dict]) -> str:  # type: ignore[type-arg]
    lines = [f"    {module!r}: ({row['median_ms']}, {row['modules']}, {row['memory_kb'] or 0}, "
             f"{tuple(row['includes'])!r}),"
             for module, row in sorted(rows.items())]  # fmt: skip
    dists = sorted({_dist(m, versions) for m in rows} - {""})
    return _TEMPLATE.format(
        date=env["date"],
        python=env["python"],
        machine=env["machine"],
        conditions=f"median of {env['runs']} runs after one warm-up, {env['load']}",
        versions=", ".join(dists),
        rows="\n".join(lines),
    )


_DIST = {"sklearn": "scikit-learn"}


def _dist(module: str, versions: dict[str, str]) -> str:
    top = module.partition(".")[0]
    name = _DIST.get(top, top).lower()
    return f"{name}=={versions[name]}" if name in versions else ""


_TEMPLATE = '''# ruff: noqa: E501 - generated: one row per line, as measured
"""Reference table of heavy modules: GENERATED by benchmarks/heavy_reference.py, do not edit.

Each row is what `python -X importtime` said importing the module took (median over the runs,
the interpreter's start-up left out), the modules it loaded, and the peak memory it added.
Cost depends on the statement: `from scipy import stats` loads far more than `import scipy`,
so submodules much heavier than their package have rows of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Measured:
    """Where and when the table was measured, so a reader can judge how far it carries."""

    machine: str
    python: str
    when: str
    conditions: str
    versions: str


@dataclass(frozen=True)
class ReferenceCost:
    module: str
    cost_ms: float
    module_count: int
    memory_kb: int
    # The other rows this import loads too (pandas loads numpy): their cost is inside this one.
    includes: tuple[str, ...]
    measured: Measured


REFERENCE_CONDITIONS = Measured(
    machine={machine!r},
    python={python!r},
    when={date!r},
    conditions={conditions!r},
    versions={versions!r},
)

# module: (median cost ms, modules loaded, peak memory added in KB, other rows it loads)
_ROWS: Mapping[str, tuple[float, int, int, tuple[str, ...]]] = {{
{rows}
}}

REFERENCE: Mapping[str, ReferenceCost] = {{
    module: ReferenceCost(module, cost, count, memory, includes, REFERENCE_CONDITIONS)
    for module, (cost, count, memory, includes) in _ROWS.items()
}}


def reference_cost(module: str) -> ReferenceCost | None:
    """The row for `module`, else for its nearest listed ancestor package."""
    candidate = module
    while candidate:
        row = REFERENCE.get(candidate)
        if row is not None:
            return row
        candidate = candidate.rpartition(".")[0]
    return None
'''


if __name__ == "__main__":
    raise SystemExit(main())
