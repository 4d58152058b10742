"""The adapter to Graphviz's binaries: the one place that runs `dot`, with a timeout.

The `graphviz` package checks the engine and format and builds the command line; the process is
run here so that a layout that hangs is killed after `timeout` seconds instead of blocking CI.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

import graphviz

from importmap.graphviz_engine import INSTALL_HINT, GraphvizFailed, GraphvizMissing

DEFAULT_TIMEOUT_SECONDS = 60.0
_MAX_ERROR_CHARS = 300


@dataclass(frozen=True)
class GraphvizRunner:
    """The `GraphvizEngine` (render/engine.py) that runs the installed `dot`."""

    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    # A PATH to search instead of the process's own; None keeps the usual lookup.
    search_path: str | None = None

    def available(self) -> bool:
        return self._binary() is not None

    def render(self, source: str, output_format: str, engine: str = "dot") -> bytes:
        binary = self._binary()
        if binary is None:
            raise GraphvizMissing(INSTALL_HINT)
        try:
            graphviz.parameters.verify_engine(engine, required=True)
            graphviz.parameters.verify_format(output_format, required=True)
        except ValueError as error:
            raise GraphvizFailed(f"graphviz: {error}") from None
        command = [binary, f"-K{engine}", f"-T{output_format}"]
        try:
            completed = subprocess.run(
                command,
                input=source.encode("utf-8"),
                capture_output=True,
                timeout=self.timeout_seconds,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise GraphvizFailed(
                f"graphviz: {engine} did not finish within {self.timeout_seconds:g}s; "
                "draw less with --depth N, --focus MODULE or --cycles-only"
            ) from None
        except OSError as error:
            raise GraphvizFailed(f"graphviz: cannot run {binary}: {error.strerror}") from None
        if completed.returncode != 0:
            detail = " ".join(completed.stderr.decode("utf-8", "replace").split())
            raise GraphvizFailed(
                f"graphviz: {engine} failed with exit code {completed.returncode}: "
                f"{detail[:_MAX_ERROR_CHARS] or 'no message'}"
            )
        return completed.stdout

    def _binary(self) -> str | None:
        name: str = str(graphviz.DOT_BINARY)
        return shutil.which(name, path=self.search_path)
