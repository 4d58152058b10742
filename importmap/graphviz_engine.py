"""What drawing asks of Graphviz, and how it fails: the port that `adapters/graphviz.py` fills.
It sits in the bottom layer, where both the renderers and the adapter can read it.

The renderers build DOT source; laying it out and drawing it runs Graphviz's `dot`, a program
outside this process, which the composition root hands in (`adapters.graphviz.GraphvizRunner`).
"""

from __future__ import annotations

from typing import Protocol

from importmap.errors import ImportmapError

INSTALL_HINT = (
    "Graphviz's `dot` was not found on PATH: install Graphviz "
    "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; "
    "Windows: winget install graphviz) to draw SVG, PNG or PDF"
)


class GraphvizMissing(ImportmapError):
    """No `dot` binary: pictures cannot be drawn, though DOT source still can be written."""


class GraphvizFailed(ImportmapError):
    """Graphviz ran but failed or ran out of time."""


class GraphvizEngine(Protocol):
    def available(self) -> bool:
        """Whether Graphviz can be run at all."""
        ...

    def render(self, source: str, output_format: str, engine: str = "dot") -> bytes:
        """The DOT `source` drawn in `output_format` by `engine`; GraphvizMissing or
        GraphvizFailed when it cannot be."""
        ...
