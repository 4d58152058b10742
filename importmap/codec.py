"""JSON-ready values from frozen dataclasses and back, derived from their fields and type hints.

A record is written as the list of its field values in declaration order; enums by value,
tuples and frozensets as lists, nested records as lists. Decoding checks every value against the
field's type, so data read from disk is either a well-formed record or a `CodecError`: nothing
in it is executed or trusted. One definition per record (its dataclass), no hand-kept encoders.

Supported field types: bool, int, float, str, None, str-valued Enums, `X | None`,
`tuple[X, ...]`, fixed `tuple[A, B]`, `frozenset[X]` and nested dataclasses of the same kinds.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import types
import typing
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_Decode = Callable[[Any], Any]
_Encode = Callable[[Any], Any]
# Types whose JSON value is the value itself, checked with `type(...) is`: JSON's true is no
# int here, and 1 is no str. (float is not among them: an int is a valid float.)
_PLAIN = (bool, int, str)


class CodecError(ValueError):
    """A value that is not a well-formed encoding of the record asked for."""


class Codec(Generic[T]):
    """The encoder and the validating decoder of one dataclass."""

    def __init__(self, record: type[T]) -> None:
        self.record = record
        self._encode, self._decode = _plan(record)

    def encode(self, value: T) -> list[Any]:
        encoded: list[Any] = self._encode(value)
        return encoded

    def decode(self, value: Any) -> T:
        decoded: T = self._decode(value)
        return decoded


def _plan(hint: Any) -> tuple[_Encode, _Decode]:
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _record_plan(hint)
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _optional_plan(hint, arguments)
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return _sequence_plan(arguments[0], tuple)
        return _fixed_tuple_plan(arguments)
    if origin is frozenset:
        return _sequence_plan(arguments[0], frozenset)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_plan(hint)
    if hint in (bool, int, float, str):
        return _identity, _scalar_check(hint)
    raise TypeError(f"codec: unsupported field type {hint!r}")


def _record_plan(record: type) -> tuple[_Encode, _Decode]:
    hints = typing.get_type_hints(record)
    names = tuple(field.name for field in dataclasses.fields(record))
    plans = tuple(_plan(hints[name]) for name in names)
    encoders = tuple(plan[0] for plan in plans)
    count = len(names)
    # A warm run rebuilds hundreds of thousands of records: fields of a plain type are checked
    # inline, and only the others pay for a call to their decoder.
    plain = tuple(
        (index, hints[name]) for index, name in enumerate(names) if hints[name] in _PLAIN
    )
    nested = tuple(
        (index, plans[index][1]) for index, name in enumerate(names) if hints[name] not in _PLAIN
    )
    # Every value is checked against its field's type, so a record with no __post_init__ is
    # filled directly: the frozen dataclass's __init__ (one object.__setattr__ per field) would
    # double what a warm run spends rebuilding its cache.
    direct = not hasattr(record, "__post_init__") and not hasattr(record, "__slots__")
    make = object.__new__

    def encode(value: Any) -> list[Any]:
        return [
            encoder(getattr(value, name)) for name, encoder in zip(names, encoders, strict=True)
        ]

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != count:
            raise CodecError(f"{record.__name__}: expected a list of {count} fields")
        for index, kind in plain:
            if type(value[index]) is not kind:
                raise CodecError(f"{record.__name__}.{names[index]}: expected {kind.__name__}")
        values = value[:] if nested else value
        for index, decoder in nested:
            values[index] = decoder(value[index])
        if not direct:
            return record(*values)
        built: Any = make(record)
        built.__dict__.update(zip(names, values, strict=True))
        return built

    return encode, decode


def _optional_plan(hint: Any, arguments: tuple[Any, ...]) -> tuple[_Encode, _Decode]:
    others = [argument for argument in arguments if argument is not type(None)]
    if len(others) != 1 or len(arguments) != 2:
        raise TypeError(f"codec: only `X | None` unions are supported, not {hint!r}")
    encode_inner, decode_inner = _plan(others[0])

    def encode(value: Any) -> Any:
        return None if value is None else encode_inner(value)

    def decode(value: Any) -> Any:
        return None if value is None else decode_inner(value)

    return encode, decode


def _sequence_plan(item: Any, kind: type) -> tuple[_Encode, _Decode]:
    encode_item, decode_item = _plan(item)

    def encode(value: Any) -> list[Any]:
        encoded = [encode_item(element) for element in value]
        if kind is frozenset:
            # Sets have no order of their own: sorted, so equal records encode equally.
            encoded.sort(key=repr)
        return encoded

    if item in _PLAIN:

        def decode_plain(value: Any) -> Any:
            # One pass in C over the element types, instead of a call per element.
            if type(value) is not list or (value and set(map(type, value)) != {item}):
                raise CodecError(f"expected a list of {item.__name__}")
            return kind(value)

        return encode, decode_plain

    def decode(value: Any) -> Any:
        if type(value) is not list:
            raise CodecError("expected a list")
        return kind(decode_item(element) for element in value)

    return encode, decode


def _fixed_tuple_plan(items: tuple[Any, ...]) -> tuple[_Encode, _Decode]:
    plans = tuple(_plan(item) for item in items)
    count = len(plans)

    def encode(value: Any) -> list[Any]:
        return [plan[0](element) for plan, element in zip(plans, value, strict=True)]

    def decode(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or len(value) != count:
            raise CodecError(f"expected a list of {count} items")
        return tuple(plan[1](element) for plan, element in zip(plans, value, strict=True))

    return encode, decode


def _enum_plan(kind: type[enum.Enum]) -> tuple[_Encode, _Decode]:
    by_value = {member.value: member for member in kind}

    def encode(value: Any) -> Any:
        return value.value

    def decode(value: Any) -> Any:
        try:
            return by_value[value]
        except (KeyError, TypeError):
            raise CodecError(f"{kind.__name__}: unknown value") from None

    return encode, decode


def _identity(value: Any) -> Any:
    return value


def _scalar_check(kind: type) -> _Decode:
    def decode(value: Any) -> Any:
        # `type(...) is`, not isinstance: JSON's true is no int here, and 1 is no float.
        if kind is float and type(value) in (int, float):
            number = float(value)
            if math.isfinite(number):
                return number
        elif type(value) is kind:
            return value
        raise CodecError(f"expected {kind.__name__}")

    return decode
