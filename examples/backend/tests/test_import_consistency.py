"""The audit's import-consistency criteria as tests: `pytest tests/test_import_consistency.py`.

`importmap_report` comes from importmap's pytest plugin (installed with importmap): one analysis
of `src/` per session. The example breaks three criteria on purpose (see ../README.md), so three
of these fail and say where.
"""


def test_no_import_cycles(importmap_report):
    importmap_report.assert_no_import_cycles()


def test_absolute_imports_only(importmap_report):
    importmap_report.assert_absolute_imports()


def test_no_wildcard_imports(importmap_report):
    importmap_report.assert_no_wildcard_imports()


def test_score_is_at_least_70(importmap_report):
    importmap_report.assert_score_at_least(70)
