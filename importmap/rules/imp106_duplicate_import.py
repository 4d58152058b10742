"""IMP106 duplicate-import: the same name bound twice by imports in one scope."""

from __future__ import annotations

from collections.abc import Iterator

from importmap.domain import Finding, Severity
from importmap.file_facts import Binding, FileFacts
from importmap.rules.base import RuleInfo, RuleInput, make_finding

INFO = RuleInfo(
    code="IMP106",
    name="duplicate-import",
    summary="the same name imported twice in a module",
    severity=Severity.WARNING,
    needs_facts=True,
)
_ALIASES = ("F811",)


def duplicate_bindings(facts: FileFacts) -> Iterator[tuple[Binding, Binding]]:
    """(later binding, first binding) pairs that bind the same name in the same scope.

    Bindings in alternative branches (`try: import a as x` / `except: import b as x`) are not
    duplicates; neither are `import a.b` and `import a.c`, which both bind `a` on purpose, nor
    a TYPE_CHECKING import and a runtime import of the same name.
    """
    # Two bindings of one identity bind one name: where every name differs, none repeats.
    if len({binding.name for binding in facts.bindings}) == len(facts.bindings):
        return
    first_by_identity: dict[tuple[str, str, str], list[Binding]] = {}
    ordered = sorted(facts.bindings, key=lambda b: (b.line, b.column))
    for binding in ordered:
        identity = (binding.scope, _identity(binding), str(binding.typing_only))
        earlier = first_by_identity.setdefault(identity, [])
        original = next((b for b in earlier if not _alternatives(b, binding)), None)
        earlier.append(binding)
        if original is None:
            continue
        if any(
            facts.suppressed(line, INFO.code, _ALIASES)
            for line in (binding.line, binding.statement_line)
        ):
            continue
        yield binding, original


def _identity(binding: Binding) -> str:
    plain_submodule = "." in binding.written and " as " not in binding.written
    return binding.written if plain_submodule else binding.name


def _alternatives(first: Binding, second: Binding) -> bool:
    branch_of = dict(first.branches)
    return any(
        statement in branch_of and branch_of[statement] != branch
        for statement, branch in second.branches
    )


class DuplicateImport:
    info = INFO

    def check(self, given: RuleInput) -> Iterator[Finding]:
        for facts in given.codebase.facts:
            for binding, original in duplicate_bindings(facts):
                yield make_finding(
                    INFO,
                    path=facts.path,
                    line=binding.line,
                    column=binding.column,
                    module=facts.module,
                    message=(
                        f"'{binding.name}' is imported again ('{binding.written}'); "
                        f"first imported on line {original.line}"
                    ),
                    key=f"{facts.module}:{binding.scope}:{binding.name}:{binding.written}",
                )
