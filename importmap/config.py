"""`[tool.importmap]` settings from pyproject.toml or importmap.toml, validated into typed values.

Every key is parsed here, including those consumed by features built elsewhere (the gate, the
heavy-import rule), so a typo anywhere in the table is caught in one place.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from importmap.contracts.spec import Contract, parse_contracts
from importmap.domain import Severity
from importmap.errors import ImportmapError
from importmap.heavy.settings import HeavySettings
from importmap.scan.banned_calls import BannedCall
from importmap.score import CRITERION_IDS, DEFAULT_TEST_PATTERNS, DEFAULT_WEIGHTS
from importmap.selection import SELECTOR, Selection
from importmap.toml_file import read_toml, table_at

# The score divides by the sum of the weights: larger ones would overflow it to inf, then NaN.
MAX_WEIGHT = 1_000_000


@dataclass(frozen=True)
class ServiceSettings:
    """Where services must be built (IMP301). Empty `locators` means: not configured, guess."""

    locators: tuple[str, ...] = ()
    class_patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    paths: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    # select, ignore, per-file-ignores, severities, fail-on and fail-under.
    selection: Selection = field(default_factory=Selection)
    weights: tuple[tuple[str, float], ...] = tuple(DEFAULT_WEIGHTS.items())
    test_patterns: tuple[str, ...] = DEFAULT_TEST_PATTERNS
    services: ServiceSettings = field(default_factory=ServiceSettings)
    heavy: HeavySettings = field(default_factory=HeavySettings)
    # [tool.importmap.score-groups]: group name -> module-name patterns; empty: one group per
    # top-level package.
    score_groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # report.html's editor link for file:line, with {path} and {line}: vscode://file/{path}:{line}
    editor_url: str | None = None
    source: Path | None = None
    # [tool.importmap.banned-calls]: calls reported by IMP501 outside the modules they allow.
    banned_calls: tuple[BannedCall, ...] = ()
    # [[tool.importmap.contracts]], in file order (IMP401).
    contracts: tuple[Contract, ...] = ()

    @property
    def weight_by_criterion(self) -> dict[str, float]:
        return dict(self.weights)


def find_config_file(start: Path) -> Path | None:
    """The nearest importmap.toml, or pyproject.toml with a [tool.importmap] table, upwards."""
    for directory in (start, *start.parents):
        candidate = directory / "importmap.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            tool = table_at(read_toml(pyproject), pyproject, "tool")
            if tool is not None and "importmap" in tool:
                return pyproject
    return None


def load_settings(start: Path) -> Settings:
    config_file = find_config_file(start)
    if config_file is None:
        return Settings()
    document = read_toml(config_file)
    table = document if config_file.name == "importmap.toml" else document["tool"]["importmap"]
    if config_file.name == "importmap.toml" and isinstance(table.get("tool"), dict):
        # importmap.toml may also hold the same [tool.importmap] table as pyproject.toml.
        table = table["tool"].get("importmap", table)
    if not isinstance(table, dict):
        raise ImportmapError(f"{config_file}: [tool.importmap] must be a table")
    return parse_settings(table, config_file)


def parse_settings(table: Mapping[str, Any], config_file: Path) -> Settings:
    """Validate the table and build Settings; paths are relative to the file's directory."""
    reader = _Reader(table, config_file)
    for key in table:
        if key not in _PARSERS:
            reader.unknown(key, tuple(_PARSERS), "[tool.importmap]")
    _reject_non_finite(table, (), config_file)
    settings = Settings(source=config_file)
    for key in table:
        settings = _PARSERS[key](reader, settings)
    return settings


def _reject_non_finite(value: object, keys: tuple[str, ...], config_file: Path) -> None:
    """`nan` and `inf` are TOML floats, but no setting means anything with them: NaN compares
    false with everything (a gate `fail-under = nan` never fails) and JSON cannot hold either."""
    if isinstance(value, float) and not math.isfinite(value):
        dotted = ".".join(keys)
        raise ImportmapError(
            f"{config_file}: '{dotted}' in [tool.importmap] must be a finite number (got {value})"
        )
    if isinstance(value, Mapping):
        for key, item in value.items():
            _reject_non_finite(item, (*keys, str(key)), config_file)
    elif isinstance(value, list):
        for item in value:
            _reject_non_finite(item, keys, config_file)


class _Reader:
    def __init__(self, table: Mapping[str, Any], config_file: Path) -> None:
        self.table = table
        self.file = config_file

    def error(self, key: str, expected: str) -> ImportmapError:
        got = type(self.table[key]).__name__
        return ImportmapError(
            f"{self.file}: '{key}' in [tool.importmap] must be {expected} (got {got})"
        )

    def unknown(self, key: str, known: tuple[str, ...], where: str) -> None:
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
        raise ImportmapError(f"{self.file}: unknown key '{key}' in {where}{hint}")

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.table[key]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(key, "a list of strings")
        return tuple(value)

    def string_or_strings(self, key: str) -> tuple[str, ...]:
        value = self.table[key]
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(key, "a string or a list of strings")
        return tuple(value)

    def number(self, key: str, low: float, high: float | None = None) -> float:
        value = self.table[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, "a number")
        if value < low or (high is not None and value > high):
            bounds = f"between {low:g} and {high:g}" if high is not None else f">= {low:g}"
            raise ImportmapError(f"{self.file}: '{key}' in [tool.importmap] must be {bounds}")
        return float(value)

    def selectors(self, key: str) -> tuple[str, ...]:
        codes = self.strings(key)
        for code in codes:
            self.check_selector(key, code)
        return codes

    def check_selector(self, key: str, code: str) -> None:
        if not SELECTOR.match(code):
            raise ImportmapError(
                f"{self.file}: '{key}' in [tool.importmap]: '{code}' is not a rule code "
                "(IMP001, a prefix such as IMP1, or ALL)"
            )

    def sub_table(self, key: str) -> Mapping[str, Any]:
        value = self.table[key]
        if not isinstance(value, dict):
            raise self.error(key, "a table")
        return value


def _paths(reader: _Reader, settings: Settings) -> Settings:
    base = reader.file.parent
    return replace(settings, paths=tuple(base / p for p in reader.strings("paths")))


def _exclude(reader: _Reader, settings: Settings) -> Settings:
    return replace(settings, exclude=reader.strings("exclude"))


def _select(reader: _Reader, settings: Settings) -> Settings:
    return replace(
        settings, selection=replace(settings.selection, select=reader.selectors("select"))
    )


def _ignore(reader: _Reader, settings: Settings) -> Settings:
    return replace(
        settings, selection=replace(settings.selection, ignore=reader.selectors("ignore"))
    )


def _per_file_ignores(reader: _Reader, settings: Settings) -> Settings:
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for glob, codes in reader.sub_table("per-file-ignores").items():
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise ImportmapError(
                f"{reader.file}: 'per-file-ignores.\"{glob}\"' in [tool.importmap] "
                "must be a list of rule codes"
            )
        for code in codes:
            reader.check_selector("per-file-ignores", code)
        pairs.append((glob, tuple(codes)))
    return replace(settings, selection=replace(settings.selection, per_file_ignores=tuple(pairs)))


def _severities(reader: _Reader, settings: Settings) -> Settings:
    valid = tuple(severity.value for severity in Severity)
    pairs: list[tuple[str, Severity]] = []
    for code, level in reader.sub_table("severities").items():
        reader.check_selector("severities", code)
        if level not in valid:
            raise ImportmapError(
                f"{reader.file}: 'severities.{code}' in [tool.importmap] must be one of "
                f"{', '.join(valid)}"
            )
        pairs.append((code, Severity(level)))
    return replace(settings, selection=replace(settings.selection, severities=tuple(pairs)))


def _fail_on(reader: _Reader, settings: Settings) -> Settings:
    return replace(
        settings, selection=replace(settings.selection, fail_on=reader.selectors("fail-on"))
    )


def _fail_under(reader: _Reader, settings: Settings) -> Settings:
    return replace(
        settings,
        selection=replace(settings.selection, fail_under=reader.number("fail-under", 0, 100)),
    )


def _weights(reader: _Reader, settings: Settings) -> Settings:
    weights = dict(settings.weights)
    for criterion, weight in reader.sub_table("weights").items():
        if criterion not in CRITERION_IDS:
            reader.unknown(criterion, CRITERION_IDS, "[tool.importmap.weights]")
        if (
            isinstance(weight, bool)
            or not isinstance(weight, (int, float))
            or not 0 <= weight <= MAX_WEIGHT
        ):
            raise ImportmapError(
                f"{reader.file}: 'weights.{criterion}' in [tool.importmap] must be a number "
                f"from 0 to {MAX_WEIGHT:,}"
            )
        weights[criterion] = float(weight)
    return replace(settings, weights=tuple(weights.items()))


def _test_patterns(reader: _Reader, settings: Settings) -> Settings:
    return replace(settings, test_patterns=reader.strings("test-patterns"))


def _score_groups(reader: _Reader, settings: Settings) -> Settings:
    groups: list[tuple[str, tuple[str, ...]]] = []
    for name, patterns in reader.sub_table("score-groups").items():
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise ImportmapError(
                f"{reader.file}: 'score-groups.{name}' in [tool.importmap] must be a string "
                "or a list of strings (module-name patterns)"
            )
        groups.append((name, tuple(patterns)))
    return replace(settings, score_groups=tuple(groups))


def _service_locator(reader: _Reader, settings: Settings) -> Settings:
    locators = reader.string_or_strings("service-locator")
    return replace(settings, services=replace(settings.services, locators=locators))


def _service_classes(reader: _Reader, settings: Settings) -> Settings:
    patterns = reader.string_or_strings("service-classes")
    return replace(settings, services=replace(settings.services, class_patterns=patterns))


def _heavy(reader: _Reader, settings: Settings) -> Settings:
    return replace(settings, heavy=replace(settings.heavy, heavy=reader.strings("heavy")))


def _not_heavy(reader: _Reader, settings: Settings) -> Settings:
    return replace(settings, heavy=replace(settings.heavy, not_heavy=reader.strings("not-heavy")))


def _heavy_threshold(reader: _Reader, settings: Settings) -> Settings:
    threshold = reader.number("heavy-threshold-ms", 0)
    return replace(settings, heavy=replace(settings.heavy, threshold_ms=threshold))


def _lazy_helpers(reader: _Reader, settings: Settings) -> Settings:
    helpers = reader.strings("lazy-helpers")
    return replace(settings, heavy=replace(settings.heavy, lazy_helpers=helpers))


def _editor_url(reader: _Reader, settings: Settings) -> Settings:
    value = reader.table["editor-url"]
    if not isinstance(value, str) or "{path}" not in value:
        raise reader.error("editor-url", "a string with {path} (and {line})")
    return replace(settings, editor_url=value)


def _entry_points(reader: _Reader, settings: Settings) -> Settings:
    entries = reader.strings("entry-points")
    return replace(settings, heavy=replace(settings.heavy, entry_points=entries))


def _heavy_ignore(reader: _Reader, settings: Settings) -> Settings:
    return replace(settings, heavy=replace(settings.heavy, ignore=reader.strings("heavy-ignore")))


def _heavy_in_tests(reader: _Reader, settings: Settings) -> Settings:
    value = reader.table["heavy-in-tests"]
    if not isinstance(value, bool):
        raise reader.error("heavy-in-tests", "true or false")
    return replace(settings, heavy=replace(settings.heavy, check_tests=value))


# A segment of an allowed-in pattern with one of these is matched by fnmatch, not as a name.
_GLOB_CHARACTERS = frozenset("*?[")


def _is_call_path(text: str) -> bool:
    # Any Python identifier, not only ASCII ones (PEP 3131): the call is matched as written.
    return all(part.isidentifier() for part in text.split("."))


def _is_module_pattern(text: str) -> bool:
    return all(
        part.isidentifier() or (part.strip() == part and bool(_GLOB_CHARACTERS & set(part)))
        for part in text.split(".")
    )


_BANNED_CALL_KEYS: tuple[str, ...] = ("allowed-in", "message")


def _banned_calls(reader: _Reader, settings: Settings) -> Settings:
    entries: list[BannedCall] = []
    for path, spec in reader.sub_table("banned-calls").items():
        where = f"'banned-calls.\"{path}\"' in [tool.importmap]"
        if not _is_call_path(path):
            raise ImportmapError(
                f"{reader.file}: {where} must be a dotted call path such as db.session.commit"
            )
        if not isinstance(spec, dict):
            raise ImportmapError(
                f'{reader.file}: {where} must be a table: {{ allowed-in = [...], message = "..." }}'
            )
        for key in spec:
            if key not in _BANNED_CALL_KEYS:
                reader.unknown(key, _BANNED_CALL_KEYS, f'[tool.importmap.banned-calls."{path}"]')
        allowed = spec.get("allowed-in", [])
        if isinstance(allowed, str):
            allowed = [allowed]
        if not isinstance(allowed, list) or not all(isinstance(a, str) and a for a in allowed):
            raise ImportmapError(
                f"{reader.file}: 'allowed-in' of {where} must be a list of module names or patterns"
            )
        for module in allowed:
            if not _is_module_pattern(module):
                raise ImportmapError(
                    f"{reader.file}: 'allowed-in' of {where}: '{module}' is not a dotted module "
                    "name or pattern"
                )
        message = spec.get("message", "")
        if not isinstance(message, str):
            raise ImportmapError(f"{reader.file}: 'message' of {where} must be a string")
        entries.append(BannedCall(path, tuple(allowed), message))
    return replace(settings, banned_calls=tuple(entries))


def _contracts(reader: _Reader, settings: Settings) -> Settings:
    return replace(settings, contracts=parse_contracts(reader.table["contracts"], reader.file))


_PARSERS: dict[str, Callable[[_Reader, Settings], Settings]] = {
    "paths": _paths,
    "exclude": _exclude,
    "select": _select,
    "ignore": _ignore,
    "per-file-ignores": _per_file_ignores,
    "severities": _severities,
    "fail-on": _fail_on,
    "fail-under": _fail_under,
    "weights": _weights,
    "test-patterns": _test_patterns,
    "score-groups": _score_groups,
    "service-locator": _service_locator,
    "service-classes": _service_classes,
    "heavy": _heavy,
    "not-heavy": _not_heavy,
    "heavy-threshold-ms": _heavy_threshold,
    "lazy-helpers": _lazy_helpers,
    "editor-url": _editor_url,
    "entry-points": _entry_points,
    "heavy-ignore": _heavy_ignore,
    "heavy-in-tests": _heavy_in_tests,
    "banned-calls": _banned_calls,
    "contracts": _contracts,
}
KNOWN_KEYS: tuple[str, ...] = tuple(_PARSERS)
