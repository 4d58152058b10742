"""The per-file facts the lint and service rules read."""

from __future__ import annotations

import ast

from importmap.scan.fact_walk import collect_facts


def facts_of(text: str):  # type: ignore[no-untyped-def]
    return collect_facts(ast.parse(text), text)


def test_all_forms_and_string_annotations() -> None:
    facts = facts_of(
        "import a\n"
        "__all__ = ['x']\n"
        "__all__ += ['y']\n"
        "__all__.extend(['z'])\n"
        "__all__.append('w')\n"
        "def f(v: 'list[Job]', *rest: 'Optional[Other]') -> 'a.B': ...\n"
        "value: 'Mapping[str, Thing]' = {}\n"
    )
    assert facts.dunder_all == ("x", "y", "z", "w")
    # Names loaded as code elsewhere (none here) are left out of the string-annotation set.
    assert facts.string_annotation_names == {
        "Job",
        "Optional",
        "Other",
        "Mapping",
        "Thing",
        "a",
        "list",
        "str",
    }


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


def test_noqa_comments_with_and_without_codes() -> None:
    facts = facts_of("import a  # noqa\nimport b  # noqa: F401, IMP106\nimport c  # no qa\n")
    assert facts.noqa == ((1, ()), (2, ("F401", "IMP106")))
