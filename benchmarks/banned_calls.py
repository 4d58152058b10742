"""IMP501 on a real Flask-SQLAlchemy project, against `grep -n "db.session.commit()"`.

    .venv/bin/python benchmarks/banned_calls.py --git-dir CTFd/.git --project ctfd
        [--commit SHA] [--out benchmarks/results/banned-calls-DATE-ctfd.md]

The project's tree at its pinned commit (PROJECTS) is read with `git archive` into a temporary
directory (the clone is never touched). importmap runs there as a user would, `importmap check .
--select IMP501 --format json --no-cache`, once per configuration of the project: first
`"db.session.commit" = {}` in an importmap.toml (no module allowed: every call is a finding),
then with the spelling the project also uses through a local or `self`. Ground truth is grep's:
every line holding `db.session.commit()` (as grep, whatever precedes it: `app.db...`,
`self.db...`), plus the alias forms a reader greps for next: `NAME = db.session` followed by
`NAME.commit()` in the same file. Lines where the text is in a comment or a string are not
calls, and are counted apart.

found: a finding on a ground-truth line. missed: a ground-truth call with no finding. wrong: a
finding on no ground-truth line (each is listed, to be read).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import tokenize
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from importmap.version import __version__


@dataclass(frozen=True)
class Project:
    name: str
    # The pinned commit, and where it is published.
    commit: str
    source: str
    # The banned paths of each run, in order. The second run adds the spelling through an
    # attribute of a local or parameter that the project uses (see the rule page).
    configurations: tuple[tuple[str, ...], ...]


PROJECTS = {
    "ctfd": Project(
        "CTFd",
        # CTFd 3.8.7 ("Mark 3.8.7 (#3098)").
        "91ced62d44d3ec3142a0948ee96ed19947cfc979",
        "github.com/CTFd/CTFd",
        (("db.session.commit",), ("db.session.commit", "app.db.session.commit")),
    ),
    "redash": Project(
        "redash",
        # master of 2026-08-18 ("Apply prettier formatting to client (#7786)").
        "ca79fe988",
        "github.com/getredash/redash",
        (("db.session.commit",), ("db.session.commit", "self.db.session.commit")),
    ),
}
CALL = "db.session.commit()"
_ALIAS = re.compile(r"^\s*(\w+)\s*=\s*db\.session\s*$")


def extract(git_dir: Path, commit: str, into: Path) -> str:
    """The tree at `commit` under `into`; returns the full commit id."""
    full = subprocess.run(
        ["git", "--git-dir", str(git_dir), "rev-parse", f"{commit}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    archive = subprocess.run(
        ["git", "--git-dir", str(git_dir), "archive", "--format=tar", full],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return full


def code_columns(text: str) -> set[tuple[int, int]]:
    """(line, column) of every NAME token: where code, not a comment or a string, is."""
    found: set[tuple[int, int]] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NAME:
                found.add(token.start)
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def ground_truth(root: Path) -> tuple[dict[tuple[str, int], str], set[tuple[str, int]]]:
    """grep's lines that are calls, each with how it is spelled up to `.commit()`
    (`db.session`, `app.db.session`, `self.db.session`, an alias name), and the lines where
    the text is in a comment or a string."""
    calls: dict[tuple[str, int], str] = {}
    not_code: set[tuple[str, int]] = set()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if "commit" not in text:
            continue
        names = code_columns(text)
        lines = text.splitlines()
        alias_names = {m.group(1) for line in lines if (m := _ALIAS.match(line))}
        spellings = [CALL] + [f"{name}.commit()" for name in sorted(alias_names)]
        for number, line in enumerate(lines, start=1):
            for spelling in spellings:
                columns = [m.start() for m in re.finditer(re.escape(spelling), line)]
                if not columns:
                    continue
                if (
                    (number, columns[0]) in names
                    or spelling == CALL
                    and _in_code(line, columns[0], number, names)
                ):
                    calls[(relative, number)] = _spelled(line, columns[0], spelling)
                else:
                    not_code.add((relative, number))
                break
    return calls, not_code


def _in_code(line: str, column: int, number: int, names: set[tuple[int, int]]) -> bool:
    """`app.db.session.commit()`: grep's match starts inside the dotted name `app.db`; the
    name token it belongs to starts earlier on the line."""
    start = column
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] in "_."):
        start -= 1
    return (number, start) in names


def _spelled(line: str, column: int, spelling: str) -> str:
    start = column
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] in "_."):
        start -= 1
    return line[start : column + len(spelling) - len(".commit()")]


def run_importmap(root: Path, paths: list[str]) -> tuple[set[tuple[str, int]], float]:
    table = "".join(f'"{path}" = {{}}\n' for path in paths)
    (root / "importmap.toml").write_text(
        f"[tool.importmap.banned-calls]\n{table}", encoding="utf-8"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "importmap", "check", ".", "--select", "IMP501"]
        + ["--format", "json", "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"importmap failed ({result.returncode}): {result.stderr.strip()}")
    document = json.loads(result.stdout)
    found = {(f["path"], f["line"]) for f in document["findings"] if f["code"] == "IMP501"}
    return found, seconds


def _line(root: Path, path: str, line: int) -> str:
    return (root / path).read_text(encoding="utf-8").splitlines()[line - 1].strip()


@dataclass(frozen=True)
class Row:
    configured: tuple[str, ...]
    seconds: float
    found: int
    # (path, line, spelled up to `.commit()`)
    missed: list[tuple[str, int, str]]
    # (path, line, the line's text)
    wrong: list[tuple[str, int, str]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-dir", type=Path, required=True)
    parser.add_argument("--project", choices=sorted(PROJECTS), default="ctfd")
    parser.add_argument("--commit", help="another commit than the project's pinned one")
    parser.add_argument("--out", type=Path)
    arguments = parser.parse_args()
    project = PROJECTS[arguments.project]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="importmap-banned-") as work:
        root = Path(work)
        commit = extract(arguments.git_dir, arguments.commit or project.commit, root)
        files = sum(1 for _ in root.rglob("*.py"))
        truth, not_code = ground_truth(root)
        for paths in project.configurations:
            found, seconds = run_importmap(root, list(paths))
            rows.append(
                Row(
                    configured=paths,
                    seconds=round(seconds, 2),
                    found=len(found & set(truth)),
                    missed=[(*key, truth[key]) for key in sorted(set(truth) - found)],
                    wrong=[(*key, _line(root, *key)) for key in sorted(found - set(truth))],
                )
            )
    spellings = Counter(truth.values())
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    report = [
        f"# IMP501 banned-call on {project.name} against grep",
        "",
        f"Run {now} by `benchmarks/banned_calls.py --project {arguments.project}` on "
        f"{project.name} ({project.source}) commit `{commit}` ({files} Python "
        f"files, the whole repository), importmap "
        f"{__version__}, Python {platform.python_version()}, {os.cpu_count()} cores, load "
        f"average {load:.1f}. Each row: `importmap check . --select IMP501 --no-cache` with the "
        "paths configured in `[tool.importmap.banned-calls]`, allowed nowhere.",
        "",
        f'Ground truth: `grep -n "{CALL}"` ({len(truth) + len(not_code)} lines), plus '
        "`NAME = db.session` then `NAME.commit()` in the same file; "
        f"{len(not_code)} of grep's lines are in a comment or a string. {len(truth)} calls, "
        "spelled: "
        + ", ".join(
            f"`{spelled}.commit()` × {count}" for spelled, count in sorted(spellings.items())
        )
        + ".",
        "",
        "| configured | found | missed | wrong | time |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        configured = ", ".join(f"`{path}`" for path in row.configured)
        report.append(
            f"| {configured} | {row.found} | {len(row.missed)} | {len(row.wrong)} | "
            f"{row.seconds} s |"
        )
    report += [
        "",
        "A call through an attribute of a local or a parameter (`app.db.session.commit()` after "
        "`app = create_ctfd()`, `self.db.session.commit()`) matches only when that spelling is "
        "configured (docs/rules/IMP501.md): the second row configures it.",
        "",
    ]
    for row in rows:
        configured = ", ".join(row.configured)
        missed = Counter(spelled for _, _, spelled in row.missed)
        if missed:
            report.append(
                f"Missed with {configured}: "
                + ", ".join(f"`{s}.commit()` × {n}" for s, n in sorted(missed.items()))
                + "."
            )
        for path, line, text in row.wrong:
            report.append(f"Wrong with {configured}: `{path}:{line}` `{text}`")
    text = "\n".join(report).rstrip() + "\n"
    print(text, end="")
    if arguments.out is not None:
        arguments.out.write_text(text, encoding="utf-8")
        document = {
            "date": now,
            "project": project.name,
            "commit": commit,
            "files": files,
            "python": platform.python_version(),
            "importmap": __version__,
            "truth": len(truth),
            "not_code": len(not_code),
            "spellings": dict(sorted(spellings.items())),
            "configurations": [
                {
                    "configured": list(row.configured),
                    "seconds": row.seconds,
                    "found": row.found,
                    "missed": [list(item) for item in row.missed],
                    "wrong": [list(item) for item in row.wrong],
                }
                for row in rows
            ],
        }
        arguments.out.with_suffix(".json").write_text(
            json.dumps(document, indent=1) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
