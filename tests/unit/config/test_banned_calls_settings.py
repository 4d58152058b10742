"""[tool.importmap.banned-calls] read into BannedCall entries, in file order."""

from __future__ import annotations

from pathlib import Path

from importmap.config import load_settings
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
