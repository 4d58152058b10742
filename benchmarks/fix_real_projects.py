"""`importmap fix` on real projects, judged by their own test suites.

For each pinned sdist: unpack it, install it editable into a throwaway venv with pytest, run a
subset of its own tests and `python -c "import PKG"`, run `importmap fix --select IMP101,IMP104`
(every fixable code, the project's own configuration, from the project root), then run the same
tests and import again. The results before and after must be the same; files `fix` refused are
counted with the reason.

    python benchmarks/fix_real_projects.py [--work DIR] [--out benchmarks/fix_real_projects.json]
        [PROJECT ...]

Needs network access to the package index (or a local mirror pip is configured for).
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    package: str
    tests: tuple[str, ...]
    extra: tuple[str, ...] = ()


PROJECTS: tuple[Project, ...] = (
    # Import order matters here: sorting networkx/__init__.py breaks `import networkx`.
    Project(
        "networkx",
        "3.4.2",
        "networkx",
        (
            "networkx/classes/tests",
            "networkx/algorithms/tests/test_dag.py",
            "networkx/algorithms/tests/test_cycles.py",
        ),
    ),
    # The case: sorting sympy/core/__init__.py alone made `import sympy` fail.
    Project(
        "sympy",
        "1.14.0",
        "sympy",
        ("sympy/core/tests/test_basic.py", "sympy/core/tests/test_sympify.py"),
        ("hypothesis",),
    ),
    Project("click", "8.1.8", "click", ("tests",)),
    Project(
        "attrs",
        "24.3.0",
        "attr",
        ("tests/test_make.py", "tests/test_funcs.py", "tests/test_validators.py"),
        ("hypothesis",),
    ),
    Project(
        "requests",
        "2.32.3",
        "requests",
        ("tests/test_utils.py", "tests/test_structures.py", "tests/test_hooks.py"),
    ),
    Project("flask", "3.1.0", "flask", ("tests/test_basic.py", "tests/test_blueprints.py")),
    Project("jinja2", "3.1.4", "jinja2", ("tests/test_api.py", "tests/test_lexnparse.py")),
    Project(
        "werkzeug",
        "3.1.3",
        "werkzeug",
        ("tests/test_datastructures.py", "tests/test_routing.py", "tests/test_urls.py"),
        # What its tests/conftest.py imports.
        ("ephemeral-port-reserve", "watchdog", "cryptography"),
    ),
)


@dataclass
class Outcome:
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    imports: bool = False
    summary: str = ""


@dataclass
class Result:
    project: str
    version: str
    before: Outcome = field(default_factory=Outcome)
    after: Outcome = field(default_factory=Outcome)
    fixed: int = 0
    refused: int = 0
    refusals: list[str] = field(default_factory=list)
    fix_exit: int = -1
    unchanged: bool = False


def run(command: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def prepare(project: Project, work: Path) -> tuple[Path, Path]:
    """The unpacked source tree and its venv's python."""
    sdists = work / "sdists"
    sdists.mkdir(parents=True, exist_ok=True)
    pinned = f"{project.name}=={project.version}"
    downloaded = run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-binary",
            ":all:",
            "--no-deps",
            pinned,
            "-d",
            str(sdists),
        ],
        work,
    )
    if downloaded.returncode != 0:
        raise RuntimeError(f"pip download {pinned}: {downloaded.stderr[-500:]}")
    archive = next(sdists.glob(f"{project.name}-{project.version}.tar.gz"))
    source = work / f"{project.name}-{project.version}"
    shutil.rmtree(source, ignore_errors=True)
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    venv = work / f"venv-{project.name}"
    if not (venv / "bin" / "python").exists():
        run([sys.executable, "-m", "venv", str(venv)], work)
    python = venv / "bin" / "python"
    installed = run(
        [str(python), "-m", "pip", "install", "-q", "pytest<9", *project.extra, "-e", str(source)],
        work,
    )
    if installed.returncode != 0:
        raise RuntimeError(f"install {pinned}: {installed.stderr[-800:]}")
    return source, python


_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped)")


def outcome(project: Project, source: Path, python: Path) -> Outcome:
    tests = run(
        [
            str(python),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-header",
            "-o",
            "addopts=",
            *project.tests,
        ],
        source,
    )
    last = tests.stdout.strip().splitlines()[-1] if tests.stdout.strip() else tests.stderr[-200:]
    counts = {kind.rstrip("s"): int(number) for number, kind in _COUNT.findall(last)}
    imported = run([str(python), "-c", f"import {project.package}"], source.parent)
    return Outcome(
        passed=counts.get("passed", 0),
        failed=counts.get("failed", 0),
        errors=counts.get("error", 0),
        skipped=counts.get("skipped", 0),
        imports=imported.returncode == 0,
        summary=last[-200:],
    )


def fix(source: Path, importmap: Path) -> tuple[int, list[str], list[str]]:
    done = run([str(importmap), "fix", "--select", "IMP101,IMP104"], source, timeout=1800)
    lines = done.stdout.splitlines()
    fixed = [line for line in lines if line.startswith("fixed: ")]
    refused = [line for line in lines if line.startswith("left untouched: ")]
    return done.returncode, fixed, refused


def measure(project: Project, work: Path, importmap: Path) -> Result:
    source, python = prepare(project, work)
    result = Result(project.name, project.version)
    result.before = outcome(project, source, python)
    result.fix_exit, fixed, refused = fix(source, importmap)
    result.fixed, result.refused = len(fixed), len(refused)
    result.refusals = refused
    result.after = outcome(project, source, python)
    before, after = asdict(result.before), asdict(result.after)
    before.pop("summary")
    after.pop("summary")
    result.unchanged = before == after
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="*", help="names from PROJECTS (default: all)")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_suffix(".json"))
    parser.add_argument("--importmap", type=Path, default=Path(sys.executable).parent / "importmap")
    arguments = parser.parse_args()
    chosen = [p for p in PROJECTS if not arguments.projects or p.name in arguments.projects]
    work = arguments.work or Path(tempfile.mkdtemp(prefix="importmap-fix-real-"))
    results = [measure(project, work, arguments.importmap) for project in chosen]
    when = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="minutes")
    measured = [{"date": when, **asdict(result)} for result in results]
    # Projects named on the command line replace their earlier entries; the others are kept.
    kept = []
    if arguments.out.exists() and arguments.projects:
        earlier = json.loads(arguments.out.read_text(encoding="utf-8"))["results"]
        kept = [entry for entry in earlier if entry["project"] not in arguments.projects]
    record = {
        "python": platform.python_version(),
        "importmap": run([str(arguments.importmap), "--version"], work).stdout.strip(),
        "command": "importmap fix --select IMP101,IMP104 (from the project root)",
        "results": sorted(
            kept + measured,
            key=lambda entry: [p.name for p in PROJECTS].index(entry["project"]),
        ),
    }
    arguments.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    for result in results:
        b, a = result.before, result.after
        print(
            f"{result.project} {result.version}: tests {b.passed}/{b.failed} -> "
            f"{a.passed}/{a.failed} (passed/failed), import {b.imports} -> {a.imports}, "
            f"fixed {result.fixed}, refused {result.refused}, unchanged {result.unchanged}"
        )


if __name__ == "__main__":
    main()
