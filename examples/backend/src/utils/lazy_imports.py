"""A tiny lazy-import helper: the module is imported on first attribute access."""

import importlib
from types import ModuleType


class _LazyModule(ModuleType):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str):
        if self._module is None:
            self._module = importlib.import_module(self.__name__)
        return getattr(self._module, attribute)


def lazy(name: str) -> ModuleType:
    return _LazyModule(name)
