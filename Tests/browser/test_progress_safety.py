"""A learner's progress is never lost without a word: full storage, damaged values, a stale
tab, and progress files that are huge, foreign, from the future or hostile."""
import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_exercises import check, choose, exercise, open_lesson, press, solve_pick_one, state

def prefix(driver):
    """Where this site keeps the course's progress: its id, then the course's."""
    return "coursekit:" + driver.execute_script("return document.body.dataset.site") + "/kinds:"


def severe_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def home(driver, site):
    driver.get((site / "kinds" / "en" / "index.html").resolve().as_uri())


def import_file(driver, path):
    driver.find_element(By.CSS_SELECTOR, "[data-action='import-progress']").send_keys(str(path))
    message = driver.find_element(By.CSS_SELECTOR, ".progress-message")
    WebDriverWait(driver, 10).until(lambda _: message.text)
    return message.text


@pytest.mark.parametrize("damaged", ['"abc"', "5", "true", "[1, 2]", '{"x": "y"}', "not json"])
def test_a_damaged_stored_value_breaks_no_page(kinds_site, driver, damaged):
    page = open_lesson(driver, kinds_site, "en")
    driver.get_log("browser")
    driver.execute_script("localStorage.setItem(arguments[0], arguments[1]);"
                          "localStorage.setItem(arguments[2], arguments[1]);", prefix(driver) + "visited", damaged, prefix(driver) + "lesson:every-kind")
    driver.get(page.resolve().as_uri())
    press(driver.find_element(By.CSS_SELECTOR, "[data-action='mark-done']"))
    assert driver.find_element(By.CSS_SELECTOR, ".lesson-done-status").text == "You finished this lesson."
    home(driver, kinds_site)
    assert driver.find_element(By.CSS_SELECTOR, ".progress-summary").text.startswith("1 of 1 lessons done")
    assert severe_errors(driver) == []


@pytest.mark.parametrize("answer", ['{"evil": "x"}', '"' + "x" * 20001 + '"', '[{"nested": 1}]', "true"])
def test_a_kept_answer_of_the_wrong_shape_reads_as_absent(kinds_site, driver, answer):
    """A planted or damaged answer never reaches the page's controls: the record reads as
    absent, and the exercise starts fresh."""
    page = open_lesson(driver, kinds_site, "en")
    driver.get_log("browser")
    driver.execute_script("localStorage.setItem(arguments[0], '{\"state\": \"correct\", \"time\": 1, \"answer\": ' + arguments[1] + '}')",
                          prefix(driver) + "exercise:short-answer", answer)
    driver.get(page.resolve().as_uri())
    root = driver.find_element(By.CSS_SELECTOR, "[data-exercise-id='short-answer']")
    assert root.get_attribute("data-state") is None
    assert root.find_element(By.CSS_SELECTOR, ".exercise-input").get_attribute("value") == ""
    assert severe_errors(driver) == []


def test_full_storage_says_so_and_keeps_the_solve_on_the_page(kinds_site, driver):
    open_lesson(driver, kinds_site, "en")
    # Fill this origin's storage (every file:// page shares one) until the browser refuses more.
    driver.execute_script("""
        var chunk = new Array(100001).join('x'), i = 0;
        try { for (;;) localStorage.setItem('filler-' + (i++), chunk); } catch (e) {}
        try { for (;;) localStorage.setItem('filler-small-' + (i++), 'xxxxxxxxxx'); } catch (e) {}
    """)
    solve_pick_one(driver)
    notice = driver.find_element(By.CSS_SELECTOR, ".storage-notice[role='alert']")
    assert "could not be saved" in notice.text
    status = driver.find_element(By.CSS_SELECTOR, ".lesson-done-status").text
    assert status.startswith("1 of"), status   # the page counts the solve it could not save
    driver.execute_script("for (var k of Object.keys(localStorage)) if (k.indexOf('filler-') === 0) localStorage.removeItem(k);")


def test_full_storage_can_be_freed_from_other_courses_after_asking(kinds_site, driver):
    """The notice's way out: other courses' progress (another site's, on the same stick) fills
    the storage; after the learner confirms, it is removed and the solve kept on the page is
    saved — a reload shows it."""
    page = open_lesson(driver, kinds_site, "en")
    driver.execute_script("""
        var chunk = new Array(100001).join('x'), i = 0;
        try { for (;;) localStorage.setItem('coursekit:other-site/other-course:lesson:l' + (i++), chunk); } catch (e) {}
        try { for (;;) localStorage.setItem('coursekit:other-site/other-course:exercise:e' + (i++), 'xxxxxxxxxx'); } catch (e) {}
    """)
    root = exercise(driver, "pick-one")
    choose(root, 0)
    check(root)
    notice = driver.find_element(By.CSS_SELECTOR, ".storage-notice[role='alert']")
    driver.execute_script("window.confirm = function () { return false; }")
    press(notice.find_element(By.TAG_NAME, "button"))
    assert "could not be saved" in notice.text   # cancelled: nothing removed
    assert driver.execute_script("return Object.keys(localStorage).filter(k => k.indexOf('coursekit:other-site/') === 0).length") > 0
    driver.execute_script("window.confirm = function () { return true; }")
    press(notice.find_element(By.TAG_NAME, "button"))
    WebDriverWait(driver, 10).until(lambda _: "is saved" in notice.text)
    assert driver.execute_script("return Object.keys(localStorage).filter(k => k.indexOf('coursekit:other-site/') === 0).length") == 0
    driver.get(page.resolve().as_uri())
    assert state(exercise(driver, "pick-one")) == "correct"


def test_a_stale_tab_does_not_undo_done(kinds_site, driver):
    page = open_lesson(driver, kinds_site, "en")
    button = driver.find_element(By.CSS_SELECTOR, "[data-action='mark-done']")
    assert button.get_attribute("aria-pressed") == "false"
    # Another tab marks the lesson done (no storage event reaches this tab in this test).
    driver.execute_script("localStorage.setItem(arguments[0], JSON.stringify({done: true, time: Date.now()}))", prefix(driver) + "lesson:every-kind")
    press(button)   # this view still offers "Mark this lesson as done"
    assert json.loads(driver.execute_script("return localStorage.getItem(arguments[0])", prefix(driver) + "lesson:every-kind"))["done"] is True
    assert driver.find_element(By.CSS_SELECTOR, ".lesson-done-status").text == "You finished this lesson."
    assert button.get_attribute("aria-pressed") == "true"


def test_an_import_takes_only_this_courses_entries_and_never_undoes(kinds_site, driver, tmp_path):
    open_lesson(driver, kinds_site, "en")
    press(driver.find_element(By.CSS_SELECTOR, "[data-action='mark-done']"))
    items = {f"exercise:nope-{i}": {"state": "correct", "time": 1} for i in range(5000)}
    items["exercise:pick-one"] = {"state": "correct", "time": 9e15}          # from the future
    items["lesson:every-kind"] = {"done": False, "time": 9e15}               # would undo "done"
    items["exercise:pick-several"] = {"state": "maybe", "time": 1}           # not a state
    items["visited"] = {"every-kind": 1, "elsewhere": 1}
    items["__proto__"] = {"polluted": True}
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"format": "coursekit-progress", "version": 1, "course": "kinds", "items": items}))
    home(driver, kinds_site)
    message = import_file(driver, path)
    assert message.startswith("Progress loaded and merged") and "5002 entries of the file were left out" in message, message   # 5000 unknown, a bad state, __proto__
    stored = driver.execute_script("var p = arguments[0]; return Object.keys(localStorage).filter(function (k) { return k.indexOf(p) === 0; })",
                                   prefix(driver))
    assert not [key for key in stored if "nope-" in key]
    lesson = json.loads(driver.execute_script("return localStorage.getItem(arguments[0])", prefix(driver) + "lesson:every-kind"))
    assert lesson["done"] is True
    solve = json.loads(driver.execute_script("return localStorage.getItem(arguments[0])", prefix(driver) + "exercise:pick-one"))
    assert solve["state"] == "correct" and solve["time"] <= driver.execute_script("return Date.now()")
    assert json.loads(driver.execute_script("return localStorage.getItem(arguments[0])", prefix(driver) + "visited")) == {"every-kind": 1}
    assert driver.execute_script("return ({}).polluted") is None


def test_an_import_without_storage_says_it_cannot_be_kept(kinds_site, driver, tmp_path):
    """Where storage is off (a Kolibri frame, a browser set to keep nothing), loading a
    progress file must not say "loaded and merged" and show counts that vanish with the page."""
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"format": "coursekit-progress", "version": 1, "course": "kinds",
                                "items": {"exercise:pick-one": {"state": "correct", "time": 1}}}))
    blocker = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
        Object.defineProperty(window, 'localStorage', {get: function () { throw new DOMException('denied', 'SecurityError'); }});
    """})
    try:
        home(driver, kinds_site)
        message = import_file(driver, path)
        assert message == "Progress cannot be kept on this device (storage is turned off), so the file was not loaded.", message
        assert severe_errors(driver) == []
    finally:
        driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": blocker["identifier"]})


def test_an_oversized_file_is_refused_before_it_is_read(kinds_site, driver, tmp_path):
    path = tmp_path / "huge.json"
    path.write_text(json.dumps({"format": "coursekit-progress", "version": 1, "course": "kinds",
                                "items": {f"exercise:x{i}": {"state": "correct", "time": 1} for i in range(60000)}}))
    assert path.stat().st_size > 1_000_000
    open_lesson(driver, kinds_site, "en")
    home(driver, kinds_site)
    assert import_file(driver, path) == "This file is too large to be a progress file."


def two_sites(tmp_path_factory):
    """Two partners' sites with a course folder of the same name, as on one USB stick."""
    from conftest import build
    outputs = []
    for site_id, title in (("camp-a", "Site A"), ("camp-b", "Site B")):
        content = tmp_path_factory.mktemp(site_id) / "Content"
        (content / "intro" / "01-m").mkdir(parents=True)
        (content / "site.yaml").write_text(f"id: {site_id}\ntitle: {title}\nlocales: [en]\n", encoding="utf-8")
        (content / "intro" / "course.yaml").write_text("title: {en: Intro}\nsource_locale: en\n", encoding="utf-8")
        (content / "intro" / "01-m" / "module.yaml").write_text("title: {en: Module}\n", encoding="utf-8")
        (content / "intro" / "01-m" / "01-a.en.md").write_text(
            "---\ntitle: A\n---\n\n```quiz\nid: q1\nquestion: Pick\nanswers:\n  - text: this\n    correct: true\n  - text: that\n```\n",
            encoding="utf-8")
        outputs.append(build(content, tmp_path_factory.mktemp(site_id + "-site") / "Output"))
    return outputs


def test_two_sites_on_one_stick_never_share_progress(tmp_path_factory, driver):
    site_a, site_b = two_sites(tmp_path_factory)
    lesson_a = (site_a / "intro" / "en" / "m" / "a.html").resolve().as_uri()
    lesson_b = (site_b / "intro" / "en" / "m" / "a.html").resolve().as_uri()
    driver.get(lesson_a)
    driver.execute_script("localStorage.clear()")
    driver.get(lesson_a)
    root = exercise(driver, "q1")
    choose(root, 0)
    check(root)
    assert state(root) == "correct"
    driver.get(lesson_b)
    assert exercise(driver, "q1").get_attribute("data-state") is None
    assert driver.find_element(By.CSS_SELECTOR, ".lesson-done-status").text == "0 of 1 exercises solved"
    keys = driver.execute_script("return Object.keys(localStorage)")
    assert "coursekit:camp-a/intro:exercise:q1" in keys and "coursekit:camp-b/intro:exercise:q1" not in keys


def test_progress_saved_before_sites_had_ids_is_taken_over(tmp_path_factory, driver):
    site_a, _ = two_sites(tmp_path_factory)
    lesson = (site_a / "intro" / "en" / "m" / "a.html").resolve().as_uri()
    driver.get(lesson)
    driver.execute_script("localStorage.clear();"
                          "localStorage.setItem('coursekit:intro:exercise:q1', JSON.stringify({state: 'correct', time: 1}));")
    driver.get(lesson)
    assert exercise(driver, "q1").get_attribute("data-state") == "correct"
    assert "coursekit:camp-a/intro:exercise:q1" in driver.execute_script("return Object.keys(localStorage)")


@pytest.mark.parametrize("answer,kept", [(True, False), (False, True)])
def test_a_learner_can_remove_their_progress_from_a_shared_phone(kinds_site, driver, answer, kept):
    open_lesson(driver, kinds_site, "en")
    solve_pick_one(driver)
    home(driver, kinds_site)
    driver.execute_script("window.confirm = function (question) { window.asked = question; return %s; }" % ("true" if answer else "false"))
    press(driver.find_element(By.CSS_SELECTOR, "[data-action='reset-progress']"))
    assert "save your progress to a file first" in driver.execute_script("return window.asked")
    summary = driver.find_element(By.CSS_SELECTOR, ".progress-summary").text
    assert summary.endswith("1 of 7 exercises solved" if kept else "0 of 7 exercises solved"), summary
    if not kept:
        assert driver.find_element(By.CSS_SELECTOR, ".progress-message").text == "Your progress in this course was removed from this device."
    open_lesson(driver, kinds_site, "en", clear=False)
    assert (exercise(driver, "pick-one").get_attribute("data-state") == "correct") == kept
