"""Nothing wider than a phone: every page of the sample site, and a lesson full of long bare
URLs, long inline code, a long word and a wide table in ar, en and fr, opened at 360 px: no
page scrolls sideways (tables and code blocks scroll inside their own box)."""
import shutil

import pytest

from conftest import ROOT, build

LONG = {
    "en": "Open https://data.example.org/reports/2026/camp-water-deliveries/by-district/weekly-totals-and-averages.csv "
          "to see it, or run `=SUMIFS(Deliveries[Litres],Deliveries[District],\"North\",Deliveries[Week],\">=10\")` "
          "in the sheet. Volunteer-coordination-spreadsheet-template-version-seven is its name.",
    "fr": "Ouvrez https://data.example.org/rapports/2026/livraisons-d-eau-du-camp/par-district/totaux-et-moyennes.csv "
          "ou lancez `=SOMME.SI.ENS(Livraisons[Litres];Livraisons[District];\"Nord\";Livraisons[Semaine];\">=10\")` "
          "dans la feuille. Anticonstitutionnellement-modele-de-tableur-des-benevoles est son nom.",
    "ar": "افتح https://data.example.org/reports/2026/camp-water-deliveries/by-district/weekly-totals-and-averages.csv "
          "أو شغّل `=SUMIFS(Deliveries[Litres],Deliveries[District],\"North\",Deliveries[Week],\">=10\")` "
          "في الورقة. اسمه Volunteer-coordination-spreadsheet-template-version-seven.",
}
TABLE = "\n\n| " + " | ".join(f"Column number {n} with a long name" for n in range(10)) + " |\n|" + "---|" * 10 + "\n| " \
        + " | ".join("2026-03-09" for _ in range(10)) + " |\n"


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory):
    content = tmp_path_factory.mktemp("wide") / "Content"
    shutil.copytree(ROOT / "Content", content)
    for locale, text in LONG.items():
        lesson = next(content.rglob(f"01-what-is-data.{locale}.md"))
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\n" + text + TABLE, encoding="utf-8")
    return build(content, tmp_path_factory.mktemp("wide-site") / "Output")


def widths(driver, site):
    """Each page's width at 360 px, for pages wider than the screen."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    too_wide = {}
    try:
        for page in sorted(site.rglob("*.html")):
            if "assets" in page.relative_to(site).parts:
                continue
            driver.get(page.resolve().as_uri())
            driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
            width = driver.execute_script("return document.documentElement.scrollWidth")
            if width > 360:
                too_wide[str(page.relative_to(site))] = width
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return too_wide


def test_no_page_scrolls_sideways_on_a_phone(wide_site, driver):
    assert widths(driver, wide_site) == {}
