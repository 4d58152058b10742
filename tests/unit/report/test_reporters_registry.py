"""The reporter registry: one name per output format, every format a command offers."""

from __future__ import annotations

import pytest

from importmap.cli.analyze_command import AnalyzeFormat
from importmap.cli.check_command import CheckFormat
from importmap.errors import ImportmapError
from importmap.report.reporters import REPORTERS, reporter


def test_the_registry_holds_the_seven_formats() -> None:
    assert list(REPORTERS) == ["text", "json", "github", "sarif", "junit", "markdown", "html"]


def test_every_format_a_command_offers_has_a_reporter() -> None:
    offered = {member.value for member in CheckFormat} | {member.value for member in AnalyzeFormat}
    assert offered <= set(REPORTERS)


def test_an_unknown_format_is_one_error_naming_the_known_ones() -> None:
    with pytest.raises(ImportmapError) as raised:
        reporter("yaml")
    assert str(raised.value) == (
        "unknown output format 'yaml'; known: text, json, github, sarif, junit, markdown, html"
    )
