"""Where `importmap trend` spends a warm commit: cProfile over `trend --last N` on the synthetic
django history of benchmarks/trend_speed.py (built the same way), or on a real repository's own
history (`--repo`), run twice, the second profiled.

    .venv/bin/python benchmarks/trend_profile.py [--django DIR] [--last 10] [--top 40]
    .venv/bin/python benchmarks/trend_profile.py --repo CLONE --path saleor [--last 10]

Prints the functions with the largest cumulative time (cProfile's overhead included: read the
shares, not the seconds).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from trend_speed import DEFAULT_DJANGO, build_repository  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--django", type=Path, default=DEFAULT_DJANGO)
    parser.add_argument("--last", type=int, default=10)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--repo", type=Path, help="a git clone whose own history is profiled")
    parser.add_argument("--path", default="", help="with --repo: the path analysed in it")
    arguments = parser.parse_args()
    from importmap.cli.trend_run import run_trend_command

    with tempfile.TemporaryDirectory(prefix="trend-profile-") as scratch:
        if arguments.repo is not None:
            repo, analysed = arguments.repo.resolve(), arguments.path
        else:
            repo, analysed = Path(scratch) / "repo", "django"
            repo.mkdir()
            build_repository(arguments.django, repo, arguments.last)

        def trend() -> None:
            run_trend_command(
                repo / analysed,
                since=None,
                last=arguments.last,
                rev_range=None,
                out=Path(scratch) / "out",
                exclude=None,
                select=None,
                ignore=None,
                cache_dir=Path(scratch) / "cache",
                no_cache=False,
            )

        trend()
        profile = cProfile.Profile()
        profile.runcall(trend)
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(arguments.top)
    print(text.getvalue())


if __name__ == "__main__":
    main()
