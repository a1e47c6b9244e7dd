#!/usr/bin/env python3
"""Measures the learner side in headless Chromium, on the sample site (Content/):
  - how long loading a 1 MB progress file takes (the largest accepted),
  - how much storage the sample course takes when every exercise is solved and every lesson done,
  - how long checking the longest answer a learner can paste takes (100,000 characters).

    bench/learner.py        (after scripts/setup --test and a debug or release build)

Prints one line per figure; a benchmark to read, not a test that can fail on a slow machine."""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The newest build of coursekit (a stale release build would measure old pages).
BINARY = os.environ.get("COURSEKIT") or str(max((p for p in (ROOT / ".build" / "release" / "coursekit", ROOT / ".build" / "debug" / "coursekit") if p.exists()),
                                                key=lambda p: p.stat().st_mtime))


def main():
    output = pathlib.Path(tempfile.mkdtemp()) / "Output"
    subprocess.run([BINARY, "build", "--content", str(ROOT / "Content"), "--output", str(output)], check=True, stdout=subprocess.DEVNULL)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    try:
        home = (output / "data-basics" / "en" / "index.html").resolve().as_uri()
        driver.get(home)
        driver.execute_script("localStorage.clear()")
        driver.get(home)
        # Every lesson done and every exercise solved, as a learner at the end of the course.
        used = driver.execute_script("""
            var kit = window.coursekit, items = document.querySelectorAll('.lesson-item[data-lesson]');
            for (var i = 0; i < items.length; i++) {
              kit.progress.setLesson(items[i].getAttribute('data-lesson'), true);
              (items[i].getAttribute('data-exercises') || '').split(' ').filter(Boolean).forEach(function (id) { kit.progress.setExercise(id, 'correct'); });
            }
            var total = 0;
            for (var j = 0; j < localStorage.length; j++) { var k = localStorage.key(j); total += k.length + localStorage.getItem(k).length; }
            return [total, localStorage.length];
        """)
        print(f"storage for the sample course fully solved: {used[0]} characters in {used[1]} keys")
        # A 1 MB progress file (the largest accepted), of entries this course does not have.
        items = {f"exercise:other-{i}": {"state": "correct", "time": 1} for i in range(17500)}
        data = {"format": "coursekit-progress", "version": 1, "course": "data-basics", "items": items}
        size = len(json.dumps(data))
        milliseconds = driver.execute_script("""
            var data = JSON.parse(arguments[0]), known = {lesson: {}, exercise: {}};
            var items = document.querySelectorAll('.lesson-item[data-lesson]');
            for (var i = 0; i < items.length; i++) known.lesson[items[i].getAttribute('data-lesson')] = true;
            var start = performance.now();
            window.coursekit.progress.importData(data, known);
            return performance.now() - start;
        """, json.dumps(data))
        print(f"loading a {size / 1e6:.2f} MB progress file: {milliseconds:.0f} ms")
        lesson = (output / "data-basics" / "en" / "data-around-us" / "what-is-data.html").resolve().as_uri()
        driver.get(lesson)
        milliseconds = driver.execute_script("""
            var answer = new Array(100001).join('ق'), start = performance.now();
            for (var i = 0; i < 10; i++) window.coursekit.normalize(answer);
            return (performance.now() - start) / 10;
        """)
        print(f"normalising a 100,000-character answer: {milliseconds:.1f} ms")
    finally:
        driver.quit()


if __name__ == "__main__":
    sys.exit(main())
