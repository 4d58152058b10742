"""`importmap trend --last 50` against one cold `importmap analyze --no-render`, on django.

    .venv/bin/python benchmarks/trend_speed.py [--django DIR] [--commits 50] [--repeat 3]

The goal (issue 20): on a git repository of 50 commits of a ~1,000-module project, `trend --last
50` runs in under 3x one cold `analyze`, thanks to the blob cache. The repository is built here,
in a temporary directory: django 5.2.19's source (`--django`, the `django/` package directory of
the unpacked wheel, 885 files; `make docs-images` unpacks it in benchmarks/.work/pics) is the
first commit; each of the 49 others edits 3 files picked by a seeded random generator, adding an
import line to a file that has none of ours or removing the one it has (`import json` at the
end of the file, never creating a cycle). A synthetic history: its commits touch a few real
files, as a day's commits do.

Measured, each `--repeat` times (wall clock, the median kept), with the same importmap:
- cold analyze: `importmap analyze django --no-render --no-cache` at the last commit;
- cold trend: `importmap trend django --last N` with an empty cache directory;
- warm trend: the same once its cache holds every blob (what a second run costs).
The results go to benchmarks/results/trend-speed-<date>.md and .json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DJANGO = HERE / ".work" / "pics" / "django" / "django"
MARK = "import json  # importmap trend benchmark\n"
FILES_PER_COMMIT = 3


def git(repo: Path, *arguments: str, when: int = 0) -> None:
    day = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(when)
    stamp = day.isoformat()
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    subprocess.run(["git", *arguments], cwd=repo, check=True, env=environment, capture_output=True)


def build_repository(django: Path, repo: Path, commits: int) -> None:
    shutil.copytree(django, repo / "django")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "django 5.2.19")
    files = sorted(path for path in (repo / "django").rglob("*.py") if path.stat().st_size)
    chooser = random.Random(20)
    for number in range(1, commits):
        for path in chooser.sample(files, FILES_PER_COMMIT):
            text = path.read_text(encoding="utf-8")
            text = text.replace(MARK, "") if MARK in text else text.rstrip("\n") + "\n" + MARK
            path.write_text(text, encoding="utf-8")
        git(repo, "commit", "-q", "-a", "-m", f"edit {number}", when=number)


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--django", type=Path, default=DEFAULT_DJANGO)
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--importmap", default=str(Path(sys.executable).parent / "importmap"))
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument(
        "--repo",
        type=Path,
        help="a git clone whose own last --commits commits are measured instead of the "
        "synthetic django history (read only: trend never touches the working tree)",
    )
    parser.add_argument("--path", default="", help="with --repo: the path analysed in it")
    parser.add_argument("--label", default="", help="with --repo: what the clone is, for the table")
    arguments = parser.parse_args()
    importmap = arguments.importmap
    with tempfile.TemporaryDirectory(prefix="trend-speed-") as scratch:
        if arguments.repo is not None:
            repo, analysed = arguments.repo.resolve(), arguments.path or "."
            head = subprocess.run(
                ["git", "log", "-1", "--format=%h %cs"],
                cwd=repo,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            project = (
                f"{arguments.label or repo.name} at {head}, its own last {arguments.commits} "
                f"commits, path {analysed}"
            )
        else:
            repo, analysed = Path(scratch) / "repo", "django"
            repo.mkdir()
            build_repository(arguments.django, repo, arguments.commits)
            project = (
                f"django 5.2.19 ({arguments.django}), {arguments.commits} commits, "
                f"{FILES_PER_COMMIT} files edited per commit"
            )
        out = Path(scratch) / "out"
        analyze = [importmap, "analyze", analysed, "--no-render", "--no-cache", "--out", str(out)]
        cold_analyze = [timed(analyze, repo) for _ in range(arguments.repeat)]
        trend = [importmap, "trend", analysed, "--last", str(arguments.commits), "--out", str(out)]
        cold_trend: list[float] = []
        warm_trend: list[float] = []
        for _ in range(arguments.repeat):
            cache = Path(scratch) / "cache"
            shutil.rmtree(cache, ignore_errors=True)
            cold_trend.append(timed([*trend, "--cache-dir", str(cache)], repo))
            warm_trend.append(timed([*trend, "--cache-dir", str(cache)], repo))
        document = json.loads((out / "trend.json").read_text(encoding="utf-8"))
    analyze_s = statistics.median(cold_analyze)
    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end",
        "python": platform.python_version(),
        "project": project,
        "cold_analyze_s": cold_analyze,
        "cold_trend_s": cold_trend,
        "warm_trend_s": warm_trend,
        "cold_ratio": round(statistics.median(cold_trend) / analyze_s, 2),
        "warm_ratio": round(statistics.median(warm_trend) / analyze_s, 2),
        "last_run_cache": document["cache"],
        "goal": "cold trend under 3x cold analyze",
    }
    result["goal_met"] = result["cold_ratio"] < 3
    arguments.results.mkdir(parents=True, exist_ok=True)
    day = result["date"][:10] + (f"-{arguments.label}" if arguments.repo is not None else "")
    (arguments.results / f"trend-speed-{day}.json").write_text(
        json.dumps(result, indent=2) + "\n", encoding="utf-8"
    )
    lines = [
        f"# trend speed, {result['date']}",
        "",
        f"{result['project']}; {result['machine']}; Python {result['python']}; "
        f"medians of {arguments.repeat} runs (benchmarks/trend_speed.py).",
        "",
        "| run | seconds (each) | median | x cold analyze |",
        "| --- | --- | ---: | ---: |",
    ]
    for name, runs in (
        ("cold analyze --no-render --no-cache", cold_analyze),
        (f"cold trend --last {arguments.commits}", cold_trend),
        (f"warm trend --last {arguments.commits}", warm_trend),
    ):
        each = ", ".join(f"{value:.2f}" for value in runs)
        median = statistics.median(runs)
        lines.append(f"| {name} | {each} | {median:.2f} | {median / analyze_s:.2f} |")
    lines += [
        "",
        f"Warm run's cache: {result['last_run_cache']}. Goal ({result['goal']}): "
        f"{'met' if result['goal_met'] else 'NOT met'}.",
        "",
    ]
    (arguments.results / f"trend-speed-{day}.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
