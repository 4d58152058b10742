"""`importmap contracts suggest` on django, then the suggested contract checked on django.

    .venv/bin/python benchmarks/contracts_suggest.py [--django /tmp/bench/django/django]
        [--out benchmarks/results/contracts-suggest-DATE-django.md]

Copies the django package (left as it is) into a scratch directory, runs `contracts suggest`
there, writes the printed block into that directory's pyproject.toml and runs `importmap check
--select IMP401` on the same code: the goal of issue #20 is that it passes (exit 0, the contract
kept). As a control, the same layers without the block's `ignore` lines are checked too: how many
pairs the listed imports break. Writes a Markdown page (with the block) and a JSON file beside it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def importmap(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "importmap", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return result, time.perf_counter() - started


def django_version(package: Path) -> str:
    for metadata in package.parent.glob("Django-*.dist-info/METADATA"):
        return metadata.name
    for metadata in package.parent.glob("*.dist-info/METADATA"):
        for line in metadata.read_text(encoding="utf-8").splitlines():
            if line.startswith("Version:"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def run(django: Path, work: Path) -> dict[str, Any]:
    # Under its own name: its imports of itself stay first-party.
    name = django.name
    shutil.copytree(django, work / name)
    suggested, suggest_seconds = importmap("contracts", "suggest", name, "--no-cache", cwd=work)
    if suggested.returncode != 0:
        raise SystemExit(f"suggest failed: {suggested.stderr}")
    block = suggested.stdout
    pyproject = work / "pyproject.toml"
    header = f'[tool.importmap]\npaths = ["{name}"]\n\n'
    pyproject.write_text(header + block, encoding="utf-8")
    checked, check_seconds = importmap(
        "check", "--select", "IMP401", "--no-cache", "--format", "json", cwd=work
    )
    report = json.loads(checked.stdout)
    # The control: the same layers, nothing ignored.
    bare = re.sub(r"ignore = \[\n(?:    .*\n)*\]\n", "", block)
    pyproject.write_text(header + bare, encoding="utf-8")
    control, _ = importmap(
        "check", "--select", "IMP401", "--no-cache", "--format", "json", cwd=work
    )
    control_report = json.loads(control.stdout)
    layers = [
        line for line in block.splitlines() if line.startswith('    "') and " -> " not in line
    ]
    ignores = [line for line in block.splitlines() if line.startswith('    "') and " -> " in line]
    against = [line for line in block.splitlines() if line.startswith("#   ")]
    return {
        "block": block,
        "layers": len(layers),
        "ignore_lines": len(ignores),
        "imports_against": len(against),
        "suggest_seconds": round(suggest_seconds, 2),
        "check_exit": checked.returncode,
        "check_seconds": round(check_seconds, 2),
        "contracts": report["contracts"],
        "gate_passed": report["gate"]["passed"],
        "control_exit": control.returncode,
        "control_broken_pairs": sum(len(c["broken"]) for c in control_report["contracts"]),
    }


def conditions(django: Path) -> dict[str, str]:
    from importmap.version import __version__

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if changed:
        commit += " with uncommitted changes"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "importmap": f"{__version__} ({commit})",
        "python": platform.python_version(),
        "django": django_version(django),
        "cores": str(os.cpu_count()),
        "load average": " ".join(f"{load:.1f}" for load in os.getloadavg()),
    }


def markdown(facts: dict[str, str], result: dict[str, Any]) -> str:
    (contract,) = result["contracts"]
    lines = [
        "# `importmap contracts suggest` on django",
        "",
        "Made by `benchmarks/contracts_suggest.py`: suggest on django, paste the block into a",
        "pyproject.toml, `importmap check --select IMP401` on the same code.",
        "",
        *(f"- {key}: {value}" for key, value in facts.items()),
        "",
        "| what | value |",
        "| --- | --- |",
        f"| layers suggested | {result['layers']} |",
        "| imports against them today (listed, ignored by the block) | "
        f"{result['imports_against']} |",
        f"| `ignore` lines in the block | {result['ignore_lines']} |",
        f"| `check --select IMP401` exit code with the block | {result['check_exit']} |",
        f"| contract kept | {contract['kept']} |",
        f"| control: same layers without `ignore`, exit code | {result['control_exit']} |",
        f"| control: broken pairs | {result['control_broken_pairs']} |",
        f"| suggest, wall time (cold, `--no-cache`) | {result['suggest_seconds']} s |",
        f"| check, wall time (cold, `--no-cache`) | {result['check_seconds']} s |",
        "",
        "## The suggested block",
        "",
        "```toml",
        result["block"].rstrip("\n"),
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--django", type=Path, default=Path("/tmp/bench/django/django"))
    parser.add_argument("--out", type=Path, default=None)
    arguments = parser.parse_args()
    django = arguments.django.resolve()
    facts = conditions(django)
    with tempfile.TemporaryDirectory(prefix="contracts-suggest-") as scratch:
        result = run(django, Path(scratch))
    day = facts["date"][:10]
    out = arguments.out or REPO / "benchmarks" / "results" / f"contracts-suggest-{day}-django.md"
    out.write_text(markdown(facts, result), encoding="utf-8")
    out.with_suffix(".json").write_text(
        json.dumps({"conditions": facts, **result}, indent=2) + "\n", encoding="utf-8"
    )
    print(f"{out}: check exit {result['check_exit']}, kept {result['contracts'][0]['kept']}")
    if result["check_exit"] != 0 or not result["contracts"][0]["kept"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
