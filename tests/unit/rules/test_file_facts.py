"""The per-file facts the service rules read."""

from __future__ import annotations

import ast

from importmap.scan.whole_file.fact_walk import walk_facts


def facts_of(text: str):  # type: ignore[no-untyped-def]
    return walk_facts(ast.parse(text), text)


def test_calls_know_their_function_decorators_and_storage() -> None:
    facts = facts_of(
        "import functools\n"
        "class Registry:\n"
        "    @functools.lru_cache(maxsize=None)\n"
        "    def jobs(self):\n"
        "        return JobService()\n"
        "    def mail(self):\n"
        "        self._by_name['m'] = MailService()\n"
        "        return self._by_name.setdefault('n', NewService())\n"
        "Top()\n"
    )
    assert [(c.name, c.line, c.function, c.decorators, c.stored) for c in facts.calls] == [
        ("JobService", 5, "Registry.jobs", ("functools.lru_cache",), False),
        ("MailService", 7, "Registry.mail", (), True),
        ("NewService", 8, "Registry.mail", (), True),
        ("Top", 9, "", (), False),
    ]
    assert facts.classes == ("Registry",)
