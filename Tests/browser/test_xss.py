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


def test_html_media_a_course_allows_run_under_the_pages_policy(recording, tmp_path):
    """With allow_active_media, a course may ship an HTML simulation and its script. The HTML
    is written with the pages' policy first in it: its own file script runs, an inline script
    (one written even before <head>) and an outside request do not. Without the option, the
    build refuses the files and names the option."""
    import shutil
    import subprocess
    from conftest import coursekit_binary
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Tests" / "CourseKitTests" / "Fixtures" / "tree", content)
    course = next(path for path in content.iterdir() if (path / "course.yaml").exists())
    media = course / "media"
    media.mkdir(exist_ok=True)
    (media / "sim.html").write_text(
        "<!DOCTYPE html>\n<script>alert('inline before head')</script><html lang=\"en\"><head><title>Simulation</title>"
        "<script src=\"sim.js\"></script></head><body><img src=\"https://example.org/track.png\" alt=\"\">"
        "<p onclick=\"alert('handler')\">Water use</p><script>alert('inline')</script></body></html>")
    (media / "sim.js").write_text("document.documentElement.setAttribute('data-simulation', 'ran');")
    refused = subprocess.run([coursekit_binary(), "build", "--content", str(content), "--output", str(tmp_path / "Refused")],
                             capture_output=True, text=True)
    assert refused.returncode == 1
    assert "allow_active_media: true in course.yaml" in refused.stderr
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "allow_active_media: true\n")
    site = build(content, tmp_path / "Output")
    page = site / course.name / "media" / "sim.html"
    assert page.read_text().startswith("<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\"")
    driver = recording
    driver.get_log("browser")
    driver.get(page.resolve().as_uri())
    for element in driver.find_elements(By.CSS_SELECTOR, "p"):
        element.click()
    assert driver.execute_script("return document.documentElement.getAttribute('data-simulation')") == "ran"
    assert driver.execute_script("return document.documentElement.lang") == "en"
    assert driver.execute_script("return window.__xss") == []
    blocked = " ".join(entry["message"] for entry in driver.get_log("browser"))
    assert "Content Security Policy" in blocked
