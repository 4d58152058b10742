"""The CI gate: which findings are reported, which fail the build, and why.

Pure decisions over plain data, by the run's `Selection` (`selection.py`). Source text for
inline suppressions comes in through a reader passed by the caller, so this module does no I/O
of its own.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from importmap.baseline import Baseline, BaselineEntry, split_by_baseline
from importmap.domain import SUPPRESSION_MARKER, Finding
from importmap.selection import Selection

# Only a comment that starts with the marker counts, so prose about the syntax does not.
_SUPPRESSION = re.compile(r"#\s*importmap:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
_RULE_CODE = re.compile(r"^IMP[0-9]{3}$")

# Text of a file by its report path, or None when it cannot be read.
SourceReader = Callable[[str], str | None]


@dataclass(frozen=True, order=True)
class Suppression:
    """A `# importmap: ignore[CODES]` comment; no codes means every code."""

    path: str
    line: int
    codes: tuple[str, ...] = ()

    def covers(self, code: str) -> bool:
        return not self.codes or code in self.codes


@dataclass(frozen=True, order=True)
class UnusedSuppression:
    path: str
    line: int
    # Empty for a bare `# importmap: ignore` that silenced nothing.
    code: str


def find_suppressions(path: str, text: str) -> list[Suppression]:
    """Suppression comments in one file's text; only real comments, never strings."""
    if SUPPRESSION_MARKER not in text:
        return []
    found: list[Suppression] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                found.extend(_parse_comment(path, token.start[0], token.string))
    except (tokenize.TokenError, SyntaxError):
        # A file the tokenizer rejects is already reported as IMP900; read its lines plainly.
        found = []
        for number, line in enumerate(text.splitlines(), start=1):
            _, hash_sign, comment = line.partition("#")
            if hash_sign:
                found.extend(_parse_comment(path, number, hash_sign + comment))
    return found


def _parse_comment(path: str, line: int, comment: str) -> list[Suppression]:
    match = _SUPPRESSION.match(comment)
    if match is None:
        return []
    listed = match.group("codes")
    if listed is None:
        return [Suppression(path, line)]
    codes = tuple(sorted(_valid(listed)))
    # `ignore[]` or `ignore[nonsense]` silences nothing rather than everything.
    return [Suppression(path, line, codes)] if codes else []


def _valid(listed: str) -> set[str]:
    return {c.strip().upper() for c in listed.split(",") if _RULE_CODE.match(c.strip().upper())}


def collect_suppressions(paths: Iterable[str], read: SourceReader) -> list[Suppression]:
    found: list[Suppression] = []
    for path in sorted(set(paths)):
        text = read(path)
        if text is not None:
            found.extend(find_suppressions(path, text))
    return sorted(found)


@dataclass(frozen=True)
class GateInput:
    findings: Sequence[Finding]
    score: float | None = None
    suppressions: Sequence[Suppression] = ()
    baseline: Baseline | None = None


@dataclass(frozen=True)
class GateResult:
    settings: Selection
    # Selected findings that are neither suppressed inline nor known to the baseline.
    findings: tuple[Finding, ...]
    failing: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]
    baselined: tuple[Finding, ...]
    unused_suppressions: tuple[UnusedSuppression, ...]
    stale_baseline: tuple[BaselineEntry, ...]
    score: float | None
    score_fails: bool

    @property
    def passed(self) -> bool:
        return not self.failing and not self.score_fails

    def fails(self, finding: Finding) -> bool:
        return self.settings.fails_on(finding.code)


def decide(given: GateInput, settings: Selection) -> GateResult:
    selected = [finding for finding in given.findings if settings.selects(finding.code)]
    used: set[tuple[Suppression, str]] = set()
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    by_site: dict[tuple[str, int], list[Suppression]] = {}
    for suppression in given.suppressions:
        by_site.setdefault((suppression.path, suppression.line), []).append(suppression)
    for finding in selected:
        matching = [
            suppression
            for site in ((finding.path, finding.line), *finding.sites)
            for suppression in by_site.get(site, ())
            if suppression.covers(finding.code)
        ]
        if matching:
            suppressed.append(finding)
            used.update((suppression, finding.code) for suppression in matching)
        else:
            kept.append(finding)
    if given.baseline is not None:
        reported, baselined, stale = split_by_baseline(given.baseline, kept)
    else:
        reported, baselined, stale = kept, [], []
    score_fails = settings.fail_under is not None and (
        given.score is None or given.score < settings.fail_under
    )
    return GateResult(
        settings=settings,
        findings=tuple(reported),
        failing=tuple(finding for finding in reported if settings.fails_on(finding.code)),
        suppressed=tuple(suppressed),
        baselined=tuple(baselined),
        unused_suppressions=tuple(_unused(given.suppressions, used, settings)),
        stale_baseline=tuple(stale),
        score=given.score,
        score_fails=score_fails,
    )


def _unused(
    suppressions: Iterable[Suppression], used: set[tuple[Suppression, str]], settings: Selection
) -> list[UnusedSuppression]:
    unused: list[UnusedSuppression] = []
    used_any = {suppression for suppression, _ in used}
    for suppression in sorted(set(suppressions)):
        if not suppression.codes:
            if suppression not in used_any:
                unused.append(UnusedSuppression(suppression.path, suppression.line, ""))
            continue
        for code in suppression.codes:
            # A code the gate did not run cannot prove its suppression stale.
            if settings.selects(code) and (suppression, code) not in used:
                unused.append(UnusedSuppression(suppression.path, suppression.line, code))
    return unused
