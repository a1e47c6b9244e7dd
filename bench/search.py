#!/usr/bin/env python3
"""What search costs a learner: the size of each course's index against the text it holds, and
how long headless Chromium, its CPU slowed down 4× (a cheap phone), takes to load the index and
to show the first results.

    bench/search.py [SIZE ...]     SIZE: sample (Content/), S, L (default: sample L)

Environment: COURSEKIT (the coursekit binary; default .build/release/coursekit), OUT
(bench/out), RUNS (page loads per locale, 5). Needs chromium and chromium-driver (Debian) and
selenium (PyPI), as the browser tests do. Corpora come from bench/corpus.py. Prints Markdown.
"""
import gzip
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(os.environ.get("OUT", ROOT / "bench" / "out"))
COURSEKIT = os.environ.get("COURSEKIT", str(ROOT / ".build" / "release" / "coursekit"))
RUNS = int(os.environ.get("RUNS", "5"))
THROTTLE = 4
BUDGET, BUDGET_GZIP = 0.6, 0.25


def content_of(size):
    if size == "sample":
        return ROOT / "Content"
    content = OUT / size / "content"
    if not content.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(OUT / size), size], check=True)
    return content


def build(size):
    output = OUT / f"search-{size}" / "site"
    output.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([COURSEKIT, "build", "--content", str(content_of(size)), "--output", str(output)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"coursekit build failed for {size}:\n{result.stderr[-3000:]}")
    warnings = [line for line in result.stderr.splitlines() if "search index" in line]
    return output, warnings


def indexes(output):
    """(course, locale) → raw bytes, gzip bytes, text bytes, lessons."""
    found = {}
    for path in sorted(output.glob("*/*/search-index.js")):
        data = path.read_bytes()
        text_bytes = int(re.search(rb'"textBytes":(\d+)', data).group(1))
        pages = data.count(b"\n[") + 1
        found[(path.parent.parent.name, path.parent.name)] = (len(data), len(gzip.compress(data, 9, mtime=0)), text_bytes, pages)
    return found


def driver():
    sys.path.insert(0, str(ROOT / "Tests" / "browser"))
    from conftest import chromium_options
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=chromium_options())


TIMINGS = """
const done = arguments[arguments.length - 1];
const input = document.querySelector('.course-search input');
input.focus();
const wait = () => {
  const ready = performance.getEntriesByName('coursekit-search-ready');
  if (!ready.length) return setTimeout(wait, 5);
  const mark = name => performance.getEntriesByName(name)[0].startTime;
  // A word of the text, typed whole, then its first three letters (as while typing).
  const word = arguments[0];
  const query = text => {
    const start = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input'));
    return [performance.now() - start, document.querySelectorAll('.search-results li').length];
  };
  const [first, results] = query(word);
  const [prefix] = query(word.slice(0, 3));
  done({load: mark('coursekit-search-index-loaded') - mark('coursekit-search-index-requested'),
        prepare: mark('coursekit-search-ready') - mark('coursekit-search-index-loaded'),
        first: first, prefix: prefix, results: results});
};
wait();
"""


def browser_timings(browser, page, word):
    runs = []
    for _ in range(RUNS):
        browser.get(page.resolve().as_uri())
        browser.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        try:
            runs.append(browser.execute_async_script(TIMINGS, word))
        finally:
            browser.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 1})
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def a_word(index_path, rank=40):
    """A word of the index that is not among the most common (a search a learner would make)."""
    data = index_path.read_text(encoding="utf-8")
    words = json.loads(re.search(r'"words":(\[.*?\]),\n"pages"', data, re.S).group(1))
    real = [w for w in words if len(w) >= 5 and w[0].isalpha()]
    return real[min(rank, len(real) - 1)]


def main(sizes):
    browser = driver()
    browser.set_script_timeout(120)
    try:
        for size in sizes:
            output, warnings = build(size)
            found = indexes(output)
            # The largest course: the one a learner would wait longest for.
            largest = max({course for course, _ in found}, key=lambda c: sum(found[(c, l)][0] for cc, l in found if cc == c))
            print(f"\n### {size}: course `{largest}` ({found[next(k for k in found if k[0] == largest)][3]} lessons)\n")
            print(f"| locale | text | index | ÷ text (≤ {BUDGET}) | gzip | ÷ text (≤ {BUDGET_GZIP}) "
                  f"| load ×{THROTTLE} | prepare ×{THROTTLE} | first result ×{THROTTLE} | while typing ×{THROTTLE} |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for (course, locale), (raw, packed, text, _) in sorted(found.items()):
                if course != largest:
                    continue
                index_path = output / course / locale / "search-index.js"
                lesson = next(p for p in sorted((output / course / locale).glob("*/*.html")))
                t = browser_timings(browser, lesson, a_word(index_path))
                print(f"| {locale} | {text:,} B | {raw:,} B | {raw / text:.2f} | {packed:,} B | {packed / text:.2f} "
                      f"| {t['load']:.0f} ms | {t['prepare']:.0f} ms | {t['first']:.0f} ms ({t['results']} results) | {t['prefix']:.0f} ms |")
            total_raw = sum(v[0] for v in found.values())
            total_text = sum(v[2] for v in found.values())
            print(f"\nAll {len(found)} indexes: {total_raw:,} B for {total_text:,} B of text ({total_raw / total_text:.2f}×).")
            for warning in warnings:
                print(f"- warning: {warning}")
    finally:
        browser.quit()


if __name__ == "__main__":
    main(sys.argv[1:] or ["sample", "L"])
