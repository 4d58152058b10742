"""Which files an analysis must parse whole for their facts; every other file gets empty facts.

Parsing a file whole with `ast` costs most of a cold scan, and most files hold no fact a selected
rule reads. Each rule family says which files it may read facts of, from two cheap signals every
file has anyway: its resolved import records (the imports-only scan) and a few regular
expressions over its text (`Probe`). A probe is a necessary condition, never a guess: a file
whose text no probe of a family matches has no fact that family reads (a class named like a
service class must spell the name in the text), so its facts are what a whole parse would give
for every field read, empty. The families' conditions are in `heavy/needs.py` and `services.py`.

Identifiers are searched in the text's NFKC form, as Python reads them; strings and syntax as
written. Known limit: a string literal spelled with escapes or split by implicit concatenation
(`"num" "py"`) is not seen in the text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from importmap.domain import Import

# Syntax the running Python's `ast` may reject although grimp's parser (the imports-only scan)
# reads it: PEP 695 type parameters and `type` statements, PEP 758 `except A, B:`, tabs in
# indentation (TabError), NUL bytes. A whole parse of such a file says whether it is an
# unparsable file (IMP900), as the whole parse of every file did. Not searched for, as a search
# costs more than all the others together: PEP 701 f-strings (a quote reused inside a
# replacement field, a backslash or a comment in one) and PEP 750 t-strings (`t"..."`).
MAYBE_NEWER_SYNTAX = "maybe-newer-syntax"


@dataclass(frozen=True)
class Probe:
    """A regular expression a file's text must match for some rule to read its facts.

    `hints`: strings one of which the text must hold for `pattern` to match, tested first (a
    substring test is many times faster than a search); an empty `pattern` leaves it to them.
    `after`: probes one of which the text must match for this one to matter; it is searched
    only then. `identifiers`: the pattern is for names in code, which Python reads in their NFKC
    form: a text that is not ASCII is searched in that form; else as written (strings, syntax).
    """

    name: str
    pattern: str
    hints: tuple[str, ...] = ()
    after: frozenset[str] = frozenset()
    identifiers: bool = False


_NEWER = (
    Probe(MAYBE_NEWER_SYNTAX, r"def\s+\w+\s*\["),
    Probe(MAYBE_NEWER_SYNTAX, r"class\s+\w+\s*\["),
    # A statement's first word: after a newline or a semicolon, or first in the file.
    Probe(MAYBE_NEWER_SYNTAX, r"\n[ \t]*type[ \t]+\w+[ \t]*[=\[]"),
    Probe(MAYBE_NEWER_SYNTAX, r"\A[ \t]*type[ \t]+\w+[ \t]*[=\[]"),
    Probe(MAYBE_NEWER_SYNTAX, r";[ \t]*type[ \t]+\w+[ \t]*[=\[]", hints=(";",)),
    Probe(MAYBE_NEWER_SYNTAX, r"\n[ \t]*except\b\*?[ \t]*[^\s(\[:,][^\n:(\[]*,"),
    Probe(MAYBE_NEWER_SYNTAX, r"(?:^|\n)[ ]*\t", hints=("\t",)),
    Probe(MAYBE_NEWER_SYNTAX, "", hints=("\x00",)),
)


def words(name: str, found: Iterable[str], identifiers: bool = True) -> Probe:
    """A probe for any of the names `found` as a whole word (hinted by the names themselves).
    The boundary before each name is a lookbehind after it, so the search skips ahead by the
    name's first characters (a leading `\\b` would make it try every position)."""
    names = sorted(set(found))
    pattern = "(?:" + "|".join(f"{re.escape(n)}(?<!\\w{re.escape(n)})" for n in names) + ")(?!\\w)"
    return Probe(name, pattern, hints=tuple(names), identifiers=identifiers)


ImportNeed = Callable[[Import], bool]


@dataclass(frozen=True)
class FactNeeds:
    """The files whose facts the selected rules read.

    A file is parsed whole when its text matches every probe of one of `when_all`, or one of its
    resolved imports satisfies `wants_import`, or `every_file`.
    """

    probes: tuple[Probe, ...] = ()
    when_all: tuple[frozenset[str], ...] = ()
    # Probes that, matched by any one file, make every file match `anywhere(name)`: a helper
    # defined in one file may be called from any other.
    shared: frozenset[str] = frozenset()
    wants_import: tuple[ImportNeed, ...] = ()
    every_file: bool = False

    def union(self, other: FactNeeds) -> FactNeeds:
        names = {probe.name for probe in self.probes}
        return FactNeeds(
            probes=(*self.probes, *(p for p in other.probes if p.name not in names)),
            when_all=(*self.when_all, *other.when_all),
            shared=self.shared | other.shared,
            wants_import=(*self.wants_import, *other.wants_import),
            every_file=self.every_file or other.every_file,
        )


EVERY_FILE = FactNeeds(every_file=True)


class TextProbes:
    """The probes of a FactNeeds, compiled, with the scanner's own (newer syntax)."""

    def __init__(self, probes: Iterable[Probe]) -> None:
        probes = [replace(probe, hints=_shortest(probe.hints)) for probe in probes]
        # Several simple expressions, each searched fast from its first characters, rather than
        # one alternation that would be tried at every position; those searched `after` last.
        chosen = sorted({*probes, *_NEWER}, key=lambda p: (bool(p.after), p.name, p.pattern))
        self._compiled = [(probe, re.compile(probe.pattern)) for probe in chosen]
        described = "\n".join(repr(probe) for probe in chosen)
        # Stored beside each cached scan's mentions: probes that changed are asked again.
        self.fingerprint = hashlib.sha256(described.encode("utf-8")).hexdigest()[:16]

    def mentions(self, text: str, every: bool = False) -> tuple[str, ...]:
        """The names of the probes `text` matches; with `every`, also those that matter only
        `after` others."""
        normal: str | None = None
        found: dict[str, None] = {}
        for probe, pattern in self._compiled:
            if probe.name in found:
                continue
            if probe.after and not every and found.keys().isdisjoint(probe.after):
                continue
            searched = text
            if probe.identifiers and not text.isascii():
                if normal is None:
                    # Most text that is not ASCII is in NFKC form already, and says so fast.
                    normal = (
                        text
                        if unicodedata.is_normalized("NFKC", text)
                        else unicodedata.normalize("NFKC", text)
                    )
                searched = normal
            if probe.hints and not any(hint in searched for hint in probe.hints):
                continue
            if not probe.pattern or pattern.search(searched) is not None:
                found[probe.name] = None
        return tuple(found)

    def skipped(self, found: tuple[str, ...], shared: set[str]) -> bool:
        """Whether `found` left out a probe (by `after`) that `shared` asks for after all."""
        return any(
            probe.after and probe.after.isdisjoint(found) and not probe.after.isdisjoint(shared)
            for probe, _ in self._compiled
        )


def anywhere(name: str) -> str:
    """The name a shared probe gives every file when some file matches it."""
    return f"{name} anywhere"


def _shortest(hints: tuple[str, ...]) -> tuple[str, ...]:
    """The hints but those holding another: a text holds one of these iff it holds one of all."""
    return tuple(h for h in hints if not any(o != h and o in h for o in hints))


def wanted_modules(
    needs: FactNeeds,
    probes: TextProbes,
    mentions: Mapping[str, tuple[str, ...]],
    imports_of: Callable[[str], Sequence[Import]],
    reprobe: Callable[[str], tuple[str, ...]],
) -> set[str]:
    """The modules (of `mentions`: the files scanned without facts) that need a whole parse.

    `reprobe(module)`: every probe's answer for the module's text, read again, for a file whose
    scan left out a probe that another file's `shared` match makes matter.
    """
    if needs.every_file:
        return set(mentions)
    shared = {name for found in mentions.values() for name in found if name in needs.shared}
    everywhere = {anywhere(name) for name in shared}
    wanted: set[str] = set()
    for module, found in mentions.items():
        if shared and probes.skipped(found, shared):
            found = reprobe(module)
        present = everywhere.union(found)
        if MAYBE_NEWER_SYNTAX in found:
            wanted.add(module)
        elif any(condition <= present for condition in needs.when_all):
            wanted.add(module)
        elif needs.wants_import and any(
            want(record) for record in imports_of(module) for want in needs.wants_import
        ):
            wanted.add(module)
    return wanted
