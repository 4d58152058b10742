"""JUnit XML: each finding a test case, failing ones as failures, for CI test dashboards."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from importmap.domain import Finding
from importmap.gate import GateResult


def render_junit(result: GateResult) -> str:
    suite = ET.Element("testsuite", {"name": "importmap check"})
    failures = 0
    for finding in result.findings:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": f"importmap.{finding.code}",
                "name": f"{finding.path}:{finding.line} {finding.rule}",
                "file": finding.path,
                "line": str(finding.line),
            },
        )
        if result.fails(finding):
            failures += 1
            failure = ET.SubElement(
                case, "failure", {"type": finding.code, "message": finding.message}
            )
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
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _details(finding: Finding) -> str:
    text = f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"
    return text if finding.fix is None else f"{text}\nfix: {finding.fix}"
