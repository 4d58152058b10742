"""The HTML report in a real headless Chromium: offline, searchable, clickable, filterable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.browser.chromium import Driver, needs_chromium
from tests.functional.helpers import run_importmap

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "backend" / "src"

pytestmark = needs_chromium
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(EXAMPLE, root / "src")
    result = run_importmap("analyze", "src", "--out", "rep", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "rep" / "report.html"


def _classes(driver: Driver, module: str) -> set[str]:
    value = driver.execute_script(
        "var g = document.querySelector('#graph g.node[data-module=\"' + arguments[0] + '\"]');"
        "return g ? g.getAttribute('class') : null;",
        module,
    )
    assert value is not None, f"no node for {module}"
    return set(str(value).split())


def _modules_with(driver: Driver, css_class: str) -> list[str]:
    found = driver.execute_script(
        "return Array.from(document.querySelectorAll('#graph g.node.' + arguments[0]))"
        ".map(function (g) { return g.dataset.module; }).sort();",
        css_class,
    )
    return [str(name) for name in found]


def _visible_finding_codes(driver: Driver) -> list[str]:
    rows = driver.find_elements(By.CSS_SELECTOR, "#findings tbody tr")
    return [str(row.get_attribute("data-code")) for row in rows if row.is_displayed()]


def _view_box(driver: Driver) -> list[float]:
    box = driver.execute_script(
        "return document.querySelector('#graph svg').getAttribute('viewBox');"
    )
    return [float(value) for value in str(box).split()]


def _requests_of(driver: Driver, page: str) -> list[str]:
    """Every request the page itself made (the browser's own start page is not ours)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent" and (
            params.get("documentURL") == page
        ):
            urls.append(str(params["request"]["url"]))
    return urls


def test_report_in_chromium(browser: Driver, report_page: Path, tmp_path: Path) -> None:
    browser.get(report_page.as_uri())
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )

    # The graph is there and drawn at a real size.
    svg = browser.find_element(By.CSS_SELECTOR, "#graph svg")
    assert svg.is_displayed()
    assert svg.size["width"] > 600 and svg.size["height"] > 300
    assert len(_modules_with(browser, "imnode")) == 20
    home = _view_box(browser)

    # Searching a module highlights it and says what matched.
    search = browser.find_element(By.ID, "module-search")
    search.send_keys("job_service")
    assert _modules_with(browser, "match") == ["src.services.job_service"]
    status = browser.find_element(By.ID, "module-search-status").text
    assert status == "1 found: src.services.job_service"
    assert _view_box(browser)[:2] != home[:2]  # the view moved to the match

    # Clicking a node highlights what it imports and what imports it.
    node = browser.find_element(
        By.CSS_SELECTOR, '#graph g.node[data-module="src.services.registry"] path'
    )
    ActionChains(browser).move_to_element(node).click().perform()
    assert "selected" in _classes(browser, "src.services.registry")
    assert _modules_with(browser, "imports") == [
        "src.services.file_management_service",
        "src.services.job_service",
    ]
    assert _modules_with(browser, "imported-by") == [
        "src.main",
        "src.routes.jobs",
        "src.services",
    ]
    assert browser.find_element(By.ID, "selection").text.startswith(
        "src.services.registry imports src.services.file_management_service"
    )

    # Zoom changes the view box; reset brings it back.
    before = _view_box(browser)
    browser.find_element(By.ID, "zoom-in").click()
    assert _view_box(browser)[2] < before[2]
    browser.find_element(By.ID, "zoom-reset").click()
    assert _view_box(browser) == pytest.approx(home)

    # Findings filter by code and by path; the expected rows come from report.json.
    findings = json.loads((report_page.parent / "report.json").read_text())["findings"]
    all_codes = [finding["code"] for finding in findings]
    assert "IMP001" in all_codes and "IMP002" in all_codes
    assert _visible_finding_codes(browser) == all_codes
    Select(browser.find_element(By.ID, "finding-code")).select_by_value("IMP002")
    assert _visible_finding_codes(browser) == ["IMP002"]
    assert browser.find_element(By.ID, "finding-count").text == f"1 of {len(all_codes)} shown"
    Select(browser.find_element(By.ID, "finding-code")).select_by_value("")
    browser.find_element(By.ID, "finding-search").send_keys("models/job")
    assert _visible_finding_codes(browser) == [
        finding["code"] for finding in findings if "models/job" in finding["path"]
    ]

    # The page, its findings table included, fits the 1400 px window: nothing scrolls sideways.
    widths = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth,"
        " document.getElementById('findings').getBoundingClientRect().right];"
    )
    assert widths[0] <= widths[1] and widths[2] <= widths[1], widths

    browser.save_screenshot(str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    assert _requests_of(browser, report_page.as_uri()) == [report_page.as_uri()]


CONTRAST = """
function rgb(text) { var m = text.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : m.concat([1]); }
function lum(c) {
  var v = c.slice(0, 3).map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function background(el) {
  for (; el && el.nodeType === 1; el = el.parentElement) {
    var c = rgb(getComputedStyle(el).backgroundColor);
    if (c[3] > 0) { return c; }
  }
  return [255, 255, 255, 1];
}
var worst = [];
document.querySelectorAll("main *, header *, nav *").forEach(function (el) {
  if (el.closest("svg") || !el.offsetParent) { return; }
  var own = Array.from(el.childNodes).some(function (n) { return n.nodeType === 3 && n.textContent.trim(); });
  if (!own) { return; }
  var a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
  var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) { worst.push(el.tagName + " " + el.className + " " + ratio.toFixed(2)); }
});
return worst;
"""


def test_text_contrast_and_keyboard_reach(browser: Driver, report_page: Path) -> None:
    browser.get(report_page.as_uri())
    # Every piece of text outside the picture has a contrast of at least 4.5:1 (WCAG AA).
    assert browser.execute_script(CONTRAST) == []

    # Tab reaches the controls and the graph's nodes; Enter on a node selects it.
    reached = browser.execute_script(
        "var names = []; document.querySelectorAll('a, button, input, select, [tabindex]')"
        ".forEach(function (el) { if (el.tabIndex >= 0) { names.push(el.dataset.module"
        " || el.id || el.tagName); } }); return names;"
    )
    for control in ("module-search", "zoom-in", "finding-code", "finding-search", "page-next"):
        assert control in reached
    assert "src.services.registry" in reached
    node = browser.find_element(
        By.CSS_SELECTOR, '#graph g.node[data-module="src.services.registry"]'
    )
    browser.execute_script("arguments[0].focus();", node)
    node.send_keys(Keys.ENTER)
    assert "selected" in _classes(browser, "src.services.registry")


_P11 = 37  # modules in big.p11 besides its __init__ and sub-package


@pytest.fixture(scope="module")
def collapsed_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 480-module tree whose overview keeps big.p11 collapsed (the largest packages open
    first; it is the smallest): each module imports its namesake in the next package at import
    time, and its neighbour in its own package later."""
    root = tmp_path_factory.mktemp("collapsed")
    files = {"big/__init__.py": "", "big/p11/deep/__init__.py": "", "big/p11/deep/x.py": ""}
    for p in range(12):
        files[f"big/p{p:02d}/__init__.py"] = ""
        count = _P11 if p == 11 else 40
        for m in range(count):
            files[f"big/p{p:02d}/m{m:02d}.py"] = (
                f"import big.p{(p + 1) % 12:02d}.m{m:02d}\n\n\n" if m < _P11 else ""
            ) + f"def later():\n    import big.p{p:02d}.m{(m + 1) % count:02d}\n"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    result = run_importmap("graph", "big", "-o", "g.html", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "g.html"


def _drill_edges(driver: Driver, box: str) -> list[tuple[str, str, str]]:
    found = driver.execute_script(
        "var panel = document.querySelector('#graph g.drill-panel[data-box=\"' + arguments[0]"
        " + '\"]'); return Array.from(panel.querySelectorAll('g.edge')).map(function (g) {"
        " return [g.dataset.source, g.dataset.target, g.getAttribute('class')]; });",
        box,
    )
    return sorted((str(a), str(b), str(c)) for a, b, c in found)


def test_a_collapsed_box_opens_in_place_level_by_level(
    browser: Driver, collapsed_page: Path
) -> None:
    browser.get(collapsed_page.as_uri())
    drawn = _modules_with(browser, "imnode")
    assert "big.p11" in drawn and "big.p11.m07" not in drawn  # collapsed
    # `graph --format html` is the graph page: no findings table, no score.
    assert browser.find_elements(By.ID, "findings") == []
    assert browser.find_elements(By.ID, "score") == []

    # Clicking the box opens it where it is: its __init__, its modules and its sub-package.
    box = browser.find_element(By.CSS_SELECTOR, '#graph g.node[data-module="big.p11"]')
    ActionChains(browser).move_to_element(box).click().perform()
    opened = [name for name in _modules_with(browser, "drill") if name.startswith("big.p11")]
    assert opened == ["big.p11", "big.p11.deep", *(f"big.p11.m{m:02d}" for m in range(_P11))]
    assert "package" in _classes(browser, "big.p11.deep")
    # The edges between them come from the module-level data: the deferred ring m00 -> m01 ...
    ring = [(f"big.p11.m{m:02d}", f"big.p11.m{(m + 1) % _P11:02d}") for m in range(_P11)]
    assert _drill_edges(browser, "big.p11") == sorted(
        (a, b, "edge imedge drill deferred") for a, b in ring
    )

    # A box inside the opened one opens too, from the keyboard; Enter on its title bar closes it.
    deep = browser.find_element(By.CSS_SELECTOR, '#graph g.node[data-module="big.p11.deep"]')
    browser.execute_script("arguments[0].focus();", deep)
    deep.send_keys(Keys.ENTER)
    assert "big.p11.deep.x" in _modules_with(browser, "drill")
    inner = browser.find_element(
        By.CSS_SELECTOR, '#graph g.drill-panel[data-box="big.p11.deep"] g.drill-close'
    )
    assert inner.get_attribute("tabindex") == "0"
    browser.execute_script("arguments[0].focus();", inner)
    inner.send_keys(Keys.ENTER)
    assert "big.p11.deep.x" not in _modules_with(browser, "drill")
    assert "big.p11.m03" in _modules_with(browser, "drill")  # the outer box stays open

    # Clicking a module inside an opened box selects it, as in the overview.
    module = browser.find_element(By.CSS_SELECTOR, '#graph g.node[data-module="big.p11.m03"]')
    ActionChains(browser).move_to_element(module).click().perform()
    assert _modules_with(browser, "imports") == ["big.p11.m04"]
    assert _modules_with(browser, "imported-by") == ["big.p11.m02"]

    # The title bar closes the box and what was opened inside it.
    bar = browser.find_element(
        By.CSS_SELECTOR, '#graph g.drill-panel[data-box="big.p11"] g.drill-close'
    )
    ActionChains(browser).move_to_element(bar).click().perform()
    assert _modules_with(browser, "drill") == []
    assert "expanded" not in _classes(browser, "big.p11")

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


def test_search_reveals_a_module_inside_a_collapsed_box(
    browser: Driver, collapsed_page: Path
) -> None:
    browser.get(collapsed_page.as_uri())
    search = browser.find_element(By.ID, "module-search")

    search.send_keys("big.p11.deep.x")
    status = browser.find_element(By.ID, "module-search-status").text
    assert status == "1 found: big.p11.deep.x; big.p11.deep.x is inside big.p11, opened in place"
    assert _modules_with(browser, "match") == ["big.p11.deep.x"]
    assert "drill" in _classes(browser, "big.p11.deep.x")
    boxes = browser.execute_script(
        "return Array.from(document.querySelectorAll('#graph g.drill-panel'))"
        ".map(function (g) { return g.dataset.box; });"
    )
    assert boxes == ["big.p11", "big.p11.deep"]

    # A partial name that matches many modules highlights the boxes holding them, opening none.
    search.clear()
    search.send_keys("m07")
    assert browser.find_element(By.ID, "module-search-status").text.startswith("12 found: ")
    matched = _modules_with(browser, "match")
    assert "big.p11" in matched and "big.p11.m07" not in matched
    assert _modules_with(browser, "drill") == []

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


def test_the_pointer_moving_on_right_after_a_click_neither_pans_nor_eats_the_next_click(
    browser: Driver, report_page: Path
) -> None:
    browser.get(report_page.as_uri())
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    home = _view_box(browser)
    # One task: a press and release on the graph, then the pointer moving on before any timer
    # can run (a browser serves input before timers). It panned the view, and the next click
    # counted as the end of a drag, while the press had ended.
    browser.execute_script(
        "var holder = document.getElementById('graph');"
        "var at = holder.getBoundingClientRect();"
        "function fire(target, type, x) { target.dispatchEvent(new MouseEvent(type, {"
        " bubbles: true, clientX: at.left + x, clientY: at.top + 50})); }"
        "fire(holder, 'mousedown', 50); fire(window, 'mouseup', 50);"
        "fire(window, 'mousemove', 250); fire(window, 'mousemove', 450);"
    )
    assert _view_box(browser) == home
    node = browser.find_element(
        By.CSS_SELECTOR, '#graph g.node[data-module="src.services.registry"] path'
    )
    ActionChains(browser).move_to_element(node).click().perform()
    assert "selected" in _classes(browser, "src.services.registry")
