"""`coursekit serve`: the author edits, the page they are reading follows; problems show over
the last good build; nothing outside the built site is served; `build` output is untouched."""
import contextlib
import http.client
import pathlib
import shutil
import socket
import subprocess
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.common.exceptions import JavascriptException, NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

# A page being reloaded: its elements go stale, or are not there yet.
RELOADING = (StaleElementReferenceException, NoSuchElementException, JavascriptException)

from conftest import ROOT, build, coursekit_binary

LESSON = "data-basics/01-data-around-us/01-what-is-data.en.md"
PAGE = "data-basics/en/data-around-us/what-is-data.html"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path):
    """Status and body of a GET, with the path sent exactly as given (no normalising)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def serving(content, port):
    process = subprocess.Popen([coursekit_binary(), "serve", "--content", str(content), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:   # until it answers (the first build comes first)
            assert process.poll() is None, process.stderr.read()
            with contextlib.suppress(OSError):
                if get(port, "/")[0] == 200:
                    break
            assert time.monotonic() < deadline, "serve did not answer"
            time.sleep(0.1)
        yield process
    finally:
        process.send_signal(2)   # Ctrl-C
        process.wait(timeout=30)


@contextlib.contextmanager
def leaving_the_page(driver):
    """The browser leaves the served page before the server stops: its reload script would
    otherwise keep trying to reconnect, and log it, into the next test (the driver is shared)."""
    try:
        yield
    finally:
        driver.get("about:blank")
        driver.get_log("browser")


@pytest.fixture
def content(tmp_path):
    shutil.copytree(ROOT / "Content", tmp_path / "Content")
    return tmp_path / "Content"


def test_an_edit_reloads_the_page_where_it_was_and_problems_show_over_it(content, driver):
    port = free_port()
    lesson = content / LESSON
    original = lesson.read_text(encoding="utf-8")
    with serving(content, port) as process, leaving_the_page(driver):
        driver.get(f"http://127.0.0.1:{port}/{PAGE}")
        driver.execute_script("window.scrollTo(0, 400)")
        WebDriverWait(driver, 30, ignored_exceptions=RELOADING).until(lambda d: d.execute_script("return window.scrollY") >= 300)
        started = time.monotonic()
        lesson.write_text(original + "\nA paragraph written while the page was open.\n", encoding="utf-8")
        WebDriverWait(driver, 60, ignored_exceptions=RELOADING).until(lambda d: "written while the page was open" in d.find_element(By.TAG_NAME, "main").text)
        print(f"save to reloaded page: {time.monotonic() - started:.2f} s")
        assert driver.execute_script("return window.scrollY") >= 300, "the reload kept the place"

        lesson.write_text(original.replace("title:", "title: [broken", 1), encoding="utf-8")
        overlay = WebDriverWait(driver, 60, ignored_exceptions=RELOADING).until(lambda d: d.find_element(By.ID, "coursekit-serve-problems"))
        assert "01-what-is-data.en.md:" in overlay.text and "error:" in overlay.text, overlay.text
        assert "written while the page was open" in driver.find_element(By.TAG_NAME, "main").text   # the last good build

        lesson.write_text(original, encoding="utf-8")
        WebDriverWait(driver, 60, ignored_exceptions=RELOADING).until(lambda d: not d.find_elements(By.ID, "coursekit-serve-problems")
                                        and "written while the page was open" not in d.find_element(By.TAG_NAME, "main").text)
    # Ctrl-C: a clean stop, and its private build folder is gone.
    assert process.returncode == 0
    import tempfile
    assert not (pathlib.Path(tempfile.gettempdir()) / f"coursekit-serve-{process.pid}").exists()


def test_nothing_outside_the_built_site_is_served(content, tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    port = free_port()
    with serving(content, port):
        assert get(port, f"/{PAGE}")[0] == 200
        for path in ["/../secret.txt", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/data-basics/../../secret.txt",
                     "/data-basics/%2E%2E/%2E%2E/etc/passwd", "//etc/passwd", "/..%2f..%2fetc%2fpasswd", "/%00", "/data-basics\\..\\x"]:
            status, body = get(port, path)
            assert status == 404, f"{path}: {status}"
            assert b"root:" not in body and b"secret" not in body


def test_a_port_in_use_is_a_clear_error(content):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([coursekit_binary(), "serve", "--content", str(content), "--port", str(port)],
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"port {port} is in use" in result.stderr


def test_a_build_has_no_trace_of_live_reload(tmp_path):
    site = build(ROOT / "Content", tmp_path / "Output")
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"__coursekit" not in data and b"coursekit-generation" not in data, path
