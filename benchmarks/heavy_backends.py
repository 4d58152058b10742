"""Is IMP201 actionable on real backends? Defer each reported site in a copy, and let Python say.

    .venv/bin/python benchmarks/heavy_backends.py [--venv DIR] [--out benchmarks/heavy_backends.md]

For each pinned backend below (pip-installable applications with console scripts, not ours):
install it into a throwaway virtualenv, copy its package out of site-packages, write an
importmap.toml naming its console scripts' modules as `entry-points` (what `[project.scripts]`
says in its own pyproject), and run `importmap analyze`. Then, for each IMP201 finding:

1. baseline: a fresh interpreter imports each entry point the finding names from the copy;
   the heavy module must be in sys.modules (else the static claim was wrong);
2. deferred: in a second copy, that one import statement is moved into each function of the
   module that uses a name it binds (what the fix says); the entry point must still import, and
   the heavy module must no longer be in sys.modules.

A finding is actionable when both hold for one entry point it names. Also counted: findings in
tests or migrations (the goal is 0), and availability checks (`try: import X / except
ImportError`) whose advice is anything but `importlib.util.find_spec` (the goal is 0).
Results go to benchmarks/heavy_backends.md and .json, with the date and conditions.

`--set issue` (the default) runs the four backends issue 18 was written from, as a new user
would: CTFd, redash and saleor from their git trees at pinned commits (`--mirror` names a git
directory holding them; the tree is exported with `git archive`), analysed from the tree's root
with the entry points importmap finds itself, and superset from its PyPI wheel. Each gets its
own virtualenv with the Python its `requires-python` asks for, and its dependencies installed
under a time cap; a backend whose install fails still gets its static numbers, and each finding
says why it could not be judged. `--set earlier` and `--set blind` run the pip-installed
applications of the first run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomllib

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from importmap.patterns import PathGlobs  # noqa: E402
from importmap.score import DEFAULT_TEST_PATTERNS  # noqa: E402

# (distribution pin, import package, console-script distribution name)
BACKENDS: tuple[tuple[str, str, str], ...] = (
    ("mlflow==2.17.2", "mlflow", "mlflow"),
    ("streamlit==1.40.1", "streamlit", "streamlit"),
    ("httpie==3.2.4", "httpie", "httpie"),
    ("cookiecutter==2.6.0", "cookiecutter", "cookiecutter"),
    ("twine==5.1.1", "twine", "twine"),
    ("locust==2.32.2", "locust", "locust"),
    # Analysed only once the rules above were final: a check on trees not looked at before.
    ("dbt-core==1.8.8", "dbt", "dbt-core"),
    ("sqlite-web==0.6.4", "sqlite_web", "sqlite-web"),
)
SETS = {"earlier": BACKENDS[:6], "blind": BACKENDS[6:]}


@dataclass(frozen=True)
class TreeBackend:
    """An application analysed from its git tree, as its developers would."""

    repo: str  # owner/name on GitHub
    commit: str
    package: str
    python: str  # what its requires-python allows
    # "requirements.txt", or "pyproject" for [project] dependencies
    requirements: str
    # What an entry point needs beyond those (a dev script's own imports).
    extra: tuple[str, ...] = ()
    # Environment its import needs (secrets checked at import time), and whether it connects
    # to Redis while importing (a throwaway redis-server is started on REDIS_PORT).
    env: tuple[tuple[str, str], ...] = ()
    redis: bool = False


TREES: tuple[TreeBackend, ...] = (
    TreeBackend(
        "CTFd/CTFd", "91ced62d44d3ec3142a0948ee96ed19947cfc979", "CTFd", "3.11", "requirements.txt"
    ),
    TreeBackend(
        "getredash/redash",
        "ca79fe988d81cdac9675b412f3dfcab107bc1fbc",
        "redash",
        "3.13",
        "pyproject",
        extra=("simplejson",),  # bin/release_manager.py
        env=(
            ("REDASH_COOKIE_SECRET", "judge"),
            ("REDASH_SECRET_KEY", "judge"),
            ("GITHUB_TOKEN", "judge"),  # read at import by bin/release_manager.py
        ),
        redis=True,
    ),
    TreeBackend(
        "saleor/saleor",
        "723cd4eba87dfc72822ade45dc08a3caa548428d",
        "saleor",
        "3.12",
        "pyproject",
        extra=("pytest",),  # saleor/plugins/webhook imports it, loaded by saleor.asgi
    ),
)
# superset's git snapshot is too large to bring here; its wheel holds the same package.
ISSUE_WHEELS: tuple[tuple[str, str, str], ...] = (
    ("apache-superset==6.1.0", "superset", "apache-superset"),
)
# What a console script's module imports that its distribution does not require.
WHEEL_EXTRAS: dict[str, tuple[str, ...]] = {"superset": ("rich",)}  # superset/cli/test_db.py
IMPORT_TIMEOUT_S = 300
# Advice that moves an availability check's import out of its `try:`.
BREAKING_ADVICE = ("move the import", "`lazy ", "__lazy_modules__", "TYPE_CHECKING", "remove it")
INSTALL_TIMEOUT_S = 900
REDIS_PORT = 6391


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("issue", "earlier", "blind"), default="issue")
    parser.add_argument("--work", type=Path, default=REPO / "benchmarks/.work")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks/heavy_backends.md")
    parser.add_argument("--importmap", default=str(Path(sys.executable).with_name("importmap")))
    parser.add_argument("--backends", default="", help="comma-separated packages (default all)")
    parser.add_argument(
        "--mirror",
        action="append",
        default=[],
        help="owner/name=GITDIR (default /work/.mirror/owner+name/repo)",
    )
    parser.add_argument("--pythons", type=Path, default=Path.home() / ".pyenv/versions")
    args = parser.parse_args()
    wanted = set(filter(None, args.backends.split(",")))
    mirrors = dict(m.split("=", 1) for m in args.mirror)
    results = []
    if args.set == "issue":
        for tree in TREES:
            if wanted and tree.package not in wanted:
                continue
            gitdir = mirrors.get(tree.repo, f"/work/.mirror/{tree.repo.replace('/', '+')}/repo")
            with tempfile.TemporaryDirectory(prefix=f"heavy-{tree.package}-") as scratch:
                results.append(
                    _tree_backend(args, tree, Path(gitdir), Path(scratch))
                )  # fmt: skip
        wheels = [w for w in ISSUE_WHEELS if not wanted or w[1] in wanted]
    else:
        wheels = [b for b in SETS[args.set] if not wanted or b[1] in wanted]
    for pin, package, dist in wheels:
        venv = args.work / f"venv-{package}"
        python = _venv(venv, _interpreter(args.pythons, "3.11"))
        error = _install(python, [pin, *WHEEL_EXTRAS.get(package, ())])
        with tempfile.TemporaryDirectory(prefix=f"heavy-{package}-") as scratch:
            results.append(
                _backend(python, args.importmap, pin, package, dist, Path(scratch), error)
            )
    document = {"environment": _environment(), "backends": results}
    args.out.with_suffix(".json").write_text(
        json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    args.out.write_text(_markdown(document), encoding="utf-8")
    print(_markdown(document))
    return 0


def _interpreter(pythons: Path, version: str) -> str:
    """A CPython `version` from `pythons` (pyenv's versions), else `pythonX.Y` on PATH."""
    found = sorted(pythons.glob(f"{version}.*/bin/python{version}"))
    if found:
        return str(found[-1])
    on_path = shutil.which(f"python{version}")
    if on_path is None:
        raise SystemExit(f"no Python {version}: install it or pass --pythons")
    return on_path


def _venv(venv: Path, interpreter: str) -> str:
    python = venv / "bin" / "python"
    if not python.is_file():
        subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)
    return str(python)


def _install(python: str, requirements: list[str]) -> str:
    """'' once installed, else why not (the last line pip said, or the time cap)."""
    try:
        done = subprocess.run(
            [python, "-m", "pip", "install", "--quiet", *requirements],
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"pip install did not finish in {INSTALL_TIMEOUT_S} s"
    if done.returncode == 0:
        return ""
    said = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    return "pip install failed: " + (said or done.stderr.splitlines() or ["?"])[-1][:300]


def _lock_constraints(project: Path, scratch: Path) -> list[str]:
    """`-c FILE` pinning what the project's uv.lock pins (so pip installs what its developers
    run, and does not backtrack for an hour), or nothing without a lock."""
    lock = project / "uv.lock"
    if not lock.is_file():
        return []
    packages = tomllib.loads(lock.read_text(encoding="utf-8")).get("package", [])
    pins = [
        f"{p['name']}=={p['version']}"
        for p in packages
        if "registry" in p.get("source", {}) and "version" in p
    ]
    constraints = scratch / "constraints.txt"
    constraints.write_text("\n".join(sorted(pins)) + "\n", encoding="utf-8")
    return ["-c", str(constraints)]


def _tree_backend(
    args: argparse.Namespace, tree: TreeBackend, gitdir: Path, scratch: Path
) -> dict[str, Any]:
    project = scratch / "project"
    project.mkdir()
    archive = subprocess.run(
        ["git", "--git-dir", str(gitdir), "archive", tree.commit],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(project)], input=archive.stdout, check=True)
    interpreter = _interpreter(args.pythons, tree.python)
    python = _venv(args.work / f"venv-{tree.package.lower()}", interpreter)
    if tree.requirements == "pyproject":
        pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
        locked = _lock_constraints(project, scratch)
        error = _install(python, [*pyproject["project"]["dependencies"], *tree.extra, *locked])
    else:
        error = _install(python, ["-r", str(project / tree.requirements), *tree.extra])
    label = f"{tree.repo}@{tree.commit[:12]}"
    env = dict(tree.env)
    server = None
    if tree.redis:
        server = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        env["REDIS_URL"] = f"redis://localhost:{REDIS_PORT}/0"
    try:
        return _analysed(python, args.importmap, label, project, scratch, [], error, env=env)
    finally:
        if server is not None:
            server.terminate()
            server.wait()


def _backend(
    python: str, importmap: str, pin: str, package: str, dist: str, scratch: Path, error: str
) -> dict[str, Any]:
    if error:
        return {"pin": pin, "error": error}
    source = Path(_ask(python, f"import {package}, os; print(os.path.dirname({package}.__file__))"))
    entries = _console_modules(python, dist)
    project = scratch / "project"
    shutil.copytree(source, project / package, ignore=shutil.ignore_patterns("__pycache__"))
    listed = ", ".join(json.dumps(e) for e in entries)
    (project / "importmap.toml").write_text(f"entry-points = [{listed}]\n", encoding="utf-8")
    return _analysed(python, importmap, pin, project, scratch, entries, "", package)


def _analysed(
    python: str,
    importmap: str,
    pin: str,
    project: Path,
    scratch: Path,
    entries: list[str],
    install_error: str,
    target: str = ".",
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Analyse `project` (from its root), then judge each IMP201 finding by importing."""
    done = subprocess.run(
        [importmap, "analyze", target, "-f", "json", "--no-render", "--out", str(scratch / "o")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"{pin}: importmap failed: {done.stderr}")
    report = json.loads(done.stdout)
    findings = [f for f in report["findings"] if f["code"] == "IMP201"]
    sites = {(s["path"], s["line"]): s for s in report["startup"]["sites"]}
    named = {e["module"] for e in report["startup"]["entry_points"]}
    if report["startup"]["candidates"]:
        named = set()
    judged = []
    for finding in findings:
        site = sites[(finding["path"], finding["line"])]
        if install_error:
            outcome = {
                "path": finding["path"],
                "line": finding["line"],
                "package": site["package"],
                "saving_ms": site["saving_ms"],
                "entry_points": site["entry_points"],
                "actionable": False,
                "not_judged": install_error,
            }
        else:
            outcome = _judge(python, project, finding, site, scratch, env or {})
        outcome["named_entry_point"] = any(e in named for e in site["entry_points"])
        judged.append(outcome)
    in_tests = [
        f["path"]
        for f in findings
        if PathGlobs((*DEFAULT_TEST_PATTERNS, "*/migrations/*")).matches(f["path"])
        or "migrations/" in f["path"]
    ]
    # Every piece of advice importmap gives on an availability check, found here from the
    # syntax tree (not from importmap's own flag): the start-up sites, and the `heavy`
    # command's listing of every eager heavy import.
    listed = subprocess.run(
        [importmap, "heavy", target, "--format", "json"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    if listed.returncode != 0:
        raise SystemExit(f"{pin}: importmap heavy failed: {listed.stderr}")
    advice = [(s["path"], s["line"], s["advice"]) for s in report["startup"]["sites"]]
    advice += [(s["path"], s["line"], s["fix"]) for s in json.loads(listed.stdout)["eager_sites"]]
    checks = _availability_lines(python, project, sorted({path for path, _, _ in advice}))
    said_at: dict[tuple[str, int], set[str]] = {}
    for path, line, said in advice:
        if line in checks[path]:
            said_at.setdefault((path, line), set()).add(said)
    # Breaking: any advice that would take the import out of the `try:` (a move, a lazy form,
    # TYPE_CHECKING, removal). "Deferring won't help" (a use at import time) changes nothing.
    breaking = [
        (path, line, said)
        for (path, line), advice_given in sorted(said_at.items())
        for said in sorted(advice_given)
        if any(words in said for words in BREAKING_ADVICE)
    ]
    availability = list(said_at)
    return {
        "pin": pin,
        "python": _ask(python, "import platform; print(platform.python_version())"),
        "install_error": install_error,
        "entry_points": entries or sorted(named),
        "budget": [
            {"module": e["module"], "eager_cost_ms": e["eager_cost_ms"], "why": e["why"]}
            for e in report["startup"]["entry_points"]
        ],
        "findings": judged,
        "actionable": sum(1 for j in judged if j["actionable"]),
        "actionable_named": sum(1 for j in judged if j["actionable"] and j["named_entry_point"]),
        "in_tests_or_migrations": in_tests,
        "availability_checks": len(availability),
        "availability_advice_breaking": len(breaking),
        "availability_breaking": [f"{p}:{n}: {a}" for p, n, a in breaking],
        "sites_folded": sum(len(s["folded"]) for s in report["startup"]["sites"]),
        "costs": report["startup"]["costs"],
    }


def _judge(
    python: str,
    project: Path,
    finding: dict[str, Any],
    site: dict[str, Any],
    scratch: Path,
    env: dict[str, str],
) -> dict[str, Any]:
    heavy = site["package"]
    entries = site["entry_points"]
    copy = scratch / f"deferred-{finding['line']}-{abs(hash(finding['path']))}"
    shutil.copytree(project, copy)
    moved = _defer(python, copy / finding["path"], finding["line"])
    outcome: dict[str, Any] = {
        "path": finding["path"],
        "line": finding["line"],
        "package": heavy,
        "saving_ms": site["saving_ms"],
        "entry_points": entries,
        "deferred_into": moved,
        "actionable": False,
    }
    if site.get("availability_check"):
        # The advice is find_spec, not a move: judged by the availability count, not here.
        outcome["availability_check"] = True
    # Importing a __main__ module may run the program: the other entry points are tried first.
    for entry in sorted(entries, key=lambda e: e.endswith("__main__"))[:4]:
        before = _loaded(python, project, entry, heavy, env)
        after = _loaded(python, copy, entry, heavy, env) if moved is not None else None
        outcome.setdefault("checks", []).append({"entry": entry, "before": before, "after": after})
        if before == "loaded" and after == "not loaded":
            outcome["actionable"] = True
            break
    befores = [c["before"] for c in outcome.get("checks", [])]
    if befores and all(b.startswith(("error", "timeout")) for b in befores):
        # Python could not answer: no entry point the finding names imports here at all.
        outcome["not_judged"] = f"the entry point does not import here ({befores[0]})"
    shutil.rmtree(copy)
    return outcome


def _loaded(python: str, root: Path, entry: str, heavy: str, extra: dict[str, str]) -> str:
    """'loaded' / 'not loaded' after importing `entry` afresh from `root`, or the error."""
    code = (
        f"import importlib, sys\nimportlib.import_module({entry!r})\n"
        f"print({heavy!r} in sys.modules)"
    )
    env = {**os.environ, **extra, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = subprocess.run(
            [python, "-c", code],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            timeout=IMPORT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    if done.returncode != 0:
        return "error: " + (done.stderr.strip().splitlines() or ["?"])[-1][:200]
    return "loaded" if done.stdout.strip().endswith("True") else "not loaded"


def _defer(python: str, path: Path, line: int) -> list[str] | None:
    """benchmarks/heavy_defer.py run by the backend's own Python (saleor's `type X = int`
    parses on 3.12 only)."""
    said = _ask(python, "", [str(HERE / "heavy_defer.py"), "defer", str(path), str(line)])
    moved: list[str] | None = json.loads(said)
    return moved


def _availability_lines(python: str, root: Path, paths: list[str]) -> dict[str, set[int]]:
    said = _ask(python, "", [str(HERE / "heavy_defer.py"), "availability", str(root), *paths])
    return {path: set(lines) for path, lines in json.loads(said).items()}


def _console_modules(python: str, dist: str) -> list[str]:
    code = (
        "import importlib.metadata as m, json\n"
        f"eps = m.distribution({dist!r}).entry_points\n"
        "print(json.dumps(sorted({e.value.partition(':')[0] for e in eps "
        "if e.group in ('console_scripts', 'gui_scripts')})))"
    )
    found: list[str] = json.loads(_ask(python, code))
    return found


def _ask(python: str, code: str, argv: list[str] | None = None) -> str:
    """What `python -c code` (or `python *argv`) prints."""
    return subprocess.run(
        [python, *(argv or ["-c", code])], capture_output=True, text=True, check=True
    ).stdout.strip()


def _environment() -> dict[str, str]:
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": f"importmap on {platform.python_version()}",
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s)",
        "load": f"load average {os.getloadavg()[0]:.1f}",
    }


def _markdown(document: dict[str, Any]) -> str:
    env = document["environment"]
    lines = [
        "# IMP201 on real backends",
        "",
        f"Generated by `benchmarks/heavy_backends.py` on {env['date']}, {env['python']}, "
        f"{env['machine']}, {env['load']} (shared machine). Each finding was deferred alone in a "
        "copy (the import moved into the functions that use it, as the fix says) and the entry "
        "point imported in a fresh interpreter of the backend's own virtualenv: actionable = the "
        "heavy module was loaded before and is not after, and the entry point still imports. "
        "Availability checks: imports in a `try:` that catches ImportError, found by this "
        "script from the syntax tree among every site importmap gives advice on (start-up "
        "sites and the `heavy` listing); breaking = advice that would take the import out of "
        "its `try:` (a move, a lazy form, TYPE_CHECKING, removal).",
        "",
        "| backend | Python | entry points | IMP201 findings | judged | actionable | actionable "
        "for a named entry point | in tests/migrations | availability checks (breaking advice) "
        "| sites folded |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    ran = [b for b in document["backends"] if "findings" in b]
    for b in ran:
        total = len(b["findings"])
        judged = sum(1 for f in b["findings"] if "not_judged" not in f)
        share = f"{b['actionable']} ({100 * b['actionable'] / judged:.0f}%)" if judged else "0"
        lines.append(
            f"| {b['pin']} | {b['python']} | {len(b['entry_points'])} | {total} | {judged} | "
            f"{share} | {b['actionable_named']} | "
            f"{len(b['in_tests_or_migrations'])} | {b['availability_checks']} "
            f"({b['availability_advice_breaking']}) | {b['sites_folded']} |"
        )
    for b in document["backends"]:
        if "findings" not in b:
            lines.append(f"| {b['pin']} | not analysed: {b['error']} |||||||||")
    total = sum(len(b["findings"]) for b in ran)
    judged = sum(1 for b in ran for f in b["findings"] if "not_judged" not in f)
    actionable = sum(b["actionable"] for b in ran)
    if total:
        lines += [
            "",
            f"All backends: {total} findings, {judged} judged, {actionable} actionable"
            + (f" ({100 * actionable / judged:.0f}% of those judged)." if judged else "."),
        ]
    for b in ran:
        lines += ["", f"## {b['pin']}", "", f"Costs: {b['costs']}", ""]
        if b["install_error"]:
            lines += [f"Not judged: {b['install_error']}", ""]
        for e in b["budget"][:6]:
            lines.append(f"- entry {e['module']} [{e['why']}]: ≈{e['eager_cost_ms']:g} ms")
        for f in b["findings"]:
            checks = "; ".join(
                f"{c['entry']}: {c['before']} → {c['after']}" for c in f.get("checks", [])
            )
            verdict = (
                "not judged"
                if "not_judged" in f
                else "actionable"
                if f["actionable"]
                else "NOT actionable"
            )
            lines.append(
                f"- {f['path']}:{f['line']} {f['package']} saves ≈{f['saving_ms']:g} ms for "
                f"{', '.join(f['entry_points'][:3])}: {verdict}"
                + (f" ({checks})" if checks else "")
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
