#!/usr/bin/env python3
"""Time from saving a lesson to the reloaded page in the browser, with `coursekit serve`, for
the starter course (Content/) and the 1,500-lesson benchmark corpus (bench/out/L, made by
`bench/run.sh L` or `bench/generate.py`): headless Chromium has the lesson open, a paragraph is
added to its file, and the clock stops when the page shows it. Median of EDITS edits (10).

    bench/serve.py          (after a release build, and `bench/run.sh L` once for the corpus)

A benchmark to read, not a test that can fail on a slow machine."""
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.common.exceptions import JavascriptException, NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait

# A page being reloaded: its elements go stale, or are not there yet.
RELOADING = (StaleElementReferenceException, NoSuchElementException, JavascriptException)

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "Tests" / "browser"))
from conftest import chromium_options  # noqa: E402
from selenium import webdriver  # noqa: E402

BINARY = os.environ.get("COURSEKIT") or str(max((p for p in (ROOT / ".build" / "release" / "coursekit", ROOT / ".build" / "debug" / "coursekit") if p.exists()),
                                                key=lambda p: p.stat().st_mtime))
EDITS = int(os.environ.get("EDITS", "10"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(name, content, lesson, page, driver):
    work = pathlib.Path(tempfile.mkdtemp(prefix="coursekit-serve-bench-"))
    shutil.copytree(content, work / "Content")
    lesson_file = work / "Content" / lesson
    original = lesson_file.read_text(encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([BINARY, "serve", "--content", str(work / "Content"), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        driver.get(f"http://127.0.0.1:{port}/{page}")
        times = []
        for edit in range(EDITS):
            marker = f"Benchmark paragraph number {edit}."
            started = time.monotonic()
            lesson_file.write_text(original + f"\n{marker}\n", encoding="utf-8")
            WebDriverWait(driver, 600, poll_frequency=0.02, ignored_exceptions=RELOADING).until(lambda d: marker in d.find_element(By.TAG_NAME, "main").text)
            times.append(time.monotonic() - started)
            time.sleep(1)   # let the next edit be its own save
        print(f"{name}: save to reloaded page, median of {EDITS}: {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f})")
    finally:
        server.send_signal(2)
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)


def main():
    driver = webdriver.Chrome(options=chromium_options())
    try:
        measure("starter course", ROOT / "Content", "data-basics/01-data-around-us/01-what-is-data.en.md",
                "data-basics/en/data-around-us/what-is-data.html", driver)
        corpus = ROOT / "bench" / "out" / "L" / "content"
        if corpus.exists():
            lesson = next(iter(sorted(corpus.glob("*/01-*/01-*.en.md"))))
            course, module, name = lesson.relative_to(corpus).parts
            page = f"{course}/en/{module.split('-', 1)[1]}/{name.split('-', 1)[1][:-len('.en.md')]}.html"
            measure("1,500-lesson corpus", corpus, str(lesson.relative_to(corpus)), page, driver)
        else:
            print("bench/out/L not found: run bench/run.sh L first for the corpus figure")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
