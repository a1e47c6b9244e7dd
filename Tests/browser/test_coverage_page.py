"""coverage.html as a translator opens it on a phone: in the site's default locale (here
Arabic, right to left), the changed paragraph shown word by word, and nothing wider than a
360 px screen, even with a long link in the changed text."""
import re

from conftest import build
from test_translations_cli import content_in_git, run


def phone(driver):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})


def test_coverage_page_speaks_the_default_locale_and_fits_a_phone(tmp_path, driver):
    content, _ = content_in_git(tmp_path)
    site_yaml = content / "site.yaml"
    site_yaml.write_text(re.sub(r"default_locale: \w+", "default_locale: ar", site_yaml.read_text(encoding="utf-8")), encoding="utf-8")
    lesson = next(content.rglob("01-what-is-data.en.md"))
    text = lesson.read_text(encoding="utf-8")
    body = text.split("---", 2)[2]
    paragraph = next(line for line in body.splitlines() if len(line.split()) > 8 and not line.startswith(("#", "-", ">", "|", "`", " ")))
    long_link = "https://data.example.org/" + "very-long-path-segment-" * 8 + "report.csv"
    lesson.write_text(text.replace(paragraph, paragraph + f" See {long_link} for the whole table.", 1), encoding="utf-8")

    built = build(content, tmp_path / "Output") / "coverage.html"
    # `coursekit coverage --format html` finds the version before the edit in git, so it shows
    # the changed words; the build's page shows the changed block's text.
    printed = tmp_path / "coverage.html"
    result = run("coverage", "--format", "html", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    printed.write_text(result.stdout, encoding="utf-8")
    for page in (built, printed):
        check_page(driver, page, word_diff=page == printed)


def check_page(driver, page, word_diff):
    try:
        phone(driver)
        driver.get(page.resolve().as_uri())
        html = driver.find_element("css selector", "html")
        assert html.get_attribute("lang") == "ar" and html.get_attribute("dir") == "rtl"
        assert driver.title == "حالة الترجمات"
        # The column names (hidden on a phone, where each cell names its column instead).
        headers = [th.get_attribute("textContent") for th in driver.find_elements("css selector", "thead th")]
        assert headers[:4] == ["الدرس", "الحالة", "كلمات للترجمة", "ما الذي تغيّر"]
        label = driver.execute_script("return getComputedStyle(document.querySelector('td.status'), '::before').content")
        assert label == '"الحالة: "'
        statuses = {cell.text for cell in driver.find_elements("css selector", "td.status")}
        assert "غير محدَّثة" in statuses and "outdated" not in statuses   # the edited lesson, in Arabic
        if word_diff:
            shown = " ".join(element.get_attribute("textContent") for element in driver.find_elements("css selector", "ins"))
        else:
            shown = " ".join(element.get_attribute("textContent") for element in driver.find_elements("css selector", "td pre"))
        assert "report.csv" in shown
        # Open every change list, then nothing may be wider than the screen.
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360, f"coverage.html is {width} px wide on a 360 px screen"
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_sites_coverage_page_wears_the_sites_stylesheet_light_and_dark(site, driver):
    lesson = (site / "data-basics" / "en" / "data-around-us" / "tables.html").resolve().as_uri()
    coverage = (site / "coverage.html").resolve().as_uri()
    looks = "const s = getComputedStyle(document.body); return [s.fontFamily, s.backgroundColor, s.color]"
    try:
        for scheme in ("light", "dark"):
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            driver.get(lesson)
            expected = driver.execute_script(looks)
            driver.get(coverage)
            assert driver.execute_script("return !!document.querySelector('link[rel=stylesheet]').sheet")
            assert driver.execute_script(looks) == expected, scheme
            assert driver.find_elements("css selector", "main h1")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
