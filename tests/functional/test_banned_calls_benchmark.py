"""benchmarks/banned_calls.py end to end on a tiny git repository (no timing assertions)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import MakeTree

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "banned_calls.py"


def test_found_missed_and_wrong_against_grep(make_tree: MakeTree) -> None:
    root = make_tree(
        {
            "app/__init__.py": "",
            "app/models.py": "db = object()\n",
            "app/views.py": (
                "from app.models import db\n"
                "def save():\n"
                "    db.session.commit()\n"
                "    # db.session.commit() is in a comment here\n"
                "    text = 'db.session.commit()'\n"
                "def alias():\n"
                "    session = db.session\n"
                "    session.commit()\n"
            ),
            "tests/test_views.py": ("def test_it(app):\n    app.db.session.commit()\n"),
        }
    )
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "."],
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "tree"],
    ):
        subprocess.run(command, cwd=root, check=True)
    out = root / "result.md"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--git-dir", str(root / ".git"), "--commit", "HEAD"]
        + ["--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert document["truth"] == 3 and document["not_code"] == 2
    assert document["spellings"] == {"app.db.session": 1, "db.session": 1, "session": 1}
    first, both = document["configurations"]
    assert (first["found"], first["missed"], first["wrong"]) == (
        2,
        [["tests/test_views.py", 2, "app.db.session"]],
        [],
    )
    assert (both["found"], both["missed"], both["wrong"]) == (3, [], [])
    assert "| `db.session.commit` | 2 | 1 | 0 |" in out.read_text(encoding="utf-8")
