"""`importmap analyze` once its arguments are parsed: analyse, write the reports, summarise."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console

from importmap.adapters.files import read_text
from importmap.baseline import parse_baseline, split_by_baseline
from importmap.cli.analysis_runner import run_analysis
from importmap.cli.errors import fail
from importmap.cli.report_files import ReportNotWritten, write_report_file, write_report_files
from importmap.report.compare import compare, parse_saved, text_lines
from importmap.report.json_report import render_json
from importmap.report.text import print_summary
from importmap.usecases.analyze import build_request


def run_analyze(
    paths: list[Path] | None,
    *,
    out: Path,
    baseline: Path | None,
    render: bool,
    json_only: bool,
    exclude: list[str] | None,
    select: list[str] | None,
    ignore: list[str] | None,
    cache_dir: Path | None,
    no_cache: bool,
    show_all: bool = False,
    compare_to: Path | None = None,
) -> None:
    known = parse_baseline(read_text(baseline), str(baseline)) if baseline else None
    # Read before anything is written: the saved report is often the one this run replaces.
    saved = parse_saved(read_text(compare_to), str(compare_to)) if compare_to else None
    request = build_request(paths, exclude, select, ignore, cache_dir, no_cache)
    report = run_analysis(request)
    new_findings = None if known is None else split_by_baseline(known, report.findings)[0]
    comparison = None if saved is None else compare(saved, report, str(compare_to))
    rendered = render_json(report)
    notices = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        write_report_file(out / "report.json", rendered, [])
        write_report_files(
            report,
            out,
            render=render,
            console=notices,
            new_findings=new_findings,
            editor_url=request.settings.editor_url,
            comparison=comparison,
        )
    except ReportNotWritten as error:
        if not json_only:
            raise fail(str(error)) from None
        # `--format json` is read from stdout (a pipe, a CI step): it gets the whole report
        # whatever became of the files, and the exit code 2 still says they are missing.
        sys.stdout.write(rendered)
        sys.stdout.flush()
        raise fail(f"{error}; the report was printed on stdout only") from None
    if json_only:
        sys.stdout.write(rendered)
    else:
        console = Console(highlight=False, soft_wrap=True)
        print_summary(report, console, show_all)
        for line in [] if comparison is None else text_lines(comparison):
            console.print(line, markup=False)
        console.print(f"report: {out / 'report.json'}")
