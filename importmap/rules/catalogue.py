"""The rule catalogue: every code with its documentation page.

The pages in `docs/rules/IMPxxx.md` are the one source of the documentation. The package reaches
them through the symlink `importmap/rules/pages`, so they ship as package data and `importmap
explain` reads them from the installed package.
"""

from __future__ import annotations

from importlib import resources

from importmap.rules.base import RuleInfo
from importmap.rules.registry import ALL_RULES
from importmap.selection import Selection

# Every page has these second-level headings, in this order.
PAGE_HEADINGS: tuple[str, ...] = (
    "What it does",
    "Why it matters",
    "Example",
    "What to write instead",
    "Fix",
    "Options",
)


def rule_infos() -> tuple[RuleInfo, ...]:
    return tuple(rule.info for rule in ALL_RULES)


def find_rule(code: str) -> RuleInfo | None:
    wanted = code.strip().upper()
    for info in rule_infos():
        if wanted in (info.code, info.name.upper()):
            return info
    return None


def fails_by_default(info: RuleInfo) -> bool:
    return Selection().fails_on(info.code)


def page_title(info: RuleInfo) -> str:
    return f"# {info.code} {info.name}"


def page_facts(info: RuleInfo) -> str:
    """The line under the title; the catalogue test holds every page to it."""
    return (
        f"Default severity: {info.severity.value} · "
        f"Fixable: {'yes' if info.fixable else 'no'} · "
        f"Fails `importmap check` by default: {'yes' if fails_by_default(info) else 'no'}"
    )


def rule_page(info: RuleInfo) -> str:
    page = resources.files("importmap.rules") / "pages" / f"{info.code}.md"
    return page.read_text(encoding="utf-8")
