"""`[[tool.importmap.contracts]]` through the installed command: IMP401 with exact lines and exit
codes, `when = "import-time"` against `"any"` (Python judges which imports run), ignore
patterns, configuration errors, report.json and the score."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeTree
from tests.functional.helpers import run_in, validate_report

LAYERS = ["app.routes", "app.services", "app.models"]
BASE = {
    "app/__init__.py": "",
    "app/routes/__init__.py": "",
    "app/routes/api.py": "import app.services.jobs\n",
    "app/services/__init__.py": "",
    "app/services/jobs.py": "import app.models.job\n",
    "app/services/mail.py": "",
    "app/models/__init__.py": "",
    "app/models/job.py": "X = 1\n",
}
EAGER = "import app.services.mail\n"
IN_FUNCTION = "def send():\n    import app.services.mail\n"
TYPE_ONLY = "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import app.services.mail\n"


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


def contract(name: str, kind: str, when: str | None = None, **keys: object) -> str:
    lines = ["[[tool.importmap.contracts]]", f'name = "{name}"', f'type = "{kind}"']
    if when is not None:
        lines.append(f'when = "{when}"')
    for key, value in keys.items():
        shown = _toml_list(value) if isinstance(value, list) else f'"{value}"'
        lines.append(f"{key} = {shown}")
    return "\n".join(lines) + "\n"


def project(make_tree: MakeTree, job: str, *contracts: str, **more: str) -> Path:
    pyproject = '[tool.importmap]\npaths = ["app"]\n\n' + "\n".join(contracts)
    return make_tree({**BASE, "app/models/job.py": job, **more, "pyproject.toml": pyproject})


def check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_in(root, "check", "--select", "IMP401", "--no-cache", *args)


def imp401_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stdout.splitlines() if " IMP401 " in line]


BROKEN_EAGER = (
    "app/models/job.py:1:1: IMP401 contract-broken (fails the gate): contract 'layers' (layers) "
    "broken: app.models imports app.services{when} in 1 step: app.models.job -> "
    "app.services.mail  app/models/job.py:1  import app.services.mail"
)


@pytest.mark.parametrize("when", [None, "any", "import-time"])
def test_layers_kept_exit_0(make_tree: MakeTree, when: str | None) -> None:
    root = project(make_tree, "X = 1\n", contract("layers", "layers", when, layers=LAYERS))
    result = run_in(root, "check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert imp401_lines(result) == []


@pytest.mark.parametrize(
    ("when", "said"), [(None, ""), ("any", ""), ("import-time", " at import time")]
)
def test_an_eager_upward_import_breaks_the_layers(
    make_tree: MakeTree, when: str | None, said: str
) -> None:
    root = project(make_tree, EAGER, contract("layers", "layers", when, layers=LAYERS))
    result = run_in(root, "check", "--no-cache")
    assert result.returncode == 1
    assert imp401_lines(result) == [BROKEN_EAGER.format(when=said)]


@pytest.mark.parametrize(("job", "line"), [(IN_FUNCTION, 2), (TYPE_ONLY, 4)])
def test_deferred_imports_count_only_with_when_any(
    make_tree: MakeTree, job: str, line: int
) -> None:
    deferred = project(make_tree, job, contract("layers", "layers", "import-time", layers=LAYERS))
    result = check(deferred)
    assert result.returncode == 0, result.stdout
    assert imp401_lines(result) == []
    (deferred / "pyproject.toml").write_text(
        '[tool.importmap]\npaths = ["app"]\n\n' + contract("layers", "layers", "any", layers=LAYERS)
    )
    result = check(deferred)
    assert result.returncode == 1
    statement = "import app.services.mail"
    assert imp401_lines(result) == [
        f"app/models/job.py:{line}:1: IMP401 contract-broken (fails the gate): contract 'layers' "
        f"(layers) broken: app.models imports app.services in 1 step: app.models.job -> "
        f"app.services.mail  app/models/job.py:{line}  {statement}"
    ]


@pytest.mark.parametrize(
    ("job", "loads"), [(EAGER, True), (IN_FUNCTION, False), (TYPE_ONLY, False)]
)
def test_python_judges_which_imports_run_at_import_time(
    make_tree: MakeTree, job: str, loads: bool
) -> None:
    """What `when = "import-time"` counts is what Python runs when the module is imported."""
    root = project(make_tree, job)
    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, app.models.job; print('app.services.mail' in sys.modules)",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == str(loads)
    (root / "pyproject.toml").write_text(
        '[tool.importmap]\npaths = ["app"]\n\n'
        + contract("layers", "layers", "import-time", layers=LAYERS)
    )
    assert check(root).returncode == (1 if loads else 0)


def test_a_call_at_import_time_runs_the_functions_imports(make_tree: MakeTree) -> None:
    root = project(
        make_tree,
        "from app.setup import load\n\nload()\n",
        contract("layers", "layers", "import-time", layers=LAYERS),
        **{"app/setup.py": "def load():\n    import app.services.mail\n"},
    )
    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, app.models.job; print('app.services.mail' in sys.modules)",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == "True"
    result = check(root)
    assert result.returncode == 1
    assert imp401_lines(result) == [
        "app/models/job.py:3:1: IMP401 contract-broken (fails the gate): contract 'layers' "
        "(layers) broken: app.models imports app.services at import time in 1 step: "
        "app.models.job -> app.services.mail  app/models/job.py:3  load()  (called at import "
        "time: runs app/setup.py:2 import app.services.mail (in app.setup.load))"
    ]


def test_an_indirect_chain_gives_every_step(make_tree: MakeTree) -> None:
    root = project(
        make_tree,
        "import app.helpers\n",
        contract("layers", "layers", layers=LAYERS),
        **{"app/helpers.py": "\nimport app.services.mail\n"},
    )
    result = check(root)
    assert result.returncode == 1
    assert imp401_lines(result) == [
        "app/models/job.py:1:1: IMP401 contract-broken (fails the gate): contract 'layers' "
        "(layers) broken: app.models imports app.services in 2 steps: app.models.job -> "
        "app.helpers  app/models/job.py:1  import app.helpers; app.helpers -> "
        "app.services.mail  app/helpers.py:2  import app.services.mail"
    ]


def test_siblings_of_one_layer_are_independent(make_tree: MakeTree) -> None:
    root = project(
        make_tree,
        "X = 1\n",
        contract(
            "layers", "layers", layers=["app.routes", "app.services | app.tasks", "app.models"]
        ),
        **{"app/tasks.py": "import app.models.job\n", "app/services/mail.py": "import app.tasks\n"},
    )
    result = check(root)
    assert result.returncode == 1
    assert imp401_lines(result) == [
        "app/services/mail.py:1:1: IMP401 contract-broken (fails the gate): contract 'layers' "
        "(layers) broken: app.services imports app.tasks in 1 step: app.services.mail -> "
        "app.tasks  app/services/mail.py:1  import app.tasks"
    ]


def test_forbidden_kept_and_broken(make_tree: MakeTree) -> None:
    kept = contract("no mail", "forbidden", source=["app.routes"], forbidden=["app.services.mail"])
    root = project(make_tree, "X = 1\n", kept)
    assert check(root).returncode == 0
    broken = contract("no jobs", "forbidden", source=["app.routes"], forbidden=["app.models"])
    (root / "pyproject.toml").write_text('[tool.importmap]\npaths = ["app"]\n\n' + broken)
    result = check(root)
    assert result.returncode == 1
    assert imp401_lines(result) == [
        "app/routes/api.py:1:1: IMP401 contract-broken (fails the gate): contract 'no jobs' "
        "(forbidden) broken: app.routes imports app.models in 2 steps: app.routes.api -> "
        "app.services.jobs  app/routes/api.py:1  import app.services.jobs; app.services.jobs "
        "-> app.models.job  app/services/jobs.py:1  import app.models.job"
    ]


def test_independence_kept_and_broken(make_tree: MakeTree) -> None:
    root = project(
        make_tree,
        "X = 1\n",
        contract("apart", "independence", modules=["app.routes", "app.models"]),
    )
    result = check(root)
    assert result.returncode == 1
    assert [line.split(": ", 1)[0] for line in imp401_lines(result)] == ["app/routes/api.py:1:1"]
    assert "app.routes imports app.models in 2 steps" in result.stdout
    (root / "pyproject.toml").write_text(
        '[tool.importmap]\npaths = ["app"]\n\n'
        + contract("apart", "independence", modules=["app.routes", "app.services.mail"])
    )
    assert check(root).returncode == 0


def test_acyclic_reports_the_fewest_edges_of_a_cycle(make_tree: MakeTree) -> None:
    root = project(
        make_tree,
        "X = 1\n",
        contract("no cycles", "acyclic", packages=["app"]),
    )
    assert check(root).returncode == 0
    (root / "app/models/job.py").write_text("X = 1\n\n\ndef later():\n    import app.routes.api\n")
    result = check(root)
    assert result.returncode == 1
    # routes -> services -> models -> routes: one edge cut; the one import statement in a def.
    assert imp401_lines(result) == [
        "app/models/job.py:5:1: IMP401 contract-broken (fails the gate): contract 'no cycles' "
        "(acyclic) broken: app.models imports app.routes in 1 step: app.models.job -> "
        "app.routes.api  app/models/job.py:5  import app.routes.api"
    ]


@pytest.mark.parametrize(
    ("ignore", "kept"),
    [
        (["app.models.* -> app.services.**"], True),
        (["app.models.job -> app.services.mail"], True),
        (["app.** -> app.services.*"], True),
        # `*` is one segment: app.models.job is two below app.
        (["app.* -> app.services.mail"], False),
        (["app.models.* -> app.services"], False),
    ],
)
def test_ignore_patterns(make_tree: MakeTree, ignore: list[str], kept: bool) -> None:
    root = project(make_tree, EAGER, contract("layers", "layers", layers=LAYERS, ignore=ignore))
    assert check(root).returncode == (0 if kept else 1)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            contract("x", "layer", layers=LAYERS),
            "[[tool.importmap.contracts]] #1 ('x'): 'type' must be one of layers, forbidden, "
            "independence, acyclic (got 'layer'); did you mean 'layers'?",
        ),
        (
            contract("x", "forbidden", source=["app.routes"]),
            "[[tool.importmap.contracts]] #1 ('x'): missing key 'forbidden' (a forbidden "
            "contract needs 'name', 'source', 'forbidden')",
        ),
        (
            contract("x", "layers", "runtime", layers=LAYERS),
            "[[tool.importmap.contracts]] #1 ('x'): 'when' must be one of any, import-time "
            "(got 'runtime'); did you mean 'import-time'?",
        ),
        (
            contract("x", "layers", layer=LAYERS),
            "[[tool.importmap.contracts]] #1 ('x'): unknown key 'layer' for a layers contract; "
            "did you mean 'layers'?",
        ),
        (
            contract("x", "layers", layers=LAYERS, ignore=["app.models"]),
            "[[tool.importmap.contracts]] #1 ('x'): 'ignore': 'app.models' is not "
            "'importer -> imported'",
        ),
        # A module in two layers has no place: its imports would break the contract both ways.
        (
            contract("x", "layers", layers=["app.routes", "app.services", "app.routes"]),
            "[[tool.importmap.contracts]] #1 ('x'): 'layers': 'app.routes' is listed twice",
        ),
        (
            contract("x", "layers", layers=["app.services", "app.models | app.services"]),
            "[[tool.importmap.contracts]] #1 ('x'): 'layers': 'app.services' is listed twice",
        ),
        (
            contract("x", "layers", layers=["app", "app.models"]),
            "[[tool.importmap.contracts]] #1 ('x'): 'layers': 'app.models' is inside 'app'; "
            "a module belongs to one layer",
        ),
        (
            contract("x", "independence", modules=["app.models"]),
            "[[tool.importmap.contracts]] #1 ('x'): 'modules' needs at least two modules",
        ),
        (
            contract("x", "independence", modules=["app.models", "app.models.job"]),
            "[[tool.importmap.contracts]] #1 ('x'): 'modules': 'app.models.job' is inside "
            "'app.models'; a module belongs to one of them",
        ),
        (
            contract("x", "forbidden", source=["app"], forbidden=["app.services"]),
            "[[tool.importmap.contracts]] #1 ('x'): 'forbidden': 'app.services' is inside "
            "'app'; a module is a source or forbidden, not both",
        ),
        (
            contract("x", "forbidden", source=["app.models"], forbidden=["app.models"]),
            "[[tool.importmap.contracts]] #1 ('x'): 'forbidden': 'app.models' is also a source",
        ),
        (
            contract("x", "layers", layers=["app.routes", "app.model"]),
            "contract 'x' names 'app.model', which is not a module of the analysed code; the "
            "nearest module is 'app.models'",
        ),
    ],
)
def test_configuration_errors_exit_2_in_one_line(
    make_tree: MakeTree, table: str, message: str
) -> None:
    root = project(make_tree, "X = 1\n", table)
    result = check(root)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(message), lines[0]
    assert "pyproject.toml" in lines[0]


def _analyze(root: Path) -> dict[str, object]:
    result = run_in(root, "analyze", "--no-cache", "--format", "json", "--out", "out")
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    validate_report(report)
    return report


def test_report_json_gives_each_contract_with_its_chains(make_tree: MakeTree) -> None:
    root = project(
        make_tree,
        EAGER,
        contract("layers", "layers", "import-time", layers=LAYERS),
        contract("mail last", "forbidden", source=["app.services.mail"], forbidden=["app.routes"]),
    )
    report = _analyze(root)
    assert report["contracts"] == [
        {
            "name": "layers",
            "type": "layers",
            "when": "import-time",
            "kept": False,
            "broken": [
                {
                    "importer": "app.models",
                    "imported": "app.services",
                    "chain": [
                        {
                            "module": "app.models.job",
                            "imported": "app.services.mail",
                            "path": "app/models/job.py",
                            "line": 1,
                            "statement": "import app.services.mail",
                        }
                    ],
                }
            ],
        },
        {"name": "mail last", "type": "forbidden", "when": "any", "kept": True, "broken": []},
    ]
    criteria = {c["id"]: c for c in report["score"]["criteria"]}  # type: ignore[index]
    assert criteria["contracts"]["measured"] is True
    assert criteria["contracts"]["score"] == 50.0
    assert criteria["contracts"]["items"] == 2


def test_the_score_criterion_is_listed_only_when_a_contract_is_configured(
    make_tree: MakeTree,
) -> None:
    # As banned-calls: a project without contracts sees the criteria it saw before.
    root = project(make_tree, EAGER)
    report = _analyze(root)
    assert report["contracts"] == []
    assert "contracts" not in [c["id"] for c in report["score"]["criteria"]]  # type: ignore[index]


@pytest.mark.parametrize("output", ["json", "github", "sarif", "junit"])
def test_every_check_format_carries_the_finding(make_tree: MakeTree, output: str) -> None:
    root = project(make_tree, EAGER, contract("layers", "layers", layers=LAYERS))
    result = check(root, "--format", output)
    assert result.returncode == 1
    assert "IMP401" in result.stdout
    assert "app/models/job.py" in result.stdout
    assert "app.models.job -&gt; app.services.mail" in result.stdout or (
        "app.models.job -> app.services.mail" in result.stdout
    )


def test_the_init_template_example_loads_once_uncommented(tmp_path: Path) -> None:
    from importmap.config import load_settings
    from importmap.contracts.spec import Contract
    from importmap.init_template import starter_section

    section = starter_section(("app",))
    start = section.index("# [[tool.importmap.contracts]]")
    block = section[start : section.index("\n\n", start)]
    uncommented = "\n".join(line.removeprefix("# ") for line in block.splitlines())
    (tmp_path / "pyproject.toml").write_text("[tool.importmap]\n" + uncommented + "\n")
    assert load_settings(tmp_path).contracts == (
        Contract(
            name="layers",
            type="layers",
            when="import-time",
            layers=(
                ("app.routes",),
                ("app.tasks", "app.reports"),
                ("app.services",),
                ("app.models",),
            ),
            ignore=("app.models.* -> app.services.registry",),
        ),
    )


def test_explain_prints_the_rule_page() -> None:
    result = run_in(Path.cwd(), "explain", "IMP401")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# IMP401 contract-broken\n")
    assert "## What it does" in result.stdout


def test_report_md_says_which_contracts_hold(make_tree: MakeTree) -> None:
    root = project(
        make_tree,
        EAGER,
        contract("layers", "layers", "import-time", layers=LAYERS),
        contract("mail last", "forbidden", source=["app.services.mail"], forbidden=["app.routes"]),
    )
    result = run_in(root, "analyze", "--no-cache", "--no-render", "--out", "out")
    assert result.returncode == 0, result.stderr
    text = (root / "out" / "report.md").read_text(encoding="utf-8")
    start = text.index("## Contracts\n")
    assert text[start : text.index("\n\n## ", start)].splitlines() == [
        "## Contracts",
        "",
        "- layers (layers, when import-time): **broken** (1 pair(s))",
        "  - `app.services` imported by `app.models` at `app/models/job.py:1`: `app.models.job` "
        "→ `app.services.mail`",
        "- mail last (forbidden, when any): kept",
    ]
