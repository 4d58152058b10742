"""A screenshot of a report's graph with a box opened in place, for the README.

Run by `make docs-images`: python -m tests.browser.screenshot REPORT.html BOX OUT.png
It opens the page in headless Chromium, clicks the box named BOX (it opens where it is drawn)
and saves the graph area; it fails if the box did not open or the page logged an error.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.chromium import CHROMEDRIVER, CHROMIUM

OPEN = (
    "var g = document.querySelector('#graph g.node[data-module=\"' + arguments[0] + '\"]');"
    "if (!g) { return false; } g.dispatchEvent(new MouseEvent('click', {bubbles: true}));"
    "document.getElementById('graph').scrollIntoView();"
    "return !!document.querySelector('#graph g.drill-panel');"
)


def main(page: Path, box: str, out: Path) -> int:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory() as profile:
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = webdriver.ChromeService(executable_path=str(CHROMEDRIVER))
        driver = webdriver.Chrome(options=options, service=service)
        try:
            driver.get(page.resolve().as_uri())
            WebDriverWait(driver, 60).until(
                lambda d: d.execute_script("return document.documentElement.dataset.ready")
            )
            if not driver.execute_script(OPEN, box):
                print(f"screenshot: no box {box} opened in {page}", file=sys.stderr)
                return 1
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            if errors:
                print(f"screenshot: {errors[0]['message']}", file=sys.stderr)
                return 1
            driver.find_element("id", "graph").screenshot(str(out))
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])))
