"""IMP105/IMP106 against ruff's F401/F811, each with the project's own configuration.

For each pinned project, the source distribution is downloaded (`pip download --no-deps
--no-binary :all:`; an sdist holds the project's pyproject.toml/ruff.toml, a wheel does not) and
unpacked with `tarfile` (never installed, never run). Then, in the unpacked directory:

- importmap: `importmap analyze TARGET --select IMP105,IMP106 --format json --no-cache`;
- ruff: `ruff check --select F401,F811 --output-format json --no-cache TARGET`, as a developer
  of the project would run it (its configuration found the way ruff finds it).

The two are compared as sets of (file, line, column, code), F401 standing for IMP105 and F811 for
IMP106, and as sets of files reported. With `--before PATH` (a source tree of an older importmap,
e.g. `git archive <commit> | tar -x -C PATH`), that version is run the same way, so the table also
shows how far the previous rules were from ruff.

Writes `--out` (Markdown, default benchmarks/ruff_agreement.md) and the same numbers as JSON
beside it, with the date, the machine, and the versions of Python, ruff and importmap.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tarfile
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
# name==version, and what to point both tools at inside the unpacked sdist.
PROJECTS: dict[str, tuple[str, str]] = {
    "flask": ("3.1.2", "."),
    "requests": ("2.32.5", "."),
    "httpx": ("0.28.1", "."),
    "rich": ("14.2.0", "."),
    "attrs": ("25.4.0", "."),
    "werkzeug": ("3.1.3", "."),
    "pygments": ("2.19.2", "."),
    # Projects without a ruff configuration, with unused imports left in: ruff's defaults.
    "docutils": ("0.21.2", "."),
    "sqlparse": ("0.5.3", "."),
}
_TWIN = {"F401": "IMP105", "F811": "IMP106"}
_TIMEOUT = 900

Place = tuple[str, int, int, str]


@dataclass
class Agreement:
    project: str
    version: str
    ruff_config: str
    importmap_findings: int = 0
    ruff_findings: int = 0
    same: int = 0
    only_importmap: list[Place] = field(default_factory=list)
    only_ruff: list[Place] = field(default_factory=list)
    importmap_files: int = 0
    ruff_files: int = 0
    same_files: bool = False
    # The .py files each tool checked (ruff: `--show-files`), and whether they are the same.
    importmap_checked: int = 0
    ruff_checked: int = 0
    same_checked: bool = False
    before_findings: int | None = None
    before_same: int | None = None
    notes: list[str] = field(default_factory=list)


def download(name: str, version: str, work: Path) -> Path:
    """The unpacked sdist of name==version under `work` (downloaded once)."""
    unpacked = work / f"{name}-{version}"
    if unpacked.is_dir():
        return unpacked
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         f"{name}=={version}", "-d", str(work)],
        check=True, timeout=_TIMEOUT,
    )  # fmt: skip
    archive = next(work.glob(f"{name}-{version}.tar.gz"))
    with tarfile.open(archive) as opened:
        opened.extractall(work, filter="data")
    return unpacked


def ruff_config(root: Path) -> str:
    for name in ("ruff.toml", ".ruff.toml"):
        if (root / name).is_file():
            return name
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and "[tool.ruff" in pyproject.read_text(encoding="utf-8"):
        return "pyproject.toml [tool.ruff]"
    return "none (ruff's defaults)"


def ruff_places(root: Path, target: str, ruff: str) -> set[Place]:
    completed = subprocess.run(
        [ruff, "check", "--select", "F401,F811", "--output-format", "json", "--no-cache",
         "--exit-zero", target],
        cwd=root, capture_output=True, check=True, timeout=_TIMEOUT,
    )  # fmt: skip
    return {
        (
            Path(item["filename"]).resolve().relative_to(root.resolve()).as_posix(),
            item["location"]["row"],
            item["location"]["column"],
            _TWIN[item["code"]],
        )
        for item in json.loads(completed.stdout)
        if item.get("code") in _TWIN
    }


def ruff_checked(root: Path, target: str, ruff: str) -> set[str]:
    completed = subprocess.run(
        [ruff, "check", "--select", "F401,F811", "--show-files", "--no-cache", target],
        cwd=root, capture_output=True, text=True, check=True, timeout=_TIMEOUT,
    )  # fmt: skip
    return {
        Path(line.strip()).resolve().relative_to(root.resolve()).as_posix()
        for line in completed.stdout.splitlines()
        if line.strip().endswith(".py")
    }


def importmap_places(
    root: Path, target: str, python_path: str | None, scratch: Path, checked: set[str] | None = None
) -> set[Place]:
    env = dict(os.environ)
    if python_path is not None:
        env["PYTHONPATH"] = python_path
    completed = subprocess.run(
        [sys.executable, "-m", "importmap", "analyze", target, "--select", "IMP105,IMP106",
         "--format", "json", "--no-cache", "--no-render", "--out", str(scratch)],
        cwd=root, capture_output=True, check=False, timeout=_TIMEOUT, env=env,
    )  # fmt: skip
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr.decode(errors="replace")[-2000:])
    report: dict[str, Any] = json.loads(completed.stdout)
    if checked is not None:
        checked.update(m["path"] for m in report["modules"] if m["path"].endswith(".py"))
    return {
        (finding["path"], finding["line"], finding["column"], finding["code"])
        for finding in report["findings"]
        if finding["code"] in _TWIN.values()
    }


def measure(
    name: str, version: str, target: str, work: Path, ruff: str, before: str | None
) -> Agreement:
    root = download(name, version, work)
    found = Agreement(name, version, ruff_config(root))
    analysed: set[str] = set()
    ours = importmap_places(root, target, None, work / "scratch", analysed)
    seen_by_ruff = ruff_checked(root, target, ruff)
    found.importmap_checked, found.ruff_checked = len(analysed), len(seen_by_ruff)
    found.same_checked = analysed == seen_by_ruff
    for path in sorted(analysed ^ seen_by_ruff)[:5]:
        side = "importmap" if path in analysed else "ruff"
        found.notes.append(f"checked by {side} only: {path}")
    theirs = ruff_places(root, target, ruff)
    found.importmap_findings, found.ruff_findings = len(ours), len(theirs)
    found.same = len(ours & theirs)
    found.only_importmap = sorted(ours - theirs)
    found.only_ruff = sorted(theirs - ours)
    our_files, their_files = {p[0] for p in ours}, {p[0] for p in theirs}
    found.importmap_files, found.ruff_files = len(our_files), len(their_files)
    found.same_files = our_files == their_files
    if before is not None:
        old = importmap_places(root, target, before, work / "scratch-before")
        found.before_findings, found.before_same = len(old), len(old & theirs)
    return found


def render(rows: list[Agreement], conditions: dict[str, str]) -> str:
    lines = [
        "# IMP105/IMP106 versus ruff F401/F811",
        "",
        "Made by `benchmarks/ruff_agreement.py` "
        + ", ".join(f"{key} {value}" for key, value in conditions.items())
        + ".",
        "",
        "Each project is its unpacked sdist, analysed from its root with its own ruff "
        "configuration. A finding is (file, line, column, code). *Same files reported*: the "
        "files with a finding. *Same files checked*: the `.py` files importmap analyses versus "
        "those `ruff check --show-files` lists. importmap runs ruff on the files it analyses: a "
        "directory without `__init__.py` inside a package (flask's `sansio/`, pygments' "
        "`tests/support/`) is not analysed by importmap, so not linted for IMP105/IMP106 either; "
        "files the project's ruff configuration excludes (werkzeug's `examples/`) are skipped by "
        "ruff in both runs (`--force-exclude`). *Before*: the previous IMP105/IMP106 (importmap's "
        "own facts walk) on the same tree, and how many of its findings ruff also reports.",
        "",
        "| project | ruff config | ruff F401+F811 | importmap IMP105+IMP106 | same "
        "| only importmap | only ruff | same files reported | same files checked "
        "| before: findings (same as ruff) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for row in rows:
        before = (
            "–" if row.before_findings is None else f"{row.before_findings} ({row.before_same})"
        )
        lines.append(
            f"| {row.project} {row.version} | {row.ruff_config} | {row.ruff_findings} | "
            f"{row.importmap_findings} | {row.same} | {len(row.only_importmap)} | "
            f"{len(row.only_ruff)} | {'yes' if row.same_files else 'no'} "
            f"({row.importmap_files} / {row.ruff_files}) | "
            f"{'yes' if row.same_checked else 'no'} ({row.importmap_checked} / {row.ruff_checked}) "
            f"| {before} |"
        )
    for row in rows:
        for place in (row.only_importmap + row.only_ruff)[:10]:
            side = "importmap only" if place in row.only_importmap else "ruff only"
            lines.append(f"- {row.project}: {side}: `{place[0]}:{place[1]}:{place[2]}` {place[3]}")
        lines.extend(f"- {row.project}: {note}" for note in row.notes)
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", default=",".join(PROJECTS))
    parser.add_argument("--work-dir", type=Path, default=BENCH_DIR / ".work" / "ruff-agreement")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "ruff_agreement.md")
    parser.add_argument("--ruff", default=str(Path(sys.executable).parent / "ruff"))
    parser.add_argument("--before", help="PYTHONPATH of an older importmap source tree")
    args = parser.parse_args()
    ruff_version = subprocess.run(
        [args.ruff, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    conditions = {
        "on": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores",
        "Python": platform.python_version(),
        "ruff": ruff_version.removeprefix("ruff "),
        "importmap": metadata.version("importmap"),
    }
    rows = []
    for name in args.projects.split(","):
        version, target = PROJECTS[name]
        rows.append(measure(name, version, target, args.work_dir, args.ruff, args.before))
    args.out.write_text(render(rows, conditions), encoding="utf-8")
    document = {"conditions": conditions, "projects": [asdict(row) for row in rows]}
    args.out.with_suffix(".json").write_text(json.dumps(document, indent=2) + "\n", "utf-8")
    sys.stdout.write(render(rows, conditions))
    return 0 if all(not r.only_importmap and not r.only_ruff for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
