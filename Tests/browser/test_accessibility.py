"""axe-core (from the PyPI package axe-selenium-python) on a lesson holding every exercise
kind, in English and Arabic, and on the sample course's pages: no serious or critical issue."""
import pytest
from axe_selenium_python import Axe


def serious_violations(driver):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [
        f"{violation['id']} ({violation['impact']}): " + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results["violations"] if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_every_exercise_kind_is_accessible(kinds_site, driver, locale):
    driver.get((kinds_site / "kinds" / locale / "all" / "every-kind.html").resolve().as_uri())
    assert serious_violations(driver) == []


@pytest.mark.parametrize("page", ["index.html", "ar/index.html", "data-basics/ar/index.html",
                                  "data-basics/fr/data-around-us/tables.html", "data-basics/ar/working-with-data/summaries.html"])
def test_sample_pages_are_accessible(site, driver, page):
    driver.get((site / page).resolve().as_uri())
    assert serious_violations(driver) == []


def test_the_coverage_dashboard_has_no_violation_at_all(site, driver):
    """coverage.html: a main landmark holds everything, so no rule is broken, of any impact."""
    driver.get((site / "coverage.html").resolve().as_uri())
    axe = Axe(driver)
    axe.inject()
    violations = [f"{violation['id']} ({violation['impact']})" for violation in axe.run()["violations"]]
    assert violations == []
