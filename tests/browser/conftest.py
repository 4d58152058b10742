"""The `browser` fixture: one headless Chromium per test process, a blank page for each test.

Starting Chromium costs about 0.5 s of CPU; the suite's browser tests share one session (per
xdist worker). Each test starts on about:blank with both logs read empty, so neither a page nor a
log entry of an earlier test reaches it (the report pages keep no storage to reset).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator

import pytest

from tests.browser.chromium import CHROMEDRIVER, CHROMIUM, Driver, webdriver

LOGS = ("browser", "performance")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Driver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="importmap-chromium-")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {log: "ALL" for log in LOGS})
    service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(chromium: Driver) -> Driver:
    chromium.get("about:blank")
    for log in LOGS:
        chromium.get_log(log)
    return chromium
