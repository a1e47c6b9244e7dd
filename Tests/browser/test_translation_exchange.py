"""Translators' round trip with the tools volunteers use: the starter courses exported as PO and
XLIFF pass gettext's msgfmt --check and open in translate-toolkit (pocount counting the words
coursekit counts); a French translation made in a PO tool (here: every text prefixed by a
machine) imports, builds, counts as complete, and its exercises work in the browser."""
import json
import re
import shutil
import subprocess
import sys

import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT, build, coursekit_binary
from test_exercises import check, choose, state

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def coursekit(*arguments, cwd=None):
    result = subprocess.run([coursekit_binary(), *arguments], capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def pocount_source_words(folder):
    output = ANSI.sub("", subprocess.run([sys.executable, "-m", "translate.tools.pocount", str(folder)], capture_output=True, text=True, check=True).stdout)
    total = [line for line in output.splitlines() if line.startswith("Total:")][-1]   # the last: all files
    return int(total.split()[2])


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exchange") / "Content"
    shutil.copytree(ROOT / "Content", folder)
    return folder


def test_po_files_pass_msgfmt_and_pocount_counts_the_words_coursekit_counts(content, tmp_path):
    coursekit("translations", "export", "--content", str(content), "--locale", "fr", "--output", str(tmp_path / "po"))
    files = sorted((tmp_path / "po").rglob("*.po"))
    lessons = sum(1 for _ in content.glob("*/*/*.en.md"))
    courses = sum(1 for _ in content.glob("*/course.yaml"))
    assert len(files) == lessons + courses   # each lesson, and each course's own texts
    for path in files:
        checked = subprocess.run(["msgfmt", "--check", "--output-file=/dev/null", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, f"{path}: {checked.stderr}"
    report = json.loads(coursekit("coverage", "--content", str(content), "--locale", "fr", "--format", "json"))
    ours = report["locales"][0]["words"]["source_words"]
    theirs = pocount_source_words(tmp_path / "po")
    assert abs(theirs - ours) <= 0.05 * ours, (theirs, ours)


def test_xliff_files_open_in_translate_toolkit(content, tmp_path):
    coursekit("translations", "export", "--content", str(content), "--locale", "ar", "--format", "xliff", "--output", str(tmp_path / "xlf"))
    coursekit("translations", "export", "--content", str(content), "--locale", "ar", "--output", str(tmp_path / "po"))
    assert pocount_source_words(tmp_path / "xlf") == pocount_source_words(tmp_path / "po")
    from translate.storage import factory
    store = factory.getobject(str(next((tmp_path / "xlf").rglob("01-what-is-data.ar.xlf"))))
    units = [unit for unit in store.units if unit.source]
    assert units[0].getid().endswith("u1") or units[0].getid()
    assert all(unit.target for unit in units), "a complete Arabic lesson exports every target"
    converted = subprocess.run([sys.executable, "-m", "translate.convert.po2xliff", str(next((tmp_path / "po").rglob("01-what-is-data.ar.po"))), str(tmp_path / "converted.xlf")],
                               capture_output=True, text=True)
    assert converted.returncode == 0, converted.stderr


def test_a_french_translation_made_in_a_po_tool_imports_builds_and_works(content, tmp_path, driver):
    from translate.storage import po
    coursekit("translations", "export", "--content", str(content), "--locale", "fr", "--course", "data-basics", "--output", str(tmp_path / "po"))
    files = sorted((tmp_path / "po").rglob("*.po"))
    for path in files:
        store = po.pofile.parsefile(str(path))
        for unit in store.units:
            if unit.isheader():
                continue
            field = unit.getcontext().rsplit("/", 1)[-1]
            texts = unit.source.split("|") if field == "answers" or field.startswith("blank-") else [unit.source]
            unit.target = "|".join("FR " + text for text in texts)
            unit.markfuzzy(False)
        store.savefile(str(path))
    coursekit("translations", "import", "--content", str(content), *map(str, files))
    report = json.loads(coursekit("coverage", "--content", str(content), "--locale", "fr", "--course", "data-basics", "--format", "json"))
    statuses = [lesson["status"] for module in report["locales"][0]["courses"][0]["modules"] for lesson in module["lesson_details"]]
    assert statuses and set(statuses) == {"complete"}, statuses
    site = build(content, tmp_path / "Output")
    driver.get((site / "data-basics" / "fr" / "data-around-us" / "what-is-data.html").as_uri())
    driver.execute_script("localStorage.clear()")
    driver.refresh()
    assert driver.find_element(By.TAG_NAME, "h1").text == "FR What is data?"
    quiz = driver.find_element(By.CSS_SELECTOR, "[data-exercise-id='data-or-information']")
    assert quiz.find_element(By.CSS_SELECTOR, ".quiz-answers label").text.startswith("FR ")
    choose(quiz, 0)
    check(quiz)
    assert state(quiz) == "correct"
