"""Measure import costs in the target interpreter: one process per probe, `-X importtime`, run by
the `ProcessRunner` the caller passes (`adapters/processes.py`).

The interpreter's own start-up is excluded by a marker line written just before the import;
one warm-up round fills the file cache, then N rounds run round-robin over the modules so a
slow moment of the machine spreads over all of them instead of one.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from importmap.heavy.importtime import ImportTree, parse_importtime
from importmap.processes import ProcessRunner

MARKER = "--- importmap: measured imports start here ---"
PROBE_TIMEOUT_S = 120.0
BLAS_VARIABLES: tuple[str, ...] = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class Conditions:
    """What the numbers depend on, recorded next to them."""

    executable: str
    python_version: str
    implementation: str
    platform: str
    cpu_count: int | None
    blas_threads: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ModuleMeasurement:
    module: str
    version: str
    runs: int
    median_ms: float
    min_ms: float
    max_ms: float
    module_count: int
    peak_memory_kb: int | None
    cached: bool = False


@dataclass(frozen=True)
class Measurements:
    conditions: Conditions
    measured: tuple[ModuleMeasurement, ...] = ()
    missing: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()

    def median_by_module(self) -> dict[str, float]:
        return {m.module: m.median_ms for m in self.measured}


@dataclass(frozen=True)
class Probe:
    ok: bool
    missing: bool = False
    error: str = ""
    tree: ImportTree = field(default_factory=lambda: ImportTree(()))
    peak_memory_kb: int | None = None


_CONDITIONS_CODE = """
import importlib.metadata, json, os, platform, sys
names = json.loads(sys.argv[1])
found = importlib.metadata.packages_distributions()
versions = {}
for name in names:
    top = name.partition(".")[0]
    for dist in found.get(top, []):
        try:
            versions[name] = importlib.metadata.version(dist)
            break
        except importlib.metadata.PackageNotFoundError:
            pass
print(json.dumps({
    "executable": sys.executable,
    "python_version": platform.python_version(),
    "implementation": platform.python_implementation(),
    "platform": platform.platform(),
    "cpu_count": os.cpu_count(),
    "blas": {k: os.environ.get(k, "unset") for k in json.loads(sys.argv[2])},
    "versions": versions,
}))
"""

# The peak resident memory this process reached, in KB. On Linux, VmHWM belongs to the process's
# own address space, made new by exec; ru_maxrss is not: a child starts with its parent's
# high-water mark, so a small import under a large parent (importmap itself) always read +0 KB.
_PROBE_CODE = """
import json, sys
try:
    import resource
except ImportError:
    resource = None
def peak():
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else None
for entry in json.loads(sys.argv[2]):
    sys.path.insert(0, entry)
name = sys.argv[1]
before = peak()
sys.stderr.write(sys.argv[3] + "\\n")
sys.stderr.flush()
try:
    # __import__ goes through the C import machinery that -X importtime times;
    # importlib.import_module does not.
    __import__(name)
except ModuleNotFoundError as error:
    missing = error.name is not None and (name == error.name or name.startswith(error.name + "."))
    print(json.dumps({"missing": missing, "error": f"{type(error).__name__}: {error}"}))
except BaseException as error:
    print(json.dumps({"missing": False, "error": f"{type(error).__name__}: {error}"}))
else:
    after = peak()
    grown = None if before is None or after is None else after - before
    print(json.dumps({"peak_kb": grown}))
"""


def probe_import(
    python: str,
    module: str,
    runner: ProcessRunner,
    sys_path: Sequence[str] = (),
) -> Probe:
    """Import `module` once in a fresh `python -X importtime` process."""
    argv = [python, "-X", "importtime", "-c", _PROBE_CODE, module, json.dumps(list(sys_path))]
    result = runner([*argv, MARKER], PROBE_TIMEOUT_S)
    outcome = _last_json(result.stdout)
    if outcome is None:
        message = result.stderr.strip().splitlines()[-1:] or [f"exit code {result.returncode}"]
        return Probe(ok=False, error=message[0])
    if "error" in outcome:
        return Probe(ok=False, missing=bool(outcome.get("missing")), error=str(outcome["error"]))
    tree = parse_importtime(result.stderr.splitlines(), MARKER)
    peak = outcome.get("peak_kb")
    return Probe(ok=True, tree=tree, peak_memory_kb=peak if isinstance(peak, int) else None)


def read_conditions(
    python: str, modules: Sequence[str], runner: ProcessRunner
) -> tuple[Conditions, dict[str, str]]:
    """The target interpreter's conditions and the installed version of each module."""
    argv = [python, "-c", _CONDITIONS_CODE, json.dumps(list(modules)), json.dumps(BLAS_VARIABLES)]
    result = runner(argv, PROBE_TIMEOUT_S)
    found = _last_json(result.stdout)
    if found is None:
        detail = result.stderr.strip().splitlines()[-1:] or [f"exit code {result.returncode}"]
        raise MeasurementError(f"cannot run the target interpreter {python}: {detail[0]}")
    conditions = Conditions(
        executable=str(found["executable"]),
        python_version=str(found["python_version"]),
        implementation=str(found["implementation"]),
        platform=str(found["platform"]),
        cpu_count=found.get("cpu_count"),
        blas_threads=tuple(sorted((str(k), str(v)) for k, v in found["blas"].items())),
    )
    return conditions, {str(k): str(v) for k, v in found["versions"].items()}


class MeasurementError(Exception):
    """The target interpreter could not be run at all."""


@dataclass(frozen=True)
class MeasureRequest:
    python: str
    modules: tuple[str, ...]
    runs: int = 5


def measure_modules(
    request: MeasureRequest,
    runner: ProcessRunner,
    progress: ProgressCallback | None = None,
    cached: dict[str, ModuleMeasurement] | None = None,
    conditions: tuple[Conditions, dict[str, str]] | None = None,
) -> Measurements:
    """Warm-up round, then `runs` round-robin rounds; modules already in `cached` are skipped."""
    target, versions = conditions or read_conditions(request.python, request.modules, runner)
    reused = dict(cached or {})
    to_probe = [m for m in request.modules if m not in reused]
    total = len(to_probe) * (request.runs + 1)
    done = 0
    missing: list[str] = []
    failed: dict[str, str] = {}
    samples: dict[str, list[Probe]] = {m: [] for m in to_probe}
    for round_number in range(request.runs + 1):
        for module in to_probe:
            done += 1
            if module in failed or module in missing:
                continue
            probe = probe_import(request.python, module, runner)
            if progress is not None:
                progress(done, total)
            if probe.missing:
                missing.append(module)
            elif not probe.ok:
                failed[module] = probe.error
            elif round_number > 0:
                samples[module].append(probe)
    measured = [_summarise(m, versions.get(m, ""), s) for m, s in samples.items() if s]
    measured.extend(reused.values())
    return Measurements(
        conditions=target,
        measured=tuple(sorted(measured, key=lambda m: m.module)),
        missing=tuple(sorted(missing)),
        failed=tuple(sorted(failed.items())),
    )


def _summarise(module: str, version: str, probes: list[Probe]) -> ModuleMeasurement:
    times = [probe.tree.total_us / 1000.0 for probe in probes]
    peaks = [p.peak_memory_kb for p in probes if p.peak_memory_kb is not None]
    return ModuleMeasurement(
        module=module,
        version=version,
        runs=len(probes),
        median_ms=round(statistics.median(times), 2),
        min_ms=round(min(times), 2),
        max_ms=round(max(times), 2),
        module_count=max(probe.tree.module_count for probe in probes),
        peak_memory_kb=max(peaks) if peaks else None,
    )


def _last_json(stdout: str) -> dict[str, Any] | None:
    for line in reversed(stdout.strip().splitlines()):
        try:
            found = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(found, dict):
            return found
    return None
