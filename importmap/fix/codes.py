"""The rule codes `importmap fix` can fix: plain data, so `fix --help` loads no fixer."""

from __future__ import annotations

FIXABLE_CODES: tuple[str, ...] = ("IMP101", "IMP104")
