from __future__ import annotations

import ast
import textwrap

from importmap.file_facts import Binding, NameUse, UseTime
from importmap.scan.whole_file.fact_walk import walk_facts


def _facts(source: str):  # type: ignore[no-untyped-def]
    return walk_facts(ast.parse(textwrap.dedent(source)))


def test_bindings_of_each_import_form() -> None:
    facts = _facts(
        """
        import pandas as pd
        import matplotlib.pyplot
        from scipy import stats as st
        from .lazy_imports import lazy
        import importlib
        np = importlib.import_module("numpy")
        """
    )
    assert set(facts.bindings) >= {
        Binding("pd", 2, "pandas"),
        Binding("matplotlib", 3, "matplotlib"),
        Binding("st", 4, "scipy.stats"),
        Binding("lazy", 5, "lazy_imports.lazy", 1),
        Binding("np", 7, "numpy"),
    }


def test_uses_are_sorted_by_when_they_run() -> None:
    facts = _facts(
        """
        import pandas as pd

        FRAME = pd.DataFrame()

        @pd.api.extensions.register_dataframe_accessor("x")
        class Accessor(pd.Series):
            kind = pd.NA

            def method(self, data: pd.DataFrame, fill=pd.NA) -> pd.Series:
                return pd.concat([data])

        def report():
            return pd.read_csv("x")

        square = lambda: pd.DataFrame()
        """
    )
    uses = {(u.line, u.when, u.function) for u in facts.uses}
    assert (4, UseTime.IMPORT_TIME, "") in uses  # module-level call
    assert (6, UseTime.IMPORT_TIME, "") in uses  # decorator
    assert (7, UseTime.IMPORT_TIME, "") in uses  # base class
    assert (8, UseTime.IMPORT_TIME, "") in uses  # class body
    assert (10, UseTime.IMPORT_TIME, "") in uses  # default argument
    assert (10, UseTime.FUNCTION, "Accessor.method") not in uses
    assert (11, UseTime.FUNCTION, "Accessor.method") in uses
    assert (14, UseTime.FUNCTION, "report") in uses
    assert (16, UseTime.FUNCTION, "<lambda>") in uses
    annotation_lines = {u.line for u in facts.uses if u.when is UseTime.ANNOTATION}
    assert annotation_lines == {10}


def test_annotation_only_use_and_future_import() -> None:
    facts = _facts(
        """
        from __future__ import annotations
        from pandas import DataFrame

        def f(frame: DataFrame) -> None:
            pass
        """
    )
    assert facts.future_annotations
    assert facts.uses == (NameUse("DataFrame", 5, UseTime.ANNOTATION),)


def test_lazy_mechanisms_and_entry_guard() -> None:
    facts = _facts(
        """
        import importlib.util
        import lazy_loader as lazy

        __lazy_modules__ = ["pandas", "torch"]
        __getattr__, __dir__, __all__ = lazy.attach(
            __name__, submodules=["plots"], submod_attrs={"tables": ["Table"]}
        )

        def lazy_import(name):
            spec = importlib.util.find_spec(name)
            loader = importlib.util.LazyLoader(spec.loader)
            return loader

        sklearn = lazy_import("sklearn")

        if __name__ == "__main__":
            pass
        """
    )
    assert facts.lazy_modules == ("pandas", "torch")
    assert facts.lazy_attached == ("plots", "tables")
    assert facts.lazy_loader_helpers == ("lazy_import",)
    assert facts.uses_lazy_loader
    assert facts.has_main_guard
    assert not facts.reads_stub
    calls = {(c.line, c.callee, c.argument, c.at_import_time) for c in facts.literal_calls}
    assert (15, "lazy_import", "sklearn", True) in calls
    assert (11, "importlib.util.find_spec", "name", False) not in calls


def test_attach_stub_is_noticed() -> None:
    facts = _facts(
        """
        import lazy_loader
        __getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
        """
    )
    assert facts.reads_stub
    assert not facts.has_main_guard
