"""Every exercise of the starter courses (Content/) is answerable right, in each locale, in
Chromium from file://: quizzes, blanks, short answers, orders and matches with the right answer
a learner would give in that language, and each code exercise marked wrong with its starting
code and right with its solution."""
import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ROOT

COURSES = sorted(path.parent.name for path in (ROOT / "Content").glob("*/course.yaml"))


def click(driver, element):
    driver.execute_script("arguments[0].click()", element)


def act(driver, root, action):
    click(driver, root.find_element(By.CSS_SELECTOR, f"[data-action='{action}']"))


def result(driver, root):
    WebDriverWait(driver, 30).until(lambda _: root.get_attribute("data-state"))
    return root.get_attribute("data-state")


def answer(driver, root, kind, data):
    """Gives the right answer, as a learner would with the page's own controls."""
    if kind == "quiz":
        inputs = root.find_elements(By.CSS_SELECTOR, ".quiz-answers input")
        for index in data["correct"]:
            click(driver, inputs[index])
    elif kind == "fill":
        answers = driver.execute_script(
            "return [...arguments[0].querySelectorAll('.exercise-solution mark')].map(mark => mark.textContent)", root)
        for blank, text in zip(root.find_elements(By.CSS_SELECTOR, ".exercise-blank"), answers):
            blank.clear()
            blank.send_keys(text.split("|")[0])
    elif kind == "short":
        field = root.find_element(By.CSS_SELECTOR, "input.exercise-input")
        field.clear()
        field.send_keys(data["answers"][0])
    elif kind == "order":
        for _ in range(100):
            items = root.find_elements(By.CSS_SELECTOR, ".order-list > li")
            steps = [int(item.get_attribute("data-step")) for item in items]
            wrong = next((index for index in range(1, len(steps)) if steps[index] < steps[index - 1]), None)
            if wrong is None:
                break
            click(driver, items[wrong].find_element(By.CSS_SELECTOR, "[data-move='up']"))
    elif kind == "match":
        for index, select in enumerate(root.find_elements(By.CSS_SELECTOR, ".match-list select")):
            Select(select).select_by_value(str(index))
    elif kind == "code":
        driver.execute_script("""
            const [root, code] = arguments;
            for (const editor of root.querySelectorAll('textarea[data-language]')) {
              const language = editor.getAttribute('data-language');
              if (language in code) { editor.value = code[language]; editor.dispatchEvent(new Event('input', {bubbles: true})); }
            }""", root, data["solution"])


@pytest.mark.parametrize("locale", ["en", "fr", "ar"])
@pytest.mark.parametrize("course", COURSES)
def test_every_starter_exercise_is_answerable_right(site, driver, course, locale):
    pages = sorted((site / course / locale).glob("*/*.html"))
    assert pages
    answered, failures = 0, []
    for page in pages:
        driver.get(page.as_uri())
        driver.execute_script("localStorage.clear()")
        driver.get(page.as_uri())
        for root in driver.find_elements(By.CSS_SELECTOR, "section.exercise"):
            kind, name = root.get_attribute("data-exercise-kind"), f"{page.parent.name}/{page.name}#{root.get_attribute('data-exercise-id')}"
            data = json.loads(root.find_element(By.CSS_SELECTOR, "script.exercise-data").get_attribute("textContent"))
            if kind == "code":
                act(driver, root, "check")
                if result(driver, root) != "incorrect":
                    failures.append(f"{name}: its starting code passes")
                act(driver, root, "retry")
            answer(driver, root, kind, data)
            act(driver, root, "check")
            outcome = result(driver, root)
            if outcome != "correct":
                failures.append(f"{name} ({kind}): the right answer is marked {outcome}")
            answered += 1
    assert answered > 0
    assert not failures, failures
