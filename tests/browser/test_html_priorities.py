"""report.html's "What to fix first" section, as real headless Chromium shows it."""

from __future__ import annotations

from tests.browser.chromium import Driver, needs_chromium
from tests.conftest import MakeTree
from tests.functional.helpers import run_importmap
from tests.unit.report.test_priorities import TREE

pytestmark = needs_chromium
from selenium.webdriver.common.by import By  # noqa: E402


def test_the_fix_first_tables_are_shown_and_reached_from_the_nav(
    browser: Driver, make_tree: MakeTree
) -> None:
    root = make_tree(TREE)
    result = run_importmap(
        "analyze", "app", "--select", "IMP101,IMP102,IMP103", "--out", "rep", cwd=root
    )
    assert result.returncode == 0, result.stderr
    browser.get((root / "rep" / "report.html").as_uri())
    section = browser.find_element(By.ID, "priorities")
    assert section.find_element(By.TAG_NAME, "h2").text == "What to fix first"
    rows = [
        [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in browser.find_elements(By.CSS_SELECTOR, "#priorities-module tbody tr")
    ]
    assert rows == [
        ["1", "app.core", "12", "3", "IMP102 × 1, IMP103 × 1"],
        ["2", "app.a", "4", "1", "IMP101 × 1, IMP103 × 1"],
        ["3", "app.web.views", "1", "0", "IMP101 × 1"],
    ]
    packages = [
        [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        for row in browser.find_elements(By.CSS_SELECTOR, "#priorities-package tbody tr")
    ]
    assert packages == [
        ["1", "app", "7", "0", "IMP101 × 2, IMP102 × 1, IMP103 × 2"],
        ["2", "app.web", "1", "0", "IMP101 × 1"],
    ]
    link = browser.find_element(By.CSS_SELECTOR, 'nav a[href="#priorities"]')
    link.click()
    assert browser.execute_script("return location.hash") == "#priorities"
    assert section.is_displayed()
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
