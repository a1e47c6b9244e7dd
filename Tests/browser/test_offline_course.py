"""A learner keeps a course on the phone over the camp's Wi-Fi (nginx on 127.0.0.1, the server
block of docs/deploy.md), leaves the Wi-Fi (the server stops, and Chromium is told it is
offline), and the course still opens and works; back on the Wi-Fi after a rebuild, only the
files that changed are fetched."""
import json
import re
import shutil
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, coursekit_binary
from test_accessibility import serious_violations
from test_exercises import check, exercise, press, solve_cell_address, type_into
from test_packages import free_port, nginx_serving


def build(content, output):
    result = subprocess.run([coursekit_binary(), "build", "--content", str(content), "--output", str(output)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def keep_state(driver, wanted, timeout=60):
    box = driver.find_element(By.CSS_SELECTOR, ".keep-offline")
    WebDriverWait(driver, timeout).until(lambda _: box.get_attribute("data-state") in wanted)
    return box


def offline(driver, cut):
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": cut, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def kept_caches(driver):
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "caches.keys().then((names) => done(names.filter((name) => name.startsWith('coursekit-offline:'))));")


def requested(log):
    """Paths of the GET requests in an nginx access log."""
    return [match.group(1) for match in re.finditer(r'"GET (\S+) HTTP', log.read_text())] if log.exists() else []


def test_a_kept_course_works_offline_and_updates_only_what_changed(tmp_path, driver):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "Content", content)
    site = tmp_path / "Output"
    build(content, site)
    port = free_port()
    base = f"http://127.0.0.1:{port}/data-basics/en"
    lessons = ["data-around-us/what-is-data.html", "data-around-us/tables.html", "data-around-us/spreadsheets.html"]
    try:
        with nginx_serving(site, tmp_path, port):
            driver.get(f"{base}/index.html")
            driver.execute_script("localStorage.clear()")
            box = keep_state(driver, {"available"})
            assert re.search(r"It takes 0\.\d MB\.$", box.find_element(By.CSS_SELECTOR, ".keep-status").text)
            driver.execute_script("document.querySelector('.learners').open = true")
            assert serious_violations(driver) == []   # the keep box shown, the learners' panel open
            press(box.find_element(By.CSS_SELECTOR, "[data-action='keep-offline']"))
            keep_state(driver, {"kept"})
            assert box.find_element(By.CSS_SELECTOR, ".keep-status").text == "This course is on this phone: it opens without Wi-Fi."
            assert len(kept_caches(driver)) == 1
        kept = json.loads((site / "data-basics" / "en" / "offline.json").read_text())

        # No server, no network: the course opens from the phone, exercises and progress work.
        offline(driver, True)
        for path in lessons:
            driver.get(f"{base}/{path}")
            assert driver.find_element(By.TAG_NAME, "h1").text, path
            assert driver.execute_script("return !!document.querySelector('link[rel=stylesheet]').sheet"), path
        solve_cell_address(driver)
        # A code exercise's preview is a sandboxed frame, which no service worker may answer for
        # (w3c/ServiceWorker#1727): away from the server its checks cannot run. It says so, and
        # marks nothing — never "incorrect", never "your code has not finished".
        driver.get(f"{base}/{lessons[1]}")
        root = exercise(driver, "html-table-row")
        type_into(root.find_element(By.CSS_SELECTOR, "textarea[data-language='html']"), "<table><tr><td>1</td></tr></table>")
        check(root)
        feedback = root.find_element(By.CSS_SELECTOR, ".exercise-feedback")
        WebDriverWait(driver, 60).until(lambda _: feedback.text)
        assert feedback.text.startswith("The code could not run: its preview did not open.")
        assert root.get_attribute("data-state") is None
        driver.get(f"{base}/{lessons[0]}")
        press(driver.find_element(By.CSS_SELECTOR, "[data-action='mark-done']"))
        driver.get(f"{base}/index.html")
        assert driver.find_element(By.CSS_SELECTOR, ".progress-summary").text.startswith("2 of 11 lessons done")
        offline(driver, False)

        # Back on the Wi-Fi after a rebuild that changed one lesson: only what changed comes.
        lesson = content / "data-basics" / "01-data-around-us" / "02-tables.en.md"
        lesson.write_text(lesson.read_text() + "\nA paragraph written after the course was kept.\n")
        build(content, site)
        latest = json.loads((site / "data-basics" / "en" / "offline.json").read_text())
        versions = {file["path"]: file["version"] for file in kept["files"]}
        changed = {"/" + file["path"] for file in latest["files"] if versions.get(file["path"]) != file["version"]}
        assert "/data-basics/en/data-around-us/tables.html" in changed and len(changed) < len(latest["files"]) / 2
        log = tmp_path / "access.log"
        with nginx_serving(site, tmp_path, port, access_log=log):
            driver.get(f"{base}/index.html")
            box = keep_state(driver, {"kept"})
            WebDriverWait(driver, 30).until(
                lambda _: box.find_element(By.CSS_SELECTOR, ".keep-status").text == "The course on this phone is up to date.")
            fetched = {path for path in requested(log) if not path.endswith("/offline.json") and not path.endswith("/coursekit-sw.js")}
            assert fetched == changed
            driver.get(f"{base}/{lessons[1]}")
            assert "A paragraph written after the course was kept." in driver.find_element(By.CSS_SELECTOR, ".lesson-body").text

            driver.get(f"{base}/index.html")
            box = keep_state(driver, {"kept"})
            press(box.find_element(By.CSS_SELECTOR, "[data-action='remove-offline']"))
            keep_state(driver, {"available"})
            assert kept_caches(driver) == []
    finally:
        offline(driver, False)


def test_the_keep_control_stays_hidden_where_it_cannot_work(site, driver):
    """From file:// (a USB stick) there is no service worker: nothing is offered."""
    driver.get((site / "data-basics" / "en" / "index.html").resolve().as_uri())
    assert not driver.find_element(By.CSS_SELECTOR, ".keep-offline").is_displayed()
    assert driver.execute_script("return !navigator.serviceWorker || !navigator.serviceWorker.controller")
