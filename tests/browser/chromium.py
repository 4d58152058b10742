"""Headless Chromium for the browser tests: where it is, and the skip marker."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

needs_chromium = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()) or shutil.which("dot") is None,
    reason="needs Debian's chromium and chromium-driver and Graphviz (.ci/run installs them)",
)

webdriver = pytest.importorskip("selenium.webdriver")

Driver = Any
