"""Fidelity: importmap's first-party edges vs grimp's; relative and wildcard counts vs ruff's."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
EXAMPLES = 5
FIDELITY_TIMEOUT = 900


@dataclass(frozen=True)
class Probe:
    top: str
    root: Path
    scratch: Path
    env: dict[str, str]


@dataclass
class Fidelity:
    importmap_edges: int = 0
    grimp_edges: int = 0
    only_importmap: list[tuple[str, str]] = field(default_factory=list)
    only_grimp: list[tuple[str, str]] = field(default_factory=list)
    only_importmap_count: int = 0
    only_grimp_count: int = 0
    only_importmap_dynamic: int = 0
    importmap_relative: int = 0
    importmap_relative_dynamic: int = 0
    importmap_wildcard: int = 0
    ruff_relative: int | None = None
    ruff_relative_findings: int | None = None
    ruff_wildcard: int | None = None
    notes: list[str] = field(default_factory=list)


def run(argv: list[str], probe: Probe, stdout: Path) -> subprocess.CompletedProcess[bytes]:
    with stdout.open("wb") as out:
        return subprocess.run(
            argv, cwd=probe.root, env=probe.env, stdout=out, stderr=subprocess.PIPE,
            timeout=FIDELITY_TIMEOUT, check=False,
        )  # fmt: skip


def importmap_report(probe: Probe, importmap: str) -> dict[str, Any]:
    out = probe.scratch / "fidelity-importmap.json"
    argv = [
        importmap,
        "analyze",
        probe.top,
        "--format",
        "json",
        "--out",
        str(probe.scratch / "fid-out"),
    ]
    run(argv, probe, out)
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def internal_edges(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (record["importer"], record["imported"])
        for record in report["imports"]
        if not record["external"] and not record["beyond_top_level"]
    }


def statement_count(report: dict[str, Any], flag: str, dynamic: bool = False) -> int:
    """Statements, not records: `from .a import b, c` is one statement (ruff: one per name).

    `import_module(".x", ...)` calls are records with `relative` true too, but ruff's TID252 only
    looks at import statements, so they are counted apart.
    """
    return len(
        {
            (r["path"], r["line"])
            for r in report["imports"]
            if r.get(flag) and bool(r.get("dynamic")) == dynamic
        }
    )


def dynamic_only_edges(report: dict[str, Any], edges: set[tuple[str, str]]) -> int:
    """Edges that exist only through `import_module`/`__import__` calls, which grimp never reads."""
    static = {(r["importer"], r["imported"]) for r in report["imports"] if not r.get("dynamic")}
    return len(edges - static)


def grimp_edges(probe: Probe, python: str) -> set[tuple[str, str]]:
    out = probe.scratch / "fidelity-grimp.json"
    result = run(
        [python, str(BENCH_DIR / "grimp_edges.py"), probe.top, str(out)], probe, Path("/dev/null")
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode(errors="replace")[-500:])
    data = json.loads(out.read_text(encoding="utf-8"))
    return {(a, b) for a, b in data["edges"]}


def ruff_counts(probe: Probe, ruff: str) -> tuple[Counter[str], Counter[str]]:
    """Ruff's findings per code, and the distinct statements (file, first line) per code.

    `--ignore-noqa`: the packages silence some of these imports with `# noqa`, and importmap
    counts every import whatever the comment says.
    """
    out = probe.scratch / "fidelity-ruff.json"
    argv = [
        ruff, "check", "--select", "TID252,F403", "--isolated", "--config",
        'lint.flake8-tidy-imports.ban-relative-imports="all"', "--no-cache", "--ignore-noqa",
        "--output-format", "json", "--exit-zero", probe.top,
    ]  # fmt: skip
    run(argv, probe, out)
    items = json.loads(out.read_text(encoding="utf-8"))
    findings = Counter(item["code"] for item in items)
    statements = Counter(
        code
        for code, _file, _row in {
            (item["code"], item["filename"], item["location"]["row"]) for item in items
        }
    )
    return findings, statements


def compare(probe: Probe, *, importmap: str, grimp_python: str, ruff: str | None) -> Fidelity:
    result = Fidelity()
    probe.scratch.mkdir(parents=True, exist_ok=True)
    try:
        report = importmap_report(probe, importmap)
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        result.notes.append(f"importmap report unavailable: {error}")
        return result
    ours = internal_edges(report)
    result.importmap_edges = len(ours)
    result.importmap_relative = statement_count(report, "relative")
    result.importmap_relative_dynamic = statement_count(report, "relative", dynamic=True)
    result.importmap_wildcard = statement_count(report, "wildcard")
    try:
        theirs = grimp_edges(probe, grimp_python)
    except (OSError, ValueError, RuntimeError, subprocess.SubprocessError) as error:
        result.notes.append(f"grimp edges unavailable: {error}")
        theirs = set()
    result.grimp_edges = len(theirs)
    result.only_importmap_count = len(ours - theirs)
    result.only_grimp_count = len(theirs - ours)
    result.only_importmap_dynamic = dynamic_only_edges(report, ours - theirs)
    result.only_importmap = sorted(ours - theirs)[:EXAMPLES]
    result.only_grimp = sorted(theirs - ours)[:EXAMPLES]
    if ruff is not None and Path(ruff).exists():
        try:
            findings, statements = ruff_counts(probe, ruff)
            result.ruff_relative = statements.get("TID252", 0)
            result.ruff_relative_findings = findings.get("TID252", 0)
            result.ruff_wildcard = statements.get("F403", 0)
        except (OSError, ValueError, subprocess.SubprocessError) as error:
            result.notes.append(f"ruff counts unavailable: {error}")
    return result
