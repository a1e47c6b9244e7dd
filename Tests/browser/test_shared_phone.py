"""Several learners on one phone: each keeps their own progress, chosen on the course home;
a single learner sees nothing new, and removing a learner takes only their progress."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_accessibility import serious_violations
from test_exercises import exercise, open_lesson, press, solve_pick_one, type_into


def home(driver, site, locale="en"):
    driver.get((site / "kinds" / locale / "index.html").resolve().as_uri())


def lesson(driver, site, locale="en"):
    driver.get((site / "kinds" / locale / "all" / "every-kind.html").resolve().as_uri())


def summary(driver):
    return driver.find_element(By.CSS_SELECTOR, ".progress-summary").text


def panel(driver):
    learners = driver.find_element(By.CSS_SELECTOR, ".learners")
    if learners.get_attribute("open") is None:
        press(learners.find_element(By.TAG_NAME, "summary"))
    return learners


def learner_buttons(driver):
    return {button.text: button for button in driver.find_elements(By.CSS_SELECTOR, ".learner-list li > button:first-child")}


def reloads_after(driver, action):
    """Runs an action that reloads the page, and waits for the new page."""
    driver.execute_script("window.coursekitOldPage = true")
    action()
    WebDriverWait(driver, 10).until(lambda _: driver.execute_script("return document.readyState === 'complete' && !window.coursekitOldPage"))


def add_learner(driver, name):
    learners = panel(driver)
    type_into(learners.find_element(By.CSS_SELECTOR, ".learner-name"), name)
    reloads_after(driver, lambda: press(learners.find_element(By.CSS_SELECTOR, "[data-action='add-learner']")))


def switch_to(driver, name):
    panel(driver)
    reloads_after(driver, lambda: press(learner_buttons(driver)[name]))


def stored_keys(driver):
    return driver.execute_script("return Object.keys(localStorage).filter((key) => key.indexOf('/kinds') > 0).sort()")


def test_a_single_learner_sees_nothing_new(kinds_site, driver):
    open_lesson(driver, kinds_site, "en")
    assert driver.find_elements(By.CSS_SELECTOR, ".learner-now") == []
    home(driver, kinds_site)
    learners = driver.find_element(By.CSS_SELECTOR, ".learners")
    assert learners.get_attribute("open") is None and learners.is_displayed()
    assert driver.find_elements(By.CSS_SELECTOR, ".learner-list li") == []


def test_two_learners_keep_separate_progress(kinds_site, driver):
    open_lesson(driver, kinds_site, "en")
    solve_pick_one(driver)
    home(driver, kinds_site)
    first = summary(driver)
    assert first == "0 of 1 lessons done · 1 of 7 exercises solved"

    add_learner(driver, "Amal")
    assert driver.find_element(By.CSS_SELECTOR, ".learners-active").text == "Amal"
    assert summary(driver) == "0 of 1 lessons done · 0 of 7 exercises solved"
    assert set(learner_buttons(driver)) == {"First learner", "Amal"}
    assert learner_buttons(driver)["Amal"].get_attribute("aria-pressed") == "true"
    assert serious_violations(driver) == []

    lesson(driver, kinds_site)
    assert driver.find_element(By.CSS_SELECTOR, ".learner-now").text == "Progress of Amal"
    assert exercise(driver, "pick-one").get_attribute("data-state") is None
    press(driver.find_element(By.CSS_SELECTOR, "[data-action='mark-done']"))
    assert driver.find_element(By.CSS_SELECTOR, ".lesson-done-status").text == "You finished this lesson."

    home(driver, kinds_site)
    switch_to(driver, "First learner")
    assert summary(driver) == first
    lesson(driver, kinds_site)
    assert driver.find_element(By.CSS_SELECTOR, ".learner-now").text == "Progress of First learner"
    assert exercise(driver, "pick-one").get_attribute("data-state") == "correct"
    assert driver.find_element(By.CSS_SELECTOR, ".lesson-done-status").text != "You finished this lesson."

    home(driver, kinds_site)
    switch_to(driver, "Amal")
    assert summary(driver) == "1 of 1 lessons done · 0 of 7 exercises solved"


def test_renaming_and_removing_a_learner_keeps_the_others_progress(kinds_site, driver):
    open_lesson(driver, kinds_site, "ar")
    press(driver.find_element(By.CSS_SELECTOR, "[data-action='mark-done']"))
    home(driver, kinds_site, "ar")
    add_learner(driver, "سارة")
    lesson(driver, kinds_site, "ar")
    solve_pick_one(driver)
    assert driver.find_element(By.CSS_SELECTOR, ".learner-now").text == "تقدّم سارة"

    home(driver, kinds_site, "ar")
    learners = panel(driver)
    type_into(learners.find_element(By.CSS_SELECTOR, ".learner-name"), "سارة أحمد")
    press(learners.find_element(By.CSS_SELECTOR, "[data-action='rename-learner']"))
    WebDriverWait(driver, 10).until(lambda _: "سارة أحمد" in learner_buttons(driver))
    theirs = [key for key in stored_keys(driver) if "@" in key]
    assert theirs and all(":exercise:" in key or key.endswith((":visited", ":last-lesson")) for key in theirs)

    switch_to(driver, "المتعلّم الأول")
    mine = [key for key in stored_keys(driver) if "@" not in key]
    driver.execute_script("window.confirm = function () { return true; }")
    press(driver.find_element(By.CSS_SELECTOR, ".learner-list button[aria-label='حذف سارة أحمد']"))
    WebDriverWait(driver, 10).until(lambda _: driver.find_elements(By.CSS_SELECTOR, ".learner-list li") == [])
    assert stored_keys(driver) == mine
    assert summary(driver) == "أُنجز درس واحد من 1 · لم يُحَلّ أي تمرين من 7"   # the first learner's, as it was
    lesson(driver, kinds_site, "ar")
    assert driver.find_elements(By.CSS_SELECTOR, ".learner-now") == []
    assert driver.find_element(By.CSS_SELECTOR, ".lesson-progress").get_attribute("class").split().count("is-done") == 1


def test_a_learners_export_names_them(kinds_site, driver):
    open_lesson(driver, kinds_site, "en")
    home(driver, kinds_site)
    add_learner(driver, "Omar")
    data = driver.execute_script("return window.coursekit.progress.exportData()")
    assert data["learner"] == "Omar" and data["course"] == "kinds"
