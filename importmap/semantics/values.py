"""What the simulator knows of a value: a module, a constant, a maybe, or nothing (opaque)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ModuleValue:
    """A module object, by its name in sys.modules."""

    name: str


@dataclass(frozen=True)
class Static:
    """A value known without running the code: TYPE_CHECKING, sys.version_info, a literal."""

    value: object


@dataclass(frozen=True)
class Opaque:
    """Any other object: a function, a class, a value of a third-party module."""


@dataclass(frozen=True)
class Maybe:
    """Bound on one branch of a condition the simulator cannot decide (`where` names it)."""

    value: Value
    where: str


Value = ModuleValue | Static | Opaque | Maybe
OPAQUE = Opaque()


# What `Loaded.snapshot` keeps: running, names, all_names, dynamic, uninitialized.
ModuleState = tuple[bool, dict[str, "Value"], "list[str] | None", str, list[str]]


@dataclass
class Loaded:
    """A module in the simulated sys.modules, and what its namespace holds so far."""

    name: str
    path: str
    origin: str
    is_package: bool
    # Executed statement by statement; otherwise its namespace is not tracked (third-party, or
    # first-party outside every cycle) and any attribute read of it succeeds.
    simulated: bool
    running: bool = True
    names: dict[str, Value] = field(default_factory=dict)
    # The names of `__all__`, when it is a literal the simulator could follow.
    all_names: list[str] | None = None
    # Why its namespace may hold names the simulator cannot see (globals() writes, exec, a
    # star import of a module it does not track); "" when every binding is known.
    dynamic: str = ""
    # Submodules being imported right now (CPython's spec._uninitialized_submodules).
    uninitialized: list[str] = field(default_factory=list)

    def copy(self) -> Loaded:
        """The same module in another simulated process."""
        copied = Loaded(self.name, self.path, self.origin, self.is_package, self.simulated)
        copied.restore(self.snapshot())
        return copied

    def snapshot(self) -> ModuleState:
        all_names = None if self.all_names is None else list(self.all_names)
        return (self.running, dict(self.names), all_names, self.dynamic, list(self.uninitialized))

    def restore(self, saved: ModuleState) -> None:
        running, names, all_names, dynamic, uninitialized = saved
        self.running = running
        self.names = dict(names)
        self.all_names = None if all_names is None else list(all_names)
        self.dynamic = dynamic
        self.uninitialized = list(uninitialized)
