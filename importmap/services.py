"""Where service classes are instantiated, and whether that goes through the service locator."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from importmap.domain import Codebase
from importmap.patterns import module_matches_any
from importmap.scan.needs import FactNeeds, Probe
from importmap.scan.whole_file.facts import is_cache_decorator

DEFAULT_SERVICE_CLASSES: tuple[str, ...] = ("*Service",)
# Looked for when no service locator is configured.
CONVENTIONAL_LOCATORS: tuple[str, ...] = ("ServiceRegistry", "ServiceLocator")


@dataclass(frozen=True, order=True)
class Instantiation:
    path: str
    line: int
    column: int
    module: str
    service_class: str
    function: str
    via_locator: bool
    # The enclosing function caches what it builds (functools.cache, a registry dict...).
    cached: bool


@dataclass(frozen=True)
class ServiceUse:
    locators: tuple[str, ...]
    class_patterns: tuple[str, ...]
    service_classes: tuple[str, ...]
    instantiations: tuple[Instantiation, ...]
    # Said in the report when the locator was guessed rather than configured.
    assumption: str = ""

    @property
    def providers(self) -> tuple[Instantiation, ...]:
        """Instantiations inside the locator made by a function: the locator's providers."""
        return tuple(i for i in self.instantiations if i.via_locator and i.function)


def find_service_use(
    codebase: Codebase, locators: Sequence[str] = (), class_patterns: Sequence[str] = ()
) -> ServiceUse | None:
    """None when no locator is configured and none can be found by its conventional name."""
    assumption = ""
    chosen = tuple(locators)
    if not chosen:
        chosen = tuple(
            sorted(
                facts.module
                for facts in codebase.facts
                if set(facts.classes) & set(CONVENTIONAL_LOCATORS)
            )
        )
        if not chosen:
            return None
        assumption = (
            f"no service-locator configured: assumed {', '.join(chosen)} "
            f"(defines {' or '.join(CONVENTIONAL_LOCATORS)})"
        )
    patterns = tuple(class_patterns) or DEFAULT_SERVICE_CLASSES
    if not class_patterns:
        shown = ", ".join(f"'{pattern}'" for pattern in patterns)
        assumption = "; ".join(filter(None, (assumption, f"service classes assumed: {shown}")))
    classes = sorted(
        {
            name
            for facts in codebase.facts
            for name in facts.classes
            if any(fnmatchcase(name, pattern) for pattern in patterns)
        }
    )
    found: list[Instantiation] = []
    wanted = set(classes)
    for facts in codebase.facts:
        inside = module_matches_any(facts.module, chosen)
        for call in facts.calls:
            if call.name not in wanted:
                continue
            found.append(
                Instantiation(
                    path=facts.path,
                    line=call.line,
                    column=call.column,
                    module=facts.module,
                    service_class=call.name,
                    function=call.function,
                    via_locator=inside,
                    cached=call.stored or any(is_cache_decorator(d) for d in call.decorators),
                )
            )
    return ServiceUse(chosen, patterns, tuple(classes), tuple(sorted(found)), assumption)


_SERVICE_NAMES = "service-names"


def service_fact_needs(
    locators: Sequence[str] = (), class_patterns: Sequence[str] = ()
) -> FactNeeds:
    """The files whose facts `find_service_use` reads: only a class or a call whose name
    matches a service class pattern counts, and a conventional locator when none is configured,
    so the file spells such a name (the scan's FactNeeds)."""
    chosen = [*(tuple(class_patterns) or DEFAULT_SERVICE_CLASSES)]
    if not locators:
        chosen.extend(CONVENTIONAL_LOCATORS)
    # Each name holds its pattern's longest run of plain characters: the hints, unless some
    # pattern has none (`*`), which any file may match.
    runs = [max(re.split(r"[*?]|\[[^]]*\]", pattern), key=len) for pattern in chosen]
    probe = Probe(
        _SERVICE_NAMES,
        "|".join(_identifier_pattern(pattern) for pattern in chosen),
        hints=tuple(runs) if all(runs) else (),
        identifiers=True,
    )
    return FactNeeds(probes=(probe,), when_all=(frozenset({_SERVICE_NAMES}),))


def _identifier_pattern(pattern: str) -> str:
    """A regular expression every identifier that fnmatchcase matches with `pattern` matches in
    the text (more may match: a wildcard stands for any non-space run)."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "*":
            parts.append(r"\S*")
        elif char == "?":
            parts.append(r"\S")
        elif char == "[" and "]" in pattern[index + 2 :]:
            # A set matches one character: any (fnmatch's `]` may come first in the set).
            index = pattern.index("]", index + 2)
            parts.append(r"\S")
        else:
            parts.append(re.escape(char))
        index += 1
    # A name as written begins and ends where no word character is next to it; the boundary
    # before it is a lookbehind after its first character, so the search skips ahead by it.
    if pattern[:1] not in ("*", "?", "["):
        parts[0] = f"{parts[0]}(?<!\\w{parts[0]})"
    tail = r"(?!\w)" if pattern[-1:] not in ("*", "?", "]") else ""
    # A search finds the rest wherever a leading or trailing run would: left out, as a run
    # before the rest would make the search try every length at every position.
    while parts and parts[0] == r"\S*":
        parts.pop(0)
    while parts and parts[-1] == r"\S*":
        parts.pop()
    return f"(?:{''.join(parts)}{tail})"
