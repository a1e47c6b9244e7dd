"""A learner's phone at 360 × 740: "On this page" is closed so the lesson starts sooner, Arabic
text is set in Arabic type at its line height, buttons use the page's type, and at 200 % text
no lesson page scrolls sideways."""
import shutil

import re

import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT, build


@pytest.fixture()
def phone(driver):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def lesson(site, locale, page="data-around-us/what-is-data.html"):
    return (site / "data-basics" / locale / page).resolve().as_uri()


def style(driver, element, name):
    return driver.execute_script("return getComputedStyle(arguments[0])[arguments[1]]", element, name)


@pytest.mark.parametrize("locale", ["ar", "en", "fr"])
def test_on_a_phone_the_contents_are_closed_until_tapped(site, phone, locale):
    phone.get(lesson(site, locale))
    first = phone.find_element(By.CSS_SELECTOR, ".lesson-body > p")
    toc = phone.find_element(By.CSS_SELECTOR, ".toc")
    assert first.rect["y"] - (toc.rect["y"] + toc.rect["height"]) < 60, "the lesson text follows the closed list"
    toc = phone.find_element(By.CSS_SELECTOR, ".toc details")
    assert toc.get_attribute("open") is None
    phone.find_element(By.CSS_SELECTOR, ".toc summary").click()
    assert toc.get_attribute("open") is not None


# Every lesson of the sample course that is translated into the locale (a lesson shown from its
# source carries a banner above it that says so, and must).
TRANSLATED = {
    "en": ["data-around-us/what-is-data.html", "data-around-us/tables.html", "data-around-us/spreadsheets.html",
           "working-with-data/cleaning.html", "working-with-data/summaries.html", "working-with-data/charts.html"],
    "fr": ["data-around-us/what-is-data.html", "data-around-us/tables.html", "data-around-us/spreadsheets.html",
           "working-with-data/cleaning.html", "working-with-data/summaries.html"],
    "ar": ["data-around-us/what-is-data.html", "data-around-us/tables.html", "data-around-us/spreadsheets.html",
           "working-with-data/cleaning.html", "working-with-data/charts.html"],
}


@pytest.mark.parametrize("locale", ["ar", "en", "fr"])
def test_on_a_phone_the_lesson_text_starts_on_the_first_screen(site, phone, locale):
    """The title, the objectives and "On this page" (both closed until tapped) come first, and
    the lesson's first paragraph starts within the first 450 px."""
    for page in TRANSLATED[locale]:
        phone.get(lesson(site, locale, page))
        assert phone.find_elements(By.CSS_SELECTOR, ".fallback-banner") == [], page
        first = phone.find_element(By.CSS_SELECTOR, ".lesson-body > p")
        assert first.rect["y"] < 450, f"{page}: the text starts at {first.rect['y']} px"
        objectives = phone.find_element(By.CSS_SELECTOR, ".objectives-box")
        assert objectives.get_attribute("open") is None, page
    phone.find_element(By.CSS_SELECTOR, ".objectives-box summary").click()
    assert phone.find_element(By.CSS_SELECTOR, ".objectives-box li").is_displayed()


def test_on_a_wide_screen_the_contents_are_open(site, driver):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    try:
        driver.get(lesson(site, "en"))
        assert driver.find_element(By.CSS_SELECTOR, ".toc details").get_attribute("open") is not None
        assert driver.find_element(By.CSS_SELECTOR, ".objectives-box").get_attribute("open") is not None
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_arabic_text_is_set_in_arabic_type(site, phone):
    phone.get(lesson(site, "ar"))
    paragraph = phone.find_element(By.CSS_SELECTOR, ".lesson-body > p")
    assert style(phone, paragraph, "fontFamily").startswith('"Noto Naskh Arabic"')
    size = float(style(phone, paragraph, "fontSize")[:-2])
    assert abs(float(style(phone, paragraph, "lineHeight")[:-2]) - 1.9 * size) < 0.5
    # Code keeps its monospace inside Arabic text.
    code = phone.find_element(By.CSS_SELECTOR, ".lesson-body p code")
    assert "monospace" in style(phone, code, "fontFamily")
    # The English page keeps the Latin stack and line height.
    phone.get(lesson(site, "en"))
    paragraph = phone.find_element(By.CSS_SELECTOR, ".lesson-body > p")
    assert style(phone, paragraph, "fontFamily").startswith("system-ui")
    assert abs(float(style(phone, paragraph, "lineHeight")[:-2]) - 1.6 * float(style(phone, paragraph, "fontSize")[:-2])) < 0.5


@pytest.mark.parametrize("locale", ["ar", "en"])
def test_buttons_use_the_pages_type(site, phone, locale):
    phone.get(lesson(site, locale))
    button = phone.find_element(By.CSS_SELECTOR, "[data-action='mark-done']")
    body = phone.find_element(By.TAG_NAME, "body")
    assert style(phone, button, "fontSize") == style(phone, body, "fontSize")
    assert style(phone, button, "fontFamily") == style(phone, body, "fontFamily")


def test_at_double_text_size_no_lesson_scrolls_sideways(site, kinds_site, phone):
    too_wide = {}
    pages = [p for root in (site, kinds_site) for p in sorted(root.rglob("*.html"))
             if "assets" not in p.parts and p.parent.name not in ("ar", "en", "fr") and p.parent != root]
    assert len(pages) >= 19
    for page in pages:
        phone.get(page.resolve().as_uri())
        # Android's "largest text": the page's root size doubled, which every rem and em follows.
        phone.execute_script("document.documentElement.style.fontSize = '200%'")
        phone.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        width = phone.execute_script("return document.documentElement.scrollWidth")
        if width > 360:
            too_wide[str(page)] = width
    assert too_wide == {}


def test_at_double_text_size_dates_and_numbers_in_tables_stay_whole(site, phone):
    for locale in ("en", "fr", "ar"):
        phone.get((site / "data-basics" / locale / "data-around-us" / "tables.html").resolve().as_uri())
        phone.execute_script("document.documentElement.style.fontSize = '200%'")
        cells = phone.execute_script("""
            return Array.from(document.querySelectorAll('.lesson-body td')).map(cell => {
              const range = document.createRange();
              range.selectNodeContents(cell);
              const lines = new Set(Array.from(range.getClientRects()).map(rect => Math.round(rect.top)));
              return [cell.textContent, lines.size];
            });""")
        dates = [(text, lines) for text, lines in cells if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)]
        assert len(dates) >= 3, cells
        assert all(lines == 1 for _, lines in dates), dates
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 360


def test_every_page_names_an_icon_that_is_there_and_the_chooser_title_leads_to_itself(site, driver):
    for page in (site / "index.html", site / "en" / "index.html", site / "data-basics" / "ar" / "index.html",
                 site / "data-basics" / "fr" / "data-around-us" / "tables.html"):
        html = page.read_text(encoding="utf-8")
        icon = html.split('<link rel="icon" href="', 1)[1].split('"', 1)[0]
        assert (page.parent / icon).resolve().is_file(), f"{page}: {icon}"
    chooser = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="site-title" href="index.html"' in chooser


def test_the_progress_file_field_shows_keyboard_focus(site, driver):
    driver.get((site / "data-basics" / "en" / "index.html").resolve().as_uri())
    field = driver.find_element(By.CSS_SELECTOR, "[data-action='import-progress']")
    driver.execute_script("arguments[0].focus()", field)
    label = field.find_element(By.XPATH, "..")
    assert style(driver, label, "outlineStyle") == "solid" and style(driver, label, "outlineWidth") == "3px"


@pytest.mark.parametrize("locale", ["ar", "en", "fr"])
def test_the_course_home_starts_the_course_on_the_first_screen(site, phone, locale):
    phone.get((site / "data-basics" / locale / "index.html").resolve().as_uri())
    start = phone.find_element(By.CSS_SELECTOR, ".actions .button")
    assert start.rect["y"] + start.rect["height"] < 600, f"Start ends at {start.rect['y'] + start.rect['height']} px"
    # Progress, its file buttons and the translations are still on the page, after the lessons.
    last_module = phone.find_elements(By.CSS_SELECTOR, ".module")[-1]
    for selector in (".course-progress", ".course-translations"):
        element = phone.find_element(By.CSS_SELECTOR, selector)
        assert phone.execute_script("return arguments[0].compareDocumentPosition(arguments[1]) & Node.DOCUMENT_POSITION_FOLLOWING",
                                    last_module, element), selector


def visible(driver, selector):
    return [element for element in driver.find_elements(By.CSS_SELECTOR, selector) if element.is_displayed()]


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_a_printed_lesson_is_a_handout_with_the_answers_at_the_end(kinds_site, driver, locale):
    driver.get((kinds_site / "kinds" / locale / "all" / "every-kind.html").resolve().as_uri())
    answers = driver.find_element(By.CSS_SELECTOR, ".print-answers")
    assert not answers.is_displayed(), "on screen, the answers stay hidden"
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert visible(driver, "button, select, textarea") == []
        assert answers.is_displayed()
        assert driver.execute_script("return getComputedStyle(arguments[0]).breakBefore", answers) == "page"
        items = answers.find_elements(By.CSS_SELECTOR, ":scope > ol > li")
        assert len(items) == 7   # one per exercise, in page order
        assert driver.find_element(By.CSS_SELECTOR, "[data-exercise-id='pick-one'] .exercise-question").text in items[0].text
        # Each exercise's own solution is not printed where it stands: only in the answers.
        assert visible(driver, ".exercise .exercise-solution") == []
        driver.save_screenshot(str(kinds_site.parent / f"print-{locale}.png"))
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_course_can_print_without_the_answers(tmp_path, driver):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "Tests" / "browser" / "content", content)
    course = content / "kinds" / "course.yaml"
    course.write_text(course.read_text(encoding="utf-8") + "print_answers: false\n", encoding="utf-8")
    site = build(content, tmp_path / "Output")
    page = (site / "kinds" / "en" / "all" / "every-kind.html").read_text(encoding="utf-8")
    assert "print-answers" not in page and 'class="exercise ' in page
