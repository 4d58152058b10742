"""Random small cyclic packages, every module imported first, the simulator against CPython."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.semantics.judge_by_python import agree_where_circular

_MODULES = ("m0", "m1", "m2")
_NAMES = ("A", "B")


def _statement(module: str, name: str, kind: int) -> str:
    """One top-level statement of a generated module; `name` is bound by the binding kinds."""
    return [
        f"from g.{module} import {name}\n",
        f"import g.{module}\n",
        f"from g import {module}\n",
        f"{name} = 1\n",
        f"def {name}(): pass\n",
        f"from g import {module}\nclass {name}_C({module}.{name} and object): pass\n",
        f"import g.{module} as {module}_alias\n",
        f"from g.{module} import *\n",
        f"import g.{module}\ndef f_{name}(x=g.{module}): pass\n",
    ][kind]


_STATEMENT = st.tuples(st.sampled_from(_MODULES), st.sampled_from(_NAMES), st.integers(0, 8))
_MODULE = st.lists(_STATEMENT, min_size=1, max_size=4)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    bodies=st.tuples(_MODULE, _MODULE, _MODULE),
    init=st.lists(_STATEMENT, max_size=2),
)
def test_random_packages_agree_with_cpython(
    bodies: tuple[list[tuple[str, str, int]], ...], init: list[tuple[str, str, int]]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "tree"
        (root / "g").mkdir(parents=True)
        (root / "g" / "__init__.py").write_text(
            "".join(_statement(*statement) for statement in init)
        )
        for module, body in zip(_MODULES, bodies, strict=True):
            text = "".join(_statement(*statement) for statement in body)
            (root / "g" / f"{module}.py").write_text(text)
        for entry in ("g", *(f"g.{module}" for module in _MODULES)):
            agree_where_circular(root, entry)
