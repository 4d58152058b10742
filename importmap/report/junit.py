"""JUnit XML: each finding a test case, failing ones as failures, for CI test dashboards.

The document is valid against Jenkins' junit-10.xsd (the xunit plugin's, the strictest common
reading of JUnit XML), which allows no `file` or `line` attribute on `testcase`. GitLab, which
reads `testcase/@file` when present, shows a case by its `classname` (as the suite), its `name`
and the text of its `failure` (or `system-out`): the file and line are in all three places it
shows, `name` ("app/a.py:3 import-cycle") and the text ("app/a.py:3:1: IMP001 ..."), and in the
failure's `message`. Names are unique: GitLab keeps only the first case of a repeated name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from importmap.domain import Finding
from importmap.gate import GateResult

# Characters XML 1.0 cannot hold, even escaped: C0 controls but tab, newline and carriage
# return; lone surrogates (a file name not valid in the file system's encoding); U+FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_junit(result: GateResult) -> str:
    suite = ET.Element("testsuite", {"name": "importmap check"})
    failures = 0
    names: dict[str, int] = {}
    for finding in result.findings:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f"importmap.{finding.code}",
                "name": _unique(f"{finding.path}:{finding.line} {finding.rule}", names),
            },
        )
        if result.fails(finding):
            failures += 1
            message = f"{finding.path}:{finding.line}:{finding.column}: {finding.message}"
            failure = ET.SubElement(case, "failure", {"type": finding.code, "message": message})
            failure.text = _details(finding)
        else:
            ET.SubElement(case, "system-out").text = _details(finding)
    if result.score_fails:
        failures += 1
        case = ET.SubElement(suite, "testcase", {"classname": "importmap", "name": "score"})
        minimum = result.settings.fail_under
        measured = "not measured" if result.score is None else f"{result.score:g}"
        ET.SubElement(
            case, "failure", {"type": "fail-under", "message": f"score {measured} < {minimum:g}"}
        )
    if len(suite) == 0:
        ET.SubElement(suite, "testcase", {"classname": "importmap", "name": "import graph"})
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    root = ET.Element(
        "testsuites",
        {"name": "importmap", "tests": str(len(suite)), "failures": str(failures), "errors": "0"},
    )
    root.append(suite)
    _make_xml_safe(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _unique(name: str, seen: dict[str, int]) -> str:
    """The name, or "name (2)", "name (3)"... for the second and later cases of one name."""
    count = seen.get(name, 0) + 1
    seen[name] = count
    return name if count == 1 else f"{name} ({count})"


def _make_xml_safe(root: ET.Element) -> None:
    """Characters XML cannot hold become U+FFFD: ElementTree would write them as they are, and
    every XML parser would then refuse the whole document (a file name is enough)."""
    for element in root.iter():
        for key, value in element.attrib.items():
            element.set(key, _NOT_XML.sub("\ufffd", value))
        if element.text:
            element.text = _NOT_XML.sub("\ufffd", element.text)


def _details(finding: Finding) -> str:
    text = f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
    return text if finding.fix is None else f"{text}\nfix: {finding.fix}"
