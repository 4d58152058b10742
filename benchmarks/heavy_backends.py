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
"""

from __future__ import annotations

import argparse
import ast
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from importmap.heavy.paths import glob_matches  # noqa: E402
from importmap.score import DEFAULT_TEST_PATTERNS, is_test_path  # noqa: E402

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
IMPORT_TIMEOUT_S = 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, default=REPO / "benchmarks/.work/heavy-backends-venv")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks/heavy_backends.md")
    parser.add_argument("--importmap", default=str(Path(sys.executable).with_name("importmap")))
    parser.add_argument("--backends", default=",".join(b[1] for b in BACKENDS))
    args = parser.parse_args()
    python = str(args.venv / "bin" / "python")
    if not Path(python).is_file():
        subprocess.run([sys.executable, "-m", "venv", str(args.venv)], check=True)
    wanted = set(args.backends.split(","))
    backends = [b for b in BACKENDS if b[1] in wanted]
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", *(b[0] for b in backends)], check=True
    )
    results = []
    for pin, package, dist in backends:
        with tempfile.TemporaryDirectory(prefix=f"heavy-{package}-") as scratch:
            results.append(_backend(python, args.importmap, pin, package, dist, Path(scratch)))
    document = {"environment": _environment(python), "backends": results}
    args.out.with_suffix(".json").write_text(
        json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    args.out.write_text(_markdown(document), encoding="utf-8")
    print(_markdown(document))
    return 0


def _backend(
    python: str, importmap: str, pin: str, package: str, dist: str, scratch: Path
) -> dict[str, Any]:
    source = Path(_ask(python, f"import {package}, os; print(os.path.dirname({package}.__file__))"))
    entries = _console_modules(python, dist)
    project = scratch / "project"
    shutil.copytree(source, project / package, ignore=shutil.ignore_patterns("__pycache__"))
    listed = ", ".join(json.dumps(e) for e in entries)
    (project / "importmap.toml").write_text(f"entry-points = [{listed}]\n", encoding="utf-8")
    done = subprocess.run(
        [importmap, "analyze", package, "-f", "json", "--no-render", "--out", str(scratch / "o")],
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
        outcome = _judge(python, project, package, finding, site, scratch)
        outcome["named_entry_point"] = any(e in named for e in site["entry_points"])
        judged.append(outcome)
    in_tests = [
        f["path"]
        for f in findings
        if is_test_path(f["path"], DEFAULT_TEST_PATTERNS)
        or glob_matches(f["path"], "*/migrations/*")
        or "migrations/" in f["path"]
    ]
    availability = [s for s in report["startup"]["sites"] if s.get("availability_check")]
    breaking = [s for s in availability if "find_spec" not in s["advice"]]
    return {
        "pin": pin,
        "entry_points": entries,
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
        "sites_folded": sum(len(s["folded"]) for s in report["startup"]["sites"]),
        "costs": report["startup"]["costs"],
    }


def _judge(
    python: str,
    project: Path,
    package: str,
    finding: dict[str, Any],
    site: dict[str, Any],
    scratch: Path,
) -> dict[str, Any]:
    heavy = site["package"]
    entries = site["entry_points"]
    copy = scratch / f"deferred-{finding['line']}-{abs(hash(finding['path']))}"
    shutil.copytree(project, copy)
    moved = _defer(copy / finding["path"], finding["line"])
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
        before = _loaded(python, project, entry, heavy)
        after = _loaded(python, copy, entry, heavy) if moved is not None else None
        outcome.setdefault("checks", []).append({"entry": entry, "before": before, "after": after})
        if before == "loaded" and after == "not loaded":
            outcome["actionable"] = True
            break
    shutil.rmtree(copy)
    return outcome


def _loaded(python: str, root: Path, entry: str, heavy: str) -> str:
    """'loaded' / 'not loaded' after importing `entry` afresh from `root`, or the error."""
    code = (
        f"import importlib, sys\nimportlib.import_module({entry!r})\n"
        f"print({heavy!r} in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
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


def _defer(path: Path, line: int) -> list[str] | None:
    """Do what the fix says: move the module-level import statement at `line` into every
    function that uses a name it binds, and under `if TYPE_CHECKING:` (with postponed
    annotations) when annotations use it; None when no such statement is found."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = _module_level_import(tree, line)
    if found is None:
        return None
    statement, parent = found
    names = {
        a.asname or (a.name if isinstance(statement, ast.ImportFrom) else a.name.partition(".")[0])
        for a in statement.names
    }
    parent.remove(statement)
    if not parent:
        parent.append(ast.Pass())
    moved: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            _uses(s, names) for s in node.body
        ):
            start = 1 if _has_docstring(node) else 0
            node.body.insert(start, statement)
            moved.append(node.name)
    if any(_uses(a, names) for a in _annotations(tree)):
        checking = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    pass\n")
        guard = checking.body[1]
        assert isinstance(guard, ast.If)
        guard.body = [statement]
        future = ast.parse("from __future__ import annotations").body
        at = 1 if tree.body and _is_docstring(tree.body[0]) else 0
        has_future = any(
            isinstance(s, ast.ImportFrom) and s.module == "__future__" for s in tree.body
        )
        tree.body[at:at] = [] if has_future else future
        last_future = max(
            (i for i, s in enumerate(tree.body)
             if isinstance(s, ast.ImportFrom) and s.module == "__future__"),
            default=at - 1,
        )  # fmt: skip
        tree.body[last_future + 1 : last_future + 1] = checking.body
        moved.append("TYPE_CHECKING")
    path.write_text(ast.unparse(tree) + "\n", encoding="utf-8")
    return moved


def _module_level_import(
    tree: ast.Module, line: int
) -> tuple[ast.Import | ast.ImportFrom, list[ast.stmt]] | None:
    """The import statement at `line` that runs at import time, with the body holding it."""
    bodies: list[list[ast.stmt]] = [tree.body]
    while bodies:
        body = bodies.pop()
        for statement in body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)) and statement.lineno == line:
                return statement, body
            if isinstance(statement, (ast.If, ast.With, ast.For, ast.While)):
                bodies += (
                    [statement.body, statement.orelse]
                    if hasattr(statement, "orelse")
                    else [statement.body]
                )
            elif isinstance(statement, ast.Try):
                bodies += [statement.body, statement.orelse, statement.finalbody]
    return None


def _annotations(tree: ast.Module) -> list[ast.AST]:
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            found += [a.annotation for a in every if a.annotation is not None]
            if node.returns is not None:
                found.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            found.append(node.annotation)
    return found


def _uses(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _has_docstring(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return bool(node.body) and _is_docstring(node.body[0])


def _console_modules(python: str, dist: str) -> list[str]:
    code = (
        "import importlib.metadata as m, json\n"
        f"eps = m.distribution({dist!r}).entry_points\n"
        "print(json.dumps(sorted({e.value.partition(':')[0] for e in eps "
        "if e.group in ('console_scripts', 'gui_scripts')})))"
    )
    found: list[str] = json.loads(_ask(python, code))
    return found


def _ask(python: str, code: str) -> str:
    return subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def _environment(python: str) -> dict[str, str]:
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": _ask(python, "import platform; print(platform.python_version())"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s)",
        "load": f"load average {os.getloadavg()[0]:.1f}",
    }


def _markdown(document: dict[str, Any]) -> str:
    env = document["environment"]
    lines = [
        "# IMP201 on real backends",
        "",
        f"Generated by `benchmarks/heavy_backends.py` on {env['date']}, Python {env['python']}, "
        f"{env['machine']}, {env['load']}. Each finding was deferred alone in a copy and the entry "
        "point imported in a fresh interpreter: actionable = the heavy module was loaded before "
        "and is not after, and the entry point still imports.",
        "",
        "| backend | entry points | IMP201 findings | actionable | actionable for a named entry "
        "point | in tests/migrations | availability checks (breaking advice) | sites folded |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for b in document["backends"]:
        total = len(b["findings"])
        share = f"{b['actionable']} ({100 * b['actionable'] / total:.0f}%)" if total else "0"
        lines.append(
            f"| {b['pin']} | {len(b['entry_points'])} | {total} | {share} | "
            f"{b['actionable_named']} | "
            f"{len(b['in_tests_or_migrations'])} | {b['availability_checks']} "
            f"({b['availability_advice_breaking']}) | {b['sites_folded']} |"
        )
    total = sum(len(b["findings"]) for b in document["backends"])
    actionable = sum(b["actionable"] for b in document["backends"])
    if total:
        lines += ["", f"All backends: {actionable} of {total} findings actionable "
                  f"({100 * actionable / total:.0f}%)."]  # fmt: skip
    for b in document["backends"]:
        lines += ["", f"## {b['pin']}", "", f"Costs: {b['costs']}", ""]
        for e in b["budget"][:5]:
            lines.append(f"- entry {e['module']} [{e['why']}]: ≈{e['eager_cost_ms']:g} ms")
        for f in b["findings"]:
            checks = "; ".join(
                f"{c['entry']}: {c['before']} → {c['after']}" for c in f.get("checks", [])
            )
            verdict = "actionable" if f["actionable"] else "NOT actionable"
            lines.append(
                f"- {f['path']}:{f['line']} {f['package']} saves ≈{f['saving_ms']:g} ms: "
                f"{verdict} ({checks})"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
