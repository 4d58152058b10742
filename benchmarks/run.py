"""Benchmark importmap against its peers on real packages and synthetic trees.

Usage: `python benchmarks/run.py [--packages django,sympy] [--synthetic 5000,10000] [--repeat 3]`.
Every tool runs as a whole process (interpreter start-up included), cold unless its row says warm;
the result is the median wall time and the highest peak RSS of the repeats. See README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import fidelity  # noqa: E402  (sibling modules of this script, found through the line above)
import measure  # noqa: E402
import report  # noqa: E402
import synth  # noqa: E402

PINNED = {
    "django": "5.2.19",
    "sympy": "1.14.0",
    "transformers": "5.24.0",
    "homeassistant": "2024.3.3",
}
PEER_PACKAGES = ["grimp", "import-linter", "pydeps", "pylint", "ruff"]
OPTIONAL_PEER_PACKAGES = ["tach"]
DEFAULT_SYNTHETIC = "5000,10000"
SEED = 7
# The rules importmap delegates to ruff or mirrors (issue #21's peer): relative and wildcard
# imports, import order, unused and redefined imports.
RUFF_RULES = "TID252,F403,I001,F401,F811"
assert report.RUFF == "ruff " + RUFF_RULES.replace(",", "+")
RUFF_ROW = report.RUFF
RUFF_RELATIVE_CONFIG = 'lint.flake8-tidy-imports.ban-relative-imports="all"'
GRIMP_SNIPPET = "import sys, grimp; grimp.build_graph(sys.argv[1], cache_dir=None)"
# Cache directories any tool may leave in the directory it runs in; removed before a cold run.
CACHE_NAMES = [".importmap_cache", ".grimp_cache", ".import_linter_cache", ".ruff_cache", ".tach"]


@dataclass(frozen=True)
class Target:
    """One codebase to measure: the top-level package `top` inside the directory `root`."""

    name: str
    top: str
    root: Path
    files: int
    real: bool
    note: str = ""


@dataclass(frozen=True)
class ImportmapCaps:
    """What the importmap under test offers; rows that need a missing feature are skipped."""

    check: bool
    no_render: bool
    cache: bool


@dataclass(frozen=True)
class Context:
    target: Target
    scratch: Path
    peers_bin: Path | None
    importmap: Path
    grimp_python: str
    caps: ImportmapCaps

    @property
    def pylint_home(self) -> Path:
        return self.scratch / "pylint-home"

    def peer(self, name: str) -> str:
        """The peer's executable: from the peers' virtualenv, else beside this interpreter."""
        for directory in (self.peers_bin, Path(sys.executable).parent):
            if directory is not None and (directory / name).exists():
                return str(directory / name)
        return name


Argv = Callable[[Context], list[str]]
Skip = Callable[[Context], str | None]
# Changes one file of the target before measured run number `run` (0-based).
Edit = Callable[[Context, int], None]


def always(_: Context) -> str | None:
    return None


def django_only(ctx: Context) -> str | None:
    return None if ctx.target.top == "django" else "run on django only (minutes elsewhere)"


def needs(feature: str) -> Skip:
    def check(ctx: Context) -> str | None:
        return None if getattr(ctx.caps, feature) else f"this importmap has no {feature}"

    return check


def needs_peer(name: str) -> Skip:
    def check(ctx: Context) -> str | None:
        found = ctx.peer(name)
        return None if Path(found).exists() else f"{name} is not installed"

    return check


@dataclass(frozen=True)
class Tool:
    """One row of the benchmark: a command line, and when it applies."""

    key: str
    family: str
    argv: Argv
    skip: Skip = always
    warm: bool = False
    slow: bool = False  # killed after --timeout seconds instead of --long-timeout
    ok_codes: frozenset[int] = frozenset({0})
    # Warm rows only: the file edit made before each measured run; the file is restored after.
    edit: Edit | None = None


# Exit 1 means "found something" (a broken contract, findings), not a failure, for these tools.
FINDINGS = frozenset({0, 1})


def importmap_analyze(ctx: Context, *extra: str) -> list[str]:
    out = ctx.scratch / "importmap-out"
    return [
        str(ctx.importmap),
        "analyze",
        ctx.target.top,
        "--format",
        "json",
        "--out",
        str(out),
        *extra,
    ]


def importmap_check(ctx: Context) -> list[str]:
    return [str(ctx.importmap), "check", ctx.target.top, "--select", "IMP001"]


def ruff_argv(ctx: Context) -> list[str]:
    return [
        ctx.peer("ruff"), "check", "--select", RUFF_RULES, "--isolated",
        "--config", RUFF_RELATIVE_CONFIG, "--no-cache", ctx.target.top,
    ]  # fmt: skip


def ast_argv(jobs: int) -> Argv:
    return lambda ctx: [
        sys.executable,
        str(BENCH_DIR / "ast_scan.py"),
        ctx.target.top,
        "--jobs",
        str(jobs),
    ]


def edited_file(ctx: Context) -> Path:
    """The file the one-file-edited rows change: the top package's `__init__.py`."""
    return ctx.target.root / ctx.target.top / "__init__.py"


def append_comment(ctx: Context, run: int) -> None:
    """An edit that changes no import: what most edits of a function body are to the gate."""
    with edited_file(ctx).open("a", encoding="utf-8") as handle:
        handle.write(f"\n# importmap benchmark: edit {run}\n")


def append_import(ctx: Context, run: int) -> None:
    """An edit that adds an import (in a function, so nothing runs differently)."""
    with edited_file(ctx).open("a", encoding="utf-8") as handle:
        handle.write(f"\n\ndef _importmap_benchmark_{run}():\n    import json\n")


def lint_imports_row(label: str, warm: bool = False, edit: Edit | None = None) -> Tool:
    return Tool(
        f"lint-imports acyclic_siblings{label}",
        "lint-imports",
        lambda c: [c.peer("lint-imports"), "--no-logo", str(c.scratch / "importlinter.ini")],
        needs_peer("lint-imports"),
        warm=warm,
        ok_codes=FINDINGS,
        edit=edit,
    )


def gate_row(label: str, warm: bool = False, edit: Edit | None = None) -> Tool:
    """`importmap check --select IMP001`; the warm rows need an importmap with a cache."""

    def skip(ctx: Context) -> str | None:
        return needs("check")(ctx) or (needs("cache")(ctx) if warm else None)

    return Tool(
        f"importmap check --select IMP001{label}",
        "importmap",
        importmap_check,
        skip,
        warm=warm,
        ok_codes=FINDINGS,
        edit=edit,
    )


# The one table of what runs. Each row is a whole process; add a row to measure another tool.
TOOLS: list[Tool] = [
    Tool(
        "grimp build_graph", "grimp", lambda c: [c.grimp_python, "-c", GRIMP_SNIPPET, c.target.top]
    ),
    lint_imports_row(""),
    lint_imports_row(" (warm)", warm=True),
    lint_imports_row(" (one file edited)", warm=True, edit=append_comment),
    Tool(
        "pydeps --show-cycles",
        "pydeps",
        lambda c: [c.peer("pydeps"), c.target.top, "--show-cycles", "--no-output"],
        needs_peer("pydeps"),
        slow=True,
    ),
    Tool(
        "pylint cyclic-import",
        "pylint",
        lambda c: [c.peer("pylint"), "--disable=all", "--enable=cyclic-import", c.target.top],
        lambda c: django_only(c) or needs_peer("pylint")(c),
        slow=True,
        # pylint's exit code is a bit mask of message kinds; bit 1 is a fatal error.
        ok_codes=frozenset(code for code in range(32) if not code & 1),
    ),
    Tool(RUFF_ROW, "ruff", ruff_argv, needs_peer("ruff"), ok_codes=FINDINGS),
    Tool(
        "tach map",
        "tach",
        lambda c: [c.peer("tach"), "map", "-o", str(c.scratch / "tach-map.json")],
        needs_peer("tach"),
        slow=True,
    ),
    Tool("ast.parse, 1 process", "ast", ast_argv(1)),
    Tool("ast.parse, 2 processes", "ast", ast_argv(2)),
    Tool("importmap analyze", "importmap", importmap_analyze, ok_codes=FINDINGS),
    Tool(
        "importmap analyze --no-render",
        "importmap",
        lambda c: importmap_analyze(c, "--no-render"),
        needs("no_render"),
        ok_codes=FINDINGS,
    ),
    Tool(
        "importmap analyze --no-render, no crash simulation (--ignore IMP001,IMP003)",
        "importmap",
        lambda c: importmap_analyze(c, "--no-render", "--ignore", "IMP001,IMP003"),
        needs("no_render"),
        ok_codes=FINDINGS,
    ),
    gate_row(""),
    gate_row(" (warm)", warm=True),
    gate_row(" (one file edited, imports kept)", warm=True, edit=append_comment),
    gate_row(" (one file edited, an import added)", warm=True, edit=append_import),
    Tool(
        "importmap analyze (warm)",
        "importmap",
        importmap_analyze,
        needs("cache"),
        warm=True,
        ok_codes=FINDINGS,
    ),
    # The analysis alone, warm: what compares with ruff, which draws nothing (the row above also
    # draws the graph and the cycles with Graphviz).
    Tool(
        "importmap analyze --no-render (warm)",
        "importmap",
        lambda c: importmap_analyze(c, "--no-render"),
        lambda c: needs("no_render")(c) or needs("cache")(c),
        warm=True,
        ok_codes=FINDINGS,
    ),
]


@dataclass
class ToolResult:
    status: str  # ok | failed | timeout | skipped
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    returncodes: list[int | None] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def peak(self) -> float | None:
        return max(self.peak_mib) if self.peak_mib else None


# ---------------------------------------------------------------------------------------------
# Setting up: packages, peers, synthetic trees


def run_quiet(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, check=False)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def version_key(text: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def available_versions(name: str) -> list[str]:
    result = run_quiet([sys.executable, "-m", "pip", "index", "versions", name])
    for line in result.stdout.splitlines():
        if line.strip().startswith("Available versions:"):
            return [v.strip() for v in line.split(":", 1)[1].split(",") if v.strip()]
    return []


def nearest_version(wanted: str, versions: list[str]) -> str | None:
    """The newest version not above the pin, else the oldest above it."""
    below = [v for v in versions if version_key(v) <= version_key(wanted)]
    if below:
        return max(below, key=version_key)
    return min(versions, key=version_key) if versions else None


def download_wheel(name: str, version: str, dest: Path) -> Path | None:
    dest.mkdir(parents=True, exist_ok=True)
    existing = sorted(dest.glob(f"{name}-{version}-*.whl"))
    if existing:
        return existing[0]
    argv = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        f"{name}=={version}", "-d", str(dest),
    ]  # fmt: skip
    result = run_quiet(argv)
    found = sorted(dest.glob(f"{name}-{version}-*.whl"))
    if result.returncode != 0 or not found:
        return None
    return found[0]


def count_py(directory: Path) -> int:
    return sum(1 for _ in directory.rglob("*.py"))


def prepare_real(name: str, pinned: str, work: Path) -> Target | None:
    note = ""
    wheel = download_wheel(name, pinned, work / "wheels")
    version = pinned
    if wheel is None:
        nearest = nearest_version(pinned, available_versions(name))
        if nearest is None or nearest == pinned:
            log(f"! {name}=={pinned} could not be downloaded and no other version was found")
            return None
        wheel = download_wheel(name, nearest, work / "wheels")
        if wheel is None:
            log(f"! {name}=={nearest} could not be downloaded either")
            return None
        version = nearest
        note = f"pinned {pinned} not downloadable; used {nearest}"
        log(f"! {name}: {note}")
    root = work / "packages" / f"{name}-{version}"
    marker = root / ".unpacked"
    if not marker.exists():
        if root.exists():
            shutil.rmtree(root)
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(root)
        marker.write_text(wheel.name, encoding="utf-8")
    files = count_py(root / name)
    return Target(f"{name} {version}", name, root, files, real=True, note=note)


def prepare_synthetic(size: int, work: Path) -> Target:
    root = synth.generate(work / "synthetic" / f"synth-{size}", size, SEED)
    return Target(f"synthetic {size}", synth.TOP, root, count_py(root / synth.TOP), real=False)


def ensure_peers(venv: Path) -> Path:
    """Create the peers' virtualenv once; tach is optional (it ships a compiled core)."""
    marker = venv / ".peers-installed"
    bin_dir = venv / "bin"
    if marker.exists():
        return bin_dir
    log(f"creating the peers' virtualenv in {venv}")
    run_quiet([sys.executable, "-m", "venv", str(venv)])
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet"]
    result = run_quiet([*pip, *PEER_PACKAGES])
    if result.returncode != 0:
        log(f"! installing the peers failed:\n{result.stderr[-2000:]}")
    for optional in OPTIONAL_PEER_PACKAGES:
        extra = run_quiet([*pip, optional])
        if extra.returncode != 0:
            log(f"! {optional} did not install; its rows are skipped")
    marker.write_text("ok\n", encoding="utf-8")
    return bin_dir


def pip_versions(python: str, names: list[str]) -> dict[str, str]:
    result = run_quiet([python, "-m", "pip", "list", "--format", "json"])
    try:
        installed = {row["name"].lower(): row["version"] for row in json.loads(result.stdout)}
    except (json.JSONDecodeError, KeyError, TypeError):
        return {}
    return {name: installed[name] for name in names if name in installed}


def importmap_caps(importmap: Path) -> tuple[ImportmapCaps, str]:
    top_help = run_quiet([str(importmap), "--help"]).stdout
    analyze_help = run_quiet([str(importmap), "analyze", "--help"]).stdout
    version = run_quiet([str(importmap), "--version"]).stdout.strip()
    caps = ImportmapCaps(
        check=any(line.strip().startswith("check") for line in top_help.splitlines()),
        no_render="--no-render" in analyze_help,
        cache="--no-cache" in analyze_help,
    )
    return caps, version


def write_configs(ctx: Context) -> None:
    """Configs the peers need: an acyclic_siblings contract for lint-imports, tach.toml."""
    ctx.scratch.mkdir(parents=True, exist_ok=True)
    (ctx.scratch / "importlinter.ini").write_text(
        "[importlinter]\n"
        f"root_package = {ctx.target.top}\n\n"
        "[importlinter:contract:siblings]\n"
        "name = No cycles between siblings\n"
        "type = acyclic_siblings\n"
        f"ancestors = {ctx.target.top}\n",
        encoding="utf-8",
    )
    tach_toml = ctx.target.root / "tach.toml"
    if not tach_toml.exists():
        tach_toml.write_text('source_roots = ["."]\nexclude = []\n', encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Measuring


def clear_caches(ctx: Context) -> None:
    places = [ctx.target.root, ctx.target.root / ctx.target.top]
    measure.clear_dirs([place / name for place in places for name in CACHE_NAMES])
    measure.clear_dirs([ctx.pylint_home])


def child_env(ctx: Context) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ctx.target.root)  # grimp and pylint find the package there
    env["PYLINTHOME"] = str(ctx.pylint_home)  # keep pylint's stats out of ~/.cache
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure_tool(
    tool: Tool, ctx: Context, repeat: int, timeouts: tuple[float, float]
) -> ToolResult:
    result = ToolResult(status="ok")
    timeout = timeouts[0] if tool.slow else timeouts[1]
    argv = tool.argv(ctx)
    slug = "".join(ch if ch.isalnum() else "-" for ch in tool.key)
    out, err = ctx.scratch / f"{slug}.out", ctx.scratch / f"{slug}.err"
    env = child_env(ctx)
    clear_caches(ctx)
    if tool.edit is not None and not edited_file(ctx).is_file():
        return ToolResult(status="skipped", note=f"no {ctx.target.top}/__init__.py to edit")
    original = edited_file(ctx).read_bytes() if tool.edit is not None else None
    try:
        return _measure_runs(tool, ctx, repeat, timeout, argv, (out, err), env, result)
    finally:
        if original is not None:
            edited_file(ctx).write_bytes(original)


def _measure_runs(
    tool: Tool,
    ctx: Context,
    repeat: int,
    timeout: float,
    argv: list[str],
    outputs: tuple[Path, Path],
    env: dict[str, str],
    result: ToolResult,
) -> ToolResult:
    out, err = outputs
    if tool.warm:
        # Prime the cache once; the measured runs then find nothing changed.
        measure.run_measured(
            argv, cwd=ctx.target.root, env=env, timeout=timeout, stdout_path=out, stderr_path=err
        )
    for run in range(repeat):
        if not tool.warm:
            clear_caches(ctx)
        if tool.edit is not None:
            tool.edit(ctx, run)
        sample = measure.run_measured(
            argv, cwd=ctx.target.root, env=env, timeout=timeout, stdout_path=out, stderr_path=err
        )
        result.returncodes.append(sample.returncode)
        if sample.timed_out:
            result.status = "timeout"
            result.note = f"killed after {timeout:.0f} s"
            return result
        if sample.returncode not in tool.ok_codes:
            result.status = "failed"
            tail = err.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
            result.note = f"exit {sample.returncode}: {' '.join(tail)[:200]}"
            return result
        result.seconds.append(sample.seconds)
        if sample.peak_mib is not None:
            result.peak_mib.append(sample.peak_mib)
    return result


def measure_target(
    ctx: Context,
    tools: list[Tool],
    repeat: int,
    timeouts: tuple[float, float],
    gave_up: dict[str, str],
) -> dict[str, ToolResult]:
    results: dict[str, ToolResult] = {}
    write_configs(ctx)
    for tool in tools:
        reason = tool.skip(ctx) or gave_up.get(tool.key)
        if reason:
            results[tool.key] = ToolResult(status="skipped", note=reason)
            continue
        log(f"  {tool.key} ...")
        result = measure_tool(tool, ctx, repeat, timeouts)
        log(f"  {tool.key}: {report.cell(result.status, result.median, result.peak)}")
        results[tool.key] = result
        if result.status == "timeout" and not ctx.target.real:
            # Synthetic sizes grow: a tool that timed out will time out on the larger ones too.
            gave_up[tool.key] = f"timed out on synthetic {ctx.target.files} files"
    return results


# ---------------------------------------------------------------------------------------------
# Machine, command line, main


def machine_info() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        ram = "unknown"
    return {
        "load average (1/5/15 min) at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "python": platform.python_version(),
        "os": platform.platform(),
        "peak memory": "GNU time %M"
        if measure.have_gnu_time()
        else "not measured (no /usr/bin/time)",
    }


def parse_list(text: str) -> list[str]:
    return (
        []
        if text.strip().lower() in ("", "none")
        else [p.strip() for p in text.split(",") if p.strip()]
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--packages", default=",".join(PINNED), help="real packages, or 'none'")
    parser.add_argument("--synthetic", default=DEFAULT_SYNTHETIC, help="module counts, or 'none'")
    families = sorted({tool.family for tool in TOOLS})
    parser.add_argument("--tools", default=",".join(families), help=f"any of {','.join(families)}")
    parser.add_argument(
        "--rows",
        default="",
        help="only these rows of the chosen tools, by exact name, separated by ';' (default: all)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the median is kept")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds, pydeps/pylint/tach")
    parser.add_argument("--long-timeout", type=float, default=900.0, help="seconds, other tools")
    parser.add_argument("--work-dir", type=Path, default=BENCH_DIR / ".work")
    parser.add_argument("--peers-venv", type=Path, default=None, help="default: WORK/peers-venv")
    parser.add_argument(
        "--importmap",
        type=Path,
        default=Path(sys.executable).parent / "importmap",
        help="the importmap executable under test (default: beside this Python)",
    )
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results.md")
    return parser.parse_args(argv)


def select_tools(families: list[str]) -> list[Tool]:
    unknown = set(families) - {tool.family for tool in TOOLS}
    if unknown:
        raise SystemExit(f"unknown tools: {', '.join(sorted(unknown))}")
    return [tool for tool in TOOLS if tool.family in families]


def needs_peers_venv(tools: list[Tool]) -> bool:
    # grimp, ruff and the ast baseline exist beside importmap; the others need their own venv.
    return any(tool.family in ("lint-imports", "pydeps", "pylint", "tach") for tool in tools)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    work: Path = args.work_dir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    tools = select_tools(parse_list(args.tools))
    if args.rows:
        wanted = [row.strip() for row in args.rows.split(";") if row.strip()]
        unknown_rows = set(wanted) - {tool.key for tool in tools}
        if unknown_rows:
            raise SystemExit(f"unknown rows: {'; '.join(sorted(unknown_rows))}")
        tools = [tool for tool in tools if tool.key in wanted]
    if not args.importmap.exists():
        found = shutil.which("importmap")
        if found is None:
            raise SystemExit(f"importmap not found at {args.importmap}")
        args.importmap = Path(found)
    venv = (args.peers_venv or work / "peers-venv").resolve()
    peers_bin = (
        ensure_peers(venv) if needs_peers_venv(tools) else (venv / "bin" if venv.exists() else None)
    )
    grimp_python = str(peers_bin / "python") if peers_bin else sys.executable
    caps, importmap_version = importmap_caps(args.importmap)

    targets: list[Target] = []
    for name in parse_list(args.packages):
        if name not in PINNED:
            raise SystemExit(f"unknown package {name}; known: {', '.join(PINNED)}")
        log(f"preparing {name}=={PINNED[name]}")
        target = prepare_real(name, PINNED[name], work)
        if target is not None:
            targets.append(target)
    for size in sorted(int(s) for s in parse_list(args.synthetic)):
        log(f"generating the synthetic tree of {size} modules")
        targets.append(prepare_synthetic(size, work))

    versions = {"importmap": importmap_version.split()[-1] if importmap_version else "?"}
    versions.update(pip_versions(grimp_python, ["grimp"]))
    if peers_bin:
        versions.update(
            pip_versions(str(peers_bin / "python"), PEER_PACKAGES + OPTIONAL_PEER_PACKAGES)
        )
    versions["python (ast baseline)"] = platform.python_version()

    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    machine = machine_info()
    results: dict[str, dict[str, ToolResult]] = {}
    fidelities: dict[str, fidelity.Fidelity] = {}
    gave_up: dict[str, str] = {}
    timeouts = (args.timeout, args.long_timeout)
    for target in targets:
        log(f"== {target.name} ({target.files} files)")
        ctx = Context(
            target,
            work / "scratch" / target.name.replace(" ", "-"),
            peers_bin,
            args.importmap,
            grimp_python,
            caps,
        )
        results[target.name] = measure_target(ctx, tools, args.repeat, timeouts, gave_up)
        families = {tool.family for tool in tools}
        if target.real and {"importmap", "grimp"} <= families:
            log(f"  fidelity on {target.name}")
            fidelities[target.name] = fidelity.compare(
                fidelity.Probe(target.top, target.root, ctx.scratch, child_env(ctx)),
                importmap=str(args.importmap),
                grimp_python=grimp_python,
                ruff=ctx.peer("ruff") if "ruff" in families else None,
            )

    notes = [t.name + ": " + t.note for t in targets if t.note]
    missing = [name for name, on in asdict(caps).items() if not on]
    if missing:
        notes.append(
            "this importmap has no "
            + ", ".join(
                {
                    "check": "`check` command",
                    "no_render": "`--no-render`",
                    "cache": "cache (`--no-cache`)",
                }[m]
                for m in missing
            )
            + ": the rows that need it are skipped"
        )
    machine["load average (1/5/15 min) at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    run = report.Run(
        date=started,
        machine=machine,
        versions=versions,
        repeat=args.repeat,
        targets=[report.TargetInfo(t.name, t.files, t.real) for t in targets],
        tools=[tool.key for tool in tools],
        results=results,
        fidelity=fidelities,
        notes=notes,
        command=shlex.join(
            ["python", "benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]
        ),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report.markdown(run), encoding="utf-8")
    args.out.with_suffix(".json").write_text(
        json.dumps(report.raw(run), indent=1) + "\n", encoding="utf-8"
    )
    log(f"wrote {args.out} and {args.out.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
