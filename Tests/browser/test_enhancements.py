"""The small script's enhancements, in a real browser from file://: the course home offers to
continue from the last lesson opened, and the language chooser remembers the learner's choice.
Without the script the same pages still show every lesson and language."""
from selenium.webdriver.common.by import By


def test_course_home_offers_to_continue_from_the_last_lesson(site, driver):
    home = site / "data-basics" / "fr" / "index.html"
    driver.get(home.resolve().as_uri())
    driver.execute_script("localStorage.clear()")
    driver.get(home.resolve().as_uri())
    link = driver.find_element(By.CSS_SELECTOR, ".continue-link")
    assert not link.is_displayed()

    lesson = site / "data-basics" / "fr" / "working-with-data" / "cleaning.html"
    driver.get(lesson.resolve().as_uri())
    driver.get(home.resolve().as_uri())
    link = driver.find_element(By.CSS_SELECTOR, ".continue-link")
    assert link.is_displayed()
    assert link.get_attribute("href") == lesson.resolve().as_uri()
    visited = driver.find_elements(By.CSS_SELECTOR, ".lesson-item.visited")
    assert [item.get_attribute("data-lesson") for item in visited] == ["cleaning"]


def test_language_chooser_puts_the_last_language_first(site, driver):
    chooser = site / "index.html"
    driver.get(chooser.resolve().as_uri())
    driver.execute_script("localStorage.clear()")
    driver.get((site / "ar" / "index.html").resolve().as_uri())
    driver.get(chooser.resolve().as_uri())
    first = driver.find_element(By.CSS_SELECTOR, ".language-choice li")
    assert first.get_attribute("data-locale") == "ar"
    assert "last-used" in first.get_attribute("class")


def test_pages_read_the_same_without_javascript(site):
    """The lesson list and the language links are in the HTML itself, not added by script."""
    home = (site / "data-basics" / "ar" / "index.html").read_text(encoding="utf-8")
    assert home.count('class="lesson-item"') == 11
    assert 'hreflang="fr"' in home and 'hreflang="en"' in home
