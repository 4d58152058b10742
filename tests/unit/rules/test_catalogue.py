"""The rule catalogue in the code and the documentation pages stay in step."""

from __future__ import annotations

import re
from pathlib import Path

from importmap.fix.use_case import FIXABLE_CODES
from importmap.rules.catalogue import (
    PAGE_HEADINGS,
    find_rule,
    page_facts,
    page_title,
    rule_infos,
    rule_page,
)

REPO = Path(__file__).resolve().parents[3]
DOCS_RULES = REPO / "docs" / "rules"


def test_every_rule_has_exactly_one_page_and_every_page_a_rule() -> None:
    codes = sorted(info.code for info in rule_infos())
    pages = sorted(path.stem for path in DOCS_RULES.glob("*.md"))
    assert pages == codes
    assert len(set(codes)) == len(codes)


def test_every_page_opens_with_its_code_name_severity_and_fixable() -> None:
    for info in rule_infos():
        lines = rule_page(info).splitlines()
        assert lines[0] == page_title(info), info.code
        assert lines[2] == page_facts(info), info.code


def test_every_page_has_the_same_headings_in_the_same_order() -> None:
    for info in rule_infos():
        headings = re.findall(r"^## (.+)$", rule_page(info), flags=re.MULTILINE)
        assert tuple(headings) == PAGE_HEADINGS, info.code


def test_every_section_says_something() -> None:
    for info in rule_infos():
        sections = re.split(r"^## .+$", rule_page(info), flags=re.MULTILINE)[1:]
        assert all(section.strip() for section in sections), info.code


def test_the_page_in_docs_is_the_page_the_package_ships() -> None:
    for info in rule_infos():
        assert (DOCS_RULES / f"{info.code}.md").read_text(encoding="utf-8") == rule_page(info)


def test_fixable_in_the_catalogue_is_what_importmap_fix_can_fix() -> None:
    assert tuple(info.code for info in rule_infos() if info.fixable) == FIXABLE_CODES


def test_fix_section_says_safe_exactly_for_fixable_rules() -> None:
    for info in rule_infos():
        fix_section = rule_page(info).split("## Fix\n", 1)[1].split("\n## ", 1)[0]
        says_automatic = fix_section.lstrip().startswith("Safe and automatic")
        assert says_automatic == info.fixable, info.code


def test_find_rule_by_code_or_name_in_any_case() -> None:
    found = find_rule("imp001")
    assert found is not None and found.code == "IMP001"
    by_name = find_rule("wildcard-import")
    assert by_name is not None and by_name.code == "IMP103"
    assert find_rule("IMP999") is None
