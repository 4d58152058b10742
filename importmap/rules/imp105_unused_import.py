"""IMP105 unused-import: an imported name the module never uses."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.file_facts import Binding, FileFacts
from importmap.rules.base import RuleInfo, RuleInput, make_finding

INFO = RuleInfo(
    code="IMP105",
    name="unused-import",
    summary="an import never used",
    severity=Severity.WARNING,
    needs_facts=True,
)
# The same finding under flake8/ruff's code, so existing F401 suppressions count.
_ALIASES = ("F401",)


def unused_bindings(facts: FileFacts) -> Iterator[Binding]:
    """Imported names never loaded, in no string annotation, not re-exported."""
    exported = set(facts.dunder_all or ())
    used = facts.loaded | facts.string_annotation_names | exported
    # Without `__all__`, everything a package's __init__ imports at top level is its API.
    reexports_all = facts.path.endswith("__init__.py") and facts.dunder_all is None
    for binding in facts.bindings:
        if binding.future or binding.explicit_reexport or binding.name in used:
            continue
        if _loads_submodule_of_another_import(binding, facts):
            continue
        if reexports_all and not binding.scope:
            continue
        if any(
            facts.suppressed(line, INFO.code, _ALIASES)
            for line in (binding.line, binding.statement_line)
        ):
            continue
        yield binding


class UnusedImport:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        for facts in given.codebase.facts:
            for binding in unused_bindings(facts):
                where = f" in {binding.scope}" if binding.scope else ""
                yield make_finding(
                    INFO,
                    path=facts.path,
                    line=binding.line,
                    column=binding.column,
                    module=facts.module,
                    message=f"'{binding.written}' is imported{where} but never used",
                    key=f"{facts.module}:{binding.scope}:{binding.written}",
                )


def _loads_submodule_of_another_import(binding: Binding, facts: FileFacts) -> bool:
    """`import pkg.sub` next to `import pkg as p`: it makes `p.sub` usable, so it is used."""
    if "." not in binding.written or " as " in binding.written:
        return False
    return any(
        other is not binding
        and other.written.partition(" as ")[0].split(".")[0] == binding.name
        and (other.name in facts.loaded or other.name in facts.string_annotation_names)
        for other in facts.bindings
    )
