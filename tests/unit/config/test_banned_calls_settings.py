"""[tool.importmap.banned-calls] read into BannedCall entries, in file order."""

from __future__ import annotations

from pathlib import Path

import pytest

from importmap.config import load_settings
from importmap.errors import ImportmapError
from importmap.scan.banned_calls import BannedCall


def test_entries_keep_their_paths_allowed_modules_and_messages(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.importmap.banned-calls]\n"
        '"db.session.commit" = { allowed-in = ["src.utils.db_transaction", "src.*.jobs"], '
        'message = "use @transactional" }\n'
        '"os.system" = { allowed-in = "src.cli" }\n'
        '"eval" = {}\n',
        encoding="utf-8",
    )
    assert load_settings(tmp_path).banned_calls == (
        BannedCall(
            "db.session.commit",
            ("src.utils.db_transaction", "src.*.jobs"),
            "use @transactional",
        ),
        BannedCall("os.system", ("src.cli",), ""),
        BannedCall("eval", (), ""),
    )


def test_without_the_table_nothing_is_banned(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.importmap]\npaths = []\n", encoding="utf-8")
    assert load_settings(tmp_path).banned_calls == ()


def test_a_non_ascii_identifier_is_a_call_path(tmp_path: Path) -> None:
    # Python names may be any identifier (PEP 3131): `def enregistré()` is called as written.
    (tmp_path / "pyproject.toml").write_text(
        '[tool.importmap.banned-calls]\n"db.enregistré" = {}\n', encoding="utf-8"
    )
    assert load_settings(tmp_path).banned_calls == (BannedCall("db.enregistré", (), ""),)


@pytest.mark.parametrize("allowed", ["app..jobs", "app.jobs ", "app.1jobs", ".app", "app jobs"])
def test_an_allowed_in_that_names_no_module_is_refused(tmp_path: Path, allowed: str) -> None:
    # Such an entry never matches, so the call would be reported everywhere, silently.
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.importmap.banned-calls]\n"db.commit" = {{ allowed-in = ["app.*.x", "{allowed}"] }}\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportmapError) as raised:
        load_settings(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path / 'pyproject.toml'}: 'allowed-in' of 'banned-calls.\"db.commit\"' in "
        f"[tool.importmap]: '{allowed}' is not a dotted module name or pattern"
    )
