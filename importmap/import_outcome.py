"""What importing a module first, in a fresh process, would do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Verdict(str, Enum):
    SURVIVES = "survives"
    # A circular-import failure: ImportError or AttributeError on a partially initialised module.
    RAISES = "raises"
    # The code defeats static reading (globals() writes, module __getattr__, a branch that
    # decides): the reason says which.
    UNKNOWN = "unknown"
    # It fails, but not on a circular import (a module-level raise): not this simulator's matter.
    OTHER = "other"


@dataclass(frozen=True)
class Frame:
    """One module being executed, and the line it is at."""

    module: str
    path: str
    line: int


@dataclass(frozen=True)
class EntryOutcome:
    """`import module` as the first import of a fresh process."""

    module: str
    verdict: Verdict
    # For RAISES: the exception as CPython names and words it; for UNKNOWN/OTHER: the reason.
    exception: str = ""
    message: str = ""
    # Where it raises (or where the reading stopped), and the modules executing at that moment,
    # from the first one the entry import started to the one raising.
    path: str = ""
    line: int = 0
    chain: tuple[Frame, ...] = ()
    # For RAISES: the partially initialised module read, and the name it lacked.
    partial: str = ""
    name: str = ""

    @property
    def raises(self) -> bool | None:
        if self.verdict is Verdict.RAISES:
            return True
        if self.verdict is Verdict.UNKNOWN:
            return None
        return False

    @property
    def text(self) -> str:
        if self.verdict is Verdict.RAISES:
            return f"{self.exception}: {self.message}"
        return self.message
