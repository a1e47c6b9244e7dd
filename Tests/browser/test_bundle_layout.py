"""A course in the layout authors bring from Hugo page bundles or mdBook (Tests/browser/bundle):
module folders and lesson files without number prefixes, placed by `order:`, pictures kept
beside the lessons that show them, and a draft lesson. It builds without a warning, every
picture shows in every locale from file://, and the draft is nowhere."""
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, build, coursekit_binary

BUNDLE = ROOT / "Tests" / "browser" / "bundle"
LESSONS = ["basics/reading-a-map.html", "basics/finding-your-way.html", "going-further/routes.html"]


@pytest.fixture(scope="module")
def bundle_site(tmp_path_factory):
    return build(BUNDLE, tmp_path_factory.mktemp("bundle") / "Output")


def test_the_bundle_layout_checks_clean():
    result = subprocess.run([coursekit_binary(), "check", "--strict", "--content", str(BUNDLE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems found." in result.stdout


@pytest.mark.parametrize("locale", ["en", "ar"])
@pytest.mark.parametrize("lesson", LESSONS)
def test_every_picture_beside_a_lesson_shows(driver, bundle_site, locale, lesson):
    page = bundle_site / "field-guide" / locale / lesson
    driver.get(page.as_uri())
    images = driver.find_elements(By.CSS_SELECTOR, "main img")
    assert images, f"{lesson} shows no picture"
    WebDriverWait(driver, 20).until(lambda _: driver.execute_script(
        "return [...document.querySelectorAll('main img')].every(image => image.complete)"))
    for image in images:
        loaded = driver.execute_script("return arguments[0].naturalWidth", image)
        assert loaded > 0, f"{image.get_attribute('src')} did not load on {locale}/{lesson}"
        assert image.get_attribute("alt"), f"{image.get_attribute('src')} has no alt text"


def test_modules_and_lessons_come_in_their_order_and_the_draft_is_left_out(driver, bundle_site):
    driver.get((bundle_site / "field-guide" / "en" / "index.html").as_uri())
    modules = [heading.text for heading in driver.find_elements(By.CSS_SELECTOR, "section.module h2")]
    assert modules == ["Basics", "Going further"]
    links = [link.get_attribute("href") for link in driver.find_elements(By.CSS_SELECTOR, ".lesson-item a")]
    assert [href.split("/field-guide/en/")[1] for href in links] == LESSONS
    assert not any("night-walks" in href for href in links)
    assert not list(bundle_site.rglob("night-walks*"))
