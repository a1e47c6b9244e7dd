"""axe-core 4 on a lesson holding every exercise kind, in English and Arabic, on the sample
course's pages and on coverage.html: no violation of any impact.

axe-core's own script comes from the PyPI package axe-playwright-python (installed without its
dependencies by scripts/setup: only its copy of axe.min.js is used, injected through WebDriver);
axe-selenium-python bundles axe-core 3.1, which misses rules added since."""
import importlib.util
import pathlib

import pytest

AXE = pathlib.Path(importlib.util.find_spec("axe_playwright_python").submodule_search_locations[0]) / "axe.min.js"

# No preload: axe would fetch the page's stylesheets itself (for the orientation-lock rule),
# which the pages' policy (connect-src 'none') rightly refuses, logging errors other tests see.
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {preload: false}).then(results => done({violations: results.violations, version: axe.version}),
                       error => done({error: String(error)}));
"""


def violations(driver, impacts=None):
    """axe-core's violations on the current page, as "rule (impact): first targets"."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    results = driver.execute_async_script(RUN_AXE)
    assert "error" not in results, results
    assert results["version"].startswith("4."), results["version"]
    return [
        f"{violation['id']} ({violation['impact']}): " + "; ".join(str(node["target"][0]) for node in violation["nodes"][:3])
        for violation in results["violations"] if impacts is None or violation["impact"] in impacts
    ]


def serious_violations(driver):
    return violations(driver, ("serious", "critical"))


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_every_exercise_kind_is_accessible(kinds_site, driver, locale):
    driver.get((kinds_site / "kinds" / locale / "all" / "every-kind.html").resolve().as_uri())
    assert violations(driver) == []


@pytest.mark.parametrize("page", ["index.html", "ar/index.html", "data-basics/ar/index.html",
                                  "data-basics/fr/data-around-us/tables.html", "data-basics/ar/working-with-data/summaries.html"])
def test_sample_pages_are_accessible(site, driver, page):
    driver.get((site / page).resolve().as_uri())
    assert violations(driver) == []


def test_the_coverage_dashboard_has_no_violation_at_all(site, driver):
    """coverage.html: a main landmark holds everything, so no rule is broken, of any impact."""
    driver.get((site / "coverage.html").resolve().as_uri())
    assert violations(driver) == []


@pytest.mark.parametrize("locale", ["en", "fr", "ar"])
def test_every_starter_page_has_no_serious_violation(site, driver, locale):
    """Every page of the starter courses (Content/), in each locale: catalog, course homes and
    lessons; no serious or critical violation."""
    pages = [site / locale / "index.html"] + sorted(site.glob(f"*/{locale}/index.html")) + sorted(site.glob(f"*/{locale}/*/*.html"))
    assert len(pages) > 30
    found = {}
    for page in pages:
        driver.get(page.resolve().as_uri())
        problems = serious_violations(driver)
        if problems:
            found[str(page.relative_to(site))] = problems
    assert found == {}
