"""JUnit XML that Jenkins' junit-10.xsd accepts, with hostile file names, still showing file and line.

No PyPI package ships junit-10.xsd (checked: junitparser, junit-xml, junit2html, junit-reporter,
juwunit, xunitparser, junit-xml-output, pytest-jux), so its rules are written out here, element by
element, from the xunit plugin's schema: which attributes each element may have, which it must
have, which children it may hold, and the SUREFIRE_TIME pattern of `time`. Before, every case
carried `file` and `line` attributes, which the schema does not allow on `testcase`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from tests.hardening.cli import importmap


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    required: frozenset[str] = frozenset()
    children: frozenset[str] = frozenset()
    text: bool = False


def rule(allowed: str, required: str = "", children: str = "", text: bool = False) -> Rule:
    return Rule(
        frozenset(allowed.split()), frozenset(required.split()), frozenset(children.split()), text
    )


_OUTCOME = rule("type message", text=True)
_RERUN = rule("type message", "type", "stackTrace system-out system-err", text=True)
JUNIT_10 = {
    "testsuites": rule("name time tests failures errors", children="testsuite"),
    "testsuite": rule(
        "name tests failures errors group time skipped timestamp hostname id package file log "
        "url version",
        "name tests failures errors",
        "testsuite properties testcase system-out system-err",
    ),
    "testcase": rule(
        "name time classname group",
        "name",
        "skipped error failure rerunFailure rerunError flakyFailure flakyError system-out "
        "system-err",
    ),
    "failure": _OUTCOME,
    "error": _OUTCOME,
    "skipped": _OUTCOME,
    **{name: _RERUN for name in ("rerunFailure", "rerunError", "flakyFailure", "flakyError")},
    "properties": rule("", children="property"),
    "property": rule("name value", "name value"),
    "system-out": rule("", text=True),
    "system-err": rule("", text=True),
    "stackTrace": rule("", text=True),
}
SUREFIRE_TIME = re.compile(r"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]{0,3})?")


def junit_10_errors(document: str) -> list[str]:
    """Every violation of junit-10.xsd's rules; the document must be well-formed XML."""
    root = ET.fromstring(document.encode("utf-8"))
    errors: list[str] = []
    for element in root.iter():
        spec = JUNIT_10.get(element.tag)
        if spec is None:
            errors.append(f"<{element.tag}> is not an element of junit-10")
            continue
        attributes = set(element.attrib)
        errors.extend(f"<{element.tag}> may not have @{a}" for a in attributes - spec.allowed)
        errors.extend(f"<{element.tag}> needs @{a}" for a in spec.required - attributes)
        errors.extend(
            f"<{element.tag}> may not hold <{child.tag}>"
            for child in element
            if child.tag not in spec.children
        )
        if not spec.text and (element.text or "").strip():
            errors.append(f"<{element.tag}> may not hold text")
        time = element.get("time")
        if time is not None and not SUREFIRE_TIME.fullmatch(time):
            errors.append(f"<{element.tag}> @time {time!r} is not a SUREFIRE_TIME")
    if root.tag not in ("testsuites", "testsuite"):
        errors.append(f"root <{root.tag}>")
    return errors


HOSTILE = {
    "pkg/__init__.py": "",
    "pkg/a.py": "import pkg.b\n",
    "pkg/b.py": "from pkg import a\n",
    "pkg/sp ace.py": "import pkg.a\nx = (\n",
    "pkg/ünï.py": "import pkg.a\nx = (\n",
    "pkg/amp&<lt>\"q'.py": "import pkg.a\nx = (\n",
    "pkg/new\nline.py": "import pkg.a\nx = (\n",
    "pkg/ctrl\x01\x1b.py": "import pkg.a\nx = (\n",
    "pkg/tab\there.py": "import pkg.a\nx = (\n",
    # Two findings of one rule on one line (two unused names): two cases, two names.
    "pkg/twice.py": "import os, sys\n",
}


@pytest.fixture(scope="module")
def junit(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp_path = tmp_path_factory.mktemp("junit")
    for relative, text in HOSTILE.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = importmap("check", "pkg", "--format", "junit", "--no-cache", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_valid_against_junit_10(junit: str) -> None:
    assert junit_10_errors(junit) == []


def test_file_and_line_are_in_the_name_and_the_failure(junit: str) -> None:
    cases = ET.fromstring(junit.encode("utf-8")).findall("./testsuite/testcase")
    failing = {
        case.get("name"): (failure.get("message"), failure.text)
        for case in cases
        for failure in case.findall("failure")
    }
    assert failing["pkg/sp ace.py:2 unparsable-file"] == (
        "pkg/sp ace.py:2:1: syntax error: '(' was never closed",
        "pkg/sp ace.py:2:1: IMP900 syntax error: '(' was never closed",
    )
    assert "pkg/ünï.py:2 unparsable-file" in failing
    assert "pkg/amp&<lt>\"q'.py:2 unparsable-file" in failing
    assert "pkg/new\nline.py:2 unparsable-file" in failing
    assert "pkg/tab\there.py:2 unparsable-file" in failing
    # Control characters XML cannot hold became U+FFFD (the document parses at all).
    assert "pkg/ctrl\ufffd\ufffd.py:2 unparsable-file" in failing


def test_names_are_unique(junit: str) -> None:
    cases = ET.fromstring(junit.encode("utf-8")).findall("./testsuite/testcase")
    names = [(case.get("classname"), case.get("name")) for case in cases]
    assert len(names) == len(set(names))
    twice = [name for _, name in names if name and name.startswith("pkg/twice.py:1 unused")]
    assert twice == ["pkg/twice.py:1 unused-import", "pkg/twice.py:1 unused-import (2)"]


def test_the_rules_bite() -> None:
    # The control: what the output held before is refused.
    before = (
        '<testsuites><testsuite name="s" tests="1" failures="0" errors="0">'
        '<testcase classname="c" name="n" file="a.py" line="3"/></testsuite></testsuites>'
    )
    assert sorted(junit_10_errors(before)) == [
        "<testcase> may not have @file",
        "<testcase> may not have @line",
    ]
    assert sorted(junit_10_errors('<testsuite name="s" tests="1"><testcase/></testsuite>')) == [
        "<testcase> needs @name",
        "<testsuite> needs @errors",
        "<testsuite> needs @failures",
    ]
    with pytest.raises(ET.ParseError):
        junit_10_errors('<testsuites name="\x01"/>')
