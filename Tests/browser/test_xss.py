"""Pages built from an XSS payload corpus (Tests/browser/xss: raw HTML, Markdown link and image
tricks, exercise YAML fields). Every payload calls alert(); the test replaces alert before any
page script runs, opens each page, works every exercise (check, solution, retry), and finds
that no payload ran and the Content-Security-Policy had nothing to block."""
import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT, build

RECORDER = """
window.__xss = [];
['alert', 'confirm', 'prompt', 'print'].forEach(function (name) {
  window[name] = function (message) { window.__xss.push(name + ':' + message); };
});
"""


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory):
    return build(ROOT / "Tests" / "browser" / "xss", tmp_path_factory.mktemp("xss") / "Output")


@pytest.fixture
def recording(driver):
    handle = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    yield driver
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": handle["identifier"]})


@pytest.mark.parametrize("page", ["raw-html", "markdown-tricks", "exercises"])
def test_no_payload_runs(xss_site, recording, page):
    driver = recording
    driver.get_log("browser")
    driver.get((xss_site / "x" / "en" / "m" / f"{page}.html").resolve().as_uri())
    for root in driver.find_elements(By.CSS_SELECTOR, ".exercise"):
        for action in ("check", "solution", "retry"):
            for button in root.find_elements(By.CSS_SELECTOR, f"[data-action='{action}']"):
                if button.is_displayed():
                    button.click()
    for details in driver.find_elements(By.CSS_SELECTOR, "details"):
        driver.execute_script("arguments[0].open = true", details)
    for element in driver.find_elements(By.CSS_SELECTOR, "main *"):
        driver.execute_script("for (const type of ['mouseover', 'click', 'toggle']) arguments[0].dispatchEvent(new Event(type));", element)
    driver.execute_script("return new Promise(resolve => setTimeout(resolve, 1500))")   # code checks and previews settle
    assert driver.execute_script("return window.__xss") == []
    assert driver.execute_script("return !!document.querySelector('script:not([src]):not([type=\"application/json\"])')") is False
    blocked = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert blocked == []


def test_the_recorder_would_see_a_payload(xss_site, recording, tmp_path):
    """The check can fail: a page that does call alert() is caught."""
    page = tmp_path / "positive.html"
    page.write_text("<!DOCTYPE html><title>t</title><script>alert('real')</script>")
    recording.get(page.as_uri())
    assert recording.execute_script("return window.__xss") == ["alert:real"]
