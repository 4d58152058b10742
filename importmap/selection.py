"""Which findings are reported and which fail: one `Selection`, asked by everything that decides.

`select`, `ignore`, `per-file-ignores` and `severities` shape the findings the analysis reports;
`fail-on` and `fail-under` decide whether `check` fails. The configuration (`config.py`) builds
one, command-line options and API arguments replace its values (`Selection.overridden`), and
the analysis, the gate, `fix`, the outcome cache of `check` and the reports ask it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from importmap.domain import Finding, Severity, code_matches
from importmap.errors import ImportmapError
from importmap.patterns import PathGlobs

ALL = "ALL"
DEFAULT_FAIL_ON: tuple[str, ...] = ("IMP001", "IMP102", "IMP401", "IMP501", "IMP900")
# A file that could not be read or parsed: every other answer is in doubt without it (a cycle
# through it goes unseen), so `check` reports it whatever `select` says, unless it is ignored.
UNREADABLE_FILE = "IMP900"
# A rule selector: a full code (IMP101), a prefix of one (IMP1), or ALL.
SELECTOR = re.compile(r"^(ALL|IMP[0-9]{0,3})$")


@dataclass(frozen=True)
class Selection:
    """Codes are exact codes or prefixes ("IMP0") or ALL."""

    select: tuple[str, ...] = (ALL,)
    ignore: tuple[str, ...] = ()
    # (path glob, selectors) pairs, in file order.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severities: tuple[tuple[str, Severity], ...] = ()
    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON
    fail_under: float | None = None

    def selects(self, code: str) -> bool:
        """Whether the code's rule runs at all (select and not ignore)."""
        return code_matches(code, self.select) and not code_matches(code, self.ignore)

    def fails_on(self, code: str) -> bool:
        return code_matches(code, self.fail_on)

    def keeps(self, finding: Finding) -> bool:
        """Whether the finding is reported: its code selected and its file not exempted."""
        return self.selects(finding.code) and not any(
            PathGlobs((glob,)).matches(finding.path) and code_matches(finding.code, codes)
            for glob, codes in self.per_file_ignores
        )

    def apply(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        """The findings kept, each with its configured severity."""
        # The longest (most specific) selector decides the severity, as in ruff.
        severities = sorted(self.severities, key=lambda pair: len(pair[0]), reverse=True)
        for finding in findings:
            if not self.keeps(finding):
                continue
            chosen = next(
                (level for code, level in severities if code_matches(finding.code, (code,))), None
            )
            yield finding if chosen is None else replace(finding, severity=chosen)

    def with_unreadable_files(self) -> Selection:
        """This selection reporting UNREADABLE_FILE too, unless it ignores it: what `check`
        reports (`check --select IMP001` must not pass on a cycle it could not see)."""
        if code_matches(UNREADABLE_FILE, self.select) or code_matches(UNREADABLE_FILE, self.ignore):
            return self
        return replace(self, select=(*self.select, UNREADABLE_FILE))

    def overridden(
        self,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        fail_on: Iterable[str] = (),
        fail_under: float | None = None,
    ) -> Selection:
        """Values given (option values, validated) replace the configured ones."""
        select, ignore, fail_on = list(select), list(ignore), list(fail_on)
        return replace(
            self,
            select=parse_codes(select, "--select") if select else self.select,
            ignore=parse_codes(ignore, "--ignore") if ignore else self.ignore,
            fail_on=parse_codes(fail_on, "--fail-on") if fail_on else self.fail_on,
            fail_under=self.fail_under if fail_under is None else fail_under,
        )


def parse_codes(values: Iterable[str], option: str) -> tuple[str, ...]:
    """Codes from repeated or comma-separated option values, validated, in the order given."""
    codes: list[str] = []
    for value in values:
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if not SELECTOR.match(code):
                raise ImportmapError(
                    f"{option}: '{part.strip()}' is not a rule code (like IMP001, a prefix "
                    "like IMP0, or ALL)"
                )
            if code not in codes:
                codes.append(code)
    return tuple(codes)
