"""Search in a course, from file:// and in the packages: Arabic with and without diacritics and
through its article and proclitics, French without accents and through elisions, ranking,
keyboard only, and no index loaded before search is opened."""
import pathlib
import textwrap

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build
from test_packages import content_url, fetch, free_port, kolibri_frame, package, running
from test_progress_safety import severe_errors


def write(root: pathlib.Path, files: dict):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


# A course written for these tests: every word they look for is placed on purpose.
CONTENT = {
    "site.yaml": """
        title: {en: Field notes, fr: Notes de terrain, ar: ملاحظات ميدانية}
        locales: [en, fr, ar]
        default_locale: en
    """,
    "notes/course.yaml": """
        title: {en: Field notes, fr: Notes de terrain, ar: ملاحظات ميدانية}
        source_locale: en
    """,
    "notes/01-basics/module.yaml": "title: {en: Basics, fr: Les bases, ar: الأساسيات}\n",
    "notes/02-water/module.yaml": "title: {en: Water, fr: L'eau, ar: الماء}\n",
    "notes/01-basics/01-dates.en.md": """
        ---
        title: Cleaning dates
        ---

        A spreadsheet keeps each date as a number of days.

        ## Reading the register

        Every register line gives a village, a day and a count of visitors.

        ```quiz
        id: register-check
        question: How many pumps did the village repair?
        answers:
          - text: "Two"
            correct: true
          - text: "None"
        ```
    """,
    "notes/02-water/01-pumps.en.md": """
        ---
        title: Hand pumps
        ---

        A village keeps its water clean when someone looks after it.

        ## Who repairs them

        A trained mechanic visits every month.
    """,
    "notes/01-basics/01-dates.fr.md": """
        ---
        title: Nettoyer les dates
        ---

        Les données d'un tableur gardent chaque date comme un nombre de jours.

        ## Lire le registre

        Une analyse simple du registre montre les villages et les visites.

        ```quiz
        id: register-check
        question: Combien de pompes le village a-t-il réparées ?
        answers:
          - text: "Deux"
            correct: true
          - text: "Aucune"
        ```
    """,
    "notes/02-water/01-pumps.fr.md": """
        ---
        title: Les pompes à main
        ---

        Un village garde son eau propre quand quelqu'un s'en occupe.
    """,
    "notes/01-basics/01-dates.ar.md": """
        ---
        title: تنظيف التواريخ
        ---

        يحفظ الجدول كل تاريخ كعدد من الأيام، والبيانات مسجَّلة في سجلّ القرية.

        ## قراءة السجل

        يعطي كل سطر من السجل قرية ويومًا وعدد الزوار، وهي قيم مكتوبة بخط اليد.

        ```quiz
        id: register-check
        question: كم مضخة أصلحت القرية؟
        answers:
          - text: "اثنتان"
            correct: true
          - text: "لا شيء"
        ```
    """,
    "notes/02-water/01-pumps.ar.md": """
        ---
        title: المضخات اليدوية
        ---

        تبقى مياه القرية نظيفة عندما يعتني بها أحد، وتُجمع البيانات كل شهر.
    """,
}


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    write(root / "content", CONTENT)
    return build(root / "content", root / "Output")


def page(site, locale, module="basics", lesson="dates"):
    return (site / "notes" / locale / module / f"{lesson}.html").resolve().as_uri()


def open_search(driver):
    box = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".course-search"))
    WebDriverWait(driver, 10).until(lambda _: box.is_displayed())
    return box.find_element(By.TAG_NAME, "input")


def results(driver, query, field=None):
    """Types `query` into the search box and waits for its results: [(title, href, marks)]."""
    field = field or open_search(driver)
    field.clear()
    field.send_keys(query)
    shown = driver.find_element(By.CSS_SELECTOR, ".search-results")
    # The results of this query, not of the one typed before.
    WebDriverWait(driver, 15).until(lambda _: shown.get_attribute("data-query") == query)
    found = []
    for item in driver.find_elements(By.CSS_SELECTOR, ".search-results li"):
        link = item.find_element(By.TAG_NAME, "a")
        found.append((link.text, link.get_attribute("href"), [m.text for m in item.find_elements(By.TAG_NAME, "mark")]))
    return found


def test_arabic_without_diacritics_finds_the_word_written_with_them_and_marks_it(search_site, driver):
    driver.get(page(search_site, "ar"))
    found = results(driver, "مسجلة")
    assert found, "no result for مسجلة"
    title, href, marks = found[0]
    assert title == "تنظيف التواريخ"
    # The word as written in the lesson (with its shadda) is the one highlighted.
    assert "مسجَّلة" in marks
    # And the reverse: a word typed with its diacritics finds it written without them.
    found = results(driver, "نَظِيفَة")
    assert [(title, marks) for title, _, marks in found] == [("المضخات اليدوية", ["نظيفة"])]


def test_arabic_words_are_found_through_the_article_and_proclitics(search_site, driver):
    driver.get(page(search_site, "ar"))
    found = results(driver, "بيانات")
    titles = {title for title, _, _ in found}
    # «والبيانات» in one lesson, «البيانات» in the other.
    assert titles == {"تنظيف التواريخ", "المضخات اليدوية"}
    assert any("والبيانات" in marks for _, _, marks in found)
    assert any("البيانات" in marks for _, _, marks in found)
    assert driver.find_element(By.CSS_SELECTOR, ".search-results").get_attribute("dir") in (None, "", "rtl")
    assert driver.execute_script("return getComputedStyle(document.querySelector('.search-results')).direction") == "rtl"


def test_french_without_accents_and_through_elisions(search_site, driver):
    driver.get(page(search_site, "fr"))
    found = results(driver, "donnees")
    assert [title for title, _, _ in found] == ["Nettoyer les dates"]
    assert "données" in found[0][2]
    found = results(driver, "l'analyse")
    assert [title for title, _, _ in found] == ["Nettoyer les dates"]
    assert "analyse" in found[0][2]
    # The result leads to the heading the word is under.
    assert found[0][1].endswith("dates.html#lire-le-registre")


def test_a_word_in_a_title_ranks_above_the_same_word_in_an_exercise(search_site, driver):
    driver.get(page(search_site, "en"))
    found = results(driver, "pumps ")
    assert [title for title, _, _ in found] == ["Hand pumps", "Cleaning dates"]
    assert found[1][1].endswith("dates.html#exercise-register-check")
    # Several words: the page with all of them first.
    found = results(driver, "village mechanic")
    assert [title for title, _, _ in found][0] == "Hand pumps"


def test_results_come_while_typing(search_site, driver):
    driver.get(page(search_site, "en"))
    found = results(driver, "mecha")
    assert [title for title, _, _ in found] == ["Hand pumps"]
    assert found[0][2] == ["mechanic"]


def test_keyboard_only(search_site, driver):
    driver.get(page(search_site, "en"))
    open_search(driver)
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    field = driver.switch_to.active_element
    assert field.get_attribute("id") == "course-search-input"
    found = results(driver, "register", field)
    assert len(found) == 1
    assert driver.find_element(By.CSS_SELECTOR, ".search-status").get_attribute("aria-live") == "polite"
    assert "1 result" in driver.find_element(By.CSS_SELECTOR, ".search-status").text
    field.send_keys(Keys.ARROW_DOWN)
    assert driver.switch_to.active_element.get_attribute("href") == found[0][1]
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert driver.switch_to.active_element.get_attribute("id") == "course-search-input"
    assert not driver.find_element(By.CSS_SELECTOR, ".search-results").is_displayed()
    found = results(driver, "mechanic", field)
    field.send_keys(Keys.ARROW_DOWN)
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("pumps.html#who-repairs-them"))
    assert severe_errors(driver) == []


def test_no_page_requests_the_index_until_search_is_opened(search_site, driver):
    for url in (page(search_site, "en"), (search_site / "notes" / "ar" / "index.html").resolve().as_uri()):
        driver.get_log("performance")
        driver.get(url)
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".course-search").is_displayed())
        requested = [entry["message"] for entry in driver.get_log("performance") if "Network.requestWillBeSent" in entry["message"]]
        assert not any("search-index.js" in message or "coursekit-search." in message for message in requested)
        open_search(driver).click()
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!(window.coursekit && window.coursekit.searchIndex)"))
        requested = [entry["message"] for entry in driver.get_log("performance") if "Network.requestWillBeSent" in entry["message"]]
        assert any("search-index.js" in message for message in requested)
        # Nothing the policy blocked, nothing failed.
        assert severe_errors(driver) == []


def test_without_javascript_there_is_no_search_box(search_site):
    html = (search_site / "notes" / "en" / "basics" / "dates.html").read_text(encoding="utf-8")
    assert '<div class="course-search" role="search"' in html and " hidden>" in html.split('class="course-search"')[1].split("\n")[0]


def test_search_in_a_kolibri_app_in_a_sandboxed_frame(search_site, tmp_path, driver):
    packages = package(tmp_path / "packages", "kolibri", content=search_site.parent / "content", course="notes")
    with kolibri_frame(driver, next(packages.glob("notes_ar_*_kolibri.zip")), tmp_path, "basics/dates.html"):
        found = results(driver, "بيانات")
        assert {title for title, _, _ in found} == {"تنظيف التواريخ", "المضخات اليدوية"}
        assert driver.execute_script("return self.origin") == "null"


def test_search_through_kiwix_serve(search_site, tmp_path, driver):
    packages = package(tmp_path / "packages", "zim", content=search_site.parent / "content", course="notes")
    zim = next(packages.glob("notes_fr_*.zim"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(["kiwix-serve", "--address=127.0.0.1", f"--port={port}", str(zim)], port):
        book = zim.stem
        layout = "content" if fetch(f"{base}/content/{book}/index.html")[0] == 200 else "root"
        driver.get(content_url(base, book, "basics/dates.html", layout))
        found = results(driver, "donnees")
        assert [title for title, _, _ in found] == ["Nettoyer les dates"]
        driver.find_elements(By.CSS_SELECTOR, ".search-results a")[0].click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("dates.html"))
