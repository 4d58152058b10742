"""Which rules let an edit that keeps a file's imports replay the last `check` outcome."""

from __future__ import annotations

from importmap.adapters.unchanged_imports import FILE_TEXT_CODES, reads_only_imports
from importmap.analysis import SIMULATED_CODES
from importmap.rules.registry import ALL_RULES, DECIDED_BY_RUFF
from importmap.selection import Selection
from importmap.usecases.check import SORTER_CODES


def test_the_codes_reading_more_than_imports_are_the_rules_needing_facts_and_ruffs() -> None:
    needing_text = {
        rule.info.code
        for rule in ALL_RULES
        if rule.info.needs_facts or rule.info.reads_source or rule.info.reads_noqa
    }
    # The crash judgement reads the text of the modules it simulates only, which the outcome
    # records (`Report.text_read`): IMP001/IMP003 are not among the codes that read every file.
    assert FILE_TEXT_CODES == needing_text | set(DECIDED_BY_RUFF)
    assert not SIMULATED_CODES & FILE_TEXT_CODES


def test_a_selection_reads_only_imports_when_it_leaves_all_of_those_out() -> None:
    assert reads_only_imports(Selection(select=("IMP002", "IMP101", "IMP900"), ignore=()))
    assert reads_only_imports(
        Selection(select=("IMP0", "IMP1"), ignore=("IMP103", "IMP104", "IMP105", "IMP106"))
    )
    # IMP103 reads noqa comments, which may sit on any line of the file.
    assert not reads_only_imports(Selection(select=("IMP103",), ignore=()))
    # Whether a cycle raises reads the statements of the cycles' members only: recorded.
    assert reads_only_imports(Selection(select=("IMP001",), ignore=()))
    assert not reads_only_imports(Selection(select=("IMP",), ignore=()))
    assert not reads_only_imports(Selection(select=("IMP001", "IMP201"), ignore=()))


def test_the_replay_key_names_ruff_s_settings_exactly_when_a_rule_ruff_decides_runs() -> None:
    # Hand-written in usecases/check.py: a replay must not load the rules to derive it.
    assert set(SORTER_CODES) == set(DECIDED_BY_RUFF) == {"IMP104", "IMP105", "IMP106"}
