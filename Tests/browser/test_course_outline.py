"""Every lesson page shows the whole course ("Course contents"): beside the lesson on a wide
screen, closed at the page's end on a phone, the current lesson marked, done lessons checked."""
import contextlib
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_exercises import press, solve_cell_address


def lesson(site, locale, module, slug):
    return (site / "data-basics" / locale / module / f"{slug}.html").resolve().as_uri()


def course_home_lessons(driver, site, locale):
    driver.get((site / "data-basics" / locale / "index.html").resolve().as_uri())
    return [(item.get_attribute("data-lesson"), item.find_element(By.TAG_NAME, "a").get_attribute("href"))
            for item in driver.find_elements(By.CSS_SELECTOR, ".lesson-item[data-lesson]")]


def outline_lessons(driver):
    return [(item.get_attribute("data-lesson"), item.find_element(By.TAG_NAME, "a").get_attribute("href"))
            for item in driver.find_elements(By.CSS_SELECTOR, ".course-outline li[data-lesson]")]


@contextlib.contextmanager
def window(driver, width, height):
    """The browser at a size for one test, back to the suite's afterwards."""
    driver.set_window_size(width, height)
    try:
        yield driver
    finally:
        driver.set_window_size(420, 900)


def test_the_outline_lists_the_course_and_marks_this_lesson(site, driver):
    with window(driver, 1280, 900):
        for locale in ("en", "ar"):
            expected = course_home_lessons(driver, site, locale)
            page = lesson(site, locale, "data-around-us", "spreadsheets")
            driver.get(page)
            assert outline_lessons(driver) == expected
            assert driver.find_element(By.CSS_SELECTOR, ".course-outline details").get_attribute("open") is not None
            current = driver.find_elements(By.CSS_SELECTOR, ".course-outline [aria-current='page']")
            assert [link.get_attribute("href") for link in current] == [page]
            modules = driver.find_elements(By.CSS_SELECTOR, ".course-outline .outline-module")
            assert len(modules) == 3 and all("#module-" in link.get_attribute("href") for link in modules)
            # A column beside the lesson, on the side the page's direction starts from.
            outline = driver.find_element(By.CSS_SELECTOR, ".course-outline").rect
            body = driver.find_element(By.CSS_SELECTOR, ".lesson-body").rect
            if locale == "ar":
                assert outline["x"] >= body["x"] + body["width"]
            else:
                assert outline["x"] + outline["width"] <= body["x"]
            assert outline["y"] < body["y"]


def test_on_a_phone_the_outline_waits_closed_after_the_lesson(site, driver):
    with window(driver, 360, 740):
        driver.get(lesson(site, "ar", "data-around-us", "tables"))
        outline = driver.find_element(By.CSS_SELECTOR, ".course-outline")
        assert outline.find_element(By.TAG_NAME, "details").get_attribute("open") is None
        assert outline.rect["y"] > driver.find_element(By.CSS_SELECTOR, ".pager").rect["y"]
        summary = outline.find_element(By.TAG_NAME, "summary")
        assert summary.text == "محتويات الدورة"
        press(summary)
        WebDriverWait(driver, 10).until(lambda _: outline.find_element(By.CSS_SELECTOR, "[aria-current='page']").is_displayed())
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 360


def test_done_lessons_are_checked_in_the_outline(site, driver):
    with window(driver, 1280, 900):
        driver.get(lesson(site, "ar", "data-around-us", "spreadsheets"))
        driver.execute_script("localStorage.clear()")
        driver.get(lesson(site, "ar", "data-around-us", "spreadsheets"))
        assert driver.find_elements(By.CSS_SELECTOR, ".course-outline li.done") == []
        # Solving the lesson's only exercise makes it done, and its entry says so at once.
        solve_cell_address(driver)
        entry = driver.find_element(By.CSS_SELECTOR, ".course-outline li[data-lesson='spreadsheets']")
        WebDriverWait(driver, 10).until(lambda _: "done" in entry.get_attribute("class").split())
        assert entry.find_element(By.CSS_SELECTOR, ".visually-hidden").get_attribute("textContent") == " (منتهٍ)"
        # Marked done by hand on another page: the check is there on every page of the course.
        driver.get(lesson(site, "ar", "working-with-data", "cleaning"))
        press(driver.find_element(By.CSS_SELECTOR, "[data-action='mark-done']"))
        driver.get(lesson(site, "ar", "data-around-us", "what-is-data"))
        done = [item.get_attribute("data-lesson") for item in driver.find_elements(By.CSS_SELECTOR, ".course-outline li.done")]
        assert done == ["spreadsheets", "cleaning"]
        assert re.fullmatch(r".*✓ \(منتهٍ\)", driver.find_element(By.CSS_SELECTOR, ".course-outline li.done a").get_attribute("textContent"))


def test_the_outline_is_in_the_page_without_javascript(site):
    html = (site / "data-basics" / "fr" / "working-with-data" / "cleaning.html").read_text(encoding="utf-8")
    outline = html[html.index('<nav class="course-outline"'):]
    outline = outline[:outline.index("</nav>")]
    assert outline.count("<li data-lesson=") == 11
    assert 'href="cleaning.html" aria-current="page"' in outline
    # Not translated yet: the English title, marked as English.
    assert 'href="charts.html" lang="en" dir="ltr">Simple charts</a>' in outline
    assert 'href="../data-around-us/what-is-data.html"' in outline
