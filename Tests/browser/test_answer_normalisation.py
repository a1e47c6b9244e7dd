"""The page checks answers with the same normalisation as the build (which writes the accepted
answers normalised): invisible marks, Persian letters and Arabic presentation forms included.
A right answer typed on a Persian keyboard, or pasted with a bidi mark, is never refused."""
import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build

# Raw accepted answers: the build normalises them in Swift, the page in JavaScript.
ANSWERS = [
    "Seven Days", "  CAFÉ ", "cafe\u0301", "سَبْعَة", "العـــدد", "أحمد", "إلى", "١٢٣", "۴۵",
    "\u200fفئة\u200e", "ف\u061cئة", "\u2067فئة\u2069", "cate\u200bgory", "cate\u00adgory", "\ufeffseven",
    "می\u200cخواهم", "کتاب", "فارسی", "\ufefb\ufe8e", "\ufee3\ufeaa\ufbff\ufee8\ufe94",
]


@pytest.fixture(scope="module")
def normalisation_site(tmp_path_factory):
    content = tmp_path_factory.mktemp("normalisation") / "Content"
    (content / "c" / "01-m").mkdir(parents=True)
    (content / "site.yaml").write_text("title: Test\nlocales: [en]\n", encoding="utf-8")
    (content / "c" / "course.yaml").write_text("title: {en: Course}\nsource_locale: en\n", encoding="utf-8")
    (content / "c" / "01-m" / "module.yaml").write_text("title: {en: Module}\n", encoding="utf-8")
    answers = "\n".join(f"  - {json.dumps(answer, ensure_ascii=True)}" for answer in ANSWERS)
    lesson = (f"---\ntitle: Answers\n---\n\n```short\nid: answers\nquestion: Type an answer\nanswers:\n{answers}\n```\n\n"
              "```short\nid: cell\nquestion: Which cell?\npattern: '[A-Z][0-9]+'\n```\n")
    (content / "c" / "01-m" / "01-answers.en.md").write_text(lesson, encoding="utf-8")
    return build(content, tmp_path_factory.mktemp("normalisation-site") / "Output")


def open_page(driver, site):
    driver.get((site / "c" / "en" / "m" / "answers.html").resolve().as_uri())
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!(window.coursekit && window.coursekit.normalize)"))


def test_the_page_normalises_as_the_build_does(normalisation_site, driver):
    open_page(driver, normalisation_site)
    built = json.loads(driver.find_element(By.CSS_SELECTOR, "[data-exercise-id='answers'] .exercise-data").get_attribute("textContent"))["answers"]
    in_page = driver.execute_script("return arguments[0].map(window.coursekit.normalize)", ANSWERS)
    assert in_page == built
    assert built[9:12] == ["فئه", "فئه", "فئه"]   # ة folded to ه, as learners often type it
    assert built[15:18] == ["ميخواهم", "كتاب", "فارسي"]


@pytest.mark.parametrize("typed", ["\u200fفئة", "ف\u200bئة", "فئه", "کتاب", "CATE\u00adGORY"])
def test_a_right_answer_with_invisible_marks_or_persian_letters_is_accepted(normalisation_site, driver, typed):
    open_page(driver, normalisation_site)
    root = driver.find_element(By.CSS_SELECTOR, "[data-exercise-id='answers']")
    field = root.find_element(By.CSS_SELECTOR, ".exercise-input")
    field.clear()
    driver.execute_script("arguments[0].value = arguments[1]", field, typed)   # as pasted: send_keys drops some marks
    field.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda _: root.get_attribute("data-state"))
    assert root.get_attribute("data-state") == "correct"


@pytest.mark.parametrize("typed,expected", [("C4", "correct"), (" B12 ", "correct"), ("\u200fC4", "correct"), ("4C", "incorrect")])
def test_a_pattern_sees_the_answer_as_typed(normalisation_site, driver, typed, expected):
    """`[A-Z][0-9]+` asks for a capital: the answer as typed has it (the normalised one is lower case)."""
    open_page(driver, normalisation_site)
    root = driver.find_element(By.CSS_SELECTOR, "[data-exercise-id='cell']")
    field = root.find_element(By.CSS_SELECTOR, ".exercise-input")
    driver.execute_script("arguments[0].value = arguments[1]", field, typed)
    field.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda _: root.get_attribute("data-state"))
    assert root.get_attribute("data-state") == expected
